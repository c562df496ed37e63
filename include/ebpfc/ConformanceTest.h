//===- ebpfc/ConformanceTest.h - BPF conformance suite test files -*- C++
//-*-===//
//
// Reads one test of the BPF conformance suite (a `.data` file): the program
// (from `-- raw` when present, else assembled from `-- asm`), the input
// memory (`-- mem`), and the expected outcome (`-- result` and/or
// `-- error`). `-- c` and `-- no register offset` are informational and
// skipped; any other section is an error, because the suite's runner would
// skip such a file and silently running it differently would hide that.
// The format is described in ../shared/conformance/README.md.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_CONFORMANCETEST_H
#define EBPFC_CONFORMANCETEST_H

#include "ebpfc/isa.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ebpfc {

struct ConformanceTest {
  std::vector<ebpf_insn> Program;
  std::vector<uint8_t> Memory;    ///< empty when the test has no `-- mem`
  std::optional<uint64_t> Result; ///< expected r0
  std::optional<std::string>
      Error; ///< expected error text, lines joined by '\n'
};

/// Parses the text of a `.data` file. Errors name the line:
/// "line 12: invalid memory byte 'zz'".
llvm::Expected<ConformanceTest> parseConformanceTest(llvm::StringRef Text);

} // namespace ebpfc

#endif // EBPFC_CONFORMANCETEST_H
