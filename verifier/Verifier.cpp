//===- verifier/Verifier.cpp - The verifier's entry point -----------------===//
//
// verify() is the two passes in order: the structural check, which decides
// what can be decided from the instructions alone and splits the program
// into functions, then the path-by-path analysis.
//
//===----------------------------------------------------------------------===//
#include "Analyzer.h"

#include "ebpfc/Verifier.h"

using namespace ebpfc;

VerifyResult ebpfc::verify(const Program &P, const VerifyOptions &Options) {
  VerifyResult Result;
  Program Checked = P;
  Result.Error = checkStructure(Checked);
  if (Result.Error)
    return Result;
  Result.Verified.Functions = Checked.Functions;
  Result.Error = analyzeProgram(Checked, Options, Result.Verified);
  Result.Stats = Result.Verified.Stats;
  return Result;
}

std::string ebpfc::formatStats(const VerifierStats &Stats) {
  return "processed " + std::to_string(Stats.ProcessedInsns) +
         " insns, states " + std::to_string(Stats.States) + ", peak " +
         std::to_string(Stats.PeakStates) + ", " +
         std::to_string(Stats.Microseconds) + " us";
}
