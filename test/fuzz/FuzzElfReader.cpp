//===- FuzzElfReader.cpp - Fuzz the BPF ELF object reader -----------------===//
//
// libFuzzer target: the input is an ELF object. readElfObject must either
// read it or fail with an error, never crash or read out of bounds, whatever
// the headers, section tables, symbols, relocations and BTF claim. The
// programs it does read go through the structural check, which must cope
// with whatever instructions the reader produced.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/ElfReader.h"
#include "ebpfc/Verifier.h"

using namespace ebpfc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::Expected<BpfObject> Obj =
      readElfObject("fuzz.o", llvm::ArrayRef<uint8_t>(Data, Size));
  if (!Obj) {
    llvm::consumeError(Obj.takeError());
    return 0;
  }
  for (Program &P : Obj->Programs)
    (void)checkStructure(P);
  return 0;
}
