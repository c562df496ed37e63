//===- StackFacts.h - Which memory accesses hit the stack or context -*- C++
//-*-===//
//
// A small forward dataflow analysis over the functions of a BPF program that
// finds, for every memory instruction, whether its address is provably
// r10 + a constant (so the lifter can address the function's stack alloca
// directly and SROA can turn the frame into SSA values) or the program's
// context + a constant (so the lifter can rewrite the access to the native
// context layout).
//
// Stack facts are local to a function: every function has its own frame.
// Context facts cross local calls: the program-wide analysis (ProgramFacts)
// hands each function the context facts its callers pass in r1..r5 and
// each caller whether a callee may return a context pointer.
//
// This is a stand-in for the verifier's per-instruction register facts: once
// the verifier hands those to the lifter, they replace this analysis.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_STACKFACTS_H
#define EBPFC_COMPILER_STACKFACTS_H

#include "ebpfc/Program.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace ebpfc {

/// The instructions of \p Fn that start a basic block: the first one, every
/// jump target inside the function, and every instruction following a jump
/// or an exit. Indexed by Pc - Fn.Start.
std::vector<bool> findBlockStarts(const Program &Prog, const BpfFunction &Fn);

/// What the analysis knows about a value (a register, or a spilled stack
/// slot).
struct PointerFact {
  enum KindType : uint8_t {
    Unknown, ///< anything that is not (derived from) the context
    Stack,   ///< this function's r10 + Offset
    Context, ///< the program's context + Offset
    /// Derived from the context on some path, but not provably context +
    /// a constant on every path: an access through it cannot be rewritten.
    MaybeContext,
  };
  KindType Kind = Unknown;
  int64_t Offset = 0; ///< for Stack and Context

  static PointerFact stack(int64_t Offset) { return {Stack, Offset}; }
  static PointerFact context(int64_t Offset) { return {Context, Offset}; }
  static PointerFact maybeContext() { return {MaybeContext, 0}; }

  bool isContextLike() const { return Kind == Context || Kind == MaybeContext; }
  bool operator==(const PointerFact &O) const {
    return Kind == O.Kind &&
           (Kind == Unknown || Kind == MaybeContext || Offset == O.Offset);
  }
  bool operator!=(const PointerFact &O) const { return !(*this == O); }
};

/// r1..r5 on entry to a function (index 0 is r1).
using ArgumentFacts = std::array<PointerFact, 5>;

class StackFacts {
public:
  /// Analyzes \p Fn given what its callers pass in r1..r5 (\p Args; stack
  /// facts there are ignored, a caller's frame is not this function's) and
  /// which functions, by first instruction, may return a context-derived
  /// value (\p ContextReturning). Instructions that do not decode are
  /// skipped; the lifter reports them.
  StackFacts(const Program &Prog, const BpfFunction &Fn,
             const ArgumentFacts &Args = {},
             const std::set<uint32_t> &ContextReturning = {});

  /// For a load, store or atomic at \p Pc: the address it accesses (base
  /// register + offset) relative to r10, if it is the same constant on every
  /// path that reaches the instruction.
  std::optional<int64_t> accessOffset(uint32_t Pc) const {
    const PointerFact &F = Accesses[Pc - Start];
    if (F.Kind != PointerFact::Stack)
      return std::nullopt;
    return F.Offset;
  }

  /// For a load, store or atomic at \p Pc: what its address (base register
  /// + offset) is on every path that reaches it. For a legacy packet load
  /// (LD_ABS, LD_IND): what r6, the context it reads from, is.
  PointerFact access(uint32_t Pc) const { return Accesses[Pc - Start]; }

  /// A local call: its target and r1..r5 at the call, joined over every
  /// path that reaches it.
  struct LocalCall {
    int64_t Target = 0;
    ArgumentFacts Args;
  };
  /// The function's local calls by Pc.
  const std::map<uint32_t, LocalCall> &localCalls() const { return Calls; }

  /// True if some exit of the function may return a context-derived value.
  bool mayReturnContext() const { return ReturnsContext; }

private:
  uint32_t Start;
  std::vector<PointerFact> Accesses;
  std::map<uint32_t, LocalCall> Calls;
  bool ReturnsContext = false;
};

/// The analysis of every function of a program, with context facts carried
/// across local calls until they agree. In a program of a type with a
/// context (everything but raw), r1 holds the context on entry to the entry
/// function.
class ProgramFacts {
public:
  /// Prog.Functions must be filled.
  explicit ProgramFacts(const Program &Prog);

  /// The facts of Prog.Functions[Index].
  const StackFacts &function(size_t Index) const { return Functions[Index]; }

private:
  std::vector<StackFacts> Functions;
};

} // namespace ebpfc

#endif // EBPFC_COMPILER_STACKFACTS_H
