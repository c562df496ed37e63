//===- FuzzVerifier.cpp - Fuzz the verifier against the interpreter -------===//
//
// libFuzzer target: the input is an instruction stream. Its length picks
// the program type: a whole number of instructions is a raw program, and
// trailing bytes that do not fill an instruction (dropped) make it an XDP
// program, with the context, the XDP helpers and bpf_loop's callbacks. The
// verifier must accept or reject it without crashing, hanging or running out
// of memory. When it accepts, the program is safe by the verifier's proof,
// so the reference interpreter, which checks every access against the memory
// it was given, runs it (raw: on a 64-byte block, the size the verifier was
// told; XDP: on a 64-byte packet in a kernel-sized buffer) and must never
// stop with an out-of-bounds access, an undecodable instruction, a jump out
// of the program, too deep a call stack or an unknown helper: any of those
// is a verifier bug, and aborts. AddressSanitizer watches the rest.
//
// Only the verifier and the runtime are linked: no LLVM.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Verifier.h"
#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace ebpfc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  Program P;
  P.Name = "fuzz";
  bool Xdp = Size % 8 != 0;
  P.Section = Xdp ? "xdp" : "raw";
  P.Type = Xdp ? ProgramType::Xdp : ProgramType::Raw;
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
  size_t BlockSize = Xdp ? size_t(EBPF_XDP_BUFFER_SIZE) : MemSize;
  uint8_t *Mem = static_cast<uint8_t *>(std::malloc(BlockSize));
  for (size_t I = 0; I < BlockSize; ++I)
    Mem[I] = uint8_t(I * 7 + 1);
  ebpf_mem_region Region = {reinterpret_cast<uint64_t>(Mem), MemSize, true};
  ebpf_xdp_md Ctx;
  ebpf_interp_env Env = {};
  Env.insn_limit = 1000000;
  std::unique_ptr<bool[]> InlinedLoops(new bool[P.Insns.size() + 1]());
  for (size_t Pc = 0; Pc < P.Insns.size(); ++Pc)
    InlinedLoops[Pc] = Verdict.Verified.Facts[Pc].InlinedLoop;
  Env.inlined_loops = InlinedLoops.get();
  uint64_t R1 = reinterpret_cast<uint64_t>(Mem), R2 = MemSize;
  if (Xdp) {
    if (ebpf_xdp_md_init(&Ctx, Mem, BlockSize, EBPF_XDP_PACKET_HEADROOM, 64)) {
      std::fprintf(stderr, "cannot build the XDP context\n");
      std::abort();
    }
    Env.type = EBPF_PROG_XDP;
    Env.ctx = &Ctx;
    R1 = reinterpret_cast<uint64_t>(&Ctx);
    R2 = 0;
  } else {
    Env.type = EBPF_PROG_RAW;
    Env.regions = &Region;
    Env.num_regions = 1;
  }
  ebpf_interp_result R =
      ebpf_interpret(P.Insns.data(), P.Insns.size(), &Env, R1, R2);
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
