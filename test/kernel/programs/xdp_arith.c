// Integer arithmetic on packet bytes, for the kernel differential tests:
// signed and unsigned division and modulo (by registers that may be zero or
// -1 and by immediates), sign extension from 8, 16 and 32 bits, shifts by
// variable amounts, byte swaps, multiplication, negation, comparisons, and
// a loop. Built at the default CPU, v3 and v4; the signed division and
// modulo need v4 (sdiv/smod), which also turns the signed loads and casts
// into ldsx and movsx. Every result lands in .bss, so a wrong value in any
// one of them shows up in the maps.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 results[24];
__u32 runs = 1;

// The operands, from the bytes after the Ethernet header (zero where the
// frame is shorter).
struct operands {
  __s64 a;
  __s64 b;
  __s32 c;
  __s32 d;
  __s16 e;
  __s8 f;
  __u8 g;
  __u32 h;
  __u8 tail[16];
};

static __attribute__((noinline)) __u64 mix(__u64 x, __u64 y) {
  x ^= y + 0x9e3779b97f4a7c15ull + (x << 6) + (x >> 2);
  return x;
}

SEC("xdp")
int xdp_arith(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data;
  __u8 *data_end = (void *)(long)ctx->data_end;
  __u8 buf[48] = {};
  __u32 n = 0;
#pragma clang loop unroll(disable)
  for (__u32 i = 0; i < 48; i++) {
    __u8 *p = data + 14 + i;
    if (p + 1 > data_end)
      break;
    buf[i] = *p;
    n++;
  }
  struct operands o;
  __builtin_memcpy(&o, buf, sizeof(o));
  __s64 a = o.a, b = o.b;
  __s32 c = o.c, d = o.d;

#ifdef __BPF_FEATURE_SDIV_SMOD
  results[0] = a / b;
  results[1] = a % b;
  results[4] = (__s64)(c / d);
  results[5] = (__s64)(c % d);
  results[8] = a / (__s64)o.e;
  // Immediates: negative ones are sign-extended for 64-bit operations.
  results[20] = (__u64)(a / 7) ^ (__u64)(a % -3) ^ (__u64)(__s64)(c / -5) ^
                (__u64)(__s64)(c % 9);
#endif
  results[2] = (__u64)a / (__u64)b;
  results[3] = (__u64)a % (__u64)b;
  results[6] = (__u32)c / (__u32)d;
  results[7] = (__u32)c % (__u32)d;
  results[9] = (__s64)o.f * c;
  results[10] = a >> (o.g & 63);
  results[11] = ((__u64)a >> (o.g & 63)) ^
                ((__u64)(__s64)(c >> (o.g & 31)) << 1) ^
                ((__u64)(o.h << (o.g & 31)) << 3);
  results[12] = __builtin_bswap64(a) ^ __builtin_bswap32(o.h) ^
                __builtin_bswap16((__u16)o.e);
  results[13] = (__s64)(__s32)(a ^ b);
  results[14] = (c < d) | (a < b) << 1 | ((__u64)a < (__u64)b) << 2 |
                ((__u32)c < (__u32)d) << 3 | (o.e < o.f) << 4 | (a <= -1) << 5 |
                ((__u32)c >= 0x80000000u) << 6;
  results[16] = a * b;
  results[17] = (__u32)c * (__u32)d;
  results[18] = -a;
  results[19] = (__u32)-c;
  results[21] = (__u64)a / 1000003 ^ (__u32)o.h / 10 ^ (__u64)a % 0xfffffff0u;

  __u64 sum = n;
#pragma clang loop unroll(disable)
  for (__u32 i = 0; i < 16; i++)
    sum = mix(sum, o.tail[i] * (i + 1));
  results[15] = sum;

  // Signed loads straight from the packet.
  if (data + 14 + 27 <= data_end) {
    __s8 f = *(__s8 *)(data + 14 + 26);
    __s16 e = *(__s16 *)(data + 14 + 24);
    __s32 dd = *(__s32 *)(data + 14 + 20);
    results[22] = (__s64)f + (__s64)e * 3 + (__s64)dd * 5;
  }
  results[23] = runs++;
  return (results[2] ^ results[9] ^ results[15] ^ results[16]) % 5;
}
