//===- ObjectRunTest.cpp - Test runs that must look like the kernel's -----===//
//
// Two details of BPF_PROG_TEST_RUN that the kernel differential tests found
// ebpf-run's ObjectRun getting wrong, pinned here with hand-written
// programs so they hold without a kernel: a socket filter's packet comes
// back with a zeroed Ethernet header (net/bpf/test_run.c pushes the header
// room back and clears it), and the all-ones destination address is
// PACKET_MULTICAST on the loopback device, whose broadcast address is zero.
//
//===----------------------------------------------------------------------===//

#include "ObjectRun.h"

#include "ebpfc/RawReader.h"

#include "gtest/gtest.h"

#include <vector>

using namespace llvm;

namespace {

std::vector<uint8_t> frameTo(std::vector<uint8_t> Destination, size_t Size) {
  std::vector<uint8_t> F(Size);
  for (size_t I = 0; I < Size; ++I)
    F[I] = uint8_t(0x30 + I);
  std::copy(Destination.begin(), Destination.end(), F.begin());
  F[12] = 0x08; // IPv4
  F[13] = 0x00;
  return F;
}

struct Result {
  uint64_t R0 = 0;
  std::vector<uint8_t> Out;
};

/// Runs the raw instructions CODE as a program of TYPE on FRAME.
Result runOn(ebpfc::ProgramType Type, const std::vector<uint8_t> &Code,
             const std::vector<uint8_t> &Frame, bool Interpret) {
  Result R;
  Expected<ebpfc::BpfObject> Obj = ebpfc::readRawBytecode("test", Code, Type);
  EXPECT_TRUE(bool(Obj)) << toString(Obj.takeError());
  if (!Obj)
    return R;
  ebpfrun::RunOptions Opts;
  Opts.Interpret = Interpret;
  auto Run = ebpfrun::ObjectRun::create(*Obj, 0, Opts);
  EXPECT_TRUE(bool(Run)) << toString(Run.takeError());
  if (!Run)
    return R;
  Error E = (*Run)->setInput(Frame, {});
  EXPECT_FALSE(bool(E)) << toString(std::move(E));
  Expected<uint64_t> R0 = (*Run)->run();
  EXPECT_TRUE(bool(R0)) << toString(R0.takeError());
  if (R0)
    R.R0 = *R0;
  R.Out = (*Run)->dataOut();
  return R;
}

// r0 = 0; exit
const std::vector<uint8_t> ReturnZero = {0xb7, 0, 0, 0, 0, 0, 0, 0,
                                         0x95, 0, 0, 0, 0, 0, 0, 0};
// r0 = *(u32 *)(r1 + 4) (__sk_buff.pkt_type); exit
const std::vector<uint8_t> ReturnPktType = {0x61, 0x10, 4, 0, 0, 0, 0, 0,
                                            0x95, 0,    0, 0, 0, 0, 0, 0};

TEST(ObjectRunTest, SocketFilterOutputHasAZeroedEthernetHeader) {
  std::vector<uint8_t> F = frameTo({0x02, 0, 0, 0, 0, 1}, 60);
  std::vector<uint8_t> Want(14, 0);
  Want.insert(Want.end(), F.begin() + 14, F.end());
  for (bool Interpret : {false, true}) {
    Result R =
        runOn(ebpfc::ProgramType::SocketFilter, ReturnZero, F, Interpret);
    EXPECT_EQ(R.Out, Want) << (Interpret ? "interpreted" : "compiled");
  }
}

TEST(ObjectRunTest, TcOutputIsTheWholeFrame) {
  std::vector<uint8_t> F = frameTo({0x02, 0, 0, 0, 0, 1}, 60);
  for (bool Interpret : {false, true}) {
    Result R = runOn(ebpfc::ProgramType::SchedCls, ReturnZero, F, Interpret);
    EXPECT_EQ(R.Out, F) << (Interpret ? "interpreted" : "compiled");
  }
}

TEST(ObjectRunTest, AllOnesDestinationIsMulticastOnLoopback) {
  std::vector<uint8_t> F = frameTo({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 60);
  for (auto Type :
       {ebpfc::ProgramType::SocketFilter, ebpfc::ProgramType::SchedCls})
    for (bool Interpret : {false, true})
      EXPECT_EQ(runOn(Type, ReturnPktType, F, Interpret).R0,
                2u) // PACKET_MULTICAST
          << (Interpret ? "interpreted" : "compiled");
}

} // namespace
