//===- verifier/ContextLayout.cpp - Program contexts, kernel and native ---===//
//
// One table per kernel context struct lists its fields with their offsets,
// sizes and the access each program type has, as the kernel's
// xdp_is_valid_access(), sk_filter_is_valid_access() and
// tc_cls_act_is_valid_access() allow them. An access is checked against the
// field that contains its first byte; the native offset is the kernel one
// except for packet pointers, whose native homes come from object.h.
//
//===----------------------------------------------------------------------===//
#include "ContextLayout.h"

#include "ebpfc/object.h"

#include <cstddef>
#include <string>

using namespace ebpfc;

namespace {

static_assert(sizeof(ebpf_xdp_md::kernel_fields) == EBPF_XDP_MD_SIZE,
              "ebpf_xdp_md keeps xdp_md's layout in front");
static_assert(sizeof(ebpf_sk_buff::kernel_fields) == EBPF_SKB_KERNEL_SIZE,
              "ebpf_sk_buff keeps __sk_buff's layout in front");

enum Access : uint8_t { None = 0, Read = 1, ReadWrite = 3 };

enum class FieldKind : uint8_t {
  Plain,       ///< an integer at the same offset natively
  Packet,      ///< a 32-bit packet pointer, natively a pointer elsewhere
  Unsupported, ///< a pointer to a kernel object ebpfc does not model
};

enum class SizeRule : uint8_t {
  Exact,  ///< accesses cover the whole field
  Narrow, ///< loads may read 1, 2 or 4 bytes of it; stores the whole field
  Any,    ///< loads and stores of 1, 2, 4 or 8 bytes within it (cb[])
};

struct Field {
  const char *Name;
  uint32_t Offset;
  uint32_t Size;
  FieldKind Kind;
  SizeRule Sizes;
  /// For xdp_md: XDP programs' access. For __sk_buff: socket filters'.
  Access First;
  /// For __sk_buff: tc programs' access.
  Access Second;
  uint32_t NativeOffset; ///< packet pointers only
};

constexpr FieldKind Plain = FieldKind::Plain, Packet = FieldKind::Packet,
                    Unsupported = FieldKind::Unsupported;
constexpr SizeRule Exact = SizeRule::Exact, Narrow = SizeRule::Narrow,
                   AnySize = SizeRule::Any;

// struct xdp_md: every field is a read-only u32, read whole.
const Field XdpFields[] = {
    {"data", EBPF_XDP_MD_DATA, 4, Packet, Exact, Read, None,
     offsetof(ebpf_xdp_md, data)},
    {"data_end", EBPF_XDP_MD_DATA_END, 4, Packet, Exact, Read, None,
     offsetof(ebpf_xdp_md, data_end)},
    {"data_meta", EBPF_XDP_MD_DATA_META, 4, Packet, Exact, Read, None,
     offsetof(ebpf_xdp_md, data_meta)},
    {"ingress_ifindex", 12, 4, Plain, Exact, Read, None, 0},
    {"rx_queue_index", 16, 4, Plain, Exact, Read, None, 0},
    {"egress_ifindex", 20, 4, Plain, Exact, Read, None, 0},
};

// struct __sk_buff (include/uapi/linux/bpf.h). Columns: socket filter, tc.
const Field SkbFields[] = {
    {"len", 0, 4, Plain, Narrow, Read, Read, 0},
    {"pkt_type", 4, 4, Plain, Narrow, Read, Read, 0},
    {"mark", 8, 4, Plain, Narrow, Read, ReadWrite, 0},
    {"queue_mapping", 12, 4, Plain, Narrow, Read, ReadWrite, 0},
    {"protocol", 16, 4, Plain, Narrow, Read, Read, 0},
    {"vlan_present", 20, 4, Plain, Narrow, Read, Read, 0},
    {"vlan_tci", 24, 4, Plain, Narrow, Read, Read, 0},
    {"vlan_proto", 28, 4, Plain, Narrow, Read, Read, 0},
    {"priority", 32, 4, Plain, Narrow, Read, ReadWrite, 0},
    {"ingress_ifindex", 36, 4, Plain, Narrow, Read, Read, 0},
    {"ifindex", 40, 4, Plain, Narrow, Read, Read, 0},
    {"tc_index", 44, 4, Plain, Narrow, Read, ReadWrite, 0},
    {"cb", 48, 20, Plain, AnySize, ReadWrite, ReadWrite, 0},
    {"hash", 68, 4, Plain, Narrow, Read, Read, 0},
    {"tc_classid", 72, 4, Plain, Narrow, None, ReadWrite, 0},
    // Socket filters have no direct packet access (sk_filter_is_valid_access
    // refuses these fields): they read the packet with LD_ABS/LD_IND and
    // bpf_skb_load_bytes.
    {"data", EBPF_SKB_DATA, 4, Packet, Exact, None, Read,
     offsetof(ebpf_sk_buff, data)},
    {"data_end", EBPF_SKB_DATA_END, 4, Packet, Exact, None, Read,
     offsetof(ebpf_sk_buff, data_end)},
    {"napi_id", 84, 4, Plain, Narrow, Read, Read, 0},
    // Socket fields, for other program types only.
    {"family", 88, 4, Plain, Narrow, None, None, 0},
    {"remote_ip4", 92, 4, Plain, Narrow, None, None, 0},
    {"local_ip4", 96, 4, Plain, Narrow, None, None, 0},
    {"remote_ip6", 100, 16, Plain, Narrow, None, None, 0},
    {"local_ip6", 116, 16, Plain, Narrow, None, None, 0},
    {"remote_port", 132, 4, Plain, Narrow, None, None, 0},
    {"local_port", 136, 4, Plain, Narrow, None, None, 0},
    {"data_meta", EBPF_SKB_DATA_META, 4, Packet, Exact, None, Read,
     offsetof(ebpf_sk_buff, data_meta)},
    {"flow_keys", 144, 8, Unsupported, Exact, None, None, 0},
    {"tstamp", 152, 8, Plain, Exact, None, ReadWrite, 0},
    {"wire_len", 160, 4, Plain, Narrow, None, Read, 0},
    {"gso_segs", 164, 4, Plain, Narrow, Read, Read, 0},
    {"sk", 168, 8, Unsupported, Exact, Read, Read, 0},
    {"gso_size", 176, 4, Plain, Narrow, Read, Read, 0},
    {"tstamp_type", 180, 1, Plain, Exact, None, None, 0},
    {"hwtstamp", 184, 8, Plain, Exact, None, Read, 0},
};

ContextAccess contextError(std::string Message) {
  ContextAccess Result;
  Result.Error = std::move(Message);
  return Result;
}

/// Which packet pointer the packet field at kernel offset Offset is.
ContextField packetField(uint32_t Offset, ProgramType Type) {
  if (Type == ProgramType::Xdp)
    return Offset == EBPF_XDP_MD_DATA       ? ContextField::PacketData
           : Offset == EBPF_XDP_MD_DATA_END ? ContextField::PacketEnd
                                            : ContextField::PacketMeta;
  return Offset == EBPF_SKB_DATA       ? ContextField::PacketData
         : Offset == EBPF_SKB_DATA_END ? ContextField::PacketEnd
                                       : ContextField::PacketMeta;
}

} // namespace

ContextAccess ebpfc::checkContextAccess(ProgramType Type, int64_t Offset,
                                        unsigned Size, ContextAccessKind Kind) {
  const Field *Fields = nullptr;
  size_t NumFields = 0;
  std::string StructName;
  uint32_t StructSize;
  bool UseSecond = false;
  switch (Type) {
  case ProgramType::Raw:
    return contextError("raw programs have no context");
  case ProgramType::Xdp:
    Fields = XdpFields;
    NumFields = std::size(XdpFields);
    StructName = "xdp_md";
    StructSize = EBPF_XDP_MD_SIZE;
    break;
  case ProgramType::SocketFilter:
  case ProgramType::SchedCls:
    Fields = SkbFields;
    NumFields = std::size(SkbFields);
    StructName = "__sk_buff";
    StructSize = EBPF_SKB_KERNEL_SIZE;
    UseSecond = Type == ProgramType::SchedCls;
    break;
  }

  if (Offset < 0 || Offset >= StructSize)
    return contextError("context offset " + std::to_string(Offset) +
                        " is outside " + StructName + " (" +
                        std::to_string(StructSize) + " bytes)");
  const Field *F = nullptr;
  for (const Field *Candidate = Fields; Candidate != Fields + NumFields;
       ++Candidate)
    if (Offset >= Candidate->Offset &&
        Offset < Candidate->Offset + Candidate->Size)
      F = Candidate;
  if (!F)
    return contextError("context offset " + std::to_string(Offset) +
                        " is not a field of " + StructName);
  std::string FieldName =
      "context field '" + std::string(F->Name) + "' of " + StructName;

  Access Allowed = UseSecond ? F->Second : F->First;
  if (F->Kind == FieldKind::Unsupported)
    return contextError(FieldName + " is not supported");
  if (Allowed == None) {
    std::string_view TypeName = programTypeName(Type);
    return contextError(FieldName + " is not available to " +
                        std::string(TypeName) + " programs");
  }
  if (Kind == ContextAccessKind::Atomic)
    return contextError("atomic operation on " + FieldName);
  bool IsStore = Kind == ContextAccessKind::Store;
  if (IsStore && F->Kind == FieldKind::Packet)
    return contextError("store to " + FieldName + ", a packet pointer");
  if (IsStore && Allowed != ReadWrite)
    return contextError("store to read-only " + FieldName);
  if (F->Kind == FieldKind::Packet &&
      Kind == ContextAccessKind::SignExtendingLoad)
    return contextError("sign-extending load of " + FieldName +
                        ", a packet pointer");
  if (Offset % Size != 0)
    return contextError("misaligned " + std::to_string(Size) +
                        "-byte access at context offset " +
                        std::to_string(Offset));

  bool SizeOk;
  int64_t End = Offset + Size;
  switch (F->Sizes) {
  case SizeRule::Exact:
    SizeOk = Offset == F->Offset && Size == F->Size;
    break;
  case SizeRule::Narrow:
    // One element of the field (remote_ip6 has four), read whole or in
    // aligned parts, written whole.
    SizeOk = IsStore ? Size == 4 : Size <= 4;
    break;
  case SizeRule::Any:
    SizeOk = End <= F->Offset + F->Size;
    break;
  }
  if (!SizeOk) {
    if (F->Kind == FieldKind::Packet)
      return contextError(std::to_string(Size) + "-byte access to " +
                          FieldName +
                          ", a packet pointer, which is read with 4-byte "
                          "loads");
    return contextError(std::to_string(Size) + "-byte " +
                        (IsStore ? "store" : "load") + " at context offset " +
                        std::to_string(Offset) + " does not fit " + FieldName +
                        " (" + std::to_string(F->Size) + " bytes)");
  }

  ContextAccess Result;
  Result.Field = F->Kind == FieldKind::Packet ? packetField(F->Offset, Type)
                                              : ContextField::Plain;
  Result.NativeOffset =
      Result.isPacketPointer() ? F->NativeOffset : uint32_t(Offset);
  return Result;
}
