//===- ObjectRun.h - Run one program of an object on a packet ---*- C++ -*-===//
//
// What ebpf-run does between reading its input and printing the result:
// open the object's maps in the runtime, build the program type's context
// around the input data the way BPF_PROG_TEST_RUN does, run the program
// (compiled in process, or on the interpreter), and report the data and the
// maps afterwards.
//
//===----------------------------------------------------------------------===//
#ifndef EBPF_RUN_OBJECTRUN_H
#define EBPF_RUN_OBJECTRUN_H

#include "ebpfc/Jit.h"
#include "ebpfc/Program.h"
#include "ebpfc/RuntimeDescriptor.h"
#include "ebpfc/object.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <vector>

namespace ebpfrun {

struct RunOptions {
  bool Interpret = false;
  unsigned OptLevel = 2;
  /// Raw programs: the size of the memory block the program will be given,
  /// which the verifier checks its accesses against.
  uint64_t MemSize = 0;
};

/// One program of an object, ready to run repeatedly on the same input.
class ObjectRun {
public:
  /// Checks and prepares program \p ProgramIndex of \p Obj (compiling the
  /// object unless interpreting) and opens its maps.
  static llvm::Expected<std::unique_ptr<ObjectRun>>
  create(ebpfc::BpfObject &Obj, size_t ProgramIndex, const RunOptions &Opts);
  /// Prepares the program named \p ProgramName (or the only one) of an
  /// object ebpfc compiled for this host, loaded in \p Jit. Fills \p Listing
  /// with the object's programs as its descriptor lists them (no bytecode).
  static llvm::Expected<std::unique_ptr<ObjectRun>>
  createNative(std::unique_ptr<ebpfc::JitSession> Jit,
               llvm::StringRef ProgramName, ebpfc::BpfObject &Listing);

  ~ObjectRun();

  /// Sets up the context around \p Data (and, if not empty, the kernel
  /// context struct \p CtxIn: xdp_md or __sk_buff, whose non-pointer fields
  /// are copied in).
  llvm::Error setInput(const std::vector<uint8_t> &Data,
                       const std::vector<uint8_t> &CtxIn);

  const ebpfc::Program &program() const { return *Prog; }

  /// Runs the program once; returns r0.
  llvm::Expected<uint64_t> run();

  /// The packet (or raw memory) as it is after the last run.
  std::vector<uint8_t> dataOut() const;

  /// Every map and global data section with all its entries, as the JSON
  /// DESIGN.md specifies for --maps-out.
  void writeMapsJson(llvm::raw_ostream &OS);

private:
  ObjectRun() = default;
  llvm::Error open(const ebpf_object_desc *Desc, llvm::StringRef Path);

  ebpfc::Program *Prog = nullptr;
  bool Interpret = false;
  std::unique_ptr<ebpfc::JitSession> Jit;
  std::unique_ptr<ebpfc::RuntimeDescriptor> InterpDesc;
  /// By instruction: the bpf_loop calls the verifier proved the kernel
  /// inlines (ebpf_interp_env::inlined_loops).
  std::unique_ptr<bool[]> InlinedLoops;
  ebpf_object *Object = nullptr;
  void *Entry = nullptr;

  // The input, in the form the program type wants.
  std::vector<uint8_t> Memory; // raw programs
  std::vector<uint8_t> Buffer; // packet programs
  ebpf_xdp_md Xdp = {};
  ebpf_sk_buff Skb = {};
  std::vector<uint8_t> Frame; // sk_buff: the whole frame
};

} // namespace ebpfrun

#endif // EBPF_RUN_OBJECTRUN_H
