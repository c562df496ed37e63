//===- test/runtime/TestObject.h - Objects built in tests -------*- C++ -*-===//
//
// What a compiled object's descriptor would hold, built in code: a list of
// map descriptions, the slot array, and the descriptor itself, opened with
// ebpf_object_open() and closed when the TestObject goes away.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_TEST_RUNTIME_TESTOBJECT_H
#define EBPFC_TEST_RUNTIME_TESTOBJECT_H

#include "ebpfc/object.h"

#include <cstdint>
#include <vector>

namespace ebpfc_test {

inline ebpf_map_desc mapDesc(const char *Name, uint32_t Type, uint32_t KeySize,
                             uint32_t ValueSize, uint32_t MaxEntries,
                             uint32_t Flags = 0,
                             const void *InitialValue = nullptr) {
  return ebpf_map_desc{Name,       Type,  KeySize,     ValueSize,
                       MaxEntries, Flags, InitialValue};
}

struct TestObject {
  std::vector<ebpf_map_desc> Maps;
  std::vector<ebpf_map_slot> Slots;
  std::vector<ebpf_prog_desc> Progs;
  ebpf_object_desc Desc = {};
  ebpf_object *Obj = nullptr;

  explicit TestObject(std::vector<ebpf_map_desc> MapDescs,
                      std::vector<ebpf_prog_desc> ProgDescs = {})
      : Maps(std::move(MapDescs)), Slots(Maps.size()),
        Progs(std::move(ProgDescs)) {
    Desc.abi_version = EBPF_OBJECT_ABI_VERSION;
    Desc.name = "test";
    Desc.license = "GPL";
    Desc.num_maps = uint32_t(Maps.size());
    Desc.maps = Maps.data();
    Desc.slots = Slots.data();
    Desc.num_progs = uint32_t(Progs.size());
    Desc.progs = Progs.data();
  }
  TestObject(const TestObject &) = delete;
  TestObject &operator=(const TestObject &) = delete;
  ~TestObject() { ebpf_object_close(Obj); }

  /// ebpf_object_open()'s result.
  int open(uint32_t NumCpus = 1,
           void (*Printk)(const char *, size_t, void *) = nullptr,
           void *User = nullptr) {
    ebpf_object_opts Opts = {};
    Opts.num_cpus = NumCpus;
    Opts.trace_printk = Printk;
    Opts.trace_user = User;
    return ebpf_object_open(&Desc, &Opts, &Obj);
  }

  ebpf_map *map(uint32_t Index) { return ebpf_object_map_at(Obj, Index); }
};

} // namespace ebpfc_test

#endif // EBPFC_TEST_RUNTIME_TESTOBJECT_H
