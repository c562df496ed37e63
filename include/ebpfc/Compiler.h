//===- ebpfc/Compiler.h - Compiling BPF programs to native code -*- C++ -*-===//
//
// The compiler's public entry point: compileObject() takes every program of a
// BpfObject through the whole pipeline (verification, lifting to LLVM IR,
// optimization, code generation) and writes one native object file, assembly
// listing, or LLVM module, which exports the programs and the object's
// descriptor (ebpfc/object.h). writeSkeleton() writes the C header that
// describes such an object to its host. The stages themselves live in
// compiler/ with one header per stage; this header keeps LLVM's heavy
// headers out of the tools.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_H
#define EBPFC_COMPILER_H

#include "ebpfc/Program.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
class raw_pwrite_stream;
} // namespace llvm

namespace ebpfc {

struct VerifierStats;
struct VerifiedProgram;

enum class OutputKind { Object, Assembly, LLVMIR, Bitcode };

struct CompileOptions {
  /// The target triple; empty means the host. Only x86-64 and AArch64 Linux
  /// are supported (see normalizeTargetTriple).
  std::string TargetTriple;
  /// 0..3, as -O0..-O3.
  unsigned OptLevel = 2;
  OutputKind Output = OutputKind::Object;
  /// Prepended to every exported symbol, so objects from several BPF files
  /// can be linked into one program.
  std::string SymbolPrefix;
  /// The object's name (a C identifier), which its descriptor
  /// SymbolPrefix + NAME + "_ebpf_object" and its skeleton are named after;
  /// empty means defaultObjectName(the input's path).
  std::string ObjectName;
  /// Raw programs: the size of the memory block the host passes (r1), which
  /// the verifier checks every access against.
  uint64_t MemSize = 0;
  /// A rejected program's diagnostic also shows the verifier's state at the
  /// instruction (`ebpfc -v`).
  bool VerifierLog = false;
};

/// The name of the object read from \p Path: the file name without
/// directories, without a ".o" and then a ".bpf" suffix, every character
/// that may not appear in a C identifier replaced by '_' (and a leading
/// digit preceded by one): "dir/xdp-filter.bpf.o" gives "xdp_filter".
std::string defaultObjectName(llvm::StringRef Path);

/// True if \p Name is a C identifier, as --object-name must be.
bool isValidObjectName(llvm::StringRef Name);

/// The name of \p Obj compiled with \p Opts: Opts.ObjectName (made an
/// identifier), or defaultObjectName(Obj.Path).
std::string objectName(const BpfObject &Obj, const CompileOptions &Opts);

/// The symbol of the descriptor (`const struct ebpf_object_desc`, see
/// ebpfc/object.h) that compiling \p Obj with \p Opts exports:
/// Opts.SymbolPrefix + objectName(Obj, Opts) + "_ebpf_object".
std::string objectDescriptorSymbol(const BpfObject &Obj,
                                   const CompileOptions &Opts);

/// Writes the C header that `ebpfc --skeleton` generates for \p Obj
/// compiled with \p Opts (its format is described in compiler/Skeleton.h).
llvm::Error writeSkeleton(const BpfObject &Obj, const CompileOptions &Opts,
                          llvm::raw_ostream &OS);

/// Compiles every program of \p Obj into one output written to \p Out.
/// Fills each Program's Functions (the verifier does). Errors name
/// the location: "FILE:SECTION/PROGRAM: insn N: MESSAGE", one line each.
llvm::Error compileObject(BpfObject &Obj, const CompileOptions &Opts,
                          llvm::raw_pwrite_stream &Out);

/// Links the relocatable object at \p ObjectPath (compileObject's output)
/// into a shared object at \p OutputPath with lld, in process.
llvm::Error linkSharedObject(llvm::StringRef ObjectPath,
                             llvm::StringRef OutputPath);

/// Runs the verifier on every program of \p Obj (filling each Program's
/// Functions) without compiling anything: what `ebpfc --verify-only` and the
/// interpreter rely on, and exactly what compileObject runs first. Raw
/// programs get a memory block of \p MemSize bytes. Every rejected program
/// is reported, located as compileObject's errors are. \p Stats, if given,
/// receives the verifier's counts per program; with \p VerifierLog a
/// diagnostic also shows the verifier's state at the rejected instruction.
llvm::Error verifyObject(BpfObject &Obj, uint64_t MemSize = 0,
                         std::vector<VerifierStats> *Stats = nullptr,
                         bool VerifierLog = false);

/// verifyObject for one program of \p Obj: what the verifier proved, with
/// Prog.Functions filled, or the located diagnostic. \p Stats, if given,
/// receives the verifier's counts either way.
llvm::Expected<VerifiedProgram> verifyProgram(const BpfObject &Obj,
                                              Program &Prog, uint64_t MemSize,
                                              VerifierStats *Stats = nullptr,
                                              bool VerifierLog = false);

/// The canonical form of a target triple ebpfc supports
/// ("x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"), or an error
/// "unsupported target 'X'". An empty triple selects the host, which must be
/// one of the supported targets too.
llvm::Expected<std::string> normalizeTargetTriple(llvm::StringRef Triple);

/// True if normalizeTargetTriple accepts \p Triple.
bool isSupportedTarget(llvm::StringRef Triple);

} // namespace ebpfc

#endif // EBPFC_COMPILER_H
