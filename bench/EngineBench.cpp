//===- EngineBench.cpp - Compiled vs interpreted vs native BPF ------------===//
//
// ebpfc-bench times each raw program in bench/programs three ways in one
// run: compiled by ebpfc's JIT at -O2, run by the reference interpreter, and
// as the same logic written in C (native.c, clang -O2). All three get the
// same 1500-byte block (an Ethernet MTU's worth of text-like bytes, made
// from a fixed seed at startup, so no compiler sees it as a constant).
//
// Before anything is timed, every program runs once in each engine and the
// three results must agree; a mismatch aborts the run. This only keeps the
// figures honest (a miscompiled program can be fast); the tests live in
// test/. After the usual table, a summary prints each program's CPU time per
// run in every engine and the ratios compiled:native and
// interpreted:compiled.
//
// The Linux kernel's JIT is not among the engines: BPF_PROG_TEST_RUN runs
// program types with a packet or context argument, not raw programs.
//
// Extra option: --write-bytecode=DIR writes each program as raw bytecode
// (DIR/NAME.bin), for `ebpfc --raw -S --emit-llvm DIR/NAME.bin -o -`.
//
//===----------------------------------------------------------------------===//
#include "native.h"

#include "ebpfc/Assembler.h"
#include "ebpfc/Jit.h"
#include "ebpfc/Program.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ebpfc;

namespace {

constexpr size_t BlockSize = 1500;

using NativeFn = uint64_t (*)(const uint8_t *, uint64_t);

struct BenchProgram {
  const char *Name; ///< also the file bench/programs/NAME.s
  NativeFn Native;
};

const BenchProgram Programs[] = {
    {"fnv1a", native_fnv1a},
    {"checksum", native_checksum},
    {"count_byte", native_count_byte},
    {"classify", native_classify},
};

const char *const Engines[] = {"compiled", "interpreted", "native"};

[[noreturn]] void fatal(const llvm::Twine &Message) {
  llvm::errs() << "ebpfc-bench: error: " << Message << "\n";
  std::exit(1);
}

void exitOnError(llvm::Error E, const llvm::Twine &Context) {
  if (E)
    fatal(Context + ": " + llvm::toString(std::move(E)));
}

/// Text-like bytes: mostly lower-case words and spaces, with some of every
/// class classify.s tells apart, so its compare chain takes all its paths
/// but mostly the common ones, as with real text.
std::vector<uint8_t> makeBlock(size_t Size) {
  uint64_t State = 0x5eed0fb10c4b1e5ull;
  auto Next = [&State] { // splitmix64: the same bytes on every platform
    uint64_t Z = (State += 0x9e3779b97f4a7c15ull);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
    return Z ^ (Z >> 31);
  };
  static const char Punctuation[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  std::vector<uint8_t> Block(Size);
  for (uint8_t &Byte : Block) {
    uint64_t R = Next();
    unsigned Pick = R % 100;
    R /= 100;
    if (Pick < 66)
      Byte = 'a' + R % 26;
    else if (Pick < 80)
      Byte = ' ';
    else if (Pick < 85)
      Byte = 'A' + R % 26;
    else if (Pick < 89)
      Byte = '0' + R % 10;
    else if (Pick < 93)
      Byte = Punctuation[R % (sizeof(Punctuation) - 1)];
    else if (Pick < 95)
      Byte = '\n';
    else if (Pick < 96)
      Byte = '\t';
    else if (Pick < 97)
      Byte = R % 0x20; // control characters (some are whitespace)
    else if (Pick < 98)
      Byte = 0x7f;
    else
      Byte = 0x80 + R % 0x80;
  }
  return Block;
}

Program loadProgram(const BenchProgram &P) {
  std::string Path =
      std::string(EBPFC_BENCH_PROGRAMS_DIR) + "/" + P.Name + ".s";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Text)
    fatal(Path + ": " + Text.getError().message());
  llvm::Expected<std::vector<ebpf_insn>> Insns = assemble((*Text)->getBuffer());
  if (!Insns)
    exitOnError(Insns.takeError(), Path);
  Program Prog;
  Prog.Name = P.Name;
  Prog.Section = "raw";
  Prog.Type = ProgramType::Raw;
  Prog.Insns = std::move(*Insns);
  return Prog;
}

void writeBytecode(const Program &Prog, llvm::StringRef Dir) {
  llvm::SmallString<128> Path(Dir);
  llvm::sys::path::append(Path, Prog.Name + ".bin");
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    fatal(Path + ": " + EC.message());
  for (const ebpf_insn &Insn : Prog.Insns) { // little-endian slots
    uint8_t Bytes[8] = {Insn.opcode,
                        Insn.regs,
                        uint8_t(uint16_t(Insn.offset)),
                        uint8_t(uint16_t(Insn.offset) >> 8),
                        uint8_t(uint32_t(Insn.imm)),
                        uint8_t(uint32_t(Insn.imm) >> 8),
                        uint8_t(uint32_t(Insn.imm) >> 16),
                        uint8_t(uint32_t(Insn.imm) >> 24)};
    OS.write(reinterpret_cast<const char *>(Bytes), sizeof(Bytes));
  }
}

/// One program, ready to run in each engine on one block.
struct PreparedProgram {
  std::string Name;
  std::vector<ebpf_insn> Insns;
  RawProgramFn Compiled;
  NativeFn Native;
  ebpf_mem_region Region;
  ebpf_interp_env Env;

  uint64_t runCompiled(uint8_t *Block) const {
    return Compiled(Block, BlockSize);
  }
  uint64_t runInterpreted(uint8_t *Block) const {
    ebpf_interp_result R =
        ebpf_interpret(Insns.data(), Insns.size(), &Env,
                       reinterpret_cast<uintptr_t>(Block), BlockSize);
    if (R.status != EBPF_INTERP_OK)
      fatal(Name + ": interpreter stopped at insn " + llvm::Twine(R.pc) + ": " +
            ebpf_interp_status_string(R.status));
    return R.r0;
  }
  uint64_t runNative(uint8_t *Block) const { return Native(Block, BlockSize); }
};

/// The correctness guard: all three engines must compute the same value.
void checkAgreement(const PreparedProgram &P, uint8_t *Block) {
  uint64_t Compiled = P.runCompiled(Block);
  uint64_t Interpreted = P.runInterpreted(Block);
  uint64_t Native = P.runNative(Block);
  if (Compiled != Interpreted || Compiled != Native)
    fatal(P.Name + ": the engines disagree on the input block: compiled " +
          llvm::Twine(Compiled) + ", interpreted " + llvm::Twine(Interpreted) +
          ", native " + llvm::Twine(Native));
}

using EngineRun = uint64_t (PreparedProgram::*)(uint8_t *) const;

/// The timed loop: one run of \p P in one engine per iteration.
void timeRuns(benchmark::State &State, const PreparedProgram *P, EngineRun Run,
              uint8_t *Block) {
  for (auto _ : State) {
    // The block's address is opaque to the optimizer on every run, so no
    // engine's call can be hoisted out of the loop or its result reused.
    benchmark::DoNotOptimize(Block);
    uint64_t Result = (P->*Run)(Block);
    benchmark::DoNotOptimize(Result);
  }
  State.SetItemsProcessed(State.iterations());
  State.SetBytesProcessed(State.iterations() * BlockSize);
}

/// NAME/compiled, NAME/interpreted, NAME/native, next to each other.
void registerBenchmarks(const PreparedProgram &P, uint8_t *Block) {
  const EngineRun Runs[] = {&PreparedProgram::runCompiled,
                            &PreparedProgram::runInterpreted,
                            &PreparedProgram::runNative};
  for (size_t E = 0; E < std::size(Engines); ++E)
    benchmark::RegisterBenchmark((P.Name + "/" + Engines[E]).c_str(), timeRuns,
                                 &P, Runs[E], Block)
        ->Unit(benchmark::kNanosecond);
}

/// The console table, then a summary of each program across the engines.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
  using ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<Run> &Runs) override {
    ConsoleReporter::ReportRuns(Runs);
    for (const Run &R : Runs) {
      if (R.error_occurred)
        continue;
      double Ns = R.GetAdjustedCPUTime() /
                  benchmark::GetTimeUnitMultiplier(R.time_unit) * 1e9;
      // With --benchmark_report_aggregates_only only the aggregates arrive.
      if (R.run_type == Run::RT_Iteration)
        Times[R.run_name.function_name].push_back(Ns);
      else if (R.aggregate_name == "median")
        Medians[R.run_name.function_name] = Ns;
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::ostream &Out = GetOutputStream();
    Out << "\nCPU time per run (" << BlockSize
        << "-byte block; the median if repeated):\n";
    Out << format("%-12s %12s %12s %12s %16s %21s\n", "program", "compiled",
                  "interpreted", "native", "compiled:native",
                  "interpreted:compiled");
    for (const BenchProgram &P : Programs) {
      double Ns[3];
      bool Any = false;
      for (int E = 0; E < 3; ++E) {
        Ns[E] = median(std::string(P.Name) + "/" + Engines[E]);
        Any |= Ns[E] > 0;
      }
      if (!Any)
        continue;
      Out << format("%-12s", P.Name);
      for (double V : Ns)
        Out << cell(V, "%.0f ns", 12);
      Out << cell(Ns[0] > 0 && Ns[2] > 0 ? Ns[0] / Ns[2] : 0, "%.2fx", 16)
          << cell(Ns[1] > 0 && Ns[0] > 0 ? Ns[1] / Ns[0] : 0, "%.1fx", 21)
          << "\n";
    }
    Out.flush();
  }

private:
  double median(const std::string &Name) {
    if (auto M = Medians.find(Name); M != Medians.end())
      return M->second;
    auto It = Times.find(Name);
    if (It == Times.end() || It->second.empty())
      return 0;
    std::vector<double> V = It->second;
    std::sort(V.begin(), V.end());
    size_t N = V.size();
    return N % 2 ? V[N / 2] : (V[N / 2 - 1] + V[N / 2]) / 2;
  }

  template <typename... Ts>
  static std::string format(const char *Format, Ts... Values) {
    char Buffer[128];
    std::snprintf(Buffer, sizeof(Buffer), Format, Values...);
    return Buffer;
  }

  /// " V" right-aligned in \p Width columns, or "-" if V was not measured
  /// (a --benchmark_filter left that engine out).
  static std::string cell(double V, const char *Format, int Width) {
    std::string Text = V > 0 ? format(Format, V) : "-";
    return format(" %*s", Width, Text.c_str());
  }

  std::map<std::string, std::vector<double>> Times;
  std::map<std::string, double> Medians;
};

} // namespace

int main(int argc, char **argv) {
  // Our own options go before benchmark::Initialize, which rejects them.
  std::string BytecodeDir;
  bool ConsoleOutput = true;
  std::vector<char *> Args;
  for (int I = 0; I < argc; ++I) {
    llvm::StringRef Arg(argv[I]);
    if (Arg.consume_front("--write-bytecode=")) {
      BytecodeDir = Arg.str();
      continue;
    }
    if (Arg.starts_with("--benchmark_format=") &&
        Arg != "--benchmark_format=console")
      ConsoleOutput = false;
    Args.push_back(argv[I]);
  }
  int ArgCount = static_cast<int>(Args.size());
  benchmark::Initialize(&ArgCount, Args.data());
  if (benchmark::ReportUnrecognizedArguments(ArgCount, Args.data()))
    return 2;

  BpfObject Obj;
  Obj.Path = "bench-programs";
  for (const BenchProgram &P : Programs)
    Obj.Programs.push_back(loadProgram(P));

  if (!BytecodeDir.empty()) {
    exitOnError(
        llvm::errorCodeToError(llvm::sys::fs::create_directories(BytecodeDir)),
        BytecodeDir);
    for (const Program &Prog : Obj.Programs)
      writeBytecode(Prog, BytecodeDir);
  }

  llvm::Expected<std::unique_ptr<JitSession>> Jit =
      JitSession::create(Obj, /*OptLevel=*/2, BlockSize);
  if (!Jit)
    exitOnError(Jit.takeError(), "compiling the benchmark programs");

  std::vector<uint8_t> Block = makeBlock(BlockSize);
  // Stable addresses: the benchmarks hold pointers into this vector.
  std::vector<PreparedProgram> Prepared(std::size(Programs));
  for (size_t I = 0; I < std::size(Programs); ++I) {
    PreparedProgram &P = Prepared[I];
    P.Name = Programs[I].Name;
    P.Insns = Obj.Programs[I].Insns;
    llvm::Expected<RawProgramFn> Fn = (*Jit)->lookupRaw(P.Name);
    if (!Fn)
      exitOnError(Fn.takeError(), P.Name);
    P.Compiled = *Fn;
    P.Native = Programs[I].Native;
    P.Region = {reinterpret_cast<uintptr_t>(Block.data()), BlockSize,
                /*writable=*/false};
    P.Env = {};
    P.Env.type = EBPF_PROG_RAW;
    P.Env.regions = &P.Region;
    P.Env.num_regions = 1;
    checkAgreement(P, Block.data());
    registerBenchmarks(P, Block.data());
  }

  benchmark::AddCustomContext("block_bytes", std::to_string(BlockSize));
  benchmark::AddCustomContext("ebpfc_opt_level", "2");
  benchmark::AddCustomContext("ebpfc_build_type", EBPFC_BENCH_BUILD_TYPE);
  benchmark::AddCustomContext("native_cc", EBPFC_BENCH_NATIVE_CC);

  if (ConsoleOutput) {
    auto Options = isatty(STDOUT_FILENO)
                       ? benchmark::ConsoleReporter::OO_ColorTabular
                       : benchmark::ConsoleReporter::OO_Tabular;
    SummaryReporter Reporter(Options);
    benchmark::RunSpecifiedBenchmarks(&Reporter);
  } else {
    benchmark::RunSpecifiedBenchmarks();
  }
  benchmark::Shutdown();
  return 0;
}
