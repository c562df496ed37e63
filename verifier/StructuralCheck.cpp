//===- verifier/StructuralCheck.cpp - Well-formed instruction streams ---===//
//
// The first pass over a program, before any abstract interpretation: it
// checks what can be decided from the instructions alone and splits the
// program into its functions.
//
// How it works: every instruction slot is decoded with ebpf_decode(), which
// alone decides which encodings are legal, and the slots holding the second
// half of an lddw are marked. The targets of local calls (and of lddw with
// EBPF_PSEUDO_FUNC, the address of a callback) start functions; a function
// runs to the next one's start, as in the kernel's check_subprogs(). Then each
// function is checked on its own: its jumps stay inside it, and its last
// instruction is exit or an unconditional jump, so execution cannot run into
// the next function. Finally the call graph must be acyclic (the kernel
// refuses recursion) and no chain of calls from the entry may need more than
// EBPF_MAX_CALL_DEPTH frames.
//
//===----------------------------------------------------------------------===//

#include "ebpfc/Verifier.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <utility>
#include <vector>

using namespace ebpfc;

std::string ebpfc::formatDiagnostic(const VerifierDiagnostic &Diag) {
  return "insn " + std::to_string(Diag.InsnIndex) + ": " + Diag.Message;
}

namespace {

std::string hexByte(unsigned Value) {
  char Buf[8];
  std::snprintf(Buf, sizeof(Buf), "0x%02x", Value & 0xff);
  return Buf;
}

/// The decoder's reason, with the register or opcode it is about; in the
/// kernel's words where it has them ("unknown opcode 8f", "frame pointer is
/// read only").
std::string describeDecodeError(const char *Reason, const ebpf_insn &Insn) {
  std::string Message = Reason;
  if (Message == "unknown opcode") {
    char Buf[8];
    std::snprintf(Buf, sizeof(Buf), "%02x", Insn.opcode);
    return Message + " " + Buf;
  }
  if (Message == "frame pointer is read only")
    return Message;
  if (Message == "invalid dst register")
    Message += " " + std::to_string(ebpf_dst(&Insn));
  else if (Message == "invalid src register")
    Message += " " + std::to_string(ebpf_src(&Insn));
  return Message + " (opcode " + hexByte(Insn.opcode) + ")";
}

VerifierDiagnostic diag(size_t Index, std::string Message) {
  return VerifierDiagnostic{Index, std::move(Message), "", {}};
}

/// A local call from one function to another, found while scanning.
struct CallEdge {
  uint32_t CallIndex; ///< the call instruction
  size_t Callee;      ///< index into the function list
};

class StructureChecker {
public:
  explicit StructureChecker(Program &P) : P(P), Count(P.Insns.size()) {}

  std::optional<VerifierDiagnostic> run();

private:
  std::optional<VerifierDiagnostic> decodeAll();
  std::optional<VerifierDiagnostic> findFunctions();
  std::optional<VerifierDiagnostic> checkFunction(size_t Fn);
  std::optional<VerifierDiagnostic> checkCallGraph();
  std::optional<VerifierDiagnostic> checkTarget(size_t Index, int64_t Target,
                                                const char *What);
  size_t functionStartingAt(uint32_t Start) const;
  std::string functionName(size_t Fn) const;

  Program &P;
  size_t Count;
  /// Per slot: the decoded instruction; meaningful where IsInsnStart.
  std::vector<ebpf_decoded> Decoded;
  /// False for the second slot of each lddw.
  std::vector<bool> IsInsnStart;
  /// Sorted, unique; Starts[0] == 0 is the entry.
  std::vector<uint32_t> Starts;
  /// Per function, its local calls in address order.
  std::vector<std::vector<CallEdge>> Calls;
};

} // namespace

std::optional<VerifierDiagnostic> StructureChecker::run() {
  if (Count == 0)
    return diag(0, "program is empty");
  // Jump targets are 32-bit in the decoder; the kernel's limit is far lower.
  if (Count > INT32_MAX)
    return diag(0, "program is too large (" + std::to_string(Count) +
                       " instructions)");
  if (auto D = decodeAll())
    return D;
  if (auto D = findFunctions())
    return D;
  Calls.resize(Starts.size());
  for (size_t Fn = 0; Fn < Starts.size(); ++Fn)
    if (auto D = checkFunction(Fn))
      return D;
  if (auto D = checkCallGraph())
    return D;

  // Keep names the frontend already gave to functions (from symbols).
  std::vector<BpfFunction> Functions;
  for (size_t Fn = 0; Fn < Starts.size(); ++Fn) {
    BpfFunction F;
    F.Name = functionName(Fn);
    F.Start = Starts[Fn];
    F.End = Fn + 1 < Starts.size() ? Starts[Fn + 1] : uint32_t(Count);
    Functions.push_back(std::move(F));
  }
  P.Functions = std::move(Functions);
  return std::nullopt;
}

std::optional<VerifierDiagnostic> StructureChecker::decodeAll() {
  Decoded.resize(Count);
  IsInsnStart.assign(Count, false);
  for (size_t Pc = 0; Pc < Count;) {
    ebpf_decoded D;
    if (const char *Reason = ebpf_decode(P.Insns.data(), Count, Pc, &D))
      return diag(Pc, describeDecodeError(Reason, P.Insns[Pc]));
    if (D.kind == EBPF_KIND_CALL_KFUNC)
      return diag(Pc, "kfunc calls are not supported");
    Decoded[Pc] = D;
    IsInsnStart[Pc] = true;
    Pc += D.slots;
  }
  return std::nullopt;
}

std::optional<VerifierDiagnostic>
StructureChecker::checkTarget(size_t Index, int64_t Target, const char *What) {
  if ((Target < 0 || uint64_t(Target) >= Count) && std::string(What) == "jump")
    return diag(Index, "jump out of range from insn " + std::to_string(Index) +
                           " to " + std::to_string(Target));
  if (Target < 0 || uint64_t(Target) >= Count)
    return diag(Index, std::string(What) + " out of range (target " +
                           std::to_string(Target) + ", program has " +
                           std::to_string(Count) + " instructions)");
  if (!IsInsnStart[Target])
    return diag(Index, std::string(What) + " into the middle of lddw (target " +
                           std::to_string(Target) + ")");
  return std::nullopt;
}

std::optional<VerifierDiagnostic> StructureChecker::findFunctions() {
  Starts.push_back(0);
  for (size_t Pc = 0; Pc < Count; ++Pc) {
    if (!IsInsnStart[Pc])
      continue;
    const ebpf_decoded &D = Decoded[Pc];
    bool IsFunctionAddress =
        D.kind == EBPF_KIND_LDDW && ebpf_src(&P.Insns[Pc]) == EBPF_PSEUDO_FUNC;
    if (D.kind != EBPF_KIND_CALL_LOCAL && !IsFunctionAddress)
      continue;
    if (auto Err = checkTarget(Pc, D.target,
                               IsFunctionAddress ? "function address" : "call"))
      return Err;
    Starts.push_back(uint32_t(D.target));
  }
  std::sort(Starts.begin(), Starts.end());
  Starts.erase(std::unique(Starts.begin(), Starts.end()), Starts.end());
  return std::nullopt;
}

size_t StructureChecker::functionStartingAt(uint32_t Start) const {
  return size_t(std::lower_bound(Starts.begin(), Starts.end(), Start) -
                Starts.begin());
}

std::string StructureChecker::functionName(size_t Fn) const {
  if (Fn == 0)
    return P.Name;
  // Names a frontend already knows (an earlier check's, or the ELF
  // symbols') make the IR and diagnostics readable; others are generated.
  for (const auto *Known : {&P.Functions, &P.FunctionSymbols})
    for (const BpfFunction &F : *Known)
      if (F.Start == Starts[Fn] && !F.Name.empty())
        return F.Name;
  return P.Name + ".f" + std::to_string(Starts[Fn]);
}

std::optional<VerifierDiagnostic> StructureChecker::checkFunction(size_t Fn) {
  uint32_t Start = Starts[Fn];
  uint32_t End = Fn + 1 < Starts.size() ? Starts[Fn + 1] : uint32_t(Count);
  uint32_t Last = Start;
  for (uint32_t Pc = Start; Pc < End; ++Pc) {
    if (!IsInsnStart[Pc])
      continue;
    Last = Pc;
    const ebpf_decoded &D = Decoded[Pc];
    if (D.kind == EBPF_KIND_CALL_LOCAL) {
      Calls[Fn].push_back({Pc, functionStartingAt(uint32_t(D.target))});
      continue;
    }
    if (D.kind != EBPF_KIND_JA && D.kind != EBPF_KIND_COND_JUMP)
      continue;
    if (auto Err = checkTarget(Pc, D.target, "jump"))
      return Err;
    if (uint32_t(D.target) < Start || uint32_t(D.target) >= End)
      return diag(Pc, "jump out of function " + functionName(Fn) + " (target " +
                          std::to_string(D.target) + ", function is insns " +
                          std::to_string(Start) + ".." +
                          std::to_string(End - 1) + ")");
  }
  enum ebpf_kind LastKind = Decoded[Last].kind;
  if (LastKind != EBPF_KIND_EXIT && LastKind != EBPF_KIND_JA)
    return diag(Last, "last insn is not an exit or jmp");
  return std::nullopt;
}

std::optional<VerifierDiagnostic> StructureChecker::checkCallGraph() {
  // Depth-first search with an explicit stack (a program may have very many
  // functions). A call to a function still on the stack closes a cycle.
  enum class State { Unvisited, OnStack, Done };
  size_t NumFunctions = Starts.size();
  std::vector<State> States(NumFunctions, State::Unvisited);
  // Frames needed by a chain of calls starting with a call of the function.
  std::vector<unsigned> Frames(NumFunctions, 1);
  std::vector<std::pair<size_t, size_t>> Stack; // function, next call edge
  for (size_t Root = 0; Root < NumFunctions; ++Root) {
    if (States[Root] != State::Unvisited)
      continue;
    States[Root] = State::OnStack;
    Stack.push_back({Root, 0});
    while (!Stack.empty()) {
      auto &[Fn, NextEdge] = Stack.back();
      if (NextEdge == Calls[Fn].size()) {
        for (const CallEdge &E : Calls[Fn])
          Frames[Fn] = std::max(Frames[Fn], Frames[E.Callee] + 1);
        States[Fn] = State::Done;
        Stack.pop_back();
        continue;
      }
      const CallEdge &E = Calls[Fn][NextEdge++];
      if (States[E.Callee] == State::OnStack)
        return diag(E.CallIndex, "recursive call to " + functionName(E.Callee));
      if (States[E.Callee] == State::Unvisited) {
        States[E.Callee] = State::OnStack;
        Stack.push_back({E.Callee, 0});
      }
    }
  }

  // Blame the call that pushes the deepest chain from the entry past the
  // limit: follow, from the entry, a callee whose chain is still too deep.
  if (Frames[0] <= EBPF_MAX_CALL_DEPTH)
    return std::nullopt;
  size_t Fn = 0;
  for (unsigned Depth = 1;; ++Depth) {
    for (const CallEdge &E : Calls[Fn]) {
      if (Depth + Frames[E.Callee] <= EBPF_MAX_CALL_DEPTH)
        continue;
      if (Depth == EBPF_MAX_CALL_DEPTH)
        return diag(E.CallIndex, "the call stack of " +
                                     std::to_string(Depth + 1) +
                                     " frames is too deep");
      Fn = E.Callee;
      break;
    }
  }
}

std::optional<VerifierDiagnostic> ebpfc::checkStructure(Program &P) {
  return StructureChecker(P).run();
}
