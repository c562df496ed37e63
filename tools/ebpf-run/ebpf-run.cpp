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

#include "ObjectRun.h"

#include "ebpfc/ElfReader.h"
#include "ebpfc/RawReader.h"

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
using namespace ebpfrun;

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
cl::opt<std::string> CtxInPath("ctx-in",
                               cl::desc("The context struct (xdp_md or "
                                        "__sk_buff) to start from"),
                               cl::value_desc("file"), cl::cat(RunCategory));
cl::opt<std::string> MapsOut("maps-out",
                             cl::desc("Write every map's entries as JSON"),
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

std::vector<uint8_t> bytesOf(const MemoryBuffer &Buffer) {
  return std::vector<uint8_t>(Buffer.getBufferStart(), Buffer.getBufferEnd());
}

/// The bytes of PATH, or nothing for an empty PATH; exits on errors.
std::vector<uint8_t> readFileOrFail(StringRef Path) {
  if (Path.empty())
    return {};
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    fail(ExitRunError, Path + ": " + Buffer.getError().message());
  return bytesOf(**Buffer);
}

void writeFileOrFail(StringRef Path, function_ref<void(raw_ostream &)> Write) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (EC)
    fail(ExitRunError, Path + ": " + EC.message());
  Write(OS);
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
  RunOptions Opts;
  Opts.Interpret = UseInterp;
  Opts.MemSize = Mem->size();
  Expected<std::unique_ptr<ObjectRun>> R = ObjectRun::create(*Obj, 0, Opts);
  if (!R)
    fail(R.takeError());
  if (Error E = (*R)->setInput(*Mem, {}))
    fail(std::move(E));
  Expected<uint64_t> R0 = (*R)->run();
  if (!R0)
    fail(R0.takeError());
  outs() << format_hex_no_prefix(*R0, 1) << "\n";
  return ExitSuccess;
}

/// An ELF object for a machine other than BPF: ebpfc's own output.
bool isNativeObject(ArrayRef<uint8_t> Bytes) {
  constexpr uint16_t EM_BPF_ = 247;
  if (!isElfObject(Bytes) || Bytes.size() < 20)
    return false;
  uint16_t Machine = Bytes[5] == 2 ? uint16_t(Bytes[18] << 8 | Bytes[19])
                                   : uint16_t(Bytes[19] << 8 | Bytes[18]);
  return Machine != EM_BPF_;
}

/// Keeps only the program --program names (or the only one), so that only
/// it is compiled.
void selectProgram(BpfObject &Obj, std::optional<ProgramType> Type) {
  auto &Progs = Obj.Programs;
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
                                : llvm::find_if(Progs, [](const Program &P) {
                                    return P.Name == ProgramName;
                                  });
  if (It == Progs.end())
    fail(ExitRunError, InputPath + ": no program named '" + ProgramName + "'");
  Program Chosen = std::move(*It);
  Progs.clear();
  Progs.push_back(std::move(Chosen));
  if (Type)
    Progs[0].Type = *Type;
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
  std::vector<uint8_t> Data = readFileOrFail(DataIn);
  std::vector<uint8_t> CtxIn = readFileOrFail(CtxInPath);

  BpfObject Obj;
  std::unique_ptr<ObjectRun> R;
  if (!RawInput && isNativeObject(Bytes)) {
    if (Interpret)
      fail(ExitUsageError, InputPath + " is native code compiled by ebpfc; "
                                       "--interpret needs BPF bytecode");
    if (Type)
      fail(ExitUsageError, "--type does not apply to a compiled object; its "
                           "descriptor gives each program's type");
    Obj.Path = InputPath;
    Expected<std::unique_ptr<JitSession>> Jit =
        JitSession::loadNativeObject(InputPath, Bytes);
    if (!Jit)
      fail(Jit.takeError());
    Expected<std::unique_ptr<ObjectRun>> Run =
        ObjectRun::createNative(std::move(*Jit), ProgramName, Obj);
    if (!Run)
      fail(Run.takeError());
    R = std::move(*Run);
  } else {
    Expected<BpfObject> Read =
        RawInput
            ? readRawBytecode(InputPath, Bytes, Type.value_or(ProgramType::Raw))
            : readElfObject(InputPath, Bytes);
    if (!Read)
      fail(Read.takeError());
    Obj = std::move(*Read);
    selectProgram(Obj, Type);
    RunOptions Opts;
    Opts.Interpret = Interpret;
    Opts.OptLevel = OptLevel - '0';
    Opts.MemSize = Data.size(); // a raw program's memory is the data
    Expected<std::unique_ptr<ObjectRun>> Run = ObjectRun::create(Obj, 0, Opts);
    if (!Run)
      fail(Run.takeError());
    R = std::move(*Run);
  }
  if (Error E = R->setInput(Data, CtxIn))
    fail(std::move(E));

  uint64_t R0 = 0;
  auto Start = std::chrono::steady_clock::now();
  for (unsigned I = 0; I < Repeat; ++I) {
    Expected<uint64_t> Result = R->run();
    if (!Result)
      fail(Result.takeError());
    R0 = *Result;
  }
  auto Elapsed = std::chrono::steady_clock::now() - Start;
  uint64_t AverageNs =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Elapsed).count() /
      Repeat;

  if (!DataOut.empty()) {
    std::vector<uint8_t> Out = R->dataOut();
    writeFileOrFail(DataOut, [&](raw_ostream &OS) {
      OS.write(reinterpret_cast<const char *>(Out.data()), Out.size());
    });
  }
  if (!MapsOut.empty())
    writeFileOrFail(MapsOut, [&](raw_ostream &OS) { R->writeMapsJson(OS); });

  // Raw programs return all 64 bits of r0; the kernel's program types
  // return a 32-bit value, which bpftool prints unsigned.
  uint64_t Shown = R->program().Type == ProgramType::Raw ? R0 : uint32_t(R0);
  outs() << "Return value: " << Shown << ", duration (average): " << AverageNs
         << "ns\n";
  return ExitSuccess;
}
