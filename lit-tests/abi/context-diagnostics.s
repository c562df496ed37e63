# Context accesses the program type does not allow are errors (exit 1), one
# per program, naming the instruction, in the kernel's words with ebpfc's
# note on why: through a register that is the context on one path and the
# stack on another (one instruction cannot be compiled for both); at an
# offset outside the kernel's struct or between its fields; a packet pointer
# field read at the wrong size; a store to a packet pointer field; a store
# to a read-only field.
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o %t.o
# RUN: %expect_exit 1 ebpfc %t.o -o %t.x.o 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}

# CHECK: ebpfc: error: {{.*}}.o:xdp/maybe_ctx: insn 5: same insn cannot be used with different pointers
# CHECK: ebpfc: error: {{.*}}.o:xdp/past_xdp_md: insn 0: invalid bpf_context access off=28 size=4
# CHECK-NEXT: note: context offset 28 is outside xdp_md (24 bytes)
# CHECK: ebpfc: error: {{.*}}.o:xdp/wide_data: insn 0: invalid bpf_context access off=0 size=8
# CHECK-NEXT: note: 8-byte access to context field 'data' of xdp_md, a packet pointer, which is read with 4-byte loads
# CHECK: ebpfc: error: {{.*}}.o:xdp/store_data_end: insn 1: invalid bpf_context access off=4 size=4
# CHECK-NEXT: note: store to context field 'data_end' of xdp_md, a packet pointer
# CHECK: ebpfc: error: {{.*}}.o:tc/skb_padding: insn 0: invalid bpf_context access off=181 size=1
# CHECK-NEXT: note: context offset 181 is not a field of __sk_buff
# CHECK: ebpfc: error: {{.*}}.o:tc/store_skb_data: insn 0: invalid bpf_context access off=76 size=4
# CHECK-NEXT: note: store to context field 'data' of __sk_buff, a packet pointer
# CHECK: ebpfc: error: {{.*}}.o:socket/store_len: insn 0: invalid bpf_context access off=0 size=4
# CHECK-NEXT: note: store to read-only context field 'len' of __sk_buff

  .section xdp,"ax",@progbits
  .globl maybe_ctx
  .type maybe_ctx,@function
maybe_ctx:
  r3 = *(u32 *)(r1 + 12)
  r2 = r1
  if r3 == 0 goto +2
  r2 = r10
  r2 += -24
  r0 = *(u32 *)(r2 + 16)
  exit
  .size maybe_ctx, .-maybe_ctx

  .globl past_xdp_md
  .type past_xdp_md,@function
past_xdp_md:
  r0 = *(u32 *)(r1 + 28)
  exit
  .size past_xdp_md, .-past_xdp_md

  .globl wide_data
  .type wide_data,@function
wide_data:
  r0 = *(u64 *)(r1 + 0)
  exit
  .size wide_data, .-wide_data

  .globl store_data_end
  .type store_data_end,@function
store_data_end:
  r2 = 0
  *(u32 *)(r1 + 4) = r2
  r0 = 0
  exit
  .size store_data_end, .-store_data_end

  .section tc,"ax",@progbits
  .globl skb_padding
  .type skb_padding,@function
skb_padding:
  r0 = *(u8 *)(r1 + 181)
  exit
  .size skb_padding, .-skb_padding

  .globl store_skb_data
  .type store_skb_data,@function
store_skb_data:
  *(u32 *)(r1 + 76) = 0
  r0 = 0
  exit
  .size store_skb_data, .-store_skb_data

  .section socket,"ax",@progbits
  .globl store_len
  .type store_len,@function
store_len:
  *(u32 *)(r1 + 0) = 0
  r0 = 0
  exit
  .size store_len, .-store_len
