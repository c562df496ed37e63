//===- ebpfc/Verifier.h - Proving BPF programs safe -------------*- C++ -*-===//
//
// The verifier's entry points. It depends on the ISA definitions and the
// program model only (no LLVM, no ELF reader), so it can be tested and fuzzed
// on its own. Results are plain values: a diagnostic names the instruction,
// and the caller adds the file and program when it prints one.
//
// verify() proves a program safe, exploring every path as the kernel's
// verifier does (verifier/README.md says how), and hands the compiler what
// it proved about each instruction.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_H
#define EBPFC_VERIFIER_H

#include "ebpfc/Program.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ebpfc {

/// One instruction on the path that led to a rejection, as `-v` shows it.
struct PathStep {
  size_t InsnIndex = 0;
  /// What the instruction changed, in the kernel's notation ("R2=pkt_end()
  /// fp-8=mmmm0000"); after a call or exit, the whole new frame.
  std::string Changes;
  /// The first step of a branch explored after its sibling: the jump it
  /// leaves (the kernel's "from 4 to 9:"); Changes then holds the whole
  /// frame at InsnIndex.
  std::optional<size_t> BranchFrom;
};

/// Why a program was rejected. Message is lower-case without a trailing
/// period and without the instruction index, which callers print as
/// "insn N: MESSAGE".
struct VerifierDiagnostic {
  size_t InsnIndex = 0;
  std::string Message;
  /// The abstract state at the rejected instruction, one line per frame, in
  /// the kernel's notation (what `-v` shows); empty for structural errors.
  std::string State;
  /// With VerifyOptions::RecordPath, the instructions from the entry to the
  /// rejected one along the path that failed; the last step is the
  /// rejected instruction.
  std::vector<PathStep> Path;
};

/// "insn N: MESSAGE", the form every tool prints after its own prefix.
std::string formatDiagnostic(const VerifierDiagnostic &Diag);

/// Checks that P's instruction stream is well-formed before anything
/// interprets it: every instruction decodes (ebpf_decode), lddw has both
/// halves, jumps stay inside their function and never land in the middle of
/// an lddw, local calls (and lddw of a function address) target the start
/// of an instruction, no function can run off its end, kfunc calls are
/// refused, and the call graph is free of recursion and at most
/// EBPF_MAX_CALL_DEPTH frames deep.
///
/// On success fills P.Functions: the entry function at 0, named P.Name,
/// then one function per local-call or lddw-of-function target in address
/// order, each running to the next function's start. A function that
/// P.Functions already names (by start, e.g. from the object's symbols)
/// keeps that name; otherwise it is named "<P.Name>.f<start index>".
/// Returns the first problem found, leaving P.Functions unchanged.
std::optional<VerifierDiagnostic> checkStructure(Program &P);

struct VerifyOptions {
  /// The object's maps, which lddw instructions name by index.
  const std::vector<MapDefinition> *Maps = nullptr;
  /// Raw programs: the size of the memory block r1 points at (r2 holds it).
  uint64_t MemSize = 0;
  /// The kernel's BPF_COMPLEXITY_LIMIT_INSNS: instructions the exploration
  /// may process before it gives up on the program.
  uint64_t MaxProcessedInsns = 1000000;
  /// States kept for pruning, per instruction and in all: past them new
  /// states are explored but not kept, which bounds memory (a stored state
  /// takes about a kilobyte per call frame). A loop of N iterations needs N
  /// states at the instructions of its body.
  unsigned MaxStatesPerInsn = 4096;
  uint64_t MaxStates = 250000;
  /// Comparisons of states for pruning before the program is refused as
  /// too complex: with many states stored at one instruction each visit
  /// compares against all of them, so the instruction limit alone would
  /// not bound the time. About two seconds' worth.
  uint64_t MaxStateComparisons = 20000000;
  /// Past this many states at an instruction (outside loops), a
  /// new state that none covers is joined with one of them and the join
  /// explored instead, which bounds the paths a long chain of independent
  /// branches makes. 0: never join.
  unsigned StatesBeforeJoin = 8;
  /// Record the failing path for the diagnostic (VerifierDiagnostic::Path).
  /// Costs a copy of the current frame per processed instruction.
  bool RecordPath = false;
};

/// Where a memory instruction's address points on every path that reaches
/// it.
enum class AccessRegion : uint8_t {
  None,     ///< not a memory instruction, or never reached
  OwnStack, ///< the executing function's own frame, at a constant offset
  Stack,    ///< some frame's stack, not known to be the above
  Context,  ///< the program's context
  Packet,   ///< packet data or metadata
  MapValue, ///< a map value
  Memory,   ///< a raw program's memory block
  Record,   ///< a reserved ring buffer record
  MapKey,   ///< a map's key (bpf_for_each_map_elem callbacks)
  Mixed,    ///< different regions on different paths (never the context)
};

/// What the verifier proved about one instruction, on every path.
struct InsnFacts {
  bool Reached = false;
  AccessRegion Region = AccessRegion::None;
  /// OwnStack: the r10-relative offset of the access (base + insn offset).
  int32_t StackOffset = 0;
  /// Context: the native offset the access goes to, and whether the field
  /// is a packet pointer (a 4-byte load in the bytecode, a native pointer).
  uint32_t ContextNativeOffset = 0;
  bool ContextPacketPointer = false;
  /// Division and modulo by a register: the divisor is never zero.
  bool DivisorNonZero = false;
  /// A bpf_loop call whose flags are 0 and callback the same function on
  /// every path: the kernel inlines it (its inline_bpf_loop), which changes
  /// two results: the count is compared in 64 bits, and a count past
  /// 1 << 23 returns -E2BIG as a 32-bit value.
  bool InlinedLoop = false;
};

/// The kernel's summary line: "processed N insns, states S, peak P, T us".
struct VerifierStats {
  uint64_t ProcessedInsns = 0;
  uint64_t States = 0;      ///< states stored for pruning
  uint64_t PeakStates = 0;  ///< most states stored or pending at once
  uint64_t Comparisons = 0; ///< states compared for pruning
  uint64_t Microseconds = 0;
};

struct VerifiedProgram {
  /// The entry function first, then each subprogram (see checkStructure).
  std::vector<BpfFunction> Functions;
  /// By instruction index: each instruction decoded (the second slot of an
  /// lddw is left as a default ebpf_decoded with slots == 0), so that no
  /// later stage decodes the bytecode again.
  std::vector<ebpf_decoded> Decoded;
  /// By instruction index: true where a basic block starts (a function's
  /// first instruction, a jump target, an instruction after a jump or exit).
  std::vector<bool> BlockStarts;
  /// By instruction index.
  std::vector<InsnFacts> Facts;
  VerifierStats Stats;
};

/// The verdict on one program: the proof, or why there is none.
struct VerifyResult {
  std::optional<VerifierDiagnostic> Error;
  VerifiedProgram Verified;
  /// Filled in either case.
  VerifierStats Stats;

  explicit operator bool() const { return !Error; }
};

/// Proves \p P safe: checkStructure, then an exploration of every path
/// with the program type's context, the object's maps and the helper table
/// (helpers.def). Rejects the first unsafe instruction with the kernel's
/// message for it.
VerifyResult verify(const Program &P, const VerifyOptions &Options);

/// "processed N insns, states S, peak P, T us".
std::string formatStats(const VerifierStats &Stats);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_H
