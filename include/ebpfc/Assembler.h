//===- ebpfc/Assembler.h - The conformance suite's BPF assembly -*- C++ -*-===//
//
// Assembles the small BPF assembly dialect that the BPF conformance suite's
// `-- asm` sections are written in (and uBPF's tests before it):
//
//   mov %r0, 1            add32 %r1, %r2        neg %r3      sdiv %r1, 7
//   movsx1664 %r1, %r2    be16 %r0  le32 %r0  swap64 %r0 (= bswap64)
//   lddw %r0, 0x1122334455667788
//   ldxw %r1, [%r1+16]    ldxsb %r0, [%r10-1]   stxdw [%r10-8], %r3
//   stw [%r1+2], 0x1234
//   ja +1   ja label   ja32 label (gotol)   jne %r3, 0x81, L1   jeq32 ...
//   call 5   call local func1   call %r2 (callx)   exit
//   lock add [%r10-8], %r1   lock fetch or32 [...], %r1
//   lock xchg [...], %r1     lock cmpxchg32 [...], %r1
//
// Labels are `name:` on a line of their own (or before an instruction);
// `#` starts a comment. Immediates are decimal or 0x-hex, optionally signed;
// a 32-bit immediate may be written in [-2^31, 2^32 - 1] (0xffffffff is -1),
// a lddw immediate in [-2^63, 2^64 - 1]. Registers %r0..%r15 are accepted (the
// field has four bits; ebpf_decode rejects %r11..%r15), so negative tests can
// be written. As in the suite's own assembler, the first `exit` instruction
// carries an implicit label `exit` unless the program defines one.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_ASSEMBLER_H
#define EBPFC_ASSEMBLER_H

#include "ebpfc/isa.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace ebpfc {

/// Assembles Text. Errors name the line, counting the first line of Text as
/// FirstLine (so a caller holding a section of a larger file can report the
/// file's line numbers): "line 7: unknown mnemonic 'foo'". Every bad line is
/// reported, not only the first.
llvm::Expected<std::vector<ebpf_insn>> assemble(llvm::StringRef Text,
                                                unsigned FirstLine = 1);

} // namespace ebpfc

#endif // EBPFC_ASSEMBLER_H
