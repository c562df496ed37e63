// Context loads are rewritten to the native contexts of ebpfc/object.h:
// a 32-bit load of a packet pointer field at its kernel offset (xdp_md:
// data 0, data_end 4, data_meta 8; __sk_buff: data 76, data_end 80,
// data_meta 140) becomes a 64-bit load of the native pointer, which lives
// after the kernel-layout part (struct ebpf_xdp_md: 6 * 4 = 24 bytes, so
// data 24, data_end 32, data_meta 40; struct ebpf_sk_buff: 48 * 4 = 192
// bytes, so data 192, data_end 200, data_meta 208). Every other field
// stays at its kernel offset: rx_queue_index 16, len 0, protocol 16,
// cb[1] 52.
// REQUIRES: clang-bpf
// RUN: %clang_bpf -c %s -o %t.o
// RUN: ebpfc -S --emit-llvm %t.o -o - | FileCheck %s

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// CHECK-LABEL: define {{.*}}i64 @xdp_len(ptr {{.*}}%ctx)
// CHECK-DAG:   [[META:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 40
// CHECK-DAG:   load i64, ptr [[META]], align 8
// CHECK-DAG:   [[END:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 32
// CHECK-DAG:   load i64, ptr [[END]], align 8
// CHECK-DAG:   [[RXQ:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 16
// CHECK-DAG:   load i32, ptr [[RXQ]], align 4
// CHECK:       ret i64
SEC("xdp")
int xdp_len(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  void *meta = (void *)(long)ctx->data_meta;
  return (end - data) + (data - meta) + ctx->rx_queue_index;
}

// (Socket filters have no direct packet access, as in the kernel.)
// CHECK-LABEL: define {{.*}}i64 @tc_len(ptr {{.*}}%ctx)
// CHECK-DAG:   [[DATA:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 192
// CHECK-DAG:   load i64, ptr [[DATA]], align 8
// CHECK-DAG:   [[END:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 200
// CHECK-DAG:   load i64, ptr [[END]], align 8
// CHECK-DAG:   load i32, ptr %ctx, align 4
// CHECK:       ret i64
SEC("tc")
int tc_len(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *end = (void *)(long)skb->data_end;
  return (end - data) + skb->len;
}

// CHECK-LABEL: define {{.*}}i64 @tc_meta(ptr {{.*}}%ctx)
// CHECK-DAG:   [[PROTO:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 16
// CHECK-DAG:   [[VALUE:%[0-9]+]] = load i32, ptr [[PROTO]], align 4
// CHECK-DAG:   [[CB1:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 52
// CHECK-DAG:   store i32 [[VALUE]], ptr [[CB1]], align 4
// CHECK-DAG:   [[META:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 208
// CHECK-DAG:   load i64, ptr [[META]], align 8
// CHECK-DAG:   [[DATA:%[0-9]+]] = getelementptr i8, ptr %ctx, i64 192
// CHECK-DAG:   load i64, ptr [[DATA]], align 8
// CHECK:       ret i64
SEC("tc")
int tc_meta(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *meta = (void *)(long)skb->data_meta;
  skb->cb[1] = skb->protocol;
  return data - meta;
}

char _license[] SEC("license") = "GPL";
