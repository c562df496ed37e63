//===- ObjectDescriptor.h - The descriptor a compiled object exports -*- C++
//-*-===//
//
// Every compiled object exports `const struct ebpf_object_desc
// P##OBJ##_ebpf_object` (ebpfc/object.h): its name and license, a
// description of each map (global data sections included, with their
// initial contents), the map slot array compiled code reads map handles and
// global data addresses from, and each program's name, section, type and
// entry point. The runtime's ebpf_object_open() creates the maps from it.
//
// Everything but the descriptor and the programs' entry points has internal
// linkage, so objects compiled from different BPF files link together as
// long as their descriptors and programs are told apart (--symbol-prefix,
// --object-name).
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_OBJECTDESCRIPTOR_H
#define EBPFC_COMPILER_OBJECTDESCRIPTOR_H

#include "ebpfc/Program.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace llvm {
class GlobalVariable;
class Module;
} // namespace llvm

namespace ebpfc {

/// \p Name with every character that may not appear in a C identifier
/// replaced by '_', and a leading digit (or nothing at all) preceded by one.
std::string makeCIdentifier(llvm::StringRef Name);

/// Defines the internal, zero-initialized map slot array of \p Obj in
/// \p M (struct ebpf_map_slot[Obj.Maps.size()]), which programs are lifted
/// against; null if the object has no maps.
llvm::GlobalVariable *createMapSlots(llvm::Module &M, const BpfObject &Obj);

/// Defines the descriptor \p Symbol of \p Obj, named \p ObjectName, and
/// the internal tables it points to. Every program's entry point
/// (entrySymbol(Prog, SymbolPrefix)) must already be in \p M; \p MapSlots
/// is createMapSlots' result.
llvm::Error emitObjectDescriptor(llvm::Module &M, const BpfObject &Obj,
                                 llvm::StringRef ObjectName,
                                 llvm::StringRef Symbol,
                                 llvm::StringRef SymbolPrefix,
                                 llvm::GlobalVariable *MapSlots);

} // namespace ebpfc

#endif // EBPFC_COMPILER_OBJECTDESCRIPTOR_H
