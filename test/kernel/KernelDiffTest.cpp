//===- KernelDiffTest.cpp - ebpfc against the Linux kernel ----------------===//
//
// Differential tests with the kernel as the reference. Each BPF C program in
// programs/ is built by clang (at the default CPU and, for some, -mcpu=v3
// and v4) and run on a generated set of Ethernet frames in three engines:
// the kernel (loaded with libbpf, run with BPF_PROG_TEST_RUN), the program
// compiled by ebpfc, and ebpfc's interpreter (both through ebpf-run's
// ObjectRun). After every frame the return value, the packet the run leaves
// (the kernel's data_out) and the entries of every map and global data
// section must be the same in all three.
//
// The kernel is not always there (not root, BPF disabled, no libbpf): then
// MatchesKernel skips, saying why, and MatchesRecordedKernel still compares
// ebpfc against the kernel's results checked in as expectations.txt. That
// file is the kernel's output, never ebpfc's; regenerate it as root on a
// machine that runs BPF, after changing the programs or the frames, with
//
//   kernel-diff-tests --update-expectations[=PATH]
//
// (PATH defaults to the file in the source tree), and commit it.
//
//===----------------------------------------------------------------------===//

#include "ObjectRun.h"

#include "ebpfc/ElfReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#if EBPFC_HAVE_LIBBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#endif

using namespace llvm;

namespace {

using Bytes = std::vector<uint8_t>;

//===-- Frames ------------------------------------------------------------===//

struct Frame {
  std::string Name;
  Bytes Data;
};

using Mac = std::array<uint8_t, 6>;
const Mac HostMac = {0, 0, 0, 0, 0, 0}; // loopback's address: PACKET_HOST
const Mac PeerA = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const Mac PeerB = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
const Mac Broadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const Mac Multicast = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb};

void put16(Bytes &B, uint16_t V) {
  B.push_back(V >> 8);
  B.push_back(V & 0xff);
}

void put32(Bytes &B, uint32_t V) {
  put16(B, V >> 16);
  put16(B, V & 0xffff);
}

Bytes operator+(Bytes A, const Bytes &B) {
  A.insert(A.end(), B.begin(), B.end());
  return A;
}

Bytes ethernet(const Mac &Dst, const Mac &Src, uint16_t Type) {
  Bytes B(Dst.begin(), Dst.end());
  B.insert(B.end(), Src.begin(), Src.end());
  put16(B, Type);
  return B;
}

Bytes vlanTag(uint16_t Tci, uint16_t InnerType) {
  Bytes B;
  put16(B, Tci);
  put16(B, InnerType);
  return B;
}

uint32_t ip4(uint8_t A, uint8_t B, uint8_t C, uint8_t D) {
  return uint32_t(A) << 24 | B << 16 | C << 8 | D;
}

/// The Internet checksum (RFC 1071) of B.
uint16_t internetChecksum(const Bytes &B) {
  uint32_t Sum = 0;
  for (size_t I = 0; I + 1 < B.size(); I += 2)
    Sum += B[I] << 8 | B[I + 1];
  if (B.size() & 1)
    Sum += B.back() << 8;
  while (Sum >> 16)
    Sum = (Sum & 0xffff) + (Sum >> 16);
  return ~Sum & 0xffff;
}

struct Ipv4Header {
  uint32_t Src = ip4(10, 0, 0, 1);
  uint32_t Dst = ip4(10, 0, 0, 2);
  uint8_t Proto = 6;
  uint8_t Ttl = 64;
  uint8_t VersionIhl = 0; // 0: version 4 and the length of the options
  uint16_t FragOff = 0;   // flags and offset, as on the wire
  Bytes Options;          // a multiple of 4 bytes
  int TotalLength = -1;   // -1: the real length
};

Bytes ipv4(const Ipv4Header &H, const Bytes &Payload) {
  Bytes B;
  size_t HeaderLen = 20 + H.Options.size();
  B.push_back(H.VersionIhl ? H.VersionIhl : 0x40 | HeaderLen / 4);
  B.push_back(0); // TOS
  put16(B, H.TotalLength >= 0 ? H.TotalLength : HeaderLen + Payload.size());
  put16(B, 0x1c46); // id
  put16(B, H.FragOff);
  B.push_back(H.Ttl);
  B.push_back(H.Proto);
  put16(B, 0);
  put32(B, H.Src);
  put32(B, H.Dst);
  B = B + H.Options;
  uint16_t Sum = internetChecksum(B);
  B[10] = Sum >> 8;
  B[11] = Sum & 0xff;
  return B + Payload;
}

using Ip6 = std::array<uint8_t, 16>;
Ip6 ip6(uint16_t Last) {
  Ip6 A = {0x20, 0x01, 0x0d, 0xb8};
  A[14] = Last >> 8;
  A[15] = Last & 0xff;
  return A;
}

Bytes ipv6(const Ip6 &Src, const Ip6 &Dst, uint8_t NextHeader, uint8_t HopLimit,
           const Bytes &Payload) {
  Bytes B;
  put32(B, 0x60000000 | 0x12345); // version, class 0, a flow label
  put16(B, Payload.size());
  B.push_back(NextHeader);
  B.push_back(HopLimit);
  B.insert(B.end(), Src.begin(), Src.end());
  B.insert(B.end(), Dst.begin(), Dst.end());
  return B + Payload;
}

enum TcpFlags : uint8_t { Fin = 1, Syn = 2, Psh = 8, Ack = 16 };

Bytes tcp(uint16_t Sport, uint16_t Dport, uint8_t Flags,
          const Bytes &Payload = {}, const Bytes &Options = {}) {
  Bytes B;
  put16(B, Sport);
  put16(B, Dport);
  put32(B, 0x01020304);                   // seq
  put32(B, Flags & Ack ? 0x0a0b0c0d : 0); // ack
  B.push_back(uint8_t((20 + Options.size()) / 4) << 4);
  B.push_back(Flags);
  put16(B, 64240);  // window
  put16(B, 0xbeef); // checksum: nothing here checks it
  put16(B, 0);
  return B + Options + Payload;
}

Bytes udp(uint16_t Sport, uint16_t Dport, const Bytes &Payload) {
  Bytes B;
  put16(B, Sport);
  put16(B, Dport);
  put16(B, 8 + Payload.size());
  put16(B, 0); // no checksum
  return B + Payload;
}

/// N bytes of a fixed pseudo-random sequence (an LCG), distinct per SEED.
Bytes noise(size_t N, uint32_t Seed) {
  Bytes B;
  uint32_t X = Seed * 2654435761u + 1;
  for (size_t I = 0; I < N; ++I) {
    X = X * 1103515245u + 12345u;
    B.push_back(X >> 16);
  }
  return B;
}

Bytes text(const char *S) { return Bytes(S, S + std::strlen(S)); }

Bytes truncated(Bytes B, size_t N) {
  B.resize(N);
  return B;
}

/// The frames every program runs on, in order. Maps carry state from one
/// frame to the next, so the order matters and must not change without
/// regenerating expectations.txt.
std::vector<Frame> makeFrames() {
  std::vector<Frame> F;
  auto add = [&](const char *Name, Bytes Data) {
    F.push_back({Name, std::move(Data)});
  };
  Ipv4Header Ip;
  Bytes Eth4 = ethernet(PeerB, PeerA, 0x0800);
  Bytes Eth6 = ethernet(PeerB, PeerA, 0x86dd);

  add("ipv4-tcp-syn", Eth4 + ipv4(Ip, tcp(40000, 80, Syn)));
  add("ipv4-tcp-syn-again", Eth4 + ipv4(Ip, tcp(40000, 80, Syn)));
  add("ipv4-tcp-ack-payload",
      Eth4 +
          ipv4(Ip, tcp(40000, 80, Ack | Psh, text("GET / HTTP/1.0\r\n\r\n"))));
  {
    Ipv4Header H = Ip;
    H.Src = ip4(10, 0, 0, 3);
    add("ipv4-tcp-ssh-odd", Eth4 + ipv4(H, tcp(50000, 22, Ack, noise(37, 1))));
    add("ipv4-tcp-telnet-blocked", Eth4 + ipv4(H, tcp(50001, 23, Syn)));
  }
  {
    Ipv4Header H = Ip;
    H.Proto = 17;
    H.Src = ip4(10, 0, 0, 4);
    H.Dst = ip4(8, 8, 8, 8);
    add("ipv4-udp-dns", Eth4 + ipv4(H, udp(53000, 53, noise(29, 2))));
    std::swap(H.Src, H.Dst);
    add("ipv4-udp-dns-reply", Eth4 + ipv4(H, udp(53, 53000, noise(80, 3))));
    H.Src = ip4(192, 168, 1, 7);
    add("ipv4-udp-large", Eth4 + ipv4(H, udp(4000, 5000, noise(300, 4))));
    add("ipv4-udp-traceroute", Eth4 + ipv4(H, udp(4001, 33434, noise(12, 5))));
    H.Ttl = 1;
    add("ipv4-udp-ttl1", Eth4 + ipv4(H, udp(4002, 9, noise(8, 6))));
    H.Ttl = 64;
    H.FragOff = 185; // offset 1480, no more fragments
    add("ipv4-fragment", Eth4 + ipv4(H, noise(40, 7)));
    H.FragOff = 0x2000; // more fragments, offset 0: parsed as usual
    add("ipv4-first-fragment", Eth4 + ipv4(H, udp(4003, 7000, noise(64, 8))));
  }
  {
    Ipv4Header H = Ip;
    // Record route (7 + 4 * 1 bytes), NOP, end of options: 12 bytes.
    H.Options = {7, 7, 4, 0, 0, 0, 0, 1, 1, 1, 1, 0};
    add("ipv4-options-tcp", Eth4 + ipv4(H, tcp(40100, 8080, Syn)));
  }
  {
    Ipv4Header H = Ip;
    H.Proto = 132;
    add("ipv4-sctp", Eth4 + ipv4(H, noise(16, 9)));
    H.Proto = 1;
    add("ipv4-icmp-echo",
        Eth4 + ipv4(H, Bytes{8, 0, 0xf7, 0xff, 0, 1, 0, 1} + noise(32, 10)));
    H.Proto = 6;
    H.VersionIhl = 0x55; // version 5
    add("ipv4-bad-version", Eth4 + ipv4(H, tcp(1, 2, Syn)));
    H.VersionIhl = 0x44; // IHL below 5
    add("ipv4-ihl-too-small", Eth4 + ipv4(H, tcp(1, 2, Syn)));
  }
  add("ipv4-truncated-header",
      truncated(Eth4 + ipv4(Ip, tcp(40000, 80, Syn)), 14 + 12));
  {
    Ipv4Header H = Ip;
    H.VersionIhl = 0x4f; // 60 bytes of header claimed
    add("ipv4-ihl-beyond-frame", Eth4 + ipv4(H, noise(4, 11)));
  }
  add("ipv4-tcp-truncated",
      truncated(Eth4 + ipv4(Ip, tcp(40000, 80, Syn)), 14 + 20 + 10));
  {
    // MSS, SACK permitted, timestamps, NOP, window scale: 20 bytes.
    Bytes Options = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0,
                     0, 1, 0,    0,    0, 0, 1, 3,  3, 7};
    add("ipv4-tcp-options", Eth4 + ipv4(Ip, tcp(40200, 443, Syn, {}, Options)));
  }
  {
    Ipv4Header H = Ip;
    H.TotalLength = 1000;
    add("ipv4-total-length-too-large", Eth4 + ipv4(H, tcp(40300, 80, Ack)));
  }
  add("ipv4-host-mac-tcp", ethernet(HostMac, PeerA, 0x0800) +
                               ipv4(Ip, tcp(40400, 8000, Ack, noise(5, 12))));
  {
    Ipv4Header H = Ip;
    H.Proto = 17;
    H.Src = ip4(10, 0, 0, 9);
    H.Dst = ip4(224, 0, 0, 251);
    H.Ttl = 255;
    add("ipv4-multicast-mdns", ethernet(Multicast, PeerA, 0x0800) +
                                   ipv4(H, udp(5353, 5353, noise(45, 13))));
    H.Src = 0;
    H.Dst = ip4(255, 255, 255, 255);
    add("ipv4-broadcast-dhcp", ethernet(Broadcast, PeerA, 0x0800) +
                                   ipv4(H, udp(68, 67, noise(240, 14))));
  }
  add("ipv6-tcp-syn", Eth6 + ipv6(ip6(1), ip6(2), 6, 64, tcp(40000, 443, Syn)));
  add("ipv6-udp-dns",
      Eth6 + ipv6(ip6(1), ip6(0x53), 17, 64, udp(53001, 53, noise(33, 15))));
  {
    // Hop-by-hop options: next header UDP, 8 bytes, a PadN option.
    Bytes HopByHop = {17, 0, 1, 4, 0, 0, 0, 0};
    add("ipv6-hop-by-hop-udp",
        Eth6 + ipv6(ip6(3), ip6(2), 0, 64,
                    HopByHop + udp(6000, 6001, noise(20, 16))));
  }
  add("ipv6-icmpv6-echo",
      Eth6 + ipv6(ip6(4), ip6(2), 58, 255,
                  Bytes{128, 0, 0x12, 0x34, 0, 7, 0, 1} + noise(24, 17)));
  add("ipv6-tcp-hop-limit1",
      Eth6 + ipv6(ip6(5), ip6(2), 6, 1, tcp(40500, 80, Ack)));
  add("ipv6-truncated",
      truncated(Eth6 + ipv6(ip6(1), ip6(2), 6, 64, tcp(1, 2, Syn)), 14 + 30));
  {
    Ipv4Header H = Ip;
    H.Proto = 17;
    H.Src = ip4(172, 16, 0, 1);
    add("vlan-ipv4-udp-odd", ethernet(PeerB, PeerA, 0x8100) +
                                 vlanTag(100, 0x0800) +
                                 ipv4(H, udp(1000, 2000, noise(17, 18))));
  }
  add("vlan-ipv6-tcp", ethernet(PeerB, PeerA, 0x8100) +
                           vlanTag(0x2000 | 200, 0x86dd) +
                           ipv6(ip6(6), ip6(2), 6, 64, tcp(40600, 25, Syn)));
  add("qinq-ipv4-tcp", ethernet(PeerB, PeerA, 0x88a8) + vlanTag(10, 0x8100) +
                           vlanTag(20, 0x0800) +
                           ipv4(Ip, tcp(40700, 80, Ack, noise(9, 19))));
  add("vlan-truncated-tag", ethernet(PeerB, PeerA, 0x8100) + Bytes{0x00, 0x64});
  add("vlan-tag-only", ethernet(PeerB, PeerA, 0x8100) + vlanTag(300, 0x0800));
  {
    Bytes Arp = {0, 1, 8, 0, 6, 4, 0, 1}; // Ethernet/IPv4, request
    Arp = Arp + Bytes(PeerA.begin(), PeerA.end()) + Bytes{10, 0, 0, 1} +
          Bytes(6, 0) + Bytes{10, 0, 0, 2};
    add("arp-request", ethernet(Broadcast, PeerA, 0x0806) + Arp);
    Arp[7] = 2; // reply
    add("arp-reply-padded",
        ethernet(PeerA, PeerB, 0x0806) + Arp + Bytes(18, 0)); // 60 bytes
  }
  add("min-frame-ipv4-type", ethernet(PeerB, PeerA, 0x0800));
  add("min-frame-unknown-type", ethernet(PeerB, PeerA, 0x88b5));
  add("ieee8023-llc", ethernet(Multicast, PeerA, 38) +
                          Bytes{0xaa, 0xaa, 0x03, 0, 0, 0} + noise(32, 20));
  add("ieee8023-raw-novell",
      ethernet(PeerB, PeerA, 32) + Bytes{0xff, 0xff} + noise(30, 21));
  add("noise-61", noise(61, 22));
  {
    // Operands for xdp_arith (struct operands, little-endian): a, b (s64),
    // c, d (s32), e (s16), f (s8), g (shift), h (u32), 16 more bytes.
    auto operands = [](int64_t A, int64_t B, int32_t C, int32_t D, int16_t E,
                       int8_t F, uint8_t G, uint32_t H) {
      Bytes O;
      auto le = [&](uint64_t V, unsigned N) {
        for (unsigned I = 0; I < N; ++I)
          O.push_back(V >> (8 * I));
      };
      le(A, 8);
      le(B, 8);
      le(uint32_t(C), 4);
      le(uint32_t(D), 4);
      le(uint16_t(E), 2);
      le(uint8_t(F), 1);
      le(G, 1);
      le(H, 4);
      return O + noise(16, uint32_t(A));
    };
    Bytes Eth = ethernet(PeerB, PeerA, 0x88b5);
    add("arith-int-min-by-minus-one",
        Eth + operands(INT64_MIN, -1, INT32_MIN, -1, -1, -128, 63, 0x80000001));
    add("arith-zero-divisors",
        Eth + operands(0x123456789abcdef0, 0, -7, 0, 0, 5, 200, 0));
    add("arith-negatives", Eth + operands(-1000000007, -3, -2147483647, 7, -300,
                                          -1, 31, 0xdeadbeef));
  }
  add("ipv4-tcp-1514", Eth4 + ipv4(Ip, tcp(40000, 80, Ack, noise(1460, 23))));
  return F;
}

const std::vector<Frame> &frames() {
  static const std::vector<Frame> F = makeFrames();
  return F;
}

//===-- What a run leaves behind ------------------------------------------===//

/// Map name -> key (hex) -> value (hex). A ring buffer's records, consumed
/// after each run, are its entries under ringbufRecordKey(their order).
using MapsState = std::map<std::string, std::map<std::string, std::string>>;

std::string ringbufRecordKey(size_t Index) {
  char Buf[32];
  std::snprintf(Buf, sizeof(Buf), "record#%04zu", Index);
  return Buf;
}

enum class Outcome {
  Ran,     // the program ran
  Refused, // the test run refused the input (the kernel's EINVAL, ...)
  Failed,  // the engine failed to run it (never expected)
};

const char *outcomeName(Outcome O) {
  switch (O) {
  case Outcome::Ran:
    return "ran";
  case Outcome::Refused:
    return "refused";
  case Outcome::Failed:
    return "failed";
  }
  return "?";
}

struct Observation {
  Outcome Result = Outcome::Ran;
  std::string Detail; // why it was refused or failed
  uint32_t Ret = 0;
  Bytes Out;
  MapsState Maps;
};

/// The form of MapsState that expectations.txt digests: one "map NAME"
/// line per map in name order, then one "KEY VALUE" line per entry in key
/// order.
std::string canonicalMaps(const MapsState &Maps) {
  std::string S;
  for (const auto &[Name, Entries] : Maps) {
    S += "map " + Name + "\n";
    for (const auto &[Key, Value] : Entries)
      S += Key + " " + Value + "\n";
  }
  return S;
}

/// The first 16 hex digits of the SHA-256 of DATA.
std::string digest(ArrayRef<uint8_t> Data) {
  std::array<uint8_t, 32> Hash = SHA256::hash(Data);
  return toHex(ArrayRef<uint8_t>(Hash.data(), 8), /*LowerCase=*/true);
}

std::string digest(StringRef S) { return digest(arrayRefFromStringRef(S)); }

std::string hex(ArrayRef<uint8_t> B) { return toHex(B, /*LowerCase=*/true); }

//===-- The programs ------------------------------------------------------===//

struct ProgramCase {
  std::string Object; // the object's file name without ".o"
  std::string Program;
  std::string name() const { return Object + "/" + Program; }
};

void PrintTo(const ProgramCase &C, std::ostream *OS) { *OS << C.name(); }

std::vector<ProgramCase> programCases() {
  std::vector<ProgramCase> Cases;
  // The default CPU (v1 for clang 19), then v3 (32-bit jumps and ALU, the
  // fetch atomics) and v4 (sign extension, bswap, gotol, sdiv).
  for (const char *Suffix : {"", "_v3", "_v4"}) {
    std::string S(Suffix);
    Cases.push_back({"xdp_parser" + S, "xdp_classify"});
    Cases.push_back({"xdp_parser" + S, "xdp_rewrite"});
    Cases.push_back({"skb_programs" + S, "socket_filter"});
    Cases.push_back({"skb_programs" + S, "tc_classify"});
    Cases.push_back({"xdp_arith" + S, "xdp_arith"});
    Cases.push_back({"xdp_maps" + S, "xdp_maps"});
    if (!S.empty())
      Cases.push_back({"xdp_atomics" + S, "xdp_atomics"});
    if (S != "_v3") {
      Cases.push_back({"xdp_ringbuf" + S, "xdp_ringbuf"});
      Cases.push_back({"xdp_loop" + S, "xdp_loop"});
      Cases.push_back({"xdp_foreach" + S, "xdp_foreach"});
    }
  }
  return Cases;
}

std::string objectPath(const ProgramCase &C) {
  return std::string(EBPFC_KERNEL_PROGRAMS_DIR) + "/" + C.Object + ".o";
}

//===-- ebpfc: compiled or interpreted ------------------------------------===//

class EbpfcEngine {
public:
  static Expected<std::unique_ptr<EbpfcEngine>> create(const ProgramCase &C,
                                                       bool Interpret) {
    std::unique_ptr<EbpfcEngine> E(new EbpfcEngine());
    std::string Path = objectPath(C);
    ErrorOr<std::unique_ptr<MemoryBuffer>> File = MemoryBuffer::getFile(
        Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!File)
      return createStringError(File.getError(),
                               Path + ": " + File.getError().message());
    Expected<ebpfc::BpfObject> Obj =
        ebpfc::readElfObject(Path, arrayRefFromStringRef((*File)->getBuffer()));
    if (!Obj)
      return Obj.takeError();
    E->Obj = std::move(*Obj);
    // Like ebpf-run: keep (and compile) only the program under test.
    auto &Progs = E->Obj.Programs;
    auto It = std::find_if(Progs.begin(), Progs.end(),
                           [&](const auto &P) { return P.Name == C.Program; });
    if (It == Progs.end())
      return createStringError(inconvertibleErrorCode(),
                               Path + ": no program " + C.Program);
    ebpfc::Program Chosen = std::move(*It);
    Progs.clear();
    Progs.push_back(std::move(Chosen));
    ebpfrun::RunOptions Opts;
    Opts.Interpret = Interpret;
    Expected<std::unique_ptr<ebpfrun::ObjectRun>> Run =
        ebpfrun::ObjectRun::create(E->Obj, 0, Opts);
    if (!Run)
      return Run.takeError();
    E->Run = std::move(*Run);
    return std::move(E);
  }

  Observation run(const Bytes &Data) {
    Observation O;
    if (Error Err = Run->setInput(Data, {})) {
      O.Result = Outcome::Refused;
      O.Detail = toString(std::move(Err));
    } else if (Expected<uint64_t> R0 = Run->run()) {
      // The kernel's program types return 32 bits.
      O.Ret = uint32_t(*R0);
      O.Out = Run->dataOut();
    } else {
      O.Result = Outcome::Failed;
      O.Detail = toString(R0.takeError());
    }
    O.Maps = maps();
    return O;
  }

private:
  EbpfcEngine() = default;

  /// The maps, read back through the JSON ebpf-run's --maps-out writes.
  MapsState maps() {
    std::string Json;
    raw_string_ostream OS(Json);
    Run->writeMapsJson(OS);
    MapsState State;
    Expected<json::Value> V = json::parse(OS.str());
    if (!V) {
      State["<bad maps JSON>"][toString(V.takeError())] = "";
      return State;
    }
    for (const json::Value &M : *V->getAsArray()) {
      const json::Object &Map = *M.getAsObject();
      auto &Entries = State[Map.getString("name")->str()];
      if (const json::Array *Records = Map.getArray("records")) {
        for (const json::Value &Record : *Records)
          Entries[ringbufRecordKey(Entries.size())] =
              Record.getAsString()->str();
        continue;
      }
      for (const json::Value &Entry : *Map.getArray("entries")) {
        const json::Object &E = *Entry.getAsObject();
        std::string &Value = Entries[E.getString("key")->str()];
        if (std::optional<StringRef> One = E.getString("value")) {
          Value = One->str();
          continue;
        }
        // Per-CPU maps: one value per CPU, concatenated.
        if (const json::Array *PerCpu = E.getArray("values"))
          for (const json::Value &V : *PerCpu)
            Value += V.getAsString().value_or("").str();
      }
    }
    return State;
  }

  // Run points into Obj, so Obj is destroyed last.
  ebpfc::BpfObject Obj;
  std::unique_ptr<ebpfrun::ObjectRun> Run;
};

//===-- The kernel --------------------------------------------------------===//

struct KernelStatus {
  bool Usable = false;
  std::string WhyNot;
};

#if EBPFC_HAVE_LIBBPF

/// libbpf's messages of the current load, for the failure message.
std::string &libbpfLog() {
  static std::string Log;
  return Log;
}

int captureLibbpfLog(enum libbpf_print_level Level, const char *Format,
                     va_list Args) {
  if (Level == LIBBPF_DEBUG)
    return 0;
  char Buffer[4096];
  int N = vsnprintf(Buffer, sizeof(Buffer), Format, Args);
  libbpfLog() += Buffer;
  return N;
}

std::string errnoText(int Err) {
  return std::string(strerrorname_np(Err) ? strerrorname_np(Err) : "E?") +
         " (" + std::strerror(Err) + ")";
}

/// Loads and runs a two-instruction XDP program, to tell a kernel that
/// cannot run BPF programs here from a program the verifier rejects.
KernelStatus probeKernel() {
  libbpf_set_print(captureLibbpfLog);
  KernelStatus S;
  struct bpf_insn Insns[2] = {};
  Insns[0].code = 0xb7; // r0 = 2 (XDP_PASS)
  Insns[0].imm = 2;
  Insns[1].code = 0x95; // exit
  int Fd =
      bpf_prog_load(BPF_PROG_TYPE_XDP, "kdiff_probe", "GPL", Insns, 2, nullptr);
  if (Fd < 0) {
    int Err = -Fd;
    S.WhyNot = "the kernel refuses to load BPF programs here (bpf(BPF_PROG_"
               "LOAD): " +
               errnoText(Err) + ")";
    if (geteuid() != 0)
      S.WhyNot += "; not running as root";
    else if (Err == EPERM)
      S.WhyNot += "; root without the capabilities BPF needs (CAP_BPF "
                  "and CAP_NET_ADMIN, or CAP_SYS_ADMIN)";
    return S;
  }
  uint8_t Packet[14] = {};
  uint8_t Out[64];
  bpf_test_run_opts Opts = {};
  Opts.sz = sizeof(Opts);
  Opts.data_in = Packet;
  Opts.data_size_in = sizeof(Packet);
  Opts.data_out = Out;
  Opts.data_size_out = sizeof(Out);
  int Err = bpf_prog_test_run_opts(Fd, &Opts);
  close(Fd);
  if (Err < 0 || Opts.retval != 2) {
    S.WhyNot = "BPF_PROG_TEST_RUN does not work here (" +
               (Err < 0 ? errnoText(-Err)
                        : "returned " + std::to_string(Opts.retval)) +
               ")";
    return S;
  }
  S.Usable = true;
  return S;
}

#else

KernelStatus probeKernel() {
  KernelStatus S;
  S.WhyNot = "built without libbpf (install libbpf-dev and reconfigure)";
  return S;
}

#endif

const KernelStatus &kernelStatus() {
  static const KernelStatus S = probeKernel();
  return S;
}

#if EBPFC_HAVE_LIBBPF

class KernelEngine {
public:
  static Expected<std::unique_ptr<KernelEngine>> create(const ProgramCase &C) {
    std::unique_ptr<KernelEngine> K(new KernelEngine());
    std::string Path = objectPath(C);
    libbpfLog().clear();
    K->Obj = bpf_object__open_file(Path.c_str(), nullptr);
    if (!K->Obj) {
      int Err = errno;
      return createStringError(inconvertibleErrorCode(),
                               "libbpf cannot open " + Path + ": " +
                                   errnoText(Err) + "\n" + libbpfLog());
    }
    K->Prog = bpf_object__find_program_by_name(K->Obj, C.Program.c_str());
    if (!K->Prog)
      return createStringError(inconvertibleErrorCode(),
                               Path + ": libbpf finds no program " + C.Program);
    if (int Err = bpf_object__load(K->Obj))
      return createStringError(inconvertibleErrorCode(),
                               "the kernel does not load " + Path + ": " +
                                   errnoText(-Err) + "\n" + libbpfLog());
    return std::move(K);
  }

  ~KernelEngine() {
    Rings.clear(); // before the maps they read
    bpf_object__close(Obj);
  }

  Observation run(const Bytes &Data) {
    Observation O;
    // Room for the largest packet XDP can grow to, and its metadata.
    Bytes Out(8192);
    bpf_test_run_opts Opts = {};
    Opts.sz = sizeof(Opts);
    Opts.data_in = Data.data();
    Opts.data_size_in = Data.size();
    Opts.data_out = Out.data();
    Opts.data_size_out = Out.size();
    Opts.repeat = 1;
    int Err = bpf_prog_test_run_opts(bpf_program__fd(Prog), &Opts);
    if (Err < 0) {
      O.Result = Outcome::Refused;
      O.Detail = "BPF_PROG_TEST_RUN: " + errnoText(-Err);
    } else {
      O.Ret = Opts.retval;
      Out.resize(Opts.data_size_out);
      O.Out = std::move(Out);
    }
    O.Maps = maps();
    return O;
  }

private:
  KernelEngine() = default;

  MapsState maps() {
    MapsState State;
    struct bpf_map *Map;
    bpf_object__for_each_map(Map, Obj) {
      // libbpf names global data maps "<object prefix>.data" etc.; ebpfc
      // names them by their section.
      std::string Name = bpf_map__name(Map);
      if (bpf_map__is_internal(Map) && Name.find('.') != std::string::npos)
        Name = Name.substr(Name.find('.'));
      auto &Entries = State[Name];
      int Fd = bpf_map__fd(Map);
      if (bpf_map__type(Map) == BPF_MAP_TYPE_RINGBUF) {
        consumeRingbuf(Fd, Entries);
        continue;
      }
      Bytes Key(bpf_map__key_size(Map)), Next(Key.size());
      Bytes Value(bpf_map__value_size(Map));
      const void *Prev = nullptr;
      while (bpf_map_get_next_key(Fd, Prev, Next.data()) == 0) {
        Key = Next;
        Prev = Key.data();
        if (bpf_map_lookup_elem(Fd, Key.data(), Value.data()) == 0)
          Entries[hex(Key)] = hex(Value);
      }
    }
    return State;
  }

  /// Drains the ring buffer FD into Entries, in order (libbpf maps the
  /// kernel's ring and advances its consumer position).
  void consumeRingbuf(int Fd, std::map<std::string, std::string> &Entries) {
    auto &Ring = Rings[Fd];
    if (!Ring) {
      Ring.reset(ring_buffer__new(
          Fd,
          [](void *Ctx, void *Data, size_t Size) {
            auto *E = static_cast<std::map<std::string, std::string> *>(Ctx);
            (*E)[ringbufRecordKey(E->size())] =
                hex(ArrayRef<uint8_t>(static_cast<uint8_t *>(Data), Size));
            return 0;
          },
          &Scratch, nullptr));
      if (!Ring) {
        Entries["<ring_buffer__new failed>"] = errnoText(errno);
        return;
      }
    }
    // The callback's context is fixed at creation; records go to a scratch
    // map that is then moved into this run's entries.
    Scratch.clear();
    ring_buffer__consume(Ring.get());
    Entries = std::move(Scratch);
  }

  struct RingDeleter {
    void operator()(ring_buffer *R) const { ring_buffer__free(R); }
  };
  struct bpf_object *Obj = nullptr;
  struct bpf_program *Prog = nullptr;
  std::map<int, std::unique_ptr<ring_buffer, RingDeleter>> Rings;
  std::map<std::string, std::string> Scratch;
};

#else

/// Without libbpf there is no kernel to run; kernelStatus() says so before
/// anything gets here.
class KernelEngine {
public:
  static Expected<std::unique_ptr<KernelEngine>> create(const ProgramCase &) {
    return createStringError(inconvertibleErrorCode(), "built without libbpf");
  }
  Observation run(const Bytes &) { return Observation(); }
};

#endif

//===-- Comparing ---------------------------------------------------------===//

std::string describeMapsDiff(const MapsState &Want, const MapsState &Got,
                             StringRef WantName, StringRef GotName) {
  std::string S;
  std::map<std::string, int> Names;
  for (const auto &M : Want)
    Names[M.first] |= 1;
  for (const auto &M : Got)
    Names[M.first] |= 2;
  for (const auto &[Name, Where] : Names) {
    if (Where != 3) {
      S += "  map " + Name + " only in " +
           (Where == 1 ? WantName : GotName).str() + "\n";
      continue;
    }
    const auto &W = Want.at(Name), &G = Got.at(Name);
    std::map<std::string, int> Keys;
    for (const auto &E : W)
      Keys[E.first] |= 1;
    for (const auto &E : G)
      Keys[E.first] |= 2;
    for (const auto &[Key, In] : Keys) {
      std::string WV = In & 1 ? W.at(Key) : "(none)";
      std::string GV = In & 2 ? G.at(Key) : "(none)";
      if (WV != GV)
        S += "  map " + Name + " key " + Key + ":\n    " + WantName.str() +
             ": " + WV + "\n    " + GotName.str() + ": " + GV + "\n";
    }
  }
  return S;
}

/// An empty string if GOT matches WANT, else what differs, with the bytes
/// of both sides.
std::string compare(const Observation &Want, const Observation &Got,
                    StringRef WantName, StringRef GotName) {
  std::string S;
  if (Want.Result != Got.Result) {
    S += "  outcome: " + WantName.str() + " " + outcomeName(Want.Result) +
         (Want.Detail.empty() ? "" : " (" + Want.Detail + ")") + ", " +
         GotName.str() + " " + outcomeName(Got.Result) +
         (Got.Detail.empty() ? "" : " (" + Got.Detail + ")") + "\n";
  } else if (Want.Result == Outcome::Ran) {
    if (Want.Ret != Got.Ret)
      S += "  return value: " + WantName.str() + " " +
           std::to_string(Want.Ret) + ", " + GotName.str() + " " +
           std::to_string(Got.Ret) + "\n";
    if (Want.Out != Got.Out)
      S += "  packet out (" + std::to_string(Want.Out.size()) + " vs " +
           std::to_string(Got.Out.size()) + " bytes):\n    " + WantName.str() +
           ": " + hex(Want.Out) + "\n    " + GotName.str() + ": " +
           hex(Got.Out) + "\n";
  }
  S += describeMapsDiff(Want.Maps, Got.Maps, WantName, GotName);
  return S;
}

std::string frameHeader(const ProgramCase &C, size_t Index) {
  const Frame &F = frames()[Index];
  return C.name() + ", frame " + std::to_string(Index) + " (" + F.Name + ", " +
         std::to_string(F.Data.size()) + " bytes: " + hex(F.Data) + ")";
}

//===-- expectations.txt --------------------------------------------------===//
//
// Line by line:
//   case OBJECT/PROGRAM
//   frame INDEX in=LEN:DIGEST ran ret=N out=LEN:DIGEST maps=DIGEST
//   frame INDEX in=LEN:DIGEST refused maps=DIGEST
//   final MAP KEY VALUE          (every entry after the last frame)
//   end
// DIGEST is the first 16 hex digits of a SHA-256: of the frame, of the
// packet out, and of canonicalMaps(). Lines starting with '#' are comments.

struct FrameExpectation {
  std::string In; // LEN:DIGEST of the frame the kernel ran
  Outcome Result = Outcome::Ran;
  uint32_t Ret = 0;
  std::string Out;  // LEN:DIGEST
  std::string Maps; // DIGEST
};

struct CaseExpectation {
  std::vector<FrameExpectation> Frames;
  MapsState Final;
};

std::string sizedDigest(ArrayRef<uint8_t> B) {
  return std::to_string(B.size()) + ":" + digest(B);
}

FrameExpectation expectationOf(const Bytes &In, const Observation &O) {
  FrameExpectation E;
  E.In = sizedDigest(In);
  E.Result = O.Result;
  E.Ret = O.Ret;
  if (O.Result == Outcome::Ran)
    E.Out = sizedDigest(O.Out);
  E.Maps = digest(canonicalMaps(O.Maps));
  return E;
}

std::string expectationLine(size_t Index, const FrameExpectation &E) {
  std::string S = "frame " + std::to_string(Index) + " in=" + E.In + " " +
                  outcomeName(E.Result);
  if (E.Result == Outcome::Ran)
    S += " ret=" + std::to_string(E.Ret) + " out=" + E.Out;
  return S + " maps=" + E.Maps;
}

Expected<std::map<std::string, CaseExpectation>>
readExpectations(const std::string &Path) {
  std::ifstream In(Path);
  if (!In)
    return createStringError(inconvertibleErrorCode(), "cannot read " + Path);
  std::map<std::string, CaseExpectation> All;
  CaseExpectation *Current = nullptr;
  std::string Line;
  unsigned LineNo = 0;
  auto bad = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             Path + ":" + Twine(LineNo) + ": " + Why);
  };
  while (std::getline(In, Line)) {
    ++LineNo;
    if (Line.empty() || Line[0] == '#')
      continue;
    std::istringstream Words(Line);
    std::string Kind;
    Words >> Kind;
    if (Kind == "case") {
      std::string Name;
      Words >> Name;
      Current = &All[Name];
    } else if (!Current) {
      return bad("'" + Kind + "' outside a case");
    } else if (Kind == "end") {
      Current = nullptr;
    } else if (Kind == "final") {
      std::string Map, Key, Value;
      Words >> Map >> Key >> Value;
      Current->Final[Map][Key] = Value;
    } else if (Kind == "frame") {
      FrameExpectation E;
      size_t Index;
      std::string Word;
      Words >> Index;
      if (Index != Current->Frames.size())
        return bad("frames out of order");
      while (Words >> Word) {
        StringRef W(Word);
        if (W == "ran")
          E.Result = Outcome::Ran;
        else if (W == "refused")
          E.Result = Outcome::Refused;
        else if (W.consume_front("in="))
          E.In = W.str();
        else if (W.consume_front("ret="))
          E.Ret = std::stoul(W.str());
        else if (W.consume_front("out="))
          E.Out = W.str();
        else if (W.consume_front("maps="))
          E.Maps = W.str();
        else
          return bad("unknown field '" + Word + "'");
      }
      Current->Frames.push_back(E);
    } else {
      return bad("unknown line '" + Kind + "'");
    }
  }
  return All;
}

const std::map<std::string, CaseExpectation> *expectations(std::string &Err) {
  static std::string LoadError;
  static const auto *All = [] {
    auto E = readExpectations(EBPFC_KERNEL_EXPECTATIONS);
    if (!E) {
      LoadError = toString(E.takeError());
      return static_cast<std::map<std::string, CaseExpectation> *>(nullptr);
    }
    return new std::map<std::string, CaseExpectation>(std::move(*E));
  }();
  Err = LoadError;
  return All;
}

//===-- The tests ---------------------------------------------------------===//

/// Stop reporting a case after this many frames that differ: by then the
/// maps have diverged and every later frame differs too.
constexpr unsigned MaxReportedFrames = 3;

class KernelDiff : public ::testing::TestWithParam<ProgramCase> {};

TEST_P(KernelDiff, MatchesKernel) {
  const ProgramCase &C = GetParam();
  const KernelStatus &Status = kernelStatus();
  if (!Status.Usable)
    GTEST_SKIP() << "cannot compare with the kernel: " << Status.WhyNot
                 << "; MatchesRecordedKernel compares ebpfc with the "
                    "kernel's results checked in instead";
  auto Kernel = KernelEngine::create(C);
  ASSERT_TRUE(bool(Kernel)) << toString(Kernel.takeError());
  auto Compiled = EbpfcEngine::create(C, /*Interpret=*/false);
  ASSERT_TRUE(bool(Compiled)) << toString(Compiled.takeError());
  auto Interpreted = EbpfcEngine::create(C, /*Interpret=*/true);
  ASSERT_TRUE(bool(Interpreted)) << toString(Interpreted.takeError());

  unsigned Reported = 0;
  for (size_t I = 0; I < frames().size() && Reported < MaxReportedFrames; ++I) {
    const Bytes &Data = frames()[I].Data;
    Observation K = (*Kernel)->run(Data);
    Observation Co = (*Compiled)->run(Data);
    Observation In = (*Interpreted)->run(Data);
    std::string Diff = compare(K, Co, "kernel", "compiled") +
                       compare(K, In, "kernel", "interpreted");
    if (!Diff.empty()) {
      ++Reported;
      ADD_FAILURE() << frameHeader(C, I) << ":\n" << Diff;
    }
  }
}

TEST_P(KernelDiff, MatchesRecordedKernel) {
  const ProgramCase &C = GetParam();
  std::string Err;
  const auto *All = expectations(Err);
  ASSERT_NE(All, nullptr) << Err;
  auto It = All->find(C.name());
  ASSERT_NE(It, All->end())
      << C.name() << " has no results in " << EBPFC_KERNEL_EXPECTATIONS
      << "; regenerate them with --update-expectations";
  const CaseExpectation &Want = It->second;
  ASSERT_EQ(Want.Frames.size(), frames().size())
      << "the frames changed since " << EBPFC_KERNEL_EXPECTATIONS
      << " was written; regenerate it with --update-expectations";

  for (bool Interpret : {false, true}) {
    const char *Engine = Interpret ? "interpreted" : "compiled";
    auto E = EbpfcEngine::create(C, Interpret);
    ASSERT_TRUE(bool(E)) << toString(E.takeError());
    unsigned Reported = 0;
    Observation Last;
    for (size_t I = 0; I < frames().size(); ++I) {
      const Bytes &Data = frames()[I].Data;
      Observation Got = (*E)->run(Data);
      FrameExpectation G = expectationOf(Data, Got);
      const FrameExpectation &W = Want.Frames[I];
      ASSERT_EQ(W.In, G.In)
          << "frame " << I << " changed since " << EBPFC_KERNEL_EXPECTATIONS
          << " was written; regenerate it with --update-expectations";
      std::string Diff;
      if (W.Result != G.Result)
        Diff += std::string("  outcome: kernel ") + outcomeName(W.Result) +
                ", " + Engine + " " + outcomeName(G.Result) +
                (Got.Detail.empty() ? "" : " (" + Got.Detail + ")") + "\n";
      else if (W.Result == Outcome::Ran && (W.Ret != G.Ret || W.Out != G.Out))
        Diff += "  kernel: ret=" + std::to_string(W.Ret) + " out=" + W.Out +
                "\n  " + Engine + ": ret=" + std::to_string(G.Ret) +
                " out=" + G.Out + " " + hex(Got.Out) + "\n";
      if (W.Maps != G.Maps)
        Diff += "  maps digest: kernel " + W.Maps + ", " + Engine + " " +
                G.Maps + "; " + Engine + "'s maps:\n" + canonicalMaps(Got.Maps);
      if (!Diff.empty() && Reported++ < MaxReportedFrames)
        ADD_FAILURE() << frameHeader(C, I) << ", " << Engine
                      << " vs the recorded kernel:\n"
                      << Diff;
      Last = std::move(Got);
    }
    std::string Diff =
        describeMapsDiff(Want.Final, Last.Maps, "kernel", Engine);
    EXPECT_TRUE(Diff.empty()) << C.name() << ", " << Engine
                              << ": the maps after the last frame differ "
                                 "from the recorded kernel's:\n"
                              << Diff;
  }
}

INSTANTIATE_TEST_SUITE_P(Programs, KernelDiff,
                         ::testing::ValuesIn(programCases()),
                         [](const ::testing::TestParamInfo<ProgramCase> &Info) {
                           std::string Name =
                               Info.param.Object + "_" + Info.param.Program;
                           return Name;
                         });

//===-- --update-expectations ---------------------------------------------===//

int updateExpectations(const std::string &Path) {
  const KernelStatus &Status = kernelStatus();
  if (!Status.Usable) {
    errs() << "kernel-diff-tests: cannot record the kernel's results: "
           << Status.WhyNot << "\n";
    return 1;
  }
  std::string Text;
  raw_string_ostream OS(Text);
  OS << "# The Linux kernel's results (BPF_PROG_TEST_RUN) for the kernel\n"
        "# differential tests; KernelDiffTest.cpp compares ebpfc with them\n"
        "# where it cannot run the kernel. Written by\n"
        "#   kernel-diff-tests --update-expectations\n"
        "# as root; do not edit by hand.\n";
  if (FILE *Version = fopen("/proc/sys/kernel/osrelease", "r")) {
    char Release[128] = {};
    if (fgets(Release, sizeof(Release), Version))
      OS << "# kernel " << StringRef(Release).trim() << "\n";
    fclose(Version);
  }
  for (const ProgramCase &C : programCases()) {
    auto Kernel = KernelEngine::create(C);
    if (!Kernel) {
      errs() << "kernel-diff-tests: " << toString(Kernel.takeError()) << "\n";
      return 1;
    }
    OS << "case " << C.name() << "\n";
    Observation Last;
    for (size_t I = 0; I < frames().size(); ++I) {
      const Bytes &Data = frames()[I].Data;
      Last = (*Kernel)->run(Data);
      OS << expectationLine(I, expectationOf(Data, Last)) << "\n";
    }
    for (const auto &[Name, Entries] : Last.Maps)
      for (const auto &[Key, Value] : Entries)
        OS << "final " << Name << " " << Key << " " << Value << "\n";
    OS << "end\n";
  }
  std::ofstream Out(Path);
  Out << OS.str();
  if (!Out) {
    errs() << "kernel-diff-tests: cannot write " << Path << "\n";
    return 1;
  }
  outs() << "kernel-diff-tests: wrote " << Path << "\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int I = 1; I < argc; ++I) {
    StringRef Arg(argv[I]);
    if (Arg == "--update-expectations")
      return updateExpectations(EBPFC_KERNEL_EXPECTATIONS);
    if (Arg.consume_front("--update-expectations="))
      return updateExpectations(Arg.str());
  }
  return RUN_ALL_TESTS();
}
