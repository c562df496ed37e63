//===- ebpfc/ElfReader.h - Read BPF programs from ELF objects ---*- C++ -*-===//
//
// The frontend for the relocatable objects that `clang -target bpf` writes.
// Every executable section other than .text holds programs (one per global
// function); the section's name gives the program type the way libbpf's
// SEC() names do. Functions in .text, and static functions anywhere, are
// subprograms: each program gets the subprograms it calls appended to its
// instructions, with local calls rewritten to relative offsets, as libbpf
// does before loading.
//
// Maps come from BTF-defined `.maps`, legacy `maps` (struct bpf_map_def) and
// the global data sections (.data, .rodata, .bss, and .data.NAME etc.), each
// of which becomes a one-entry array map. Loads of their addresses become
// the pseudo lddw forms that name a map by its index in BpfObject::Maps (see
// MapDefinition). The .BTF.ext line table, when present, gives each
// program's Lines.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_ELFREADER_H
#define EBPFC_ELFREADER_H

#include "ebpfc/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace ebpfc {

/// True if BYTES start with the ELF magic number; the driver uses it to tell
/// objects from raw bytecode.
bool isElfObject(llvm::ArrayRef<uint8_t> Bytes);

/// The program type libbpf gives a program in section SECTION ("xdp",
/// "socket/filter", "tc", ...), or nothing if ebpfc does not support it.
std::optional<ProgramType> programTypeForSection(llvm::StringRef Section);

/// Reads every program of the BPF ELF object in BYTES. PATH names the object
/// in diagnostics. Fails, without crashing, on any malformed input: each
/// offset, size and index the object contains is checked before use. Errors
/// read "PATH: section 'NAME': MESSAGE"; several independent errors are
/// joined, one per line.
llvm::Expected<BpfObject> readElfObject(llvm::StringRef Path,
                                        llvm::ArrayRef<uint8_t> Bytes);

} // namespace ebpfc

#endif // EBPFC_ELFREADER_H
