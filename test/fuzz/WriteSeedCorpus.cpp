//===- WriteSeedCorpus.cpp - Seed corpora for the raw-bytecode fuzzers ----===//
//
// `fuzz-seed-corpus CONFORMANCE_DIR OUT_DIR` writes the program of every
// conformance test (`*.data`) as raw little-endian instruction slots, one
// file per test, so the fuzzers start from programs that use every part of
// the ISA instead of from random bytes.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/ConformanceTest.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

int main(int argc, char **argv) {
  if (argc != 3) {
    errs() << "usage: fuzz-seed-corpus CONFORMANCE_DIR OUT_DIR\n";
    return 2;
  }
  StringRef InDir = argv[1], OutDir = argv[2];
  if (std::error_code EC = sys::fs::create_directories(OutDir)) {
    WithColor::error(errs(), "fuzz-seed-corpus")
        << OutDir << ": " << EC.message() << "\n";
    return 1;
  }
  unsigned Written = 0;
  std::error_code EC;
  for (sys::fs::directory_iterator It(InDir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Path = It->path();
    if (sys::path::extension(Path) != ".data")
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
    if (!Text)
      continue;
    Expected<ebpfc::ConformanceTest> Test =
        ebpfc::parseConformanceTest((*Text)->getBuffer());
    if (!Test) {
      // A file the parser rejects is not a useful seed; say so and go on.
      WithColor::warning(errs(), "fuzz-seed-corpus")
          << Path << ": " << toString(Test.takeError()) << "\n";
      continue;
    }
    SmallString<128> OutPath(OutDir);
    sys::path::append(OutPath, sys::path::stem(Path) + ".bin");
    raw_fd_ostream Out(OutPath, EC, sys::fs::OF_None);
    if (EC)
      break;
    for (const ebpf_insn &Insn : Test->Program) {
      uint16_t Offset = uint16_t(Insn.offset);
      uint32_t Imm = uint32_t(Insn.imm);
      char Slot[8] = {char(Insn.opcode),        char(Insn.regs),
                      char(Offset & 0xff),      char(Offset >> 8),
                      char(Imm & 0xff),         char((Imm >> 8) & 0xff),
                      char((Imm >> 16) & 0xff), char(Imm >> 24)};
      Out.write(Slot, sizeof(Slot));
    }
    ++Written;
  }
  if (EC) {
    WithColor::error(errs(), "fuzz-seed-corpus")
        << InDir << ": " << EC.message() << "\n";
    return 1;
  }
  outs() << "wrote " << Written << " programs to " << OutDir << "\n";
  return 0;
}
