//===- ebpfc.cpp - The ebpfc compiler driver ------------------------------===//
//
// `ebpfc [options] INPUT -o OUTPUT`: reads a BPF ELF object (or raw bytecode
// with --raw), verifies every program, and writes a native object, assembly,
// LLVM IR or bitcode. The driver only parses options, reads the input, calls
// the library pipeline and reports errors; every stage lives in the libraries.
//
// Exit codes: 0 success, 1 a diagnosed error in the input, 2 a usage error.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Compiler.h"
#include "ebpfc/Disassembler.h"
#include "ebpfc/ElfReader.h"
#include "ebpfc/RawReader.h"
#include "ebpfc/Verifier.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace ebpfc;

namespace {

enum ExitCode { ExitSuccess = 0, ExitInputError = 1, ExitUsageError = 2 };

cl::OptionCategory EbpfcCategory("ebpfc options");

cl::opt<std::string> InputPath(cl::Positional, cl::desc("<input>"),
                               cl::cat(EbpfcCategory));
cl::opt<std::string> OutputPath("o", cl::desc("Write the output to <file>"),
                                cl::value_desc("file"), cl::cat(EbpfcCategory));
cl::opt<bool> EmitObject("c", cl::desc("Emit a relocatable object (default)"),
                         cl::cat(EbpfcCategory));
cl::opt<bool> EmitAssembly("S",
                           cl::desc("Emit assembly (or LLVM IR text "
                                    "with --emit-llvm)"),
                           cl::cat(EbpfcCategory));
cl::opt<bool> EmitLLVM("emit-llvm",
                       cl::desc("Emit LLVM IR: .ll with -S, else bitcode"),
                       cl::cat(EbpfcCategory));
cl::opt<char> OptLevel("O",
                       cl::desc("Optimization level: -O0 .. -O3 "
                                "(default -O2)"),
                       cl::Prefix, cl::init('2'), cl::cat(EbpfcCategory));
cl::opt<std::string> Target("target",
                            cl::desc("Target triple: x86_64-linux-gnu or "
                                     "aarch64-linux-gnu (default: the host)"),
                            cl::value_desc("triple"), cl::cat(EbpfcCategory));
cl::opt<std::string> OnlyProgram("program",
                                 cl::desc("Compile only the program <name>"),
                                 cl::value_desc("name"),
                                 cl::cat(EbpfcCategory));
cl::opt<std::string>
    SymbolPrefix("symbol-prefix",
                 cl::desc("Prefix for every symbol the output defines"),
                 cl::value_desc("prefix"), cl::cat(EbpfcCategory));
cl::opt<std::string>
    ObjectNameOpt("object-name",
                  cl::desc("The object's name (a C identifier) for its "
                           "descriptor and skeleton (default: the input's "
                           "file name without .o and .bpf)"),
                  cl::value_desc("name"), cl::cat(EbpfcCategory));
cl::opt<std::string>
    SkeletonPath("skeleton",
                 cl::desc("Also write a C header declaring the object's "
                          "programs, maps and global data"),
                 cl::value_desc("file"), cl::cat(EbpfcCategory));
cl::opt<bool> LinkShared("shared",
                         cl::desc("Link the output into a shared object "
                                  "(with lld)"),
                         cl::cat(EbpfcCategory));
cl::opt<bool> VerifyOnly("verify-only",
                         cl::desc("Verify the programs, write no output"),
                         cl::cat(EbpfcCategory));
cl::opt<uint64_t>
    MemSize("mem-size",
            cl::desc("Raw programs: the size in bytes of the memory block r1 "
                     "points at, which every access is verified against "
                     "(default 0: no memory)"),
            cl::value_desc("bytes"), cl::init(0), cl::cat(EbpfcCategory));
cl::opt<bool> VerifierLog("v",
                          cl::desc("With a rejected program, also print the "
                                   "path that led to the instruction and the "
                                   "verifier's state there"),
                          cl::cat(EbpfcCategory));
cl::opt<bool> Disassemble("disassemble",
                          cl::desc("Print the input's BPF instructions"),
                          cl::cat(EbpfcCategory));
cl::opt<bool> RawInput("raw",
                       cl::desc("The input is raw bytecode (little-endian "
                                "8-byte instructions), not an ELF object"),
                       cl::cat(EbpfcCategory));
cl::opt<std::string>
    RawType("type",
            cl::desc("Program type of --raw input: raw (default), "
                     "xdp, socket, tc"),
            cl::value_desc("type"), cl::init("raw"), cl::cat(EbpfcCategory));
cl::opt<bool> WriteDepfile("MD", cl::desc("Write a Make-style depfile"),
                           cl::cat(EbpfcCategory));
cl::opt<std::string> DepfilePath("MF",
                                 cl::desc("The depfile's path (implies -MD; "
                                          "default: the output with .d)"),
                                 cl::value_desc("file"),
                                 cl::cat(EbpfcCategory));

[[noreturn]] void usageError(const Twine &Message) {
  WithColor::error(errs(), "ebpfc") << Message << "\n";
  errs() << "Run 'ebpfc --help' for usage.\n";
  exit(ExitUsageError);
}

void reportErrors(Error E) {
  handleAllErrors(std::move(E), [](const ErrorInfoBase &EI) {
    WithColor::error(errs(), "ebpfc") << EI.message() << "\n";
  });
}

[[noreturn]] void inputError(Error E) {
  reportErrors(std::move(E));
  exit(ExitInputError);
}

void printVersion(raw_ostream &OS) {
  OS << "ebpfc version " EBPFC_VERSION "\n"
     << "  LLVM " LLVM_VERSION_STRING "\n"
     << "  targets: x86_64-linux-gnu, aarch64-linux-gnu\n";
}

Expected<BpfObject> readInput(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return createStringError(Buffer.getError(), "%s: %s", Path.str().c_str(),
                             Buffer.getError().message().c_str());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
      (*Buffer)->getBufferSize());
  if (RawInput) // main() has checked the --type value
    return readRawBytecode(Path, Bytes, *parseProgramType(RawType));
  return readElfObject(Path, Bytes);
}

/// The kind of output the options ask for.
OutputKind selectOutputKind() {
  if (EmitLLVM)
    return EmitAssembly ? OutputKind::LLVMIR : OutputKind::Bitcode;
  return EmitAssembly ? OutputKind::Assembly : OutputKind::Object;
}

/// Make-style: `OUTPUT: INPUT`, with spaces escaped as Make expects.
void writeDepfile(StringRef Output, StringRef Input) {
  std::string Path = DepfilePath;
  if (Path.empty()) {
    SmallString<128> P(Output);
    sys::path::replace_extension(P, "d");
    Path = std::string(P);
  }
  auto Escape = [](StringRef S) {
    std::string R;
    for (char C : S) {
      if (C == ' ' || C == '#')
        R += '\\';
      else if (C == '$')
        R += '$';
      R += C;
    }
    return R;
  };
  std::error_code EC;
  ToolOutputFile Dep(Path, EC, sys::fs::OF_Text);
  if (EC)
    inputError(
        createStringError(EC, "%s: %s", Path.c_str(), EC.message().c_str()));
  Dep.os() << Escape(Output) << ": " << Escape(Input) << "\n";
  Dep.keep();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(EbpfcCategory);
  cl::SetVersionPrinter(printVersion);
  std::string ParseErrors;
  raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "ebpfc: compile eBPF programs to native "
          "code\n\n  ebpfc [options] INPUT -o OUTPUT\n",
          &ParseErrorStream)) {
    errs() << ParseErrorStream.str();
    errs() << "Run 'ebpfc --help' for usage.\n";
    return ExitUsageError;
  }

  if (InputPath.empty())
    usageError("no input file");
  if (OptLevel < '0' || OptLevel > '3')
    usageError(Twine("invalid optimization level -O") + Twine(char(OptLevel)));
  if (EmitObject && EmitAssembly)
    usageError("-c and -S are mutually exclusive");
  bool WritesOutput = !VerifyOnly && !Disassemble;
  if (WritesOutput && OutputPath.empty())
    usageError("no output file (use -o FILE, or -o - for standard output)");
  if ((WriteDepfile || !DepfilePath.empty()) && !WritesOutput)
    usageError("-MD and -MF need an output file");
  if (LinkShared && (EmitAssembly || EmitLLVM))
    usageError("--shared links an object; it does not go with -S or "
               "--emit-llvm");
  if (LinkShared && OutputPath == "-")
    usageError("--shared needs an output file, not standard output");
  if (WriteDepfile && DepfilePath.empty() && OutputPath == "-")
    usageError("-MD with -o - needs -MF to name the depfile");
  if (!SkeletonPath.empty() && !WritesOutput)
    usageError("--skeleton needs an output file");
  if (ObjectNameOpt.getNumOccurrences() && !isValidObjectName(ObjectNameOpt))
    usageError("--object-name: '" + ObjectNameOpt + "' is not a C identifier");
  if (!RawInput && RawType.getNumOccurrences())
    usageError("--type applies to --raw input only; an ELF object's section "
               "names give its program types");
  // Bad option values are usage errors, found before any input is read.
  if (RawInput && !parseProgramType(RawType))
    usageError("unknown program type '" + RawType + "'");
  // An empty target means the host, which only matters when there is code
  // to generate.
  if (Target.getNumOccurrences() || WritesOutput)
    if (Expected<std::string> Triple = normalizeTargetTriple(Target); !Triple)
      usageError(toString(Triple.takeError()));

  Expected<BpfObject> Obj = readInput(InputPath);
  if (!Obj)
    inputError(Obj.takeError());

  if (!OnlyProgram.empty()) {
    auto &Progs = Obj->Programs;
    auto It = std::find_if(Progs.begin(), Progs.end(), [](const Program &P) {
      return P.Name == OnlyProgram;
    });
    if (It == Progs.end())
      inputError(createStringError(inconvertibleErrorCode(),
                                   "%s: no program named '%s'",
                                   InputPath.c_str(), OnlyProgram.c_str()));
    Program Only = std::move(*It);
    Progs.clear();
    Progs.push_back(std::move(Only));
  }

  if (Disassemble) {
    // Raw bytecode has no sections: its listing is the bare instructions.
    // For objects, llvm-objdump's headings separate the programs.
    for (const Program &P : Obj->Programs) {
      if (!RawInput)
        outs() << "\nDisassembly of section " << P.Section << ":\n\n<" << P.Name
               << ">:\n";
      printProgram(outs(), P.Insns);
    }
    return ExitSuccess;
  }

  if (VerifyOnly) {
    // The kernel's summary for every program it accepts, and the diagnostic
    // for every one it rejects.
    std::vector<VerifierStats> Stats;
    Error E = verifyObject(*Obj, MemSize, &Stats, VerifierLog);
    for (size_t I = 0; I < Obj->Programs.size(); ++I) {
      const Program &P = Obj->Programs[I];
      if (!P.Functions.empty())
        outs() << InputPath << ":" << P.Section << "/" << P.Name
               << ": verified, " << formatStats(Stats[I]) << "\n";
    }
    if (E)
      inputError(std::move(E));
    return ExitSuccess;
  }

  CompileOptions Opts;
  Opts.TargetTriple = Target;
  Opts.OptLevel = OptLevel - '0';
  Opts.Output = selectOutputKind();
  Opts.SymbolPrefix = SymbolPrefix;
  Opts.ObjectName = ObjectNameOpt;
  Opts.MemSize = MemSize;
  Opts.VerifierLog = VerifierLog;

  std::error_code EC;
  // Both outputs are only kept once everything succeeded: ToolOutputFile
  // deletes a partial output in its destructor, so a build system never sees
  // a stale or truncated file; errors below therefore return from main
  // instead of calling exit().
  std::optional<ToolOutputFile> Out;
  if (LinkShared) {
    // lld links the object from a temporary file into the output.
    SmallString<128> TempObject;
    int FD;
    if ((EC = sys::fs::createTemporaryFile("ebpfc", "o", FD, TempObject))) {
      reportErrors(createStringError(EC, "cannot create a temporary file: %s",
                                     EC.message().c_str()));
      return ExitInputError;
    }
    FileRemover RemoveTemp(TempObject);
    {
      raw_fd_ostream TempStream(FD, /*shouldClose=*/true);
      if (Error E = compileObject(*Obj, Opts, TempStream)) {
        reportErrors(std::move(E));
        return ExitInputError;
      }
    }
    if (Error E = linkSharedObject(TempObject, OutputPath)) {
      reportErrors(std::move(E));
      return ExitInputError;
    }
  } else {
    sys::fs::OpenFlags Flags = (Opts.Output == OutputKind::Assembly ||
                                Opts.Output == OutputKind::LLVMIR)
                                   ? sys::fs::OF_Text
                                   : sys::fs::OF_None;
    Out.emplace(OutputPath, EC, Flags);
    if (EC) {
      reportErrors(createStringError(EC, "%s: %s", OutputPath.c_str(),
                                     EC.message().c_str()));
      return ExitInputError;
    }
    // Object writers seek back to patch headers; a pipe (-o -) cannot seek,
    // so the output is then collected in memory and written at the end.
    bool Seekable = Out->os().supportsSeeking();
    SmallVector<char, 0> Buffer;
    raw_svector_ostream BufferStream(Buffer);
    raw_pwrite_stream &Sink =
        Seekable ? static_cast<raw_pwrite_stream &>(Out->os()) : BufferStream;
    if (Error E = compileObject(*Obj, Opts, Sink)) {
      reportErrors(std::move(E));
      return ExitInputError;
    }
    if (!Seekable)
      Out->os() << StringRef(Buffer.data(), Buffer.size());
  }

  if (!SkeletonPath.empty()) {
    ToolOutputFile Skeleton(SkeletonPath, EC, sys::fs::OF_Text);
    if (EC) {
      reportErrors(createStringError(EC, "%s: %s", SkeletonPath.c_str(),
                                     EC.message().c_str()));
      return ExitInputError;
    }
    if (Error E = writeSkeleton(*Obj, Opts, Skeleton.os())) {
      reportErrors(createStringError(inconvertibleErrorCode(), "%s: %s",
                                     InputPath.c_str(),
                                     toString(std::move(E)).c_str()));
      return ExitInputError;
    }
    Skeleton.keep();
  }
  if (Out)
    Out->keep();

  if (WriteDepfile || !DepfilePath.empty())
    writeDepfile(OutputPath, InputPath);
  return ExitSuccess;
}
