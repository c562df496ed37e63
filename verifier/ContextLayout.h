//===- verifier/ContextLayout.h - Program contexts ---------------*- C++
//-*-===//
//
// The context a program receives is, in the bytecode, the kernel's struct
// (struct xdp_md, struct __sk_buff); natively it is ebpfc/object.h's
// ebpf_xdp_md / ebpf_sk_buff, which keep every 32- and 64-bit field at its
// kernel offset and hold the packet pointers, 32-bit fields in the kernel's
// view, as real pointers after the kernel part. checkContextAccess says
// whether an access the bytecode makes at a context offset is one the
// program type allows, and where it goes natively.
//
// The rules follow the kernel's *_is_valid_access() for each program type:
// which fields exist, which are readable or writable, at which sizes.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_CONTEXTLAYOUT_H
#define EBPFC_VERIFIER_CONTEXTLAYOUT_H

#include "ebpfc/Program.h"

#include <cstdint>
#include <string>

namespace ebpfc {

enum class ContextAccessKind { Load, SignExtendingLoad, Store, Atomic };

/// What a context field holds.
enum class ContextField : uint8_t {
  Plain,      ///< an integer, at the same offset natively
  PacketData, ///< the packet pointers: 32-bit fields in the kernel's view,
  PacketEnd,  ///< native pointers elsewhere in the native context
  PacketMeta,
};

struct ContextAccess {
  /// Empty if the access is allowed; otherwise why not, e.g. "store to
  /// context field 'data' of xdp_md, a packet pointer".
  std::string Error;
  ContextField Field = ContextField::Plain;
  /// The native offset of the access.
  uint32_t NativeOffset = 0;

  bool isPacketPointer() const { return Field != ContextField::Plain; }
};

/// Checks a \p Size-byte access of \p Kind at context offset \p Offset in a
/// program of \p Type.
ContextAccess checkContextAccess(ProgramType Type, int64_t Offset,
                                 unsigned Size, ContextAccessKind Kind);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_CONTEXTLAYOUT_H
