//===- Skeleton.h - The C header that describes a compiled object -*- C++
//-*-===//
//
// `ebpfc --skeleton=FILE`, in the spirit of `bpftool gen skeleton`, writes a
// C header that lets a host use a compiled object by name. For an object
// named OBJ (--object-name, or the input's file name: xdp_filter.bpf.o gives
// xdp_filter), with symbol prefix P (--symbol-prefix), it contains, in this
// order:
//
//   - an include guard EBPFC_SKEL_<OBJ in upper case>_H and
//     #include <ebpfc/object.h>, <ebpfc/runtime.h> (plus <errno.h>,
//     <stdint.h>, <stdlib.h>, <string.h>), all inside extern "C" for C++;
//   - the exported symbols:
//       extern const struct ebpf_object_desc P##OBJ##_ebpf_object;
//       uint64_t P##PROG(void *ctx);                  (raw programs:
//       uint64_t P##PROG(void *mem, uint64_t len);)
//   - for each global data section SEC (.data, .rodata, .bss, .data.NAME,
//     ...), `struct OBJ__ID`, where ID is SEC without its leading '.' and
//     with other non-identifier characters made '_' (.data.custom gives
//     data_custom): its global variables at their offsets, as uint8_t,
//     uint16_t, uint32_t or uint64_t when they are 1, 2, 4 or 8 bytes at an
//     offset aligned to their size, as uint8_t NAME[SIZE] otherwise, with
//     uint8_t __pad_OFFSET[N] filling the gaps (static variables, padding)
//     up to the section's size;
//   - struct OBJ {
//       struct ebpf_object *obj;                       the open object
//       struct { struct ebpf_map *MAP; ... } maps;     every map, global data
//                                                      included (member ID)
//       struct { const struct ebpf_prog_desc *PROG; ... } progs;
//       struct OBJ__ID *ID; ...                        each global data
//                                                      section's value; const
//                                                      for .rodata sections
//     };
//   - static inline functions:
//       struct OBJ *OBJ__open_opts(const struct ebpf_object_opts *opts);
//           ebpf_object_open()s the object (NULL opts: defaults) and fills
//           the struct; NULL with errno set on failure
//       struct OBJ *OBJ__open(void);                   OBJ__open_opts(NULL)
//       void OBJ__destroy(struct OBJ *skel);           closes, frees; NULL ok
//       uint64_t OBJ__run_PROG(CTX *ctx);              calls P##PROG; CTX is
//           struct ebpf_xdp_md for XDP programs, struct ebpf_sk_buff for
//           socket and tc programs; raw programs take (void *mem,
//           uint64_t len)
//
// Member names that would collide (two names made the same identifier, or
// a name equal to a generated one) get a suffix _2, _3, ... in order of
// appearance. Every name comes from the object, so the header is
// deterministic.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_SKELETON_H
#define EBPFC_COMPILER_SKELETON_H

#include "ebpfc/Program.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace ebpfc {

struct SkeletonNames {
  std::string ObjectName;       ///< OBJ, a C identifier
  std::string DescriptorSymbol; ///< P##OBJ##_ebpf_object
  std::string SymbolPrefix;     ///< P
};

/// Writes the skeleton of \p Obj to \p OS. Fails if an exported symbol is
/// not a C identifier (the header could not name it).
llvm::Error generateSkeleton(const BpfObject &Obj, const SkeletonNames &Names,
                             llvm::raw_ostream &OS);

} // namespace ebpfc

#endif // EBPFC_COMPILER_SKELETON_H
