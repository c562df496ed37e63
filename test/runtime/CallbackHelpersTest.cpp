//===- test/runtime/CallbackHelpersTest.cpp - bpf_loop, for_each_map_elem -===//
//
// The runtime's callback helpers called as compiled code calls them, with a
// native callback: bpf_loop's count, early stop and error codes
// (kernel/bpf/bpf_iter.c), and bpf_for_each_map_elem over arrays (every
// index, in order), per-CPU arrays (the calling thread's values) and hash
// maps (every element once, also when the callback deletes the one it is
// given).
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

using ebpfc_test::mapDesc;
using ebpfc_test::TestObject;

namespace {

uint64_t addr(const void *P) { return uint64_t(uintptr_t(P)); }
template <typename T> T *ptr(uint64_t V) {
  return reinterpret_cast<T *>(uintptr_t(V));
}
uint64_t fnAddr(ebpf_helper_fn Fn) { return uint64_t(uintptr_t(Fn)); }

struct Walk {
  std::vector<uint32_t> Keys;
  uint64_t Sum = 0;
  uint32_t StopAt = ~0u;
};

TEST(BpfLoopTest, CountsCallsAndStops) {
  Walk W;
  W.StopAt = 4;
  ebpf_helper_fn Step = [](uint64_t I, uint64_t Ctx, uint64_t, uint64_t,
                           uint64_t) -> uint64_t {
    Walk *W = ptr<Walk>(Ctx);
    W->Keys.push_back(uint32_t(I));
    return I == W->StopAt;
  };
  // Stopped by the callback at index 4: five calls.
  EXPECT_EQ(ebpf_helper_loop(10, fnAddr(Step), addr(&W), 0, 0), 5u);
  EXPECT_EQ(W.Keys, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  W.Keys.clear();
  W.StopAt = ~0u;
  EXPECT_EQ(ebpf_helper_loop(3, fnAddr(Step), addr(&W), 0, 0), 3u);
  EXPECT_EQ(ebpf_helper_loop(0, fnAddr(Step), addr(&W), 0, 0), 0u);
  // The count is a u32: the upper half is ignored.
  EXPECT_EQ(
      ebpf_helper_loop((uint64_t(1) << 32) | 2, fnAddr(Step), addr(&W), 0, 0),
      2u);
  EXPECT_EQ(W.Keys.size(), 5u);
  EXPECT_EQ(int64_t(ebpf_helper_loop(1, fnAddr(Step), addr(&W), 1, 0)),
            -EINVAL);
  EXPECT_EQ(
      int64_t(ebpf_helper_loop((1u << 23) + 1, fnAddr(Step), addr(&W), 0, 0)),
      -E2BIG);
  EXPECT_EQ(W.Keys.size(), 5u); // no calls for either error
}

uint64_t visitElement(uint64_t Map, uint64_t Key, uint64_t Value, uint64_t Ctx,
                      uint64_t) {
  Walk *W = ptr<Walk>(Ctx);
  uint32_t K;
  std::memcpy(&K, ptr<void>(Key), 4);
  W->Keys.push_back(K);
  uint64_t *V = ptr<uint64_t>(Value);
  W->Sum += *V;
  *V += 100; // values are the map's own
  (void)Map;
  return K == W->StopAt;
}

TEST(ForEachMapElemTest, ArraysInIndexOrder) {
  TestObject T({mapDesc("a", EBPF_MAP_ARRAY, 4, 8, 5)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  for (uint32_t K = 0; K < 5; ++K) {
    uint64_t V = K * 10;
    ASSERT_EQ(ebpf_map_update(M, &K, &V, EBPF_ANY), 0);
  }
  Walk W;
  EXPECT_EQ(ebpf_helper_for_each_map_elem(addr(M), fnAddr(visitElement),
                                          addr(&W), 0, 0),
            5u);
  EXPECT_EQ(W.Keys, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(W.Sum, 0u + 10 + 20 + 30 + 40);
  uint32_t K = 2;
  uint64_t V;
  ASSERT_EQ(ebpf_map_lookup(M, &K, &V), 0);
  EXPECT_EQ(V, 120u);
  // Stopping at key 1 counts the call that stopped it.
  W = Walk();
  W.StopAt = 1;
  EXPECT_EQ(ebpf_helper_for_each_map_elem(addr(M), fnAddr(visitElement),
                                          addr(&W), 0, 0),
            2u);
  EXPECT_EQ(int64_t(ebpf_helper_for_each_map_elem(addr(M), fnAddr(visitElement),
                                                  addr(&W), 1, 0)),
            -EINVAL);
}

TEST(ForEachMapElemTest, PerCpuArraysGiveTheCurrentCpusValues) {
  TestObject T({mapDesc("p", EBPF_MAP_PERCPU_ARRAY, 4, 8, 2)});
  ASSERT_EQ(T.open(2), 0);
  ebpf_map *M = T.map(0);
  uint32_t K = 1;
  uint64_t Values[2] = {7, 9}; // CPU 0, CPU 1
  ASSERT_EQ(ebpf_map_update(M, &K, Values, EBPF_ANY), 0);
  ebpf_set_current_cpu(1);
  Walk W;
  EXPECT_EQ(ebpf_helper_for_each_map_elem(addr(M), fnAddr(visitElement),
                                          addr(&W), 0, 0),
            2u);
  ebpf_set_current_cpu(0);
  EXPECT_EQ(W.Sum, 9u);
}

uint64_t deleteOdd(uint64_t Map, uint64_t Key, uint64_t Value, uint64_t Ctx,
                   uint64_t) {
  Walk *W = ptr<Walk>(Ctx);
  uint32_t K;
  std::memcpy(&K, ptr<void>(Key), 4);
  W->Keys.push_back(K);
  W->Sum += *ptr<uint64_t>(Value);
  if (K & 1)
    ebpf_helper_map_delete_elem(Map, Key, 0, 0, 0);
  return 0;
}

TEST(ForEachMapElemTest, HashMapsVisitEachElementOnceWhileDeleting) {
  TestObject T({mapDesc("h", EBPF_MAP_HASH, 4, 8, 64)});
  ASSERT_EQ(T.open(), 0);
  ebpf_map *M = T.map(0);
  uint64_t Want = 0;
  for (uint32_t K = 0; K < 40; ++K) {
    uint64_t V = K * 3 + 1;
    Want += V;
    ASSERT_EQ(ebpf_map_update(M, &K, &V, EBPF_ANY), 0);
  }
  Walk W;
  EXPECT_EQ(
      ebpf_helper_for_each_map_elem(addr(M), fnAddr(deleteOdd), addr(&W), 0, 0),
      40u);
  EXPECT_EQ(std::set<uint32_t>(W.Keys.begin(), W.Keys.end()).size(), 40u);
  EXPECT_EQ(W.Sum, Want);
  // The odd keys are gone, the even ones stay.
  for (uint32_t K = 0; K < 40; ++K) {
    uint64_t V;
    EXPECT_EQ(ebpf_map_lookup(M, &K, &V), (K & 1) ? -ENOENT : 0) << K;
  }
  W = Walk();
  EXPECT_EQ(
      ebpf_helper_for_each_map_elem(addr(M), fnAddr(deleteOdd), addr(&W), 0, 0),
      20u);
}

} // namespace
