//===- ebpf-run.cpp - Run one BPF program, like `bpftool prog run` --------===//
//
// `ebpf-run OBJECT [options]` compiles a program in process (or runs it on
// the reference interpreter with --interpret) on input data and prints
// `Return value: N, duration (average): Tns`, the line bpftool prints for
// BPF_PROG_TEST_RUN.
//
// With --conformance-plugin it is instead a plugin of the BPF conformance
// suite's runner, which starts it as `ebpf-run MEMHEX OPTIONS`: MEMHEX is
// the input memory as hex bytes (possibly an empty argument), OPTIONS one
// argument holding the plugin options, and standard input the program's
// bytes as hex. It prints r0 in hex, or a message and exits 1.
//
// Exit codes: 0 success, 1 the program could not be read, compiled or run,
// 2 a usage error.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Compiler.h"
#include "ebpfc/ElfReader.h"
#include "ebpfc/Jit.h"
#include "ebpfc/RawReader.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;
using namespace ebpfc;

namespace {

enum ExitCode { ExitSuccess = 0, ExitRunError = 1, ExitUsageError = 2 };

cl::OptionCategory RunCategory("ebpf-run options");

cl::opt<std::string> InputPath(cl::Positional, cl::desc("<object>"),
                               cl::cat(RunCategory));
cl::opt<std::string> ProgramName("program",
                                 cl::desc("The program to run (needed when "
                                          "the object has several)"),
                                 cl::value_desc("name"), cl::cat(RunCategory));
cl::opt<std::string> TypeName("type",
                              cl::desc("Program type: raw (default for "
                                       "--raw input), xdp, socket, tc"),
                              cl::value_desc("type"), cl::cat(RunCategory));
cl::opt<bool> RawInput("raw", cl::desc("The input is raw bytecode"),
                       cl::cat(RunCategory));
cl::opt<std::string> DataIn("data-in",
                            cl::desc("Input data (for raw programs: the "
                                     "memory block r1 points at)"),
                            cl::value_desc("file"), cl::cat(RunCategory));
cl::opt<std::string> DataOut("data-out",
                             cl::desc("Write the data after the run"),
                             cl::value_desc("file"), cl::cat(RunCategory));
cl::opt<unsigned> Repeat("repeat",
                         cl::desc("Run N times; report the "
                                  "average duration"),
                         cl::init(1), cl::value_desc("N"),
                         cl::cat(RunCategory));
cl::opt<bool> Interpret("interpret",
                        cl::desc("Run on the reference interpreter"),
                        cl::cat(RunCategory));
cl::opt<char> OptLevel("O",
                       cl::desc("Optimization level for compiling: "
                                "-O0 .. -O3 (default -O2)"),
                       cl::Prefix, cl::init('2'), cl::cat(RunCategory));
cl::opt<bool> ConformancePlugin(
    "conformance-plugin",
    cl::desc("Speak the BPF conformance suite's plugin protocol"),
    cl::cat(RunCategory));

[[noreturn]] void fail(int Code, const Twine &Message) {
  WithColor::error(errs(), "ebpf-run") << Message << "\n";
  exit(Code);
}

[[noreturn]] void fail(Error E) {
  std::string Message = toString(std::move(E));
  fail(ExitRunError, Message);
}

void printVersion(raw_ostream &OS) {
  OS << "ebpf-run (ebpfc) version " EBPFC_VERSION "\n";
}

/// A program ready to run on a memory block, on either engine.
struct Runner {
  std::unique_ptr<JitSession> Jit;
  RawProgramFn Native = nullptr;
  const Program *Prog = nullptr;

  Expected<uint64_t> run(std::vector<uint8_t> &Mem) const {
    void *Data = Mem.empty() ? nullptr : Mem.data();
    if (Native)
      return Native(Data, Mem.size());
    ebpf_mem_region Region = {reinterpret_cast<uint64_t>(Data), Mem.size(),
                              true};
    ebpf_interp_env Env = {};
    Env.type = static_cast<ebpf_prog_type>(Prog->Type);
    Env.regions = &Region;
    Env.num_regions = Mem.empty() ? 0 : 1;
    ebpf_interp_result R =
        ebpf_interpret(Prog->Insns.data(), Prog->Insns.size(), &Env,
                       reinterpret_cast<uint64_t>(Data), Mem.size());
    if (R.status != EBPF_INTERP_OK)
      return createStringError(inconvertibleErrorCode(), "%s: insn %zu: %s",
                               Prog->Name.c_str(), R.pc,
                               ebpf_interp_status_string(R.status));
    return R.r0;
  }
};

/// Prepares PROG (a program of OBJ) for running; checks it first either way.
Expected<Runner> prepare(BpfObject &Obj, const Program &Prog, bool UseInterp,
                         unsigned Opt) {
  if (Prog.Type != ProgramType::Raw)
    return createStringError(
        inconvertibleErrorCode(), "%s: program type '%s' cannot be run yet",
        Prog.Name.c_str(), std::string(programTypeName(Prog.Type)).c_str());
  Runner R;
  R.Prog = &Prog;
  // The interpreter gets the same checks the compiler runs first.
  if (UseInterp) {
    if (Error E = verifyObject(Obj))
      return std::move(E);
    return std::move(R);
  }
  Expected<std::unique_ptr<JitSession>> Jit = JitSession::create(Obj, Opt);
  if (!Jit)
    return Jit.takeError();
  Expected<RawProgramFn> Fn = (*Jit)->lookupRaw(Prog.Name);
  if (!Fn)
    return Fn.takeError();
  R.Native = *Fn;
  R.Jit = std::move(*Jit);
  return std::move(R);
}

std::vector<uint8_t> bytesOf(const MemoryBuffer &Buffer) {
  return std::vector<uint8_t>(Buffer.getBufferStart(), Buffer.getBufferEnd());
}

/// Parses whitespace-separated two-digit hex bytes (the plugin protocol).
Expected<std::vector<uint8_t>> parseHexBytes(StringRef Text) {
  std::vector<uint8_t> Bytes;
  SmallVector<StringRef, 64> Words;
  Text.split(Words, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef Word : Words) {
    Word = Word.trim();
    if (Word.empty())
      continue;
    // Accept runs of digits without separators too: "b7000000...".
    if (Word.size() % 2 != 0)
      return createStringError(inconvertibleErrorCode(),
                               "invalid hex byte '%s'", Word.str().c_str());
    for (size_t I = 0; I < Word.size(); I += 2) {
      uint8_t B;
      if (Word.substr(I, 2).getAsInteger(16, B))
        return createStringError(inconvertibleErrorCode(),
                                 "invalid hex byte '%s'",
                                 Word.substr(I, 2).str().c_str());
      Bytes.push_back(B);
    }
  }
  return Bytes;
}

/// The conformance suite's plugin protocol; see the file comment.
int runPlugin(ArrayRef<std::string> Args) {
  std::string MemHex;
  bool UseInterp = false, ElfInput = false;
  bool SawMemory = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "--conformance-plugin")
      continue;
    if (A == "--interpret") {
      UseInterp = true;
    } else if (A == "--elf") {
      if (I + 1 < Args.size() &&
          (Args[I + 1] == "true" || Args[I + 1] == "false"))
        ElfInput = Args[++I] == "true";
      else
        ElfInput = true;
    } else if (A.starts_with("-")) {
      fail(ExitUsageError, "unknown plugin option '" + A + "'");
    } else if (!SawMemory) {
      MemHex = A.str();
      SawMemory = true;
    } else {
      MemHex += " " + A.str();
    }
  }

  Expected<std::vector<uint8_t>> Mem = parseHexBytes(MemHex);
  if (!Mem)
    fail(Mem.takeError());
  ErrorOr<std::unique_ptr<MemoryBuffer>> Stdin = MemoryBuffer::getSTDIN();
  if (!Stdin)
    fail(ExitRunError, "cannot read standard input");
  Expected<std::vector<uint8_t>> Code =
      parseHexBytes((*Stdin)->getBuffer().trim());
  if (!Code)
    fail(Code.takeError());

  Expected<BpfObject> Obj =
      ElfInput ? readElfObject("<stdin>", *Code)
               : readRawBytecode("<stdin>", *Code, ProgramType::Raw);
  if (!Obj)
    fail(Obj.takeError());
  if (Obj->Programs.empty())
    fail(ExitRunError, "no program in the input");
  // An ELF object with one function: whatever its section says, the suite
  // runs it as a raw program.
  Obj->Programs.resize(1);
  Obj->Programs[0].Type = ProgramType::Raw;
  Expected<Runner> R = prepare(*Obj, Obj->Programs[0], UseInterp, 2);
  if (!R)
    fail(R.takeError());
  Expected<uint64_t> R0 = R->run(*Mem);
  if (!R0)
    fail(R0.takeError());
  outs() << format_hex_no_prefix(*R0, 1) << "\n";
  return ExitSuccess;
}

/// The plugin options arrive as one argument ("--conformance-plugin
/// --interpret"), so split every argument on white space to find them.
std::optional<std::vector<std::string>> pluginArguments(int argc, char **argv) {
  std::vector<std::string> Args;
  bool IsPlugin = false;
  for (int I = 1; I < argc; ++I) {
    StringRef A(argv[I]);
    if (!A.trim().starts_with("-")) {
      Args.push_back(A.str()); // the memory, kept whole
      continue;
    }
    SmallVector<StringRef, 4> Words;
    A.split(Words, ' ', -1, false);
    for (StringRef W : Words) {
      IsPlugin |= W.trim() == "--conformance-plugin";
      Args.push_back(W.trim().str());
    }
  }
  if (!IsPlugin)
    return std::nullopt;
  return Args;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  if (std::optional<std::vector<std::string>> Args =
          pluginArguments(argc, argv))
    return runPlugin(*Args);

  cl::HideUnrelatedOptions(RunCategory);
  cl::SetVersionPrinter(printVersion);
  std::string ParseErrors;
  raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "ebpf-run: run a BPF program, like `bpftool prog run`\n\n"
          "  ebpf-run OBJECT [options]\n",
          &ParseErrorStream)) {
    errs() << ParseErrorStream.str() << "Run 'ebpf-run --help' for usage.\n";
    return ExitUsageError;
  }
  if (InputPath.empty())
    fail(ExitUsageError, "no input file");
  if (OptLevel < '0' || OptLevel > '3')
    fail(ExitUsageError,
         Twine("invalid optimization level -O") + Twine(char(OptLevel)));
  if (Repeat == 0)
    fail(ExitUsageError, "--repeat must be at least 1");
  std::optional<ProgramType> Type;
  if (!TypeName.empty()) {
    Type = parseProgramType(TypeName);
    if (!Type)
      fail(ExitUsageError, "unknown program type '" + TypeName + "'");
  }

  ErrorOr<std::unique_ptr<MemoryBuffer>> Input = MemoryBuffer::getFile(
      InputPath, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Input)
    fail(ExitRunError, InputPath + ": " + Input.getError().message());
  std::vector<uint8_t> Bytes = bytesOf(**Input);
  Expected<BpfObject> Obj =
      RawInput
          ? readRawBytecode(InputPath, Bytes, Type.value_or(ProgramType::Raw))
          : readElfObject(InputPath, Bytes);
  if (!Obj)
    fail(Obj.takeError());

  // Pick the program, and compile only that one.
  auto &Progs = Obj->Programs;
  if (ProgramName.empty() && Progs.size() != 1) {
    std::string Names;
    for (const Program &P : Progs)
      Names += " " + P.Name;
    fail(ExitUsageError, InputPath +
                             " has several programs; choose one "
                             "with --program:" +
                             Names);
  }
  auto It = ProgramName.empty() ? Progs.begin()
                                : std::find_if(Progs.begin(), Progs.end(),
                                               [](const Program &P) {
                                                 return P.Name == ProgramName;
                                               });
  if (It == Progs.end())
    fail(ExitRunError, InputPath + ": no program named '" + ProgramName + "'");
  Program Chosen = std::move(*It);
  Progs.clear();
  Progs.push_back(std::move(Chosen));
  if (Type)
    Progs[0].Type = *Type;

  std::vector<uint8_t> Mem;
  if (!DataIn.empty()) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Data = MemoryBuffer::getFile(
        DataIn, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!Data)
      fail(ExitRunError, DataIn + ": " + Data.getError().message());
    Mem = bytesOf(**Data);
  }

  Expected<Runner> R = prepare(*Obj, Progs[0], Interpret, OptLevel - '0');
  if (!R)
    fail(R.takeError());

  uint64_t R0 = 0;
  auto Start = std::chrono::steady_clock::now();
  for (unsigned I = 0; I < Repeat; ++I) {
    Expected<uint64_t> Result = R->run(Mem);
    if (!Result)
      fail(Result.takeError());
    R0 = *Result;
  }
  auto Elapsed = std::chrono::steady_clock::now() - Start;
  uint64_t AverageNs =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Elapsed).count() /
      Repeat;

  if (!DataOut.empty()) {
    std::error_code EC;
    raw_fd_ostream Out(DataOut, EC, sys::fs::OF_None);
    if (EC)
      fail(ExitRunError, DataOut + ": " + EC.message());
    Out.write(reinterpret_cast<const char *>(Mem.data()), Mem.size());
  }

  // Raw programs return all 64 bits of r0; the kernel's program types
  // return a 32-bit value, which bpftool prints unsigned.
  uint64_t Shown = Progs[0].Type == ProgramType::Raw ? R0 : uint32_t(R0);
  outs() << "Return value: " << Shown << ", duration (average): " << AverageNs
         << "ns\n";
  return ExitSuccess;
}
