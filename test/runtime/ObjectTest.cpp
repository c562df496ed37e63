//===- test/runtime/ObjectTest.cpp - Opening compiled objects -------------===//
//
// ebpf_object_open() on descriptors built in code: the slots it fills,
// global data starting with its initial value, name lookups, and the
// descriptors it refuses, with the errno the kernel gives for the same map
// creation request (kernel/bpf/arraymap.c and hashtab.c alloc_check).
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

using ebpfc_test::mapDesc;
using ebpfc_test::TestObject;

namespace {

uint64_t program(void *) { return 0; }

TEST(ObjectTest, FillsSlotsAndFindsByName) {
  ebpf_prog_desc Prog = {"filter", "xdp", EBPF_PROG_XDP,
                         reinterpret_cast<void (*)(void)>(&program)};
  TestObject T({mapDesc("counters", EBPF_MAP_ARRAY, 4, 8, 16),
                mapDesc("flows", EBPF_MAP_HASH, 8, 16, 64)},
               {Prog});
  ASSERT_EQ(T.open(), 0);
  ASSERT_NE(T.Obj, nullptr);
  EXPECT_EQ(ebpf_object_map_count(T.Obj), 2u);
  for (uint32_t I = 0; I < 2; ++I) {
    ASSERT_NE(T.map(I), nullptr);
    EXPECT_EQ(T.Slots[I].map, T.map(I));
    EXPECT_EQ(ebpf_map_info(T.map(I)), &T.Maps[I]);
  }
  EXPECT_EQ(ebpf_object_map_at(T.Obj, 2), nullptr);
  EXPECT_NE(T.Slots[0].value, nullptr); // array
  EXPECT_EQ(T.Slots[1].value, nullptr); // hash
  EXPECT_EQ(ebpf_object_find_map(T.Obj, "flows"), T.map(1));
  EXPECT_EQ(ebpf_object_find_map(T.Obj, "nope"), nullptr);
  EXPECT_EQ(ebpf_object_find_program(T.Obj, "filter"), &T.Progs[0]);
  EXPECT_EQ(ebpf_object_find_program(T.Obj, "other"), nullptr);
  EXPECT_EQ(ebpf_map_value_buffer_size(T.map(1)), 16u);

  ebpf_object_close(T.Obj);
  T.Obj = nullptr;
  // Closing clears the slots, so stale code finds no map.
  EXPECT_EQ(T.Slots[0].map, nullptr);
  EXPECT_EQ(T.Slots[0].value, nullptr);
  EXPECT_EQ(T.Slots[1].map, nullptr);
}

TEST(ObjectTest, GlobalDataStartsWithItsInitialValue) {
  const uint8_t Data[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const uint8_t Rodata[4] = {0xde, 0xad, 0xbe, 0xef};
  TestObject T({mapDesc(".data", EBPF_MAP_ARRAY, 4, 12, 1, 0, Data),
                mapDesc(".bss", EBPF_MAP_ARRAY, 4, 20, 1),
                mapDesc(".rodata", EBPF_MAP_ARRAY, 4, 4, 1, EBPF_F_RDONLY_PROG,
                        Rodata)});
  ASSERT_EQ(T.open(), 0);
  EXPECT_EQ(std::memcmp(T.Slots[0].value, Data, 12), 0);
  uint8_t Zero[20] = {};
  EXPECT_EQ(std::memcmp(T.Slots[1].value, Zero, 20), 0);
  EXPECT_EQ(std::memcmp(T.Slots[2].value, Rodata, 4), 0);
  // The storage is the object's own, not the descriptor's initial value.
  EXPECT_NE(T.Slots[0].value, static_cast<const void *>(Data));
  uint32_t Key = 0;
  uint8_t Out[12];
  ASSERT_EQ(ebpf_map_lookup(T.map(0), &Key, Out), 0);
  EXPECT_EQ(std::memcmp(Out, Data, 12), 0);
  // .rodata is frozen.
  uint8_t New[4] = {};
  EXPECT_EQ(ebpf_map_update(T.map(2), &Key, New, EBPF_ANY), -EPERM);
}

TEST(ObjectTest, DescriptorCanBeOpenedOnceAtATime) {
  TestObject T({mapDesc("m", EBPF_MAP_ARRAY, 4, 4, 1)});
  ASSERT_EQ(T.open(), 0);
  ebpf_object *Second = reinterpret_cast<ebpf_object *>(1);
  EXPECT_EQ(ebpf_object_open(&T.Desc, nullptr, &Second), -EBUSY);
  EXPECT_EQ(Second, nullptr);
  // Another descriptor sharing the slots is just as busy.
  ebpf_object_desc Copy = T.Desc;
  EXPECT_EQ(ebpf_object_open(&Copy, nullptr, &Second), -EBUSY);
  ebpf_object_close(T.Obj);
  T.Obj = nullptr;
  ASSERT_EQ(ebpf_object_open(&T.Desc, nullptr, &T.Obj), 0);
}

TEST(ObjectTest, ObjectWithoutMaps) {
  TestObject T({});
  ASSERT_EQ(T.open(), 0);
  EXPECT_EQ(ebpf_object_map_count(T.Obj), 0u);
}

TEST(ObjectTest, RejectsWrongAbiAndMalformedDescriptors) {
  TestObject T({mapDesc("m", EBPF_MAP_ARRAY, 4, 4, 1)});
  ebpf_object *Obj = nullptr;
  T.Desc.abi_version = EBPF_OBJECT_ABI_VERSION + 1;
  EXPECT_EQ(ebpf_object_open(&T.Desc, nullptr, &Obj), -ENOEXEC);
  T.Desc.abi_version = EBPF_OBJECT_ABI_VERSION;
  T.Desc.slots = nullptr;
  EXPECT_EQ(ebpf_object_open(&T.Desc, nullptr, &Obj), -EINVAL);
  T.Desc.slots = T.Slots.data();
  EXPECT_EQ(ebpf_object_open(nullptr, nullptr, &Obj), -EINVAL);
  EXPECT_EQ(ebpf_object_open(&T.Desc, nullptr, nullptr), -EINVAL);
  ebpf_object_opts Opts = {};
  Opts.num_cpus = 100000;
  EXPECT_EQ(ebpf_object_open(&T.Desc, &Opts, &Obj), -EINVAL);
  EXPECT_EQ(Obj, nullptr);

  ebpf_prog_desc Unnamed = {nullptr, "xdp", EBPF_PROG_XDP, nullptr};
  TestObject BadProg({}, {Unnamed});
  EXPECT_EQ(BadProg.open(), -EINVAL);
  ebpf_prog_desc BadType = {"p", "x", 42, nullptr};
  TestObject BadProgType({}, {BadType});
  EXPECT_EQ(BadProgType.open(), -EINVAL);
}

/// The errno of opening an object with the one map DESC.
int openOne(const ebpf_map_desc &Desc, uint32_t NumCpus = 1) {
  TestObject T({Desc});
  return T.open(NumCpus);
}

TEST(ObjectTest, RejectsMapsTheKernelRejects) {
  const uint8_t Init[8] = {};
  // Zero sizes and entries.
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 8, 0)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 0, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 0, 8, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 0, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_LRU_HASH, 4, 8, 0)), -EINVAL);
  // Array keys are 4-byte indexes.
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 8, 8, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_PERCPU_ARRAY, 2, 8, 1)), -EINVAL);
  // Types ebpfc does not support (3: prog array, 4: perf event array).
  EXPECT_EQ(openOne(mapDesc("m", 3, 4, 4, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", 4, 4, 4, 1)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", 0, 4, 4, 1)), -EINVAL);
  // Unknown flags, and flags the type does not take.
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 8, 1, 1u << 20)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 8, 1, EBPF_F_MMAPABLE)),
            -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 8, 1, EBPF_F_NO_PREALLOC)),
            -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 8, 1, EBPF_F_NO_COMMON_LRU)),
            -EINVAL);
  EXPECT_EQ(
      openOne(mapDesc("m", EBPF_MAP_PERCPU_ARRAY, 4, 8, 1, EBPF_F_MMAPABLE)),
      -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 8, 1,
                            EBPF_F_RDONLY_PROG | EBPF_F_WRONLY_PROG)),
            -EINVAL);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 8, 1,
                            EBPF_F_RDONLY | EBPF_F_WRONLY)),
            -EINVAL);
  // LRU maps are always preallocated.
  EXPECT_EQ(
      openOne(mapDesc("m", EBPF_MAP_LRU_HASH, 4, 8, 1, EBPF_F_NO_PREALLOC)),
      -EBPF_ENOTSUPP);
  // Too big: a hash element beyond KMALLOC_MAX_SIZE (4 MiB), a per-CPU value
  // beyond PCPU_MIN_UNIT_SIZE (32 KiB).
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 4u << 20, 1)), -E2BIG);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_PERCPU_HASH, 4, 32769, 1)), -E2BIG);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_PERCPU_ARRAY, 4, 32769, 1)), -E2BIG);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_PERCPU_ARRAY, 4, 32768, 1)), 0);
  // Initial values are for global data, which is an array.
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 8, 1, 0, Init)), -EINVAL);
  EXPECT_EQ(openOne(mapDesc(nullptr, EBPF_MAP_ARRAY, 4, 8, 1)), -EINVAL);
  // Flags the kernel accepts and that change nothing here.
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_HASH, 4, 8, 1,
                            EBPF_F_NO_PREALLOC | EBPF_F_ZERO_SEED)),
            0);
  EXPECT_EQ(openOne(mapDesc("m", EBPF_MAP_ARRAY, 4, 8, 1, EBPF_F_MMAPABLE)), 0);
  EXPECT_EQ(
      openOne(mapDesc("m", EBPF_MAP_LRU_HASH, 4, 8, 1, EBPF_F_NO_COMMON_LRU)),
      0);
}

TEST(ObjectTest, FailedOpenLeavesNothingOpen) {
  // The second map is refused; the first must not stay allocated or bound.
  TestObject T({mapDesc("ok", EBPF_MAP_ARRAY, 4, 8, 1),
                mapDesc("bad", EBPF_MAP_HASH, 4, 8, 0)});
  EXPECT_EQ(T.open(), -EINVAL);
  EXPECT_EQ(T.Obj, nullptr);
  EXPECT_EQ(T.Slots[0].map, nullptr);
  T.Maps[1].max_entries = 1;
  EXPECT_EQ(T.open(), 0);
}

} // namespace
