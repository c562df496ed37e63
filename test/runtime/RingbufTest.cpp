//===- test/runtime/RingbufTest.cpp - BPF ring buffer maps ----------------===//
//
// The ring buffer's semantics as the kernel documents them
// (Documentation/bpf/ringbuf.rst, man 7 bpf-helpers): records come out in
// reservation order, a record still being written holds back the ones
// after it, discarded records are never seen, a full buffer fails the
// reservation, positions grow by the 8-byte header plus the size rounded
// up to 8, and the map has no keys or values for the host's map calls.
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using ebpfc_test::mapDesc;
using ebpfc_test::TestObject;

namespace {

constexpr uint64_t RbAvailData = 0, RbRingSize = 1, RbConsPos = 2,
                   RbProdPos = 3;

uint64_t handle(ebpf_map *Map) { return uint64_t(uintptr_t(Map)); }
void *reserve(ebpf_map *Map, uint64_t Size, uint64_t Flags = 0) {
  return reinterpret_cast<void *>(
      ebpf_helper_ringbuf_reserve(handle(Map), Size, Flags, 0, 0));
}
void submit(void *Record) {
  ebpf_helper_ringbuf_submit(uint64_t(uintptr_t(Record)), 0, 0, 0, 0);
}
void discard(void *Record) {
  ebpf_helper_ringbuf_discard(uint64_t(uintptr_t(Record)), 0, 0, 0, 0);
}
uint64_t query(ebpf_map *Map, uint64_t What) {
  return ebpf_helper_ringbuf_query(handle(Map), What, 0, 0, 0);
}

/// Every record the consumer sees, as strings.
std::vector<std::string> consumeAll(ebpf_map *Map) {
  std::vector<std::string> Seen;
  int N = ebpf_ringbuf_consume(
      Map,
      [](void *Ctx, void *Data, uint32_t Size) {
        static_cast<std::vector<std::string> *>(Ctx)->emplace_back(
            static_cast<char *>(Data), Size);
        return 0;
      },
      &Seen);
  EXPECT_EQ(N, int(Seen.size()));
  return Seen;
}

void *reserveText(ebpf_map *Map, const std::string &Text) {
  void *R = reserve(Map, Text.size());
  if (R)
    std::memcpy(R, Text.data(), Text.size());
  return R;
}

struct RingbufTest : ::testing::Test {
  TestObject T{{mapDesc("events", EBPF_MAP_RINGBUF, 0, 0, 4096)}};
  ebpf_map *M = nullptr;
  void SetUp() override {
    ASSERT_EQ(T.open(), 0);
    M = T.map(0);
  }
};

TEST_F(RingbufTest, RecordsComeOutInReservationOrder) {
  void *A = reserveText(M, "first");
  void *B = reserveText(M, "second");
  ASSERT_TRUE(A && B);
  // B is done first, but A, reserved before it, is still being written:
  // nothing is visible yet.
  submit(B);
  EXPECT_TRUE(consumeAll(M).empty());
  submit(A);
  EXPECT_EQ(consumeAll(M), (std::vector<std::string>{"first", "second"}));
  EXPECT_TRUE(consumeAll(M).empty());
}

TEST_F(RingbufTest, DiscardedRecordsAreSkipped) {
  void *A = reserveText(M, "kept");
  void *B = reserveText(M, "dropped");
  void *C = reserveText(M, "also kept");
  submit(A);
  discard(B);
  submit(C);
  EXPECT_EQ(consumeAll(M), (std::vector<std::string>{"kept", "also kept"}));
}

TEST_F(RingbufTest, OutputCopiesARecordIn) {
  uint32_t Value = 0xabcd1234;
  EXPECT_EQ(ebpf_helper_ringbuf_output(handle(M), uint64_t(uintptr_t(&Value)),
                                       4, 0, 0),
            0u);
  // Only the wakeup flags are defined.
  EXPECT_EQ(int64_t(ebpf_helper_ringbuf_output(
                handle(M), uint64_t(uintptr_t(&Value)), 4, 4, 0)),
            -EINVAL);
  std::vector<std::string> Seen = consumeAll(M);
  ASSERT_EQ(Seen.size(), 1u);
  ASSERT_EQ(Seen[0].size(), 4u);
  uint32_t Got;
  std::memcpy(&Got, Seen[0].data(), 4);
  EXPECT_EQ(Got, Value);
}

TEST_F(RingbufTest, PositionsGrowByHeaderAndRoundedSize) {
  EXPECT_EQ(query(M, RbRingSize), 4096u);
  EXPECT_EQ(query(M, RbProdPos), 0u);
  void *R = reserve(M, 5); // 8-byte header + 5 rounded up to 8
  ASSERT_TRUE(R);
  EXPECT_EQ(query(M, RbProdPos), 16u);
  EXPECT_EQ(query(M, RbAvailData), 16u);
  submit(R);
  EXPECT_EQ(consumeAll(M).size(), 1u);
  EXPECT_EQ(query(M, RbConsPos), 16u);
  EXPECT_EQ(query(M, RbAvailData), 0u);
  EXPECT_EQ(query(M, 99), 0u); // unknown selectors answer 0
}

TEST_F(RingbufTest, FullBufferFailsAndCountsTheDrop) {
  // The producer stays less than the ring's size (4096) ahead of the
  // consumer, as in the kernel: two records of 2032 + 8 bytes fit (4080),
  // a third of 16 would make it 4096.
  void *A = reserve(M, 2032), *B = reserve(M, 2032);
  ASSERT_TRUE(A && B);
  EXPECT_EQ(reserve(M, 1), nullptr);
  EXPECT_EQ(ebpf_ringbuf_dropped(M), 1u);
  uint8_t Byte = 1;
  EXPECT_EQ(int64_t(ebpf_helper_ringbuf_output(
                handle(M), uint64_t(uintptr_t(&Byte)), 1, 0, 0)),
            -EAGAIN);
  EXPECT_EQ(ebpf_ringbuf_dropped(M), 2u);
  // Larger than the whole ring, or with flags: never.
  submit(A);
  submit(B);
  EXPECT_EQ(consumeAll(M).size(), 2u);
  EXPECT_EQ(reserve(M, 4096), nullptr);
  EXPECT_EQ(reserve(M, 8, 1), nullptr);
  EXPECT_EQ(reserve(M, 4088), nullptr); // 4096 with its header
  EXPECT_NE(reserve(M, 4080), nullptr); // after consuming, the most there is
}

TEST_F(RingbufTest, RecordsWrapAroundTheEnd) {
  // Records of growing size, each consumed before the next: the producer
  // moves around the ring, and the last (2200 bytes at offset 1912) runs
  // past the end. Each fits in the empty ring, so none may fail, and the
  // consumer sees each one whole.
  for (int Round = 0; Round < 5; ++Round) {
    std::string Text(1000 + 300 * Round, char('a' + Round));
    void *R = reserveText(M, Text);
    ASSERT_TRUE(R) << "round " << Round;
    submit(R);
    std::vector<std::string> Seen = consumeAll(M);
    ASSERT_EQ(Seen.size(), 1u);
    EXPECT_EQ(Seen[0], Text);
  }
  EXPECT_GT(query(M, RbProdPos), 4096u);
}

TEST_F(RingbufTest, ConsumerCanStopEarly) {
  for (const char *Text : {"1", "2", "3"})
    submit(reserveText(M, Text));
  int Calls = 0;
  EXPECT_EQ(ebpf_ringbuf_consume(
                M,
                [](void *Ctx, void *, uint32_t) {
                  return ++*static_cast<int *>(Ctx) == 2 ? 1 : 0;
                },
                &Calls),
            2);
  EXPECT_EQ(consumeAll(M), (std::vector<std::string>{"3"}));
}

TEST_F(RingbufTest, HostMapCallsAreNotSupported) {
  uint32_t Key = 0, Value = 0;
  EXPECT_EQ(ebpf_map_lookup(M, &Key, &Value), -EBPF_ENOTSUPP);
  EXPECT_EQ(ebpf_map_update(M, &Key, &Value, 0), -EBPF_ENOTSUPP);
  EXPECT_EQ(ebpf_map_delete(M, &Key), -EBPF_ENOTSUPP);
  EXPECT_EQ(ebpf_map_get_next_key(M, nullptr, &Key), -EBPF_ENOTSUPP);
  EXPECT_EQ(ebpf_ringbuf_consume(nullptr, nullptr, nullptr), -EINVAL);
}

TEST(RingbufCreateTest, SizeMustBeAPowerOfTwoNumberOfPages) {
  for (uint32_t Size : {0u, 100u, 4096u * 3, 2048u}) {
    TestObject T({mapDesc("events", EBPF_MAP_RINGBUF, 0, 0, Size)});
    EXPECT_EQ(T.open(), -EINVAL) << Size;
  }
  TestObject WithKey({mapDesc("events", EBPF_MAP_RINGBUF, 4, 0, 4096)});
  EXPECT_EQ(WithKey.open(), -EINVAL);
  TestObject Big({mapDesc("events", EBPF_MAP_RINGBUF, 0, 0, 1u << 16)});
  EXPECT_EQ(Big.open(), 0);
}

// Producers on several threads and one consumer: every record arrives
// once, whole, and each producer's records in its own order.
TEST(RingbufConcurrencyTest, ProducersAndAConsumer) {
  TestObject T({mapDesc("events", EBPF_MAP_RINGBUF, 0, 0, 1u << 14)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  constexpr int Producers = 3, PerProducer = 20000;
  std::vector<std::thread> Threads;
  for (int P = 0; P < Producers; ++P)
    Threads.emplace_back([M, P] {
      for (uint32_t I = 0; I < PerProducer;) {
        auto *R = static_cast<uint32_t *>(reserve(M, 12));
        if (!R)
          continue; // full: the consumer will make room
        R[0] = uint32_t(P);
        R[1] = I;
        R[2] = ~I;
        submit(R);
        ++I;
      }
    });
  struct State {
    uint32_t Next[Producers] = {};
    int Bad = 0, Total = 0;
  } S;
  while (S.Total < Producers * PerProducer)
    ebpf_ringbuf_consume(
        M,
        [](void *Ctx, void *Data, uint32_t Size) {
          auto *S = static_cast<State *>(Ctx);
          uint32_t V[3];
          std::memcpy(V, Data, sizeof(V));
          if (Size != 12 || V[0] >= Producers || V[1] != S->Next[V[0]] ||
              V[2] != ~V[1])
            ++S->Bad;
          else
            ++S->Next[V[0]];
          ++S->Total;
          return 0;
        },
        &S);
  for (std::thread &Th : Threads)
    Th.join();
  EXPECT_EQ(S.Bad, 0);
  EXPECT_EQ(S.Total, Producers * PerProducer);
}

} // namespace
