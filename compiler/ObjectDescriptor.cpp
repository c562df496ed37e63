//===- ObjectDescriptor.cpp - The descriptor a compiled object exports ----===//
//
// Builds the LLVM counterparts of object.h's structs by hand (their C
// layouts follow from the target's data layout the same way clang's do:
// natural alignment, padding before a pointer that follows a 32-bit field)
// and fills them as constants:
//
//   ebpf.map_slots      internal, zeroed   struct ebpf_map_slot[num_maps]
//   ebpf.map_descs      internal constant  struct ebpf_map_desc[num_maps]
//   ebpf.initial_value.I internal constant  map I's initial value, for global
//                                          data that is not all zeros
//   ebpf.prog_descs     internal constant  struct ebpf_prog_desc[num_progs]
//   P##OBJ##_ebpf_object  exported         struct ebpf_object_desc
//
// Strings are private constants. Nothing depends on the order of hash
// tables or on pointers, so the output is deterministic.
//
//===----------------------------------------------------------------------===//
#include "ObjectDescriptor.h"

#include "Lifter.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

using namespace ebpfc;
using namespace llvm;

static_assert(int(ProgramType::Raw) == EBPF_PROG_RAW &&
                  int(ProgramType::Xdp) == EBPF_PROG_XDP &&
                  int(ProgramType::SocketFilter) == EBPF_PROG_SOCKET_FILTER &&
                  int(ProgramType::SchedCls) == EBPF_PROG_SCHED_CLS,
              "descriptors store ProgramType as enum ebpf_prog_type");
static_assert(uint32_t(MapType::Hash) == EBPF_MAP_HASH &&
                  uint32_t(MapType::Array) == EBPF_MAP_ARRAY &&
                  uint32_t(MapType::PercpuHash) == EBPF_MAP_PERCPU_HASH &&
                  uint32_t(MapType::PercpuArray) == EBPF_MAP_PERCPU_ARRAY &&
                  uint32_t(MapType::LruHash) == EBPF_MAP_LRU_HASH,
              "descriptors store MapType as enum ebpf_map_type");

namespace {

bool isIdentifierChar(char C) { return isAlnum(C) || C == '_'; }

/// The LLVM types of object.h's structs.
struct DescriptorTypes {
  explicit DescriptorTypes(LLVMContext &Ctx)
      : Ptr(PointerType::getUnqual(Ctx)), I32(Type::getInt32Ty(Ctx)) {
    // struct ebpf_map_slot { struct ebpf_map *map; void *value; }
    MapSlot = StructType::get(Ctx, {Ptr, Ptr});
    // struct ebpf_map_desc { name, type, key_size, value_size, max_entries,
    //                        flags, initial_value }
    MapDesc = StructType::get(Ctx, {Ptr, I32, I32, I32, I32, I32, Ptr});
    // struct ebpf_prog_desc { name, section, type, entry }
    ProgDesc = StructType::get(Ctx, {Ptr, Ptr, I32, Ptr});
    // struct ebpf_object_desc { abi_version, name, license, num_maps, maps,
    //                           slots, num_progs, progs }
    ObjectDesc = StructType::get(Ctx, {I32, Ptr, Ptr, I32, Ptr, Ptr, I32, Ptr});
  }
  PointerType *Ptr;
  IntegerType *I32;
  StructType *MapSlot, *MapDesc, *ProgDesc, *ObjectDesc;
};

/// A private NUL-terminated string constant, like a C string literal.
Constant *stringConstant(Module &M, StringRef S) {
  Constant *Init = ConstantDataArray::getString(M.getContext(), S);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init, ".str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

Constant *u32(const DescriptorTypes &T, uint64_t V) {
  return ConstantInt::get(T.I32, V);
}

/// An internal constant array \p Name of \p Elements, or null if empty.
Constant *tableConstant(Module &M, StructType *ElementTy,
                        ArrayRef<Constant *> Elements, StringRef Name) {
  if (Elements.empty())
    return ConstantPointerNull::get(PointerType::getUnqual(M.getContext()));
  ArrayType *Ty = ArrayType::get(ElementTy, Elements.size());
  return new GlobalVariable(M, Ty, /*isConstant=*/true,
                            GlobalValue::InternalLinkage,
                            ConstantArray::get(Ty, Elements), Name);
}

Constant *mapDescriptor(Module &M, const DescriptorTypes &T,
                        const MapDefinition &Map, size_t Index) {
  Constant *Initial = ConstantPointerNull::get(T.Ptr);
  // Zeros need no copy: the runtime starts every value zeroed.
  if (llvm::any_of(Map.InitialValue, [](uint8_t B) { return B != 0; })) {
    Constant *Bytes =
        ConstantDataArray::get(M.getContext(), ArrayRef(Map.InitialValue));
    auto *GV = new GlobalVariable(M, Bytes->getType(), /*isConstant=*/true,
                                  GlobalValue::InternalLinkage, Bytes,
                                  "ebpf.initial_value." + Twine(Index));
    GV->setAlignment(Align(8));
    Initial = GV;
  }
  return ConstantStruct::get(
      T.MapDesc, {stringConstant(M, Map.Name), u32(T, uint32_t(Map.Type)),
                  u32(T, Map.KeySize), u32(T, Map.ValueSize),
                  u32(T, Map.MaxEntries), u32(T, Map.Flags), Initial});
}

} // namespace

std::string ebpfc::makeCIdentifier(StringRef Name) {
  std::string Id;
  if (Name.empty() || isDigit(Name.front()))
    Id += '_';
  for (char C : Name)
    Id += isIdentifierChar(C) ? C : '_';
  return Id;
}

std::string ebpfc::defaultObjectName(StringRef Path) {
  if (Path == "-")
    return "stdin";
  StringRef Name = sys::path::filename(Path);
  Name.consume_back(".o");
  Name.consume_back(".bpf");
  return makeCIdentifier(Name);
}

bool ebpfc::isValidObjectName(StringRef Name) {
  return !Name.empty() && !isDigit(Name.front()) &&
         llvm::all_of(Name, isIdentifierChar);
}

std::string ebpfc::objectName(const BpfObject &Obj,
                              const CompileOptions &Opts) {
  if (!Opts.ObjectName.empty())
    return makeCIdentifier(Opts.ObjectName);
  return defaultObjectName(Obj.Path);
}

std::string ebpfc::objectDescriptorSymbol(const BpfObject &Obj,
                                          const CompileOptions &Opts) {
  return Opts.SymbolPrefix + objectName(Obj, Opts) + "_ebpf_object";
}

GlobalVariable *ebpfc::createMapSlots(Module &M, const BpfObject &Obj) {
  if (Obj.Maps.empty())
    return nullptr;
  DescriptorTypes T(M.getContext());
  ArrayType *Ty = ArrayType::get(T.MapSlot, Obj.Maps.size());
  // Written by ebpf_object_open() through the descriptor, so not constant;
  // the descriptor's reference keeps LLVM from assuming it stays zero.
  return new GlobalVariable(M, Ty, /*isConstant=*/false,
                            GlobalValue::InternalLinkage,
                            ConstantAggregateZero::get(Ty), "ebpf.map_slots");
}

Error ebpfc::emitObjectDescriptor(Module &M, const BpfObject &Obj,
                                  StringRef ObjectName, StringRef Symbol,
                                  StringRef SymbolPrefix,
                                  GlobalVariable *MapSlots) {
  if (M.getNamedValue(Symbol))
    return createStringError(inconvertibleErrorCode(),
                             Obj.Path + ": duplicate symbol '" + Symbol +
                                 "' (the object's descriptor)");
  DescriptorTypes T(M.getContext());

  std::vector<Constant *> Maps;
  for (size_t I = 0; I < Obj.Maps.size(); ++I)
    Maps.push_back(mapDescriptor(M, T, Obj.Maps[I], I));

  std::vector<Constant *> Progs;
  for (const Program &Prog : Obj.Programs) {
    std::string Entry = entrySymbol(Prog, SymbolPrefix);
    Function *F = M.getFunction(Entry);
    if (!F)
      return createStringError(inconvertibleErrorCode(),
                               Obj.Path + ": internal error: no entry point '" +
                                   Entry + "'");
    Progs.push_back(
        ConstantStruct::get(T.ProgDesc, {stringConstant(M, Prog.Name),
                                         stringConstant(M, Prog.Section),
                                         u32(T, uint32_t(Prog.Type)), F}));
  }

  Constant *Slots = MapSlots ? static_cast<Constant *>(MapSlots)
                             : ConstantPointerNull::get(T.Ptr);
  Constant *Desc = ConstantStruct::get(
      T.ObjectDesc,
      {u32(T, EBPF_OBJECT_ABI_VERSION), stringConstant(M, ObjectName),
       stringConstant(M, Obj.License), u32(T, Maps.size()),
       tableConstant(M, T.MapDesc, Maps, "ebpf.map_descs"), Slots,
       u32(T, Progs.size()),
       tableConstant(M, T.ProgDesc, Progs, "ebpf.prog_descs")});
  new GlobalVariable(M, T.ObjectDesc, /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, Desc, Symbol);
  return Error::success();
}
