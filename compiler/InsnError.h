//===- InsnError.h - An error about one instruction -------------*- C++ -*-===//
//
// Stages that reject an instruction return an InsnError instead of a plain
// string, so the pipeline can say where the instruction came from: the
// program's file, section and name, and, when the object has line
// information, the source line (see locatedError in Pipeline.h).
//
//===----------------------------------------------------------------------===//
#ifndef EBPFC_COMPILER_INSNERROR_H
#define EBPFC_COMPILER_INSNERROR_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace ebpfc {

class InsnError : public llvm::ErrorInfo<InsnError> {
public:
  static char ID;

  InsnError(uint32_t Insn, std::string Message)
      : Insn(Insn), Message(std::move(Message)) {}

  uint32_t insn() const { return Insn; }
  const std::string &text() const { return Message; }

  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  uint32_t Insn;
  std::string Message;
};

inline llvm::Error insnError(uint32_t Insn, const llvm::Twine &Message) {
  return llvm::make_error<InsnError>(Insn, Message.str());
}

} // namespace ebpfc

#endif // EBPFC_COMPILER_INSNERROR_H
