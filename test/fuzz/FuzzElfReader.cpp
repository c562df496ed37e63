//===- FuzzElfReader.cpp - Fuzz the BPF ELF object reader -----------------===//
//
// libFuzzer target: the input is an ELF object. readElfObject must either
// read it or fail with an error, never crash or read out of bounds, whatever
// the headers, section tables, symbols, relocations and BTF claim. The
// programs it does read go through the verifier, with the maps the reader
// found, which must cope with whatever instructions and maps it produced.
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
  VerifyOptions Options;
  Options.Maps = &Obj->Maps;
  Options.MaxProcessedInsns = 100000;
  Options.MaxStateComparisons = 1000000;
  for (const Program &P : Obj->Programs)
    (void)verify(P, Options);
  return 0;
}
