//===- RuntimeDescriptor.cpp - Descriptors for interpreted objects --------===//
//
// Mirrors what compiler/ObjectDescriptor.cpp emits into compiled objects,
// but as data in this process: one ebpf_map_desc per map definition, in the
// order the ELF reader numbered them (the index lddw instructions use).
//
//===----------------------------------------------------------------------===//

#include "ebpfc/RuntimeDescriptor.h"

namespace ebpfc {

RuntimeDescriptor::RuntimeDescriptor(const BpfObject &Obj)
    : Name(Obj.Path), License(Obj.License), Maps(Obj.Maps) {
  MapDescs.reserve(Maps.size());
  for (const MapDefinition &M : Maps) {
    ebpf_map_desc D = {};
    D.name = M.Name.c_str();
    D.type = static_cast<uint32_t>(M.Type);
    D.key_size = M.KeySize;
    D.value_size = M.ValueSize;
    D.max_entries = M.MaxEntries;
    D.flags = M.Flags;
    D.initial_value = M.InitialValue.empty() ? nullptr : M.InitialValue.data();
    MapDescs.push_back(D);
  }
  Slots.resize(Maps.size());
  Desc.abi_version = EBPF_OBJECT_ABI_VERSION;
  Desc.name = Name.c_str();
  Desc.license = License.c_str();
  Desc.num_maps = static_cast<uint32_t>(MapDescs.size());
  Desc.maps = MapDescs.data();
  Desc.slots = Slots.data();
  Desc.num_progs = 0;
  Desc.progs = nullptr;
}

} // namespace ebpfc
