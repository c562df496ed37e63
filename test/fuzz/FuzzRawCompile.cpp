//===- FuzzRawCompile.cpp - Fuzz the whole compiler on raw bytecode -------===//
//
// libFuzzer target: the input is a raw instruction stream, as `ebpfc --raw`
// reads it. It goes through readRawBytecode and then the whole pipeline
// (verifier, lifter, LLVM's -O1 pipeline, x86-64/AArch64 code
// generation for the host) into memory. Any input must either compile or be
// rejected with an error; a crash, an assertion, a sanitizer report or a
// hang is a bug. "internal error" diagnostics (invalid IR from the lifter)
// are bugs too, so they abort.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Compiler.h"
#include "ebpfc/RawReader.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

using namespace ebpfc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::Expected<BpfObject> Obj = readRawBytecode(
      "fuzz.bin", llvm::ArrayRef<uint8_t>(Data, Size), ProgramType::Raw);
  if (!Obj) {
    llvm::consumeError(Obj.takeError());
    return 0;
  }

  CompileOptions Opts;
  Opts.OptLevel = 1;
  Opts.MemSize = 64; // so that programs reading their block can pass
  Opts.Output = OutputKind::Object;
  // Object writers patch headers in place, so they need a pwrite stream; an
  // in-memory one is also the cheapest sink.
  llvm::SmallVector<char, 0> Buffer;
  llvm::raw_svector_ostream Out(Buffer);
  if (llvm::Error E = compileObject(*Obj, Opts, Out)) {
    std::string Message = llvm::toString(std::move(E));
    if (llvm::StringRef(Message).contains("internal error")) {
      std::fprintf(stderr, "%s\n", Message.c_str());
      std::abort();
    }
  }
  return 0;
}
