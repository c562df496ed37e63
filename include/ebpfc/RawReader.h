//===- ebpfc/RawReader.h - Read raw BPF bytecode ----------------*- C++ -*-===//
//
// Raw bytecode is a file of little-endian 8-byte instruction slots with no
// container around it: one program of the given type.
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_RAWREADER_H
#define EBPFC_RAWREADER_H

#include "ebpfc/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace ebpfc {

/// The name a raw program gets from its file: the file name without
/// directories and extension, with every character that cannot appear in a C
/// identifier replaced by '_' (a leading digit gets a '_' prefix).
std::string rawProgramName(llvm::StringRef Path);

/// Splits BYTES into instruction slots. PATH is only used for the program's
/// name and for diagnostics. Fails on an empty or truncated stream.
llvm::Expected<BpfObject> readRawBytecode(llvm::StringRef Path,
                                          llvm::ArrayRef<uint8_t> Bytes,
                                          ProgramType Type);

} // namespace ebpfc

#endif // EBPFC_RAWREADER_H
