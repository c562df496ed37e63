//===- ContextFields.h - Program contexts, kernel and native ----*- C++ -*-===//
//
// The context a program receives is, in the bytecode, the kernel's struct
// (struct xdp_md, struct __sk_buff); natively it is ebpfc/object.h's
// ebpf_xdp_md / ebpf_sk_buff, which keep every 32- and 64-bit field at its
// kernel offset and hold the packet pointers, 32-bit fields in the kernel's
// view, as real pointers after the kernel part. checkContextAccess says
// whether an access the bytecode makes at a constant context offset is one
// the program type allows and where it goes natively.
//
// The rules follow the kernel's *_is_valid_access() for each program type:
// which fields exist, which are readable or writable, at which sizes.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_CONTEXTFIELDS_H
#define EBPFC_COMPILER_CONTEXTFIELDS_H

#include "ebpfc/Program.h"

#include "llvm/Support/Error.h"

#include <cstdint>

namespace ebpfc {

enum class ContextAccessKind { Load, SignExtendingLoad, Store, Atomic };

/// Where a valid context access goes in the native context.
struct NativeContextAccess {
  /// The native offset of the access.
  uint32_t Offset = 0;
  /// True for a packet pointer field: the 4-byte kernel load becomes an
  /// 8-byte load of the native pointer.
  bool IsPointer = false;
};

/// Checks a \p Size-byte access of \p Kind at context offset \p Offset in a
/// program of \p Type. Errors name the field and the rule broken, e.g.
/// "store to context field 'data' of xdp_md, a packet pointer".
llvm::Expected<NativeContextAccess> checkContextAccess(ProgramType Type,
                                                       int64_t Offset,
                                                       unsigned Size,
                                                       ContextAccessKind Kind);

} // namespace ebpfc

#endif // EBPFC_COMPILER_CONTEXTFIELDS_H
