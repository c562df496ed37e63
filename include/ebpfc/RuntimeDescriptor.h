//===- ebpfc/RuntimeDescriptor.h - Run uncompiled objects -------*- C++ -*-===//
//
// The reference interpreter runs bytecode straight from a BpfObject, but the
// runtime creates maps only from an ebpf_object_desc (ebpfc/object.h), the
// descriptor a compiled object exports. RuntimeDescriptor builds that
// descriptor in memory from the object's map definitions, so an interpreted
// run opens the same maps, with the same initial global data, as a compiled
// one.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_RUNTIMEDESCRIPTOR_H
#define EBPFC_RUNTIMEDESCRIPTOR_H

#include "ebpfc/Program.h"
#include "ebpfc/object.h"

#include <string>
#include <vector>

namespace ebpfc {

/// Owns a descriptor and everything it points at. It lists the object's
/// maps only: interpreted programs are found in the BpfObject, not here.
class RuntimeDescriptor {
public:
  explicit RuntimeDescriptor(const BpfObject &Obj);
  RuntimeDescriptor(const RuntimeDescriptor &) = delete;
  RuntimeDescriptor &operator=(const RuntimeDescriptor &) = delete;

  const ebpf_object_desc *get() const { return &Desc; }

private:
  std::string Name, License;
  std::vector<MapDefinition> Maps; // owns the names and initial values
  std::vector<ebpf_map_desc> MapDescs;
  std::vector<ebpf_map_slot> Slots;
  ebpf_object_desc Desc = {};
};

} // namespace ebpfc

#endif // EBPFC_RUNTIMEDESCRIPTOR_H
