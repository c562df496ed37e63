//===- ObjectRun.cpp - Run one program of an object on a packet -----------===//
//
// The contexts follow the kernel's BPF_PROG_TEST_RUN (net/bpf/test_run.c):
// an XDP packet sits in a page after 256 bytes of headroom; a socket filter
// or tc program gets an sk_buff on the loopback device. The runtime's
// ebpf_xdp_md_init and ebpf_sk_buff_init do the kernel's part; this file
// only owns the buffers and reads the results back.
//
//===----------------------------------------------------------------------===//

#include "ObjectRun.h"

#include "ebpfc/Compiler.h"
#include "ebpfc/Verifier.h"
#include "ebpfc/runtime.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

#include <cstring>

using namespace llvm;
using namespace ebpfc;

namespace ebpfrun {

namespace {

Error runtimeError(const Twine &What, int Errno) {
  return createStringError(inconvertibleErrorCode(),
                           What + ": " + std::strerror(-Errno));
}

std::string hexOf(const uint8_t *Bytes, size_t Size) {
  return toHex(ArrayRef<uint8_t>(Bytes, Size), /*LowerCase=*/true);
}

/// Copies the non-pointer fields of a kernel context struct from CTXIN over
/// the native context's kernel-layout part, as the kernel's ctx_in does.
void applyContextIn(uint32_t *KernelFields, size_t KernelSize,
                    ArrayRef<unsigned> PointerOffsets,
                    const std::vector<uint8_t> &CtxIn) {
  size_t N = std::min(CtxIn.size(), KernelSize) / 4;
  for (size_t I = 0; I < N; ++I) {
    if (is_contained(PointerOffsets, I * 4))
      continue;
    std::memcpy(&KernelFields[I], &CtxIn[I * 4], 4);
  }
}

} // namespace

Expected<std::unique_ptr<ObjectRun>>
ObjectRun::create(BpfObject &Obj, size_t ProgramIndex, const RunOptions &Opts) {
  std::unique_ptr<ObjectRun> R(new ObjectRun());
  R->Interpret = Opts.Interpret;
  const ebpf_object_desc *Desc = nullptr;
  if (Opts.Interpret) {
    // The interpreter gets the same checks the compiler runs first.
    if (Error E = verifyObject(Obj, Opts.MemSize))
      return std::move(E);
    // What the verifier proved that changes results: bpf_loop calls the
    // kernel inlines.
    Expected<VerifiedProgram> V =
        verifyProgram(Obj, Obj.Programs[ProgramIndex], Opts.MemSize);
    if (!V)
      return V.takeError();
    R->InlinedLoops.reset(new bool[V->Facts.size() + 1]());
    for (size_t Pc = 0; Pc < V->Facts.size(); ++Pc)
      R->InlinedLoops[Pc] = V->Facts[Pc].InlinedLoop;
    R->InterpDesc = std::make_unique<RuntimeDescriptor>(Obj);
    Desc = R->InterpDesc->get();
  } else {
    Expected<std::unique_ptr<JitSession>> Jit =
        JitSession::create(Obj, Opts.OptLevel, Opts.MemSize);
    if (!Jit)
      return Jit.takeError();
    R->Jit = std::move(*Jit);
    Expected<void *> Entry = R->Jit->lookup(Obj.Programs[ProgramIndex].Name);
    if (!Entry)
      return Entry.takeError();
    R->Entry = *Entry;
    Expected<const ebpf_object_desc *> D = R->Jit->lookupObjectDescriptor();
    if (!D)
      return D.takeError();
    Desc = *D;
  }
  R->Prog = &Obj.Programs[ProgramIndex];
  if (Error E = R->open(Desc, Obj.Path))
    return std::move(E);
  return std::move(R);
}

Expected<std::unique_ptr<ObjectRun>>
ObjectRun::createNative(std::unique_ptr<JitSession> Jit, StringRef ProgramName,
                        BpfObject &Listing) {
  Expected<const ebpf_object_desc *> Desc = Jit->lookupObjectDescriptor();
  if (!Desc)
    return Desc.takeError();
  const ebpf_object_desc &D = **Desc;
  if (D.abi_version != EBPF_OBJECT_ABI_VERSION)
    return createStringError(
        inconvertibleErrorCode(), "%s: object ABI version %u, expected %u",
        Listing.Path.c_str(), D.abi_version, unsigned(EBPF_OBJECT_ABI_VERSION));
  Listing.Programs.clear();
  for (uint32_t I = 0; I < D.num_progs; ++I) {
    Program P;
    P.Name = D.progs[I].name;
    P.Section = D.progs[I].section;
    P.Type = static_cast<ProgramType>(D.progs[I].type);
    Listing.Programs.push_back(std::move(P));
  }
  auto It = llvm::find_if(Listing.Programs, [&](const Program &P) {
    return ProgramName.empty() ? Listing.Programs.size() == 1
                               : P.Name == ProgramName;
  });
  if (It == Listing.Programs.end())
    return createStringError(inconvertibleErrorCode(),
                             ProgramName.empty()
                                 ? "%s: the object has several programs; "
                                   "choose one with --program"
                                 : "%s: no program named '%s'",
                             Listing.Path.c_str(), ProgramName.str().c_str());

  std::unique_ptr<ObjectRun> R(new ObjectRun());
  R->Prog = &*It;
  R->Entry =
      reinterpret_cast<void *>(D.progs[It - Listing.Programs.begin()].entry);
  R->Jit = std::move(Jit);
  if (Error E = R->open(&D, Listing.Path))
    return std::move(E);
  return std::move(R);
}

Error ObjectRun::open(const ebpf_object_desc *Desc, StringRef Path) {
  ebpf_object_opts ObjOpts = {};
  ObjOpts.num_cpus = 1;
  if (int Err = ebpf_object_open(Desc, &ObjOpts, &Object))
    return runtimeError(Path + ": cannot open the object's maps", Err);
  return Error::success();
}

ObjectRun::~ObjectRun() {
  if (Object)
    ebpf_object_close(Object);
}

Error ObjectRun::setInput(const std::vector<uint8_t> &Data,
                          const std::vector<uint8_t> &CtxIn) {
  switch (Prog->Type) {
  case ProgramType::Raw:
    if (!CtxIn.empty())
      return createStringError(inconvertibleErrorCode(),
                               "raw programs take no context (--ctx-in)");
    Memory = Data;
    return Error::success();
  case ProgramType::Xdp: {
    Buffer.assign(EBPF_XDP_BUFFER_SIZE, 0);
    size_t Headroom = EBPF_XDP_PACKET_HEADROOM;
    if (Data.size() > Buffer.size() - Headroom - EBPF_XDP_TAILROOM)
      return createStringError(inconvertibleErrorCode(),
                               "packet of %zu bytes is too large for XDP",
                               Data.size());
    std::copy(Data.begin(), Data.end(), Buffer.begin() + Headroom);
    if (int Err = ebpf_xdp_md_init(&Xdp, Buffer.data(), Buffer.size(), Headroom,
                                   Data.size()))
      return runtimeError("cannot build the XDP context", Err);
    applyContextIn(
        Xdp.kernel_fields, EBPF_XDP_MD_SIZE,
        {EBPF_XDP_MD_DATA, EBPF_XDP_MD_DATA_END, EBPF_XDP_MD_DATA_META}, CtxIn);
    return Error::success();
  }
  case ProgramType::SocketFilter:
  case ProgramType::SchedCls: {
    Frame = Data;
    uint32_t Type = Prog->Type == ProgramType::SocketFilter
                        ? EBPF_PROG_SOCKET_FILTER
                        : EBPF_PROG_SCHED_CLS;
    if (int Err = ebpf_sk_buff_init(&Skb, Type, Frame.data(), Frame.size()))
      return runtimeError("cannot build the __sk_buff context", Err);
    applyContextIn(Skb.kernel_fields, EBPF_SKB_KERNEL_SIZE,
                   {EBPF_SKB_DATA, EBPF_SKB_DATA_END, EBPF_SKB_DATA_META},
                   CtxIn);
    return Error::success();
  }
  }
  llvm_unreachable("unknown program type");
}

Expected<uint64_t> ObjectRun::run() {
  void *Ctx = nullptr;
  std::vector<ebpf_mem_region> Regions;
  uint64_t R1 = 0, R2 = 0;
  switch (Prog->Type) {
  case ProgramType::Raw:
    R1 = Memory.empty() ? 0 : reinterpret_cast<uint64_t>(Memory.data());
    R2 = Memory.size();
    if (!Memory.empty())
      Regions.push_back({R1, Memory.size(), true});
    break;
  case ProgramType::Xdp:
    Ctx = &Xdp;
    break;
  case ProgramType::SocketFilter:
  case ProgramType::SchedCls:
    Ctx = &Skb;
    break;
  }
  if (Ctx)
    R1 = reinterpret_cast<uint64_t>(Ctx);

  if (!Interpret) {
    if (Prog->Type == ProgramType::Raw)
      return reinterpret_cast<RawProgramFn>(Entry)(reinterpret_cast<void *>(R1),
                                                   R2);
    return reinterpret_cast<uint64_t (*)(void *)>(Entry)(Ctx);
  }

  ebpf_interp_env Env = {};
  Env.type = static_cast<ebpf_prog_type>(Prog->Type);
  Env.regions = Regions.data();
  Env.num_regions = Regions.size();
  Env.object = Object;
  Env.ctx = Ctx;
  Env.inlined_loops = InlinedLoops.get();
  ebpf_interp_result Result =
      ebpf_interpret(Prog->Insns.data(), Prog->Insns.size(), &Env, R1, R2);
  if (Result.status != EBPF_INTERP_OK)
    return createStringError(inconvertibleErrorCode(), "%s: insn %zu: %s",
                             Prog->Name.c_str(), Result.pc,
                             ebpf_interp_status_string(Result.status));
  return Result.r0;
}

std::vector<uint8_t> ObjectRun::dataOut() const {
  switch (Prog->Type) {
  case ProgramType::Raw:
    return Memory;
  case ProgramType::Xdp: {
    // The kernel returns the metadata in front of the packet too.
    auto *Begin = static_cast<const uint8_t *>(Xdp.data_meta);
    auto *End = static_cast<const uint8_t *>(Xdp.data_end);
    return std::vector<uint8_t>(Begin, End);
  }
  case ProgramType::SocketFilter: {
    // A socket filter runs on the packet from the network header; the
    // kernel then pushes room for the Ethernet header back and zeroes it
    // (bpf_prog_test_run_skb: memset(__skb_push(skb, hh_len), 0, hh_len)),
    // so the output is 14 zero bytes and the rest of the frame.
    std::vector<uint8_t> Out(EBPF_ETH_HLEN, 0);
    Out.insert(Out.end(), static_cast<const uint8_t *>(Skb.data),
               static_cast<const uint8_t *>(Skb.data_end));
    return Out;
  }
  case ProgramType::SchedCls: {
    // tc programs run on the whole frame, Ethernet header included.
    auto *End = static_cast<const uint8_t *>(Skb.data_end);
    return std::vector<uint8_t>(Frame.data(), End);
  }
  }
  llvm_unreachable("unknown program type");
}

void ObjectRun::writeMapsJson(raw_ostream &OS) {
  json::OStream J(OS, 2);
  J.array([&] {
    for (uint32_t I = 0, N = ebpf_object_map_count(Object); I < N; ++I) {
      ebpf_map *Map = ebpf_object_map_at(Object, I);
      const ebpf_map_desc *Info = ebpf_map_info(Map);
      bool PerCpu = Info->type == EBPF_MAP_PERCPU_HASH ||
                    Info->type == EBPF_MAP_PERCPU_ARRAY;
      // Per-CPU values come one per CPU, each padded to 8 bytes.
      size_t Stride = (Info->value_size + 7) & ~size_t(7);
      std::vector<uint8_t> Key(Info->key_size), Next(Info->key_size);
      std::vector<uint8_t> Value(ebpf_map_value_buffer_size(Map));
      J.object([&] {
        J.attribute("name", Info->name);
        J.attribute("type",
                    std::string(mapTypeName(static_cast<MapType>(Info->type))));
        if (Info->type == EBPF_MAP_RINGBUF) {
          // A ring buffer has no entries: its submitted records, consumed
          // in order.
          J.attributeArray("records", [&] {
            ebpf_ringbuf_consume(
                Map,
                [](void *Ctx, void *Data, uint32_t Size) {
                  static_cast<json::OStream *>(Ctx)->value(
                      hexOf(static_cast<const uint8_t *>(Data), Size));
                  return 0;
                },
                &J);
          });
          return;
        }
        J.attributeArray("entries", [&] {
          const void *Prev = nullptr;
          while (ebpf_map_get_next_key(Map, Prev, Next.data()) == 0) {
            Key = Next;
            Prev = Key.data();
            if (ebpf_map_lookup(Map, Key.data(), Value.data()) != 0)
              continue;
            J.object([&] {
              J.attribute("key", hexOf(Key.data(), Key.size()));
              if (!PerCpu) {
                J.attribute("value", hexOf(Value.data(), Info->value_size));
                return;
              }
              J.attributeArray("values", [&] {
                for (size_t Off = 0; Off < Value.size(); Off += Stride)
                  J.value(hexOf(&Value[Off], Info->value_size));
              });
            });
          }
        });
      });
    }
  });
  OS << "\n";
}

} // namespace ebpfrun
