//===- ebpfc/Program.h - A BPF program as every stage sees it ---*- C++ -*-===//
//
// The frontends (raw bytecode, ELF objects) produce a BpfObject; the verifier,
// the interpreter's driver and the lifter consume it. A Program holds one
// entry point's instructions with the subprograms it calls appended, the way
// libbpf lays them out before loading, so local calls are plain relative
// jumps within one instruction vector.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_PROGRAM_H
#define EBPFC_PROGRAM_H

#include "ebpfc/isa.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ebpfc {

/// The program types ebpfc knows. Raw is the BPF conformance suite's
/// environment: r1 points at a memory block, r2 holds its length.
enum class ProgramType { Raw, Xdp, SocketFilter, SchedCls };

std::string_view programTypeName(ProgramType Type);
std::optional<ProgramType> parseProgramType(std::string_view Name);

/// One BPF function inside a Program: instructions [Start, End).
struct BpfFunction {
  std::string Name;
  uint32_t Start = 0;
  uint32_t End = 0;
};

struct Program {
  std::string Name;    ///< symbol name; also the native function's name
  std::string Section; ///< ELF section, or "raw" for raw bytecode
  ProgramType Type = ProgramType::Raw;
  std::vector<ebpf_insn> Insns;
  /// Filled by the verifier's CFG pass: the entry function first, then each
  /// local-call target in address order.
  std::vector<BpfFunction> Functions;
};

struct BpfObject {
  std::string Path; ///< the input file, for diagnostics
  std::vector<Program> Programs;
  /// The object's `license` section ("GPL", "Dual BSD/GPL", ...); empty for
  /// raw bytecode and objects without one.
  std::string License;
};

} // namespace ebpfc

#endif // EBPFC_PROGRAM_H
