//===- test/runtime/HelpersTest.cpp - Generic helpers and helper tables ---===//
//
// bpf_trace_printk's format subset, errors and output routing;
// bpf_get_prandom_u32's documented generator (expected values worked out
// from the algorithm in runtime.h, independently of the runtime);
// bpf_get_smp_processor_id, bpf_ktime_get_ns; and which helpers each
// program type's table offers.
//
//===----------------------------------------------------------------------===//

#include "TestObject.h"

#include "ebpfc/object.h"
#include "ebpfc/runtime.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>

using ebpfc_test::TestObject;

namespace {

uint64_t ptr(const void *P) { return uint64_t(uintptr_t(P)); }

void appendTo(const char *Msg, size_t Len, void *User) {
  static_cast<std::string *>(User)->append(Msg, Len);
}

/// Opens an object with no maps whose bpf_trace_printk output collects in
/// Out, which is then the newest open object.
struct PrintkSink {
  std::string Out;
  TestObject T{{}};
  PrintkSink() { EXPECT_EQ(T.open(1, appendTo, &Out), 0); }
};

/// bpf_trace_printk(FMT, sizeof FMT, A, B, C) as a program calls it.
template <size_t N>
int64_t printk(const char (&Fmt)[N], uint64_t A = 0, uint64_t B = 0,
               uint64_t C = 0) {
  return int64_t(ebpf_helper_trace_printk(ptr(Fmt), N, A, B, C));
}

TEST(TracePrintkTest, IntegerConversions) {
  PrintkSink S;
  // Without l, the argument is an int: its low 32 bits.
  EXPECT_EQ(printk("%d %i %u\n", uint64_t(-5), 0x100000007ull, uint64_t(-1)),
            16);
  EXPECT_EQ(S.Out, "-5 7 4294967295\n");
  S.Out.clear();
  EXPECT_EQ(printk("%x %X", 0x12345678abcdull, 0xabcdefull), 15);
  EXPECT_EQ(S.Out, "5678abcd ABCDEF");
  S.Out.clear();
  printk("%ld %lu %lx", uint64_t(-5), uint64_t(-1), 0x12345678abcdull);
  EXPECT_EQ(S.Out, "-5 18446744073709551615 12345678abcd");
  S.Out.clear();
  printk("%lld %llu %llx", uint64_t(-1), 1ull << 63, 0xfedcba9876543210ull);
  EXPECT_EQ(S.Out, "-1 9223372036854775808 fedcba9876543210");
}

TEST(TracePrintkTest, FlagsAndWidth) {
  PrintkSink S;
  printk("[%5d][%-5d][%05d]", 42, 42, 42);
  EXPECT_EQ(S.Out, "[   42][42   ][00042]");
  S.Out.clear();
  printk("[%+d][% d][%08llx]", 7, 7, 0xbeef);
  EXPECT_EQ(S.Out, "[+7][ 7][0000beef]");
}

TEST(TracePrintkTest, CharsStringsPointersPercent) {
  PrintkSink S;
  const char Name[] = "eth0";
  printk("%c%c %s 100%%", 'o', 'k', ptr(Name));
  EXPECT_EQ(S.Out, "ok eth0 100%");
  S.Out.clear();
  // Pointers print as 16 hex digits, whatever the modifier.
  printk("%p %px %pK", 0x1234, 0xffff888000000000ull, 1);
  EXPECT_EQ(S.Out, "0000000000001234 ffff888000000000 0000000000000001");
  S.Out.clear();
  const uint8_t V4[4] = {192, 168, 1, 2};
  const uint8_t V6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                          0,    0,    0,    0,    0, 0, 0, 1};
  printk("%pI4 %pi4 %pI6", ptr(V4), ptr(V4), ptr(V6));
  EXPECT_EQ(
      S.Out,
      "192.168.1.2 192.168.001.002 2001:0db8:0000:0000:0000:0000:0000:0001");
  S.Out.clear();
  printk("%pi6", ptr(V6));
  EXPECT_EQ(S.Out, "20010db8000000000000000000000001");
  S.Out.clear();
  // A null string pointer reads as an empty string.
  EXPECT_EQ(printk("[%s]", 0), 2);
  EXPECT_EQ(S.Out, "[]");
}

TEST(TracePrintkTest, RejectsWhatTheKernelRejects) {
  PrintkSink S;
  // At most three conversions.
  EXPECT_EQ(printk("%d %d %d %d", 1, 2, 3), -EINVAL);
  // Conversions outside the subset.
  EXPECT_EQ(printk("%f", 1), -EINVAL);
  EXPECT_EQ(printk("%.3d", 1), -EINVAL);
  EXPECT_EQ(printk("%lc", 1), -EINVAL);
  EXPECT_EQ(printk("%pZ", 1), -EINVAL);
  EXPECT_EQ(printk("%pI5", 1), -EINVAL);
  EXPECT_EQ(printk("100%"), -EINVAL);
  // %s must be followed by the end, a space or punctuation.
  const char Str[] = "x";
  EXPECT_EQ(printk("%sabc", ptr(Str)), -EINVAL);
  EXPECT_EQ(printk("%s.", ptr(Str)), 2);
  // Control characters.
  EXPECT_EQ(printk("a\x01"), -EINVAL);
  // The format must end within fmt_size bytes.
  const char Unterminated[4] = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(int64_t(ebpf_helper_trace_printk(ptr(Unterminated), 4, 0, 0, 0)),
            -EINVAL);
  EXPECT_EQ(int64_t(ebpf_helper_trace_printk(ptr("ab"), 0, 0, 0, 0)), -EINVAL);
  // Nothing was printed for any of them but the one valid call.
  EXPECT_EQ(S.Out, "x.");
}

TEST(TracePrintkTest, LongOutputIsTruncatedButCounted) {
  PrintkSink S;
  // 2000 columns of padding: the kernel's buffer holds 1023 characters.
  EXPECT_EQ(printk("%2000d", 1), 2000);
  EXPECT_EQ(S.Out.size(), 1023u);
}

TEST(TracePrintkTest, GoesToTheCurrentOrNewestObject) {
  std::string OutA, OutB;
  TestObject A({}), B({});
  ASSERT_EQ(A.open(1, appendTo, &OutA), 0);
  printk("1");
  ASSERT_EQ(B.open(1, appendTo, &OutB), 0);
  printk("2");
  EXPECT_EQ(ebpf_set_current_object(A.Obj), nullptr);
  printk("3");
  EXPECT_EQ(ebpf_set_current_object(nullptr), A.Obj);
  printk("4");
  ebpf_object_close(B.Obj);
  B.Obj = nullptr;
  printk("5");
  EXPECT_EQ(OutA, "135");
  EXPECT_EQ(OutB, "24");
  // Without a callback the message goes to stderr.
  ebpf_object_close(A.Obj);
  A.Obj = nullptr;
  testing::internal::CaptureStderr();
  printk("to stderr %d\n", 9);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "to stderr 9\n");
}

TEST(PrandomTest, SeededSequenceIsReproducible) {
  uint64_t First[4];
  ebpf_prandom_seed(42);
  for (uint64_t &V : First)
    V = ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0);
  // splitmix64(42), then xorshift64* (runtime.h), worked out separately.
  EXPECT_EQ(First[0], 0x31b0ece7u);
  EXPECT_EQ(First[1], 0x9008a3b1u);
  EXPECT_EQ(First[2], 0x7c7173abu);
  EXPECT_EQ(First[3], 0x45672c8cu);
  ebpf_prandom_seed(42);
  EXPECT_EQ(ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0), First[0]);
  ebpf_prandom_seed(0);
  EXPECT_EQ(ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0), 0x7bbcb40du);
  EXPECT_EQ(ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0), 0xde7fe413u);
}

TEST(PrandomTest, EachThreadHasItsOwnGenerator) {
  ebpf_prandom_seed(42);
  uint64_t Other = 0;
  std::thread([&] {
    ebpf_prandom_seed(42);
    Other = ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0);
  }).join();
  EXPECT_EQ(Other, 0x31b0ece7u);
  // This thread's generator did not move.
  EXPECT_EQ(ebpf_helper_get_prandom_u32(0, 0, 0, 0, 0), 0x31b0ece7u);
}

TEST(SmpProcessorIdTest, IsTheThreadsCurrentCpu) {
  EXPECT_EQ(ebpf_helper_get_smp_processor_id(0, 0, 0, 0, 0), 0u);
  ebpf_set_current_cpu(3);
  EXPECT_EQ(ebpf_helper_get_smp_processor_id(0, 0, 0, 0, 0), 3u);
  uint64_t Other = 99;
  std::thread([&] {
    Other = ebpf_helper_get_smp_processor_id(0, 0, 0, 0, 0);
  }).join();
  EXPECT_EQ(Other, 0u);
  ebpf_set_current_cpu(0);
}

TEST(KtimeTest, IsTheMonotonicClock) {
  timespec Before, After;
  clock_gettime(CLOCK_MONOTONIC, &Before);
  uint64_t Now = ebpf_helper_ktime_get_ns(0, 0, 0, 0, 0);
  clock_gettime(CLOCK_MONOTONIC, &After);
  EXPECT_GE(Now, uint64_t(Before.tv_sec) * 1000000000 + Before.tv_nsec);
  EXPECT_LE(Now, uint64_t(After.tv_sec) * 1000000000 + After.tv_nsec);
}

TEST(HelperTableTest, PacketProgramTypes) {
  struct Expected {
    uint32_t Id;
    const char *Name, *Symbol;
  };
  const Expected Base[] = {
      {1, "bpf_map_lookup_elem", "ebpf_helper_map_lookup_elem"},
      {2, "bpf_map_update_elem", "ebpf_helper_map_update_elem"},
      {3, "bpf_map_delete_elem", "ebpf_helper_map_delete_elem"},
      {5, "bpf_ktime_get_ns", "ebpf_helper_ktime_get_ns"},
      {6, "bpf_trace_printk", "ebpf_helper_trace_printk"},
      {7, "bpf_get_prandom_u32", "ebpf_helper_get_prandom_u32"},
      {8, "bpf_get_smp_processor_id", "ebpf_helper_get_smp_processor_id"},
  };
  for (ebpf_prog_type Type :
       {EBPF_PROG_XDP, EBPF_PROG_SOCKET_FILTER, EBPF_PROG_SCHED_CLS})
    for (const Expected &E : Base) {
      const ebpf_helper_info *H = ebpf_find_helper(Type, E.Id);
      ASSERT_NE(H, nullptr) << Type << " " << E.Name;
      EXPECT_EQ(H->id, E.Id);
      EXPECT_STREQ(H->name, E.Name);
      EXPECT_STREQ(H->symbol, E.Symbol);
      EXPECT_NE(H->fn, nullptr);
    }
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_XDP, 44)->fn,
            &ebpf_helper_xdp_adjust_head);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_XDP, 54)->fn,
            &ebpf_helper_xdp_adjust_meta);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_XDP, 65)->fn,
            &ebpf_helper_xdp_adjust_tail);
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_XDP, 26), nullptr);
  for (ebpf_prog_type Type : {EBPF_PROG_SOCKET_FILTER, EBPF_PROG_SCHED_CLS}) {
    const ebpf_helper_info *H = ebpf_find_helper(Type, 26);
    ASSERT_NE(H, nullptr);
    EXPECT_STREQ(H->symbol, "ebpf_helper_skb_load_bytes");
    EXPECT_EQ(ebpf_find_helper(Type, 44), nullptr);
  }
  // The raw type keeps its one helper; 5 is not ktime there.
  EXPECT_EQ(ebpf_find_helper(EBPF_PROG_RAW, 5)->fn, &ebpf_raw_helper_identity);
}

} // namespace
