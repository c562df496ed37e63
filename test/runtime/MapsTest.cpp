//===- test/runtime/MapsTest.cpp - Array, hash, per-CPU and LRU maps ------===//
//
// Each map type's semantics and error codes, through the host API
// (object.h) and through the helpers programs call (runtime.h). The
// expectations come from the kernel's documented behaviour (man 2 bpf,
// man 7 bpf-helpers, Documentation/bpf/map_*.rst): arrays have every entry
// and cannot delete, hash maps fill up, LRU maps evict the least recently
// used element, per-CPU maps keep one value per CPU and hand the host all
// of them at round_up(value_size, 8) apart.
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

using ebpfc_test::mapDesc;
using ebpfc_test::TestObject;

namespace {

uint64_t handle(ebpf_map *Map) { return uint64_t(uintptr_t(Map)); }
uint64_t ptr(const void *P) { return uint64_t(uintptr_t(P)); }

/// The helper's result as the program sees it: a sign-extended errno.
int64_t helperResult(uint64_t R) { return int64_t(R); }

uint64_t lookupU64(ebpf_map *Map, uint32_t Key) {
  uint64_t Value = ~0ull;
  EXPECT_EQ(ebpf_map_lookup(Map, &Key, &Value), 0) << "key " << Key;
  return Value;
}

//===-- Arrays ------------------------------------------------------------===//

TEST(ArrayMapTest, EveryEntryExistsAndStartsZeroed) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 4)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  for (uint32_t Key = 0; Key < 4; ++Key)
    EXPECT_EQ(lookupU64(M, Key), 0u);
  uint32_t Key = 4;
  uint64_t Value;
  EXPECT_EQ(ebpf_map_lookup(M, &Key, &Value), -ENOENT);
}

TEST(ArrayMapTest, UpdateFlagsAndErrors) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 4)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint32_t Key = 1;
  uint64_t Value = 42;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
  EXPECT_EQ(lookupU64(M, 1), 42u);
  Value = 43;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_EXIST), 0);
  EXPECT_EQ(lookupU64(M, 1), 43u);
  // Every entry exists, so NOEXIST always fails; none can be added.
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_NOEXIST), -EEXIST);
  Key = 4;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), -E2BIG);
  Key = 1;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, 3), -EINVAL);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, 4 /* BPF_F_LOCK */), -EINVAL);
  // Entries cannot be deleted.
  EXPECT_EQ(ebpf_map_delete(M, &Key), -EINVAL);
  EXPECT_EQ(lookupU64(M, 1), 43u);
}

TEST(ArrayMapTest, GetNextKey) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 3)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint32_t Key, Next = 99;
  EXPECT_EQ(ebpf_map_get_next_key(M, nullptr, &Next), 0);
  EXPECT_EQ(Next, 0u);
  Key = 0;
  EXPECT_EQ(ebpf_map_get_next_key(M, &Key, &Next), 0);
  EXPECT_EQ(Next, 1u);
  Key = 1;
  EXPECT_EQ(ebpf_map_get_next_key(M, &Key, &Next), 0);
  EXPECT_EQ(Next, 2u);
  Key = 2;
  EXPECT_EQ(ebpf_map_get_next_key(M, &Key, &Next), -ENOENT);
  // An index past the end restarts at the first entry.
  Key = 1000;
  EXPECT_EQ(ebpf_map_get_next_key(M, &Key, &Next), 0);
  EXPECT_EQ(Next, 0u);
}

TEST(ArrayMapTest, SlotValueAndEntryStride) {
  // 12-byte values sit 16 bytes apart (round_up(value_size, 8)).
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 12, 3)});
  ASSERT_EQ(T.open(), 0);
  ASSERT_NE(T.Slots[0].value, nullptr);
  uint8_t Value[12];
  for (int I = 0; I < 12; ++I)
    Value[I] = uint8_t(0xa0 + I);
  uint32_t Key = 2;
  ASSERT_EQ(ebpf_map_update(T.map(0), &Key, Value, EBPF_ANY), 0);
  EXPECT_EQ(
      std::memcmp(static_cast<uint8_t *>(T.Slots[0].value) + 32, Value, 12), 0);
  // A program's lookup returns the same address.
  EXPECT_EQ(ebpf_helper_map_lookup_elem(handle(T.map(0)), ptr(&Key), 0, 0, 0),
            ptr(static_cast<uint8_t *>(T.Slots[0].value) + 32));
  Key = 3;
  EXPECT_EQ(ebpf_helper_map_lookup_elem(handle(T.map(0)), ptr(&Key), 0, 0, 0),
            0u);
}

TEST(ArrayMapTest, ProgramHelpers) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 2)});
  ASSERT_EQ(T.open(), 0);
  uint64_t M = handle(T.map(0));
  uint32_t Key = 1;
  uint64_t Value = 7;
  EXPECT_EQ(ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value), EBPF_ANY, 0),
            0u);
  EXPECT_EQ(lookupU64(T.map(0), 1), 7u);
  EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value),
                                                     EBPF_NOEXIST, 0)),
            -EEXIST);
  EXPECT_EQ(helperResult(ebpf_helper_map_delete_elem(M, ptr(&Key), 0, 0, 0)),
            -EINVAL);
  Key = 2;
  EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value),
                                                     EBPF_ANY, 0)),
            -E2BIG);
  // Writes through a looked-up pointer are the map's contents.
  Key = 0;
  auto *P = reinterpret_cast<uint64_t *>(
      ebpf_helper_map_lookup_elem(M, ptr(&Key), 0, 0, 0));
  ASSERT_NE(P, nullptr);
  *P = 1234;
  EXPECT_EQ(lookupU64(T.map(0), 0), 1234u);
}

//===-- Hash maps ---------------------------------------------------------===//

TEST(HashMapTest, UpdateLookupDelete) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, 8)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint32_t Key = 5;
  uint64_t Value = 50;
  EXPECT_EQ(ebpf_map_lookup(M, &Key, &Value), -ENOENT);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_EXIST), -ENOENT);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_NOEXIST), 0);
  EXPECT_EQ(lookupU64(M, 5), 50u);
  Value = 51;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_NOEXIST), -EEXIST);
  EXPECT_EQ(lookupU64(M, 5), 50u);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_EXIST), 0);
  EXPECT_EQ(lookupU64(M, 5), 51u);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, 3), -EINVAL);
  EXPECT_EQ(ebpf_map_delete(M, &Key), 0);
  EXPECT_EQ(ebpf_map_delete(M, &Key), -ENOENT);
  EXPECT_EQ(ebpf_map_lookup(M, &Key, &Value), -ENOENT);
}

TEST(HashMapTest, FullMapRefusesNewKeysButReplacesOldOnes) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, 3)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  for (uint32_t Key = 0; Key < 3; ++Key) {
    uint64_t Value = Key * 10;
    ASSERT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
  }
  uint32_t Key = 3;
  uint64_t Value = 30;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), -E2BIG);
  EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(handle(M), ptr(&Key),
                                                     ptr(&Value), EBPF_ANY, 0)),
            -E2BIG);
  // Replacing an existing key needs no free element.
  Key = 1;
  Value = 11;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
  EXPECT_EQ(lookupU64(M, 1), 11u);
  EXPECT_EQ(lookupU64(M, 0), 0u);
  EXPECT_EQ(lookupU64(M, 2), 20u);
  // Deleting makes room.
  EXPECT_EQ(ebpf_map_delete(M, &Key), 0);
  Key = 3;
  Value = 30;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
  EXPECT_EQ(lookupU64(M, 3), 30u);
}

TEST(HashMapTest, GetNextKeyVisitsEveryKeyOnce) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, 256)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint32_t Next;
  EXPECT_EQ(ebpf_map_get_next_key(M, nullptr, &Next), -ENOENT);
  std::set<uint32_t> Inserted;
  for (uint32_t I = 0; I < 200; ++I) {
    uint32_t Key = I * 7919u;
    uint64_t Value = I;
    ASSERT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
    Inserted.insert(Key);
  }
  std::set<uint32_t> Seen;
  size_t Steps = 0;
  int Err = ebpf_map_get_next_key(M, nullptr, &Next);
  while (Err == 0) {
    EXPECT_TRUE(Seen.insert(Next).second) << "key " << Next << " twice";
    uint32_t Key = Next;
    Err = ebpf_map_get_next_key(M, &Key, &Next);
    ASSERT_LT(++Steps, 1000u);
  }
  EXPECT_EQ(Err, -ENOENT);
  EXPECT_EQ(Seen, Inserted);
  // A key that is not in the map restarts at the first key.
  uint32_t Missing = 1, First, Again;
  ASSERT_EQ(ebpf_map_get_next_key(M, nullptr, &First), 0);
  ASSERT_EQ(ebpf_map_get_next_key(M, &Missing, &Again), 0);
  EXPECT_EQ(First, Again);
}

TEST(HashMapTest, KeysAreComparedByAllTheirBytes) {
  // 6-byte keys that differ only in their last byte.
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 6, 4, 4)});
  ASSERT_EQ(T.open(), 0);
  uint8_t A[6] = {1, 2, 3, 4, 5, 6}, B[6] = {1, 2, 3, 4, 5, 7};
  uint32_t VA = 100, VB = 200, Out;
  ASSERT_EQ(ebpf_map_update(T.map(0), A, &VA, EBPF_ANY), 0);
  ASSERT_EQ(ebpf_map_update(T.map(0), B, &VB, EBPF_ANY), 0);
  ASSERT_EQ(ebpf_map_lookup(T.map(0), A, &Out), 0);
  EXPECT_EQ(Out, 100u);
  ASSERT_EQ(ebpf_map_lookup(T.map(0), B, &Out), 0);
  EXPECT_EQ(Out, 200u);
}

TEST(HashMapTest, ProgramHelpers) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, 4)});
  ASSERT_EQ(T.open(), 0);
  uint64_t M = handle(T.map(0));
  uint32_t Key = 9;
  uint64_t Value = 90;
  EXPECT_EQ(ebpf_helper_map_lookup_elem(M, ptr(&Key), 0, 0, 0), 0u);
  EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value),
                                                     EBPF_EXIST, 0)),
            -ENOENT);
  EXPECT_EQ(ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value), EBPF_ANY, 0),
            0u);
  auto *P = reinterpret_cast<uint64_t *>(
      ebpf_helper_map_lookup_elem(M, ptr(&Key), 0, 0, 0));
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(*P, 90u);
  *P = 91;
  EXPECT_EQ(lookupU64(T.map(0), 9), 91u);
  EXPECT_EQ(ebpf_helper_map_delete_elem(M, ptr(&Key), 0, 0, 0), 0u);
  EXPECT_EQ(helperResult(ebpf_helper_map_delete_elem(M, ptr(&Key), 0, 0, 0)),
            -ENOENT);
}

TEST(HashMapTest, ConcurrentProgramsKeepTheMapConsistent) {
  constexpr uint32_t Threads = 4, PerThread = 200;
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, Threads * PerThread)});
  ASSERT_EQ(T.open(), 0);
  uint64_t M = handle(T.map(0));
  std::vector<std::thread> Workers;
  for (uint32_t W = 0; W < Threads; ++W)
    Workers.emplace_back([=] {
      // Insert this thread's keys, delete the odd ones, update the rest.
      for (int Round = 0; Round < 20; ++Round) {
        for (uint32_t I = 0; I < PerThread; ++I) {
          uint32_t Key = W * PerThread + I;
          uint64_t Value = Key;
          ebpf_helper_map_update_elem(M, ptr(&Key), ptr(&Value), EBPF_ANY, 0);
        }
        for (uint32_t I = 1; I < PerThread; I += 2) {
          uint32_t Key = W * PerThread + I;
          ebpf_helper_map_delete_elem(M, ptr(&Key), 0, 0, 0);
        }
      }
    });
  for (std::thread &Worker : Workers)
    Worker.join();
  size_t Count = 0;
  uint32_t Next;
  int Err = ebpf_map_get_next_key(T.map(0), nullptr, &Next);
  while (Err == 0) {
    ++Count;
    EXPECT_EQ(Next % 2, 0u);
    EXPECT_EQ(lookupU64(T.map(0), Next), Next);
    uint32_t Key = Next;
    Err = ebpf_map_get_next_key(T.map(0), &Key, &Next);
  }
  EXPECT_EQ(Count, Threads * PerThread / 2);
}

//===-- LRU hash maps -----------------------------------------------------===//

bool present(ebpf_map *M, uint32_t Key) {
  uint64_t Value;
  return ebpf_map_lookup(M, &Key, &Value) == 0;
}

TEST(LruHashMapTest, EvictsTheLeastRecentlyUsed) {
  TestObject T({mapDesc("lru", EBPF_MAP_LRU_HASH, 4, 8, 3)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  auto update = [&](uint32_t Key) {
    uint64_t Value = Key * 100;
    return ebpf_map_update(M, &Key, &Value, EBPF_ANY);
  };
  ASSERT_EQ(update(1), 0);
  ASSERT_EQ(update(2), 0);
  ASSERT_EQ(update(3), 0);
  // A program's lookup of 1 makes it the newest: oldest first 2, 3, 1.
  uint32_t Key = 1;
  ASSERT_NE(ebpf_helper_map_lookup_elem(handle(M), ptr(&Key), 0, 0, 0), 0u);
  ASSERT_EQ(update(4), 0); // evicts 2
  EXPECT_FALSE(present(M, 2));
  EXPECT_TRUE(present(M, 1));
  EXPECT_TRUE(present(M, 3));
  EXPECT_TRUE(present(M, 4));
  // The host's lookups above did not refresh anything: 3 is the oldest.
  ASSERT_EQ(update(5), 0); // evicts 3
  EXPECT_FALSE(present(M, 3));
  // Updating an existing key refreshes it: oldest first 4, 5, 1.
  ASSERT_EQ(update(1), 0);
  ASSERT_EQ(update(6), 0); // evicts 4
  EXPECT_FALSE(present(M, 4));
  EXPECT_TRUE(present(M, 1));
  EXPECT_TRUE(present(M, 5));
  EXPECT_TRUE(present(M, 6));
  EXPECT_EQ(lookupU64(M, 1), 100u);
  EXPECT_EQ(lookupU64(M, 6), 600u);
}

TEST(LruHashMapTest, FlagErrorsEvictNothing) {
  TestObject T({mapDesc("lru", EBPF_MAP_LRU_HASH, 4, 8, 2)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint64_t Value = 1;
  for (uint32_t Key = 0; Key < 2; ++Key)
    ASSERT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_ANY), 0);
  uint32_t Key = 0;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_NOEXIST), -EEXIST);
  Key = 7;
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, EBPF_EXIST), -ENOENT);
  EXPECT_TRUE(present(M, 0));
  EXPECT_TRUE(present(M, 1));
  // A program's insert into the full map evicts the oldest, 0.
  EXPECT_EQ(ebpf_helper_map_update_elem(handle(M), ptr(&Key), ptr(&Value),
                                        EBPF_NOEXIST, 0),
            0u);
  EXPECT_FALSE(present(M, 0));
  EXPECT_TRUE(present(M, 7));
}

//===-- Per-CPU maps ------------------------------------------------------===//

struct CpuScope {
  explicit CpuScope(uint32_t Cpu) { ebpf_set_current_cpu(Cpu); }
  ~CpuScope() { ebpf_set_current_cpu(0); }
};

TEST(PercpuArrayMapTest, OneValuePerCpu) {
  TestObject T({mapDesc("pa", EBPF_MAP_PERCPU_ARRAY, 4, 4, 2)});
  ASSERT_EQ(T.open(4), 0);
  ebpf_map *M = T.map(0);
  // No single value per entry, so no direct value address either.
  EXPECT_EQ(T.Slots[0].value, nullptr);
  // 4-byte values travel 8 bytes apart, one per CPU.
  ASSERT_EQ(ebpf_map_value_buffer_size(M), 32u);
  uint32_t Buffer[8] = {10, 0, 20, 0, 30, 0, 40, 0};
  uint32_t Key = 1;
  ASSERT_EQ(ebpf_map_update(M, &Key, Buffer, EBPF_ANY), 0);
  for (uint32_t Cpu = 0; Cpu < 4; ++Cpu) {
    CpuScope S(Cpu);
    auto *P = reinterpret_cast<uint32_t *>(
        ebpf_helper_map_lookup_elem(handle(M), ptr(&Key), 0, 0, 0));
    ASSERT_NE(P, nullptr);
    EXPECT_EQ(*P, 10 * (Cpu + 1));
  }
  {
    // A program updates its own CPU's value only.
    CpuScope S(1);
    uint32_t Value = 99;
    EXPECT_EQ(ebpf_helper_map_update_elem(handle(M), ptr(&Key), ptr(&Value),
                                          EBPF_ANY, 0),
              0u);
  }
  uint32_t Out[8];
  std::memset(Out, 0xff, sizeof(Out));
  ASSERT_EQ(ebpf_map_lookup(M, &Key, Out), 0);
  EXPECT_EQ(Out[0], 10u);
  EXPECT_EQ(Out[2], 99u);
  EXPECT_EQ(Out[4], 30u);
  EXPECT_EQ(Out[6], 40u);
  EXPECT_EQ(Out[1] | Out[3] | Out[5] | Out[7], 0u); // padding
  {
    // A CPU the object was not opened for has no value.
    CpuScope S(4);
    uint32_t Value = 1;
    EXPECT_EQ(ebpf_helper_map_lookup_elem(handle(M), ptr(&Key), 0, 0, 0), 0u);
    EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(
                  handle(M), ptr(&Key), ptr(&Value), EBPF_ANY, 0)),
              -EINVAL);
  }
}

TEST(PercpuHashMapTest, ProgramInsertZeroesOtherCpus) {
  TestObject T({mapDesc("ph", EBPF_MAP_PERCPU_HASH, 4, 8, 4)});
  ASSERT_EQ(T.open(3), 0);
  ebpf_map *M = T.map(0);
  ASSERT_EQ(ebpf_map_value_buffer_size(M), 24u);
  uint32_t Key = 5;
  {
    CpuScope S(2);
    uint64_t Value = 77;
    ASSERT_EQ(ebpf_helper_map_update_elem(handle(M), ptr(&Key), ptr(&Value),
                                          EBPF_ANY, 0),
              0u);
  }
  uint64_t Out[3];
  ASSERT_EQ(ebpf_map_lookup(M, &Key, Out), 0);
  EXPECT_EQ(Out[0], 0u);
  EXPECT_EQ(Out[1], 0u);
  EXPECT_EQ(Out[2], 77u);
  // The host writes every CPU's value.
  uint64_t All[3] = {1, 2, 3};
  ASSERT_EQ(ebpf_map_update(M, &Key, All, EBPF_EXIST), 0);
  {
    CpuScope S(0);
    uint64_t Value = 100;
    ASSERT_EQ(ebpf_helper_map_update_elem(handle(M), ptr(&Key), ptr(&Value),
                                          EBPF_EXIST, 0),
              0u);
  }
  ASSERT_EQ(ebpf_map_lookup(M, &Key, Out), 0);
  EXPECT_EQ(Out[0], 100u);
  EXPECT_EQ(Out[1], 2u);
  EXPECT_EQ(Out[2], 3u);
  CpuScope S(1);
  auto *P = reinterpret_cast<uint64_t *>(
      ebpf_helper_map_lookup_elem(handle(M), ptr(&Key), 0, 0, 0));
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(*P, 2u);
}

TEST(PercpuHashMapTest, FullMapRefusesNewKeys) {
  TestObject T({mapDesc("ph", EBPF_MAP_PERCPU_HASH, 4, 8, 1)});
  ASSERT_EQ(T.open(2), 0);
  uint64_t All[2] = {1, 2};
  uint32_t Key = 1;
  ASSERT_EQ(ebpf_map_update(T.map(0), &Key, All, EBPF_ANY), 0);
  Key = 2;
  EXPECT_EQ(ebpf_map_update(T.map(0), &Key, All, EBPF_ANY), -E2BIG);
  EXPECT_EQ(ebpf_map_delete(T.map(0), &Key), -ENOENT);
}

//===-- Access flags ------------------------------------------------------===//

TEST(MapAccessTest, ReadOnlyAndWriteOnlyMaps) {
  TestObject T(
      {mapDesc("ro", EBPF_MAP_HASH, 4, 8, 2, EBPF_F_RDONLY),
       mapDesc("wo", EBPF_MAP_HASH, 4, 8, 2, EBPF_F_WRONLY),
       mapDesc("ro_prog", EBPF_MAP_ARRAY, 4, 8, 2, EBPF_F_RDONLY_PROG)});
  ASSERT_EQ(T.open(), 0);
  uint32_t Key = 0, Next;
  uint64_t Value = 1;
  EXPECT_EQ(ebpf_map_update(T.map(0), &Key, &Value, EBPF_ANY), -EPERM);
  EXPECT_EQ(ebpf_map_delete(T.map(0), &Key), -EPERM);
  EXPECT_EQ(ebpf_map_lookup(T.map(0), &Key, &Value), -ENOENT);
  // Programs may still write a map the host may only read.
  EXPECT_EQ(ebpf_helper_map_update_elem(handle(T.map(0)), ptr(&Key),
                                        ptr(&Value), EBPF_ANY, 0),
            0u);
  EXPECT_EQ(lookupU64(T.map(0), 0), 1u);

  EXPECT_EQ(ebpf_map_update(T.map(1), &Key, &Value, EBPF_ANY), 0);
  EXPECT_EQ(ebpf_map_lookup(T.map(1), &Key, &Value), -EPERM);
  EXPECT_EQ(ebpf_map_get_next_key(T.map(1), nullptr, &Next), -EPERM);

  // Read-only for programs, and frozen for the host (like .rodata).
  EXPECT_EQ(ebpf_map_update(T.map(2), &Key, &Value, EBPF_ANY), -EPERM);
  EXPECT_EQ(helperResult(ebpf_helper_map_update_elem(
                handle(T.map(2)), ptr(&Key), ptr(&Value), EBPF_ANY, 0)),
            -EPERM);
  EXPECT_EQ(lookupU64(T.map(2), 0), 0u);
}

} // namespace
