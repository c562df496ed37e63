// bpf_loop is expanded in place and its callback, a function of the same
// module, is called directly, so LLVM inlines it: here the whole loop folds
// into arithmetic, with no call left. With flags not known to be 0, the
// -EINVAL check stays (the loop runs only when they are 0).
// REQUIRES: clang-bpf
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc -S --emit-llvm %t.o -o %t.ll
// RUN: FileCheck %s < %t.ll

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static long add(__u64 i, void *arg) {
  *(__u64 *)arg += i;
  return 0;
}

// CHECK-LABEL: define {{.*}}i64 @sum(ptr {{.*}}%ctx)
// CHECK-NOT:   call
// CHECK:       ret i64
SEC("xdp") int sum(struct xdp_md *ctx) {
  __u64 total = 0;
  bpf_loop(ctx->ingress_ifindex, add, &total, 0);
  return total & 3;
}

// 0 + 1 + ... + 9 = 45, and 45 & 3 = 1, only when the flags are 0.
// CHECK-LABEL: define {{.*}}i64 @flagged(ptr {{.*}}%ctx)
// CHECK-NOT:   call
// CHECK:       [[ZERO:%.*]] = icmp eq i32 {{%.*}}, 0
// CHECK-NEXT:  [[RET:%.*]] = zext i1 [[ZERO]] to i64
// CHECK-NEXT:  ret i64 [[RET]]
SEC("xdp") int flagged(struct xdp_md *ctx) {
  __u64 total = 0;
  bpf_loop(10, add, &total, ctx->rx_queue_index);
  return total & 3;
}

char LICENSE[] SEC("license") = "GPL";
