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

/// Where an instruction came from, from the object's .BTF.ext line table.
struct LineInfo {
  uint32_t Insn =
      0; ///< first instruction (index in Program::Insns) of the line
  std::string File;
  uint32_t Line = 0;
  uint32_t Column = 0;
  std::string Source; ///< the text of the source line
};

/// The map types ebpfc supports; the values are the kernel's BPF_MAP_TYPE_*.
enum class MapType : uint32_t {
  Hash = 1,
  Array = 2,
  PercpuHash = 5,
  PercpuArray = 6,
  LruHash = 9,
  Ringbuf = 27,
};

/// The kernel's name for a map type, as bpftool prints it ("hash",
/// "percpu_array", ...).
constexpr std::string_view mapTypeName(MapType Type) {
  switch (Type) {
  case MapType::Hash:
    return "hash";
  case MapType::Array:
    return "array";
  case MapType::PercpuHash:
    return "percpu_hash";
  case MapType::PercpuArray:
    return "percpu_array";
  case MapType::LruHash:
    return "lru_hash";
  case MapType::Ringbuf:
    return "ringbuf";
  }
  return "unknown";
}

/// Where a map's definition came from.
enum class MapKind {
  BtfDefined, ///< a variable in section .maps, described by BTF
  Legacy,     ///< a struct bpf_map_def in section "maps"
  GlobalData, ///< a .data, .rodata or .bss section (or one of their .NAME
              ///< variants): an array map with one entry holding the section
};

/// A variable that lives in a global data map, from the symbol table.
struct MapVariable {
  std::string Name;
  uint32_t Offset = 0; ///< within the map's value
  uint32_t Size = 0;
  bool IsGlobal = false; ///< false for static variables
};

/// A map the programs of an object use. Instructions refer to maps by index
/// into BpfObject::Maps: `lddw rX, map` has src_reg EBPF_PSEUDO_MAP_IDX and
/// imm = the index; `lddw rX, &global + off` has src_reg
/// EBPF_PSEUDO_MAP_IDX_VALUE, imm = the index and the second slot's imm =
/// the offset within the map's value (as libbpf emits for the kernel).
struct MapDefinition {
  std::string Name;    ///< the map's symbol; for global data, the section
  std::string Section; ///< ".maps", "maps", or the global data section
  MapKind Kind = MapKind::BtfDefined;
  MapType Type = MapType::Array;
  uint32_t KeySize = 0;
  uint32_t ValueSize = 0;
  uint32_t MaxEntries = 0;
  uint32_t Flags = 0; ///< BPF_F_*; .rodata maps get BPF_F_RDONLY_PROG
  /// Global data only: the value of entry 0 (ValueSize bytes; zeros for .bss).
  std::vector<uint8_t> InitialValue;
  /// Global data only: programs may not write it (.rodata, .rodata.NAME).
  bool ReadOnly = false;
  /// Global data only: the variables in the value, by offset.
  std::vector<MapVariable> Variables;
};

struct Program {
  std::string Name;    ///< symbol name; also the native function's name
  std::string Section; ///< ELF section, or "raw" for raw bytecode
  ProgramType Type = ProgramType::Raw;
  std::vector<ebpf_insn> Insns;
  /// Filled by the verifier's CFG pass: the entry function first, then each
  /// local-call target in address order.
  std::vector<BpfFunction> Functions;
  /// Filled by the ELF reader: the functions the object's symbols name, in
  /// layout order (the entry first, then each appended subprogram).
  std::vector<BpfFunction> FunctionSymbols;
  /// Filled by the ELF reader from .BTF.ext, sorted by Insn; empty for raw
  /// bytecode and objects compiled without -g.
  std::vector<LineInfo> Lines;
};

struct BpfObject {
  std::string Path; ///< the input file, for diagnostics
  std::vector<Program> Programs;
  /// The object's `license` section ("GPL", "Dual BSD/GPL", ...); empty for
  /// raw bytecode and objects without one.
  std::string License;
  /// The maps and global data sections the programs refer to (see
  /// MapDefinition for how instructions name them).
  std::vector<MapDefinition> Maps;
};

/// The line INSN of P belongs to: the last line entry at or before it, or
/// nullptr if P has no line information there.
inline const LineInfo *findLineInfo(const Program &P, uint32_t Insn) {
  const LineInfo *Found = nullptr;
  for (const LineInfo &L : P.Lines) {
    if (L.Insn > Insn)
      break;
    Found = &L;
  }
  return Found;
}

} // namespace ebpfc

#endif // EBPFC_PROGRAM_H
