//===- FuzzVerifier.cpp - Fuzz the structural check and the interpreter ---===//
//
// libFuzzer target: the input is a raw instruction stream (trailing bytes
// that do not fill an instruction are dropped). The structural check must
// accept or reject it without crashing; when it accepts, the reference
// interpreter runs the program with an instruction limit on a small memory
// block and must stay inside its frames and that block (AddressSanitizer
// watches). The interpreter must also agree with the check: a program the
// check accepted cannot hit an undecodable instruction, leave the program,
// or exceed the call depth, so those outcomes abort.
//
// Only the verifier and the runtime are linked: no LLVM.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Verifier.h"
#include "ebpfc/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace ebpfc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  Program P;
  P.Name = "fuzz";
  P.Section = "raw";
  P.Type = ProgramType::Raw;
  for (size_t Off = 0; Off + 8 <= Size; Off += 8)
    P.Insns.push_back(ebpf_insn_from_bytes(Data + Off));

  if (checkStructure(P))
    return 0;
  if (P.Functions.empty() || P.Functions[0].Start != 0) {
    std::fprintf(stderr, "accepted program without an entry function\n");
    std::abort();
  }

  // A heap block sized exactly, so AddressSanitizer catches any access one
  // byte past it. The contents are a fixed pattern so runs are repeatable.
  constexpr size_t MemSize = 64;
  uint8_t *Mem = static_cast<uint8_t *>(std::malloc(MemSize));
  for (size_t I = 0; I < MemSize; ++I)
    Mem[I] = uint8_t(I * 7 + 1);
  ebpf_mem_region Region = {reinterpret_cast<uint64_t>(Mem), MemSize, true};
  ebpf_interp_env Env = {};
  Env.type = EBPF_PROG_RAW;
  Env.regions = &Region;
  Env.num_regions = 1;
  Env.insn_limit = 100000;
  ebpf_interp_result R =
      ebpf_interpret(P.Insns.data(), P.Insns.size(), &Env,
                     reinterpret_cast<uint64_t>(Mem), MemSize);
  std::free(Mem);

  switch (R.status) {
  case EBPF_INTERP_BAD_INSN:
  case EBPF_INTERP_BAD_JUMP:
  case EBPF_INTERP_CALL_DEPTH:
    std::fprintf(stderr,
                 "the interpreter stopped at insn %zu (%s) on a program the "
                 "structural check accepted\n",
                 R.pc, ebpf_interp_status_string(R.status));
    std::abort();
  default:
    break;
  }
  return 0;
}
