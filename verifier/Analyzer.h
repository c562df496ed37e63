//===- verifier/Analyzer.h - Exploring every path of a program --*- C++ -*-===//
//
// The abstract interpreter behind verify(): it runs a program on abstract
// states (AbstractState.h) along every path, checking each instruction's
// safety conditions, and records what held at each instruction on every
// path (InsnFacts).
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_VERIFIER_ANALYZER_H
#define EBPFC_VERIFIER_ANALYZER_H

#include "ebpfc/Verifier.h"

#include <optional>

namespace ebpfc {

/// Explores \p P, whose Functions checkStructure has filled. On success
/// fills Out.Facts; fills Out.Stats either way.
std::optional<VerifierDiagnostic> analyzeProgram(const Program &P,
                                                 const VerifyOptions &Options,
                                                 VerifiedProgram &Out);

} // namespace ebpfc

#endif // EBPFC_VERIFIER_ANALYZER_H
