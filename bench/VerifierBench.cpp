//===- VerifierBench.cpp - How long verification takes -------------------===//
//
// ebpfc-verifier-bench times verify() on programs made to stress each part
// of the analysis, and on the real clang-built objects of the kernel
// differential tests (test/kernel/programs, built with the tests):
//
//   straight_line/N   N arithmetic instructions and stack traffic, no branch
//   diamonds/N        N independent if/else pairs: 2^N paths without pruning
//   nested_loops/N    three bounded loops of N iterations, one in another
//   packet_parser     a parser of the shape real XDP programs have
//   object:FILE/PROG  every program of every object found
//
// Each benchmark reports the instructions the verifier processed and the
// states it stored as counters, so a change in pruning shows up next to a
// change in time.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Assembler.h"
#include "ebpfc/ElfReader.h"
#include "ebpfc/Verifier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace ebpfc;

namespace {

Program assembleOrDie(const std::string &Asm, uint64_t &MemSize,
                      uint64_t Size) {
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble(Asm);
  if (!Insns) {
    llvm::errs() << "ebpfc-verifier-bench: " << toString(Insns.takeError())
                 << "\n";
    std::exit(1);
  }
  Program P;
  P.Name = "bench";
  P.Section = "raw";
  P.Type = ProgramType::Raw;
  P.Insns = std::move(*Insns);
  MemSize = Size;
  return P;
}

void runVerifier(benchmark::State &State, const Program &P,
                 const VerifyOptions &Options) {
  VerifyResult R = verify(P, Options);
  if (R.Error) {
    State.SkipWithError(("rejected: " + R.Error->Message).c_str());
    return;
  }
  for (auto _ : State) {
    VerifyResult Again = verify(P, Options);
    benchmark::DoNotOptimize(Again);
  }
  State.counters["insns"] = double(P.Insns.size());
  State.counters["processed"] = double(R.Stats.ProcessedInsns);
  State.counters["states"] = double(R.Stats.States);
  State.counters["compared"] = double(R.Stats.Comparisons);
}

std::string straightLine(unsigned N) {
  std::string Asm = "mov %r0, 0\nmov %r2, 1\n";
  for (unsigned I = 0; I < N / 4; ++I)
    Asm += "add %r0, %r2\nmul %r2, 3\nstxdw [%r10-8], %r0\n"
           "ldxdw %r3, [%r10-8]\n";
  return Asm + "exit\n";
}

std::string diamonds(unsigned N) {
  std::string Asm = "ldxdw %r2, [%r1+0]\nmov %r0, 0\n";
  for (unsigned I = 0; I < N; ++I)
    Asm += "jset %r2, " + std::to_string(1u << (I % 31)) +
           ", +2\nadd %r0, 1\nja +1\nadd %r0, 2\n";
  return Asm + "exit\n";
}

std::string nestedLoops(unsigned N) {
  std::string Bound = std::to_string(N);
  return "mov %r0, 0\nmov %r2, 0\n"
         "outer:\nmov %r3, 0\n"
         "middle:\nmov %r4, 0\n"
         "inner:\nadd %r0, %r4\nadd %r4, 1\njlt %r4, " +
         Bound +
         ", inner\n"
         "add %r3, 1\njlt %r3, " +
         Bound +
         ", middle\n"
         "add %r2, 1\njlt %r2, " +
         Bound + ", outer\nexit\n";
}

/// Headers of varying length and several protocols, each checked against
/// the block's end before it is read, as an XDP parser checks data_end.
std::string packetParser() {
  return "mov %r0, 0\n"
         "jlt %r2, 14, out\n"
         "ldxh %r3, [%r1+12]\n"
         "mov %r4, 14\n"
         "jne %r3, 0x81, ip\n" // VLAN
         "jlt %r2, 18, out\n"
         "ldxh %r3, [%r1+16]\n"
         "mov %r4, 18\n"
         "ip:\n"
         "jne %r3, 0x8, out\n"
         "mov %r5, %r4\n"
         "add %r5, 20\n"
         "jgt %r5, %r2, out\n"
         "mov %r6, %r1\n"
         "add %r6, %r4\n"
         "ldxb %r7, [%r6+9]\n"
         "ldxb %r8, [%r6+0]\n"
         "and %r8, 0xf\n"
         "lsh %r8, 2\n"
         "jlt %r8, 20, out\n"
         "jeq %r7, 6, tcp\n"
         "jeq %r7, 17, udp\n"
         "mov %r0, 1\n"
         "ja out\n"
         "tcp:\n"
         "mov %r0, 2\n"
         "ja out\n"
         "udp:\n"
         "mov %r0, 3\n"
         "out:\n"
         "exit\n";
}

void registerGenerated() {
  struct Generated {
    std::string Name;
    std::string Asm;
    uint64_t MemSize;
  };
  std::vector<Generated> All = {
      {"straight_line/1000", straightLine(1000), 8},
      {"straight_line/100000", straightLine(100000), 8},
      {"diamonds/20", diamonds(20), 8},
      {"diamonds/200", diamonds(200), 8},
      {"nested_loops/10", nestedLoops(10), 8},
      {"nested_loops/30", nestedLoops(30), 8},
      {"packet_parser", packetParser(), 1500},
  };
  for (Generated &G : All) {
    uint64_t MemSize;
    Program P = assembleOrDie(G.Asm, MemSize, G.MemSize);
    benchmark::RegisterBenchmark(G.Name.c_str(),
                                 [P, MemSize](benchmark::State &State) {
                                   VerifyOptions Options;
                                   Options.MemSize = MemSize;
                                   runVerifier(State, P, Options);
                                 });
  }
}

/// Every program of every BPF object in DIR.
void registerObjects(const std::string &Dir) {
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".o"))
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(It->path());
    if (!Buffer)
      continue;
    llvm::ArrayRef<uint8_t> Bytes(
        reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
        (*Buffer)->getBufferSize());
    llvm::Expected<BpfObject> Obj = readElfObject(It->path(), Bytes);
    if (!Obj) {
      llvm::consumeError(Obj.takeError());
      continue;
    }
    auto Shared = std::make_shared<BpfObject>(std::move(*Obj));
    for (const Program &P : Shared->Programs) {
      std::string Name =
          "object:" + llvm::sys::path::filename(It->path()).str() + "/" +
          P.Name;
      benchmark::RegisterBenchmark(Name.c_str(),
                                   [Shared, &P](benchmark::State &State) {
                                     VerifyOptions Options;
                                     Options.Maps = &Shared->Maps;
                                     runVerifier(State, P, Options);
                                   });
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  registerGenerated();
  registerObjects(EBPFC_BENCH_OBJECTS_DIR);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
