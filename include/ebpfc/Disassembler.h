//===- ebpfc/Disassembler.h - BPF bytecode as LLVM's BPF assembly -*- C++
//-*-===//
//
// Prints BPF instructions in LLVM's BPF assembly syntax, byte for byte the
// text `llvm-objdump -d --mcpu=v4` (LLVM 19) prints for the same encoding:
// `r0 = 0x1`, `w1 += w2`, `w1 = *(u32 *)(r2 + 0x8)`,
// `if r1 > 0x5 goto +0x3`, `r0 = 0x1122334455667788 ll`, `call 0x5`, ...
// Immediates and offsets are hexadecimal with a sign, as llvm-objdump prints
// them by default. The v4 flavour (the 32-bit subregister syntax) is the one
// matched because it is the only one that names every encoding: without it
// llvm-objdump prints 32-bit atomics other than `add` as `<unknown>` and shows
// a 32-bit fetch-add as a plain add.
//
// Output format of a whole program (printProgram, and so of
// `ebpfc --disassemble`): one line per instruction,
//
//     printf("%8zu:\t%s\n", Index, Text)
//
// where Index is the instruction's slot index (a two-slot lddw takes one line
// and the next line's index is two higher) and Text is what disassembleInsn
// returns. This is exactly llvm-objdump's line for the same instruction with
// `--no-show-raw-insn` (its address column for BPF counts 8-byte slots), minus
// the symbolic target ` <.text+0x40>` that llvm-objdump appends to jumps, so
//
//     llvm-objdump -d --mcpu=v4 --no-show-raw-insn FILE.o \
//       | grep -E '^ +[0-9]+:' | sed 's/ <[^ ]*>$//'
//
// reproduces the listing of a single-function .text section. For an ELF
// object the driver prints, before each program's listing,
//
//     "\nDisassembly of section SECTION:\n\n<NAME>:\n"
//
// (llvm-objdump's own headings), with indices restarting at 0 in every
// program, as the verifier numbers them.
//
// Where llvm-objdump cannot express an encoding, the text is ours:
//   - callx with the register in imm (the older encoding ebpf_decode also
//     accepts) prints `callx rN` naming that register; llvm-objdump would
//     print the dst field (`callx r0`);
//   - a legacy LD|IND packet load with a non-zero imm prints
//     `r0 = *(u32 *)skb[r3 + 0xc]`; llvm-objdump drops the imm
//     (`skb[r3]`), which it also prints, identically, when imm is 0;
//   - an instruction ebpf_decode() rejects prints `<invalid: REASON>` and
//     takes one slot (llvm-objdump prints `<unknown>` for some of them and
//     plausible text for others, e.g. `r10 += 0x0`).
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_DISASSEMBLER_H
#define EBPFC_DISASSEMBLER_H

#include "ebpfc/isa.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <string>

namespace ebpfc {

/// The text of the instruction at slot Pc of Insns[0..Count), without a
/// trailing newline. A lddw reads slot Pc + 1 as well.
std::string disassembleInsn(const ebpf_insn *Insns, size_t Count, size_t Pc);

/// Prints every instruction of Insns in the format described above.
void printProgram(llvm::raw_ostream &OS, llvm::ArrayRef<ebpf_insn> Insns);

} // namespace ebpfc

#endif // EBPFC_DISASSEMBLER_H
