//===- ConformanceRunner.cpp - Run BPF conformance tests on an engine -----===//
//
// `ebpf-conformance --engine=E FILE.data...` reads each test of the BPF
// conformance suite with ebpfc's own reader and assembler, runs the program
// on one engine and compares r0 with the file's expected result:
//
//   interpreter  the reference interpreter of libebpfrt
//   native       compiled in process for the host (the JIT ebpf-run uses)
//   aarch64      compiled by the ahead-of-time pipeline for aarch64, linked
//                with aarch64_host.c's object and the aarch64 libebpfrt,
//                and run under qemu-aarch64
//
// Each file prints `PASS name` or `FAIL name: why`; the last line counts
// them. The exit code is 0 only if every test passed.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Compiler.h"
#include "ebpfc/ConformanceTest.h"
#include "ebpfc/Jit.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace ebpfc;

namespace {

enum class Engine { Interpreter, Native, AArch64 };

cl::opt<Engine>
    EngineOpt("engine", cl::desc("Where to run the programs"), cl::Required,
              cl::values(clEnumValN(Engine::Interpreter, "interpreter",
                                    "the reference interpreter"),
                         clEnumValN(Engine::Native, "native",
                                    "host code compiled in process"),
                         clEnumValN(Engine::AArch64, "aarch64",
                                    "AArch64 code run under qemu-aarch64")));
cl::list<std::string> TestFiles(cl::Positional, cl::desc("<test.data>..."),
                                cl::OneOrMore);
cl::opt<std::string> CrossCC("cc", cl::desc("AArch64 C compiler (linker)"));
cl::opt<std::string>
    HostObject("host-object", cl::desc("aarch64_host.c compiled for AArch64"));
cl::opt<std::string> RuntimeLib("runtime-lib",
                                cl::desc("libebpfrt.a built for AArch64"));
cl::opt<std::string> Qemu("qemu", cl::desc("qemu-aarch64"));

/// The name the program gets in compiled code; aarch64_host.c calls it.
constexpr const char *ProgramName = "conformance_prog";

BpfObject makeObject(const ConformanceTest &Test, StringRef Path) {
  Program Prog;
  Prog.Name = ProgramName;
  Prog.Section = "raw";
  Prog.Type = ProgramType::Raw;
  Prog.Insns = Test.Program;
  BpfObject Obj;
  Obj.Path = Path.str();
  Obj.Programs.push_back(std::move(Prog));
  return Obj;
}

Expected<uint64_t> runInterpreter(const ConformanceTest &Test,
                                  std::vector<uint8_t> &Mem) {
  ebpf_mem_region Region = {reinterpret_cast<uint64_t>(Mem.data()), Mem.size(),
                            true};
  ebpf_interp_env Env = {};
  Env.type = EBPF_PROG_RAW;
  Env.regions = &Region;
  Env.num_regions = Mem.empty() ? 0 : 1;
  Env.insn_limit = 100000000;
  uint64_t R1 = Mem.empty() ? 0 : reinterpret_cast<uint64_t>(Mem.data());
  ebpf_interp_result R = ebpf_interpret(
      Test.Program.data(), Test.Program.size(), &Env, R1, Mem.size());
  if (R.status != EBPF_INTERP_OK)
    return createStringError(inconvertibleErrorCode(),
                             "interpreter stopped at insn %zu: %s", R.pc,
                             ebpf_interp_status_string(R.status));
  return R.r0;
}

Expected<uint64_t> runNative(const ConformanceTest &Test, StringRef Path,
                             std::vector<uint8_t> &Mem) {
  BpfObject Obj = makeObject(Test, Path);
  Expected<std::unique_ptr<JitSession>> Jit =
      JitSession::create(Obj, /*OptLevel=*/2, Mem.size());
  if (!Jit)
    return Jit.takeError();
  Expected<RawProgramFn> Fn = (*Jit)->lookupRaw(ProgramName);
  if (!Fn)
    return Fn.takeError();
  return (*Fn)(Mem.empty() ? nullptr : Mem.data(), Mem.size());
}

/// Runs PROGRAM ARGS, returning its standard output.
Expected<std::string> runProcess(StringRef Program, ArrayRef<StringRef> Args,
                                 StringRef Scratch) {
  SmallString<128> OutPath(Scratch);
  OutPath += ".stdout";
  std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(OutPath),
                                          std::nullopt};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(Program, Args, std::nullopt, Redirects,
                               /*SecondsToWait=*/60, 0, &ErrMsg);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Out = MemoryBuffer::getFile(OutPath);
  sys::fs::remove(OutPath);
  if (RC != 0)
    return createStringError(inconvertibleErrorCode(), "%s exited with %d %s",
                             Program.str().c_str(), RC, ErrMsg.c_str());
  if (!Out)
    return errorCodeToError(Out.getError());
  return (*Out)->getBuffer().str();
}

Expected<uint64_t> runAArch64(const ConformanceTest &Test, StringRef Path,
                              const std::vector<uint8_t> &Mem) {
  if (CrossCC.empty() || HostObject.empty() || RuntimeLib.empty() ||
      Qemu.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--engine=aarch64 needs --cc, --host-object, "
                             "--runtime-lib and --qemu");
  SmallString<128> Dir;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("ebpf-conformance", Dir))
    return errorCodeToError(EC);
  auto RemoveDir = make_scope_exit([&] { sys::fs::remove_directories(Dir); });

  SmallString<128> ObjPath(Dir), ExePath(Dir);
  sys::path::append(ObjPath, "prog.o");
  sys::path::append(ExePath, "prog");
  {
    BpfObject Obj = makeObject(Test, Path);
    CompileOptions Opts;
    Opts.TargetTriple = "aarch64-linux-gnu";
    Opts.MemSize = Mem.size();
    std::error_code EC;
    raw_fd_ostream OS(ObjPath, EC);
    if (EC)
      return errorCodeToError(EC);
    if (Error E = compileObject(Obj, Opts, OS))
      return std::move(E);
  }

  Expected<std::string> Linked = runProcess(
      CrossCC,
      {CrossCC, "-static", "-o", ExePath, HostObject, ObjPath, RuntimeLib},
      ExePath);
  if (!Linked)
    return Linked.takeError();

  std::string MemHex;
  for (uint8_t B : Mem)
    MemHex += formatv("{0:x-2} ", B).str();
  Expected<std::string> Out =
      runProcess(Qemu, {Qemu, ExePath, MemHex}, ExePath);
  if (!Out)
    return Out.takeError();
  uint64_t R0;
  if (StringRef(*Out).trim().getAsInteger(16, R0))
    return createStringError(inconvertibleErrorCode(),
                             "unexpected output from the aarch64 program: '%s'",
                             Out->c_str());
  return R0;
}

/// Runs one test; an error says why it failed.
Error runTest(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
  if (!Text)
    return createStringError(Text.getError(), "cannot read: %s",
                             Text.getError().message().c_str());
  Expected<ConformanceTest> Test = parseConformanceTest((*Text)->getBuffer());
  if (!Test)
    return Test.takeError();
  if (!Test->Result)
    return createStringError(inconvertibleErrorCode(),
                             "the test has no expected result");

  std::vector<uint8_t> Mem = Test->Memory;
  Expected<uint64_t> R0 = [&]() -> Expected<uint64_t> {
    switch (EngineOpt) {
    case Engine::Interpreter:
      return runInterpreter(*Test, Mem);
    case Engine::Native:
      return runNative(*Test, Path, Mem);
    case Engine::AArch64:
      return runAArch64(*Test, Path, Mem);
    }
    llvm_unreachable("unknown engine");
  }();
  if (!R0)
    return R0.takeError();
  if (*R0 != *Test->Result)
    return createStringError(
        inconvertibleErrorCode(), "r0 is 0x%llx, expected 0x%llx",
        (unsigned long long)*R0, (unsigned long long)*Test->Result);
  return Error::success();
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "Runs BPF conformance tests\n");
  unsigned Passed = 0, Failed = 0;
  for (const std::string &Path : TestFiles) {
    StringRef Name = sys::path::stem(Path);
    if (Error E = runTest(Path)) {
      outs() << "FAIL " << Name << ": " << toString(std::move(E)) << "\n";
      ++Failed;
    } else {
      outs() << "PASS " << Name << "\n";
      ++Passed;
    }
  }
  outs() << Passed << " passed, " << Failed << " failed\n";
  return Failed ? 1 : 0;
}
