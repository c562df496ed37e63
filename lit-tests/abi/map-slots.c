// Programs reach maps through the object's slot array (struct
// ebpf_map_slot { struct ebpf_map *map; void *value; }, 16 bytes): lddw of
// map i loads slots[i].map, at byte 16 * i, and lddw of global data loads
// the section map's slots[i].value, at byte 16 * i + 8, plus the variable's
// offset. Maps are numbered as libbpf orders them: counts 0, .data 1,
// .rodata 2, .bss 3. A map handle reaches helpers as a 64-bit integer (here
// helper 5 of raw programs, which returns its argument).
// REQUIRES: clang-bpf
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc -S --emit-llvm %t.o -o - | FileCheck %s
// RUN: ebpfc -S --emit-llvm -O0 %t.o -o - | FileCheck %s --check-prefix=O0

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// CHECK: @ebpf.map_slots = internal global [4 x { ptr, ptr }] zeroinitializer

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

__u64 hits = 1;
__u64 second = 2;
__u32 misses;
const volatile __u32 limit = 9;

static long (*identity)(void *) = (void *)5;

// CHECK-LABEL: define {{.*}}i64 @raw_handle(
// CHECK-NEXT:  entry:
// CHECK-NEXT:    [[MAP:%[0-9]+]] = load ptr, ptr @ebpf.map_slots, align
// CHECK-NEXT:    [[INT:%[0-9]+]] = ptrtoint ptr [[MAP]] to i64
// CHECK-NEXT:    {{.*}} = tail call i64 @ebpf_raw_helper_identity(i64 [[INT]],
SEC("raw")
long raw_handle(void *mem, long len) { return identity(&counts); }

// CHECK-LABEL: define {{.*}}i64 @xdp_globals(
// CHECK:         [[DATA:%[0-9]+]] = load ptr, ptr getelementptr inbounds (i8, ptr @ebpf.map_slots, i64 24), align 8
// CHECK:         load i64, ptr [[DATA]]
// CHECK:         [[SECOND:%[0-9]+]] = getelementptr inbounds i8, ptr [[DATA]], i64 8
// CHECK:         load i64, ptr [[SECOND]]
// CHECK:         load ptr, ptr getelementptr inbounds (i8, ptr @ebpf.map_slots, i64 40), align 8
// CHECK:         load ptr, ptr getelementptr inbounds (i8, ptr @ebpf.map_slots, i64 56), align 8
// CHECK:         ret i64
//
// Unoptimized, the same slots are addressed as array elements.
// O0-LABEL: define {{.*}}i64 @bpf.xdp_globals(
// O0:         load ptr, ptr getelementptr inbounds ([4 x { ptr, ptr }], ptr @ebpf.map_slots, i64 0, i64 1, i32 1), align 8
// O0:         load ptr, ptr getelementptr inbounds ([4 x { ptr, ptr }], ptr @ebpf.map_slots, i64 0, i64 2, i32 1), align 8
// O0:         load ptr, ptr getelementptr inbounds ([4 x { ptr, ptr }], ptr @ebpf.map_slots, i64 0, i64 3, i32 1), align 8
SEC("xdp")
int xdp_globals(struct xdp_md *ctx) {
  second += hits;
  if (ctx->ingress_ifindex > limit)
    misses = 3;
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
