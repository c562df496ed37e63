//===- ebpfc/Jit.h - Compiling BPF programs in process ----------*- C++ -*-===//
//
// A JitSession compiles every program of a BpfObject with the same pipeline
// as the ahead-of-time compiler (for the host, with LLVM's ORC JIT) and hands
// out each program's native entry point and the object's descriptor, which
// the runtime's ebpf_object_open() (ebpfc/object.h) opens to create the maps
// before a program that uses them runs. ebpf-run and the tests use it. The
// runtime's helpers are bound to the compiled code by address, so the host
// executable needs no exported symbols.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_JIT_H
#define EBPFC_JIT_H

#include "ebpfc/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

struct ebpf_object_desc;

namespace ebpfc {

/// The native entry point of a raw program: r1 = Mem, r2 = Len, returns r0.
using RawProgramFn = uint64_t (*)(void *Mem, uint64_t Len);

class JitSession {
public:
  /// Checks, lifts, optimizes (at \p OptLevel) and compiles every program
  /// of \p Obj; fills each Program's Functions. Errors as compileObject's.
  /// Raw programs are verified for a memory block of \p MemSize bytes.
  static llvm::Expected<std::unique_ptr<JitSession>>
  create(BpfObject &Obj, unsigned OptLevel = 2, uint64_t MemSize = 0);

  /// Loads an object ebpfc compiled for this host (its output with -c), so
  /// that its programs and descriptor can be looked up as above.
  static llvm::Expected<std::unique_ptr<JitSession>>
  loadNativeObject(llvm::StringRef Path, llvm::ArrayRef<uint8_t> Bytes);

  ~JitSession();

  /// The address of program \p ProgramName's native entry point.
  llvm::Expected<void *> lookup(llvm::StringRef ProgramName);

  /// lookup() for a raw program, with its native signature.
  llvm::Expected<RawProgramFn> lookupRaw(llvm::StringRef ProgramName);

  /// The object's descriptor (ebpfc/object.h), for ebpf_object_open(). Its
  /// map slots stay zero until the object is opened.
  llvm::Expected<const ebpf_object_desc *> lookupObjectDescriptor();

private:
  JitSession(std::unique_ptr<llvm::orc::LLJIT> Jit,
             std::string DescriptorSymbol);

  std::unique_ptr<llvm::orc::LLJIT> Jit;
  std::string DescriptorSymbol;
};

} // namespace ebpfc

#endif // EBPFC_JIT_H
