//===- FuzzVerifier.cpp - Fuzz the verifier against the interpreter -------===//
//
// libFuzzer target: the input is a raw instruction stream (trailing bytes
// that do not fill an instruction are dropped). The verifier must accept or
// reject it without crashing, hanging or running out of memory. When it
// accepts, the program is safe by the verifier's proof, so the reference
// interpreter, which checks every access against the memory it was given,
// runs it on a 64-byte block (the size the verifier was told) and must
// never stop with an out-of-bounds access, an undecodable instruction, a
// jump out of the program, too deep a call stack or an unknown helper:
// any of those is a verifier bug, and aborts. AddressSanitizer watches the
// rest.
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

  constexpr size_t MemSize = 64;
  VerifyOptions Options;
  Options.MemSize = MemSize;
  // Small enough that a slow input is still quick; large enough for the
  // loops fuzzed programs write.
  Options.MaxProcessedInsns = 100000;
  Options.MaxStateComparisons = 1000000;
  VerifyResult Verdict = verify(P, Options);
  if (!Verdict)
    return 0;
  if (Verdict.Verified.Functions.empty() ||
      Verdict.Verified.Functions[0].Start != 0) {
    std::fprintf(stderr, "accepted program without an entry function\n");
    std::abort();
  }

  // A heap block sized exactly, so AddressSanitizer catches any access one
  // byte past it. The contents are a fixed pattern so runs are repeatable.
  uint8_t *Mem = static_cast<uint8_t *>(std::malloc(MemSize));
  for (size_t I = 0; I < MemSize; ++I)
    Mem[I] = uint8_t(I * 7 + 1);
  ebpf_mem_region Region = {reinterpret_cast<uint64_t>(Mem), MemSize, true};
  ebpf_interp_env Env = {};
  Env.type = EBPF_PROG_RAW;
  Env.regions = &Region;
  Env.num_regions = 1;
  Env.insn_limit = 1000000;
  ebpf_interp_result R =
      ebpf_interpret(P.Insns.data(), P.Insns.size(), &Env,
                     reinterpret_cast<uint64_t>(Mem), MemSize);
  std::free(Mem);

  switch (R.status) {
  case EBPF_INTERP_OK:
  case EBPF_INTERP_INSN_LIMIT: // a verified loop may still run long
    break;
  default:
    std::fprintf(stderr,
                 "the interpreter stopped at insn %zu (%s, address 0x%llx) on "
                 "a program the verifier accepted\n",
                 R.pc, ebpf_interp_status_string(R.status),
                 (unsigned long long)R.address);
    std::abort();
  }
  return 0;
}
