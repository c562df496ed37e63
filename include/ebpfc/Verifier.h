//===- ebpfc/Verifier.h - Proving BPF programs safe -------------*- C++ -*-===//
//
// The verifier's entry points. It depends on the ISA definitions and the
// program model only (no LLVM, no ELF reader), so it can be tested and fuzzed
// on its own. Results are plain values: a diagnostic names the instruction,
// and the caller adds the file and program when it prints one.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_H
#define EBPFC_VERIFIER_H

#include "ebpfc/Program.h"

#include <cstddef>
#include <optional>
#include <string>

namespace ebpfc {

/// Why a program was rejected. Message is lower-case without a trailing
/// period and without the instruction index, which callers print as
/// "insn N: MESSAGE".
struct VerifierDiagnostic {
  size_t InsnIndex = 0;
  std::string Message;
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

} // namespace ebpfc

#endif // EBPFC_VERIFIER_H
