//===- Lifter.h - BPF bytecode to LLVM IR -----------------------*- C++ -*-===//
//
// The lifter translates the programs of a BpfObject, after the verifier has
// accepted them and split them into functions, into LLVM IR: one internal function
// per BPF function and one exported entry point per program with the native
// ABI of its program type.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_LIFTER_H
#define EBPFC_COMPILER_LIFTER_H

#include "ebpfc/Program.h"
#include "ebpfc/Verifier.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class GlobalVariable;
class Module;
} // namespace llvm

namespace ebpfc {

/// What the programs of one object share in the module.
struct ObjectGlobals {
  /// The object's maps, in the order instructions number them.
  llvm::ArrayRef<MapDefinition> Maps;
  /// The object's map slots, an array of Maps.size() struct ebpf_map_slot
  /// (object.h) that the runtime fills when it opens the object; null if
  /// the object has no maps. `lddw rX, map i` loads slots[i].map and
  /// `lddw rX, &map i value + off` slots[i].value + off.
  llvm::GlobalVariable *MapSlots = nullptr;
};

/// Adds \p Prog, which the verifier accepted with \p Verified, to \p M:
/// its BPF functions (internal) and its entry point, named
/// entrySymbol(Prog, SymbolPrefix), with the native ABI of its program type
/// (object.h). Prog.Functions must be filled. Errors read "insn N: MESSAGE"
/// with N the index into Prog.Insns.
llvm::Error liftProgram(const Program &Prog, const VerifiedProgram &Verified,
                        llvm::StringRef SymbolPrefix,
                        const ObjectGlobals &Globals, llvm::Module &M);

/// The exported symbol of \p Prog's native entry point.
std::string entrySymbol(const Program &Prog, llvm::StringRef SymbolPrefix);

/// Every helper the runtime provides for programs of \p Type, by id.
std::vector<const ebpf_helper_info *> helpersOfType(ProgramType Type);

} // namespace ebpfc

#endif // EBPFC_COMPILER_LIFTER_H
