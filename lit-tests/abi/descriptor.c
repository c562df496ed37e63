// Every compiled object exports one descriptor, const struct
// ebpf_object_desc P##OBJ##_ebpf_object (ebpfc/object.h), next to its
// programs; OBJ is the input's file name without ".o" and ".bpf" (made an
// identifier) or --object-name. Nothing else is exported. Its contents, as
// LLVM IR shows them: ABI version 1, the name, the license, 3 maps with
// their kernel types (hash 1, array 2), key and value sizes, max_entries
// and flags (.rodata: BPF_F_RDONLY_PROG, 128), the initial values of .data
// (hits = 5, then the static `seen` = 1) and .rodata (limit = 9); the
// zeroed slot array; the program with its section and type (XDP 1).
// REQUIRES: clang-bpf
// RUN: rm -rf %t && mkdir %t && cd %t
// RUN: %clang_bpf -c %s -o my-filter.bpf.o
// RUN: ebpfc my-filter.bpf.o -S --emit-llvm -O0 -o - | FileCheck %s --check-prefix=IR
// RUN: ebpfc my-filter.bpf.o -o plain.o
// RUN: llvm-nm --defined-only --extern-only plain.o | FileCheck %s --check-prefix=PLAIN --implicit-check-not={{.}}
// RUN: ebpfc my-filter.bpf.o --symbol-prefix=fw_ -o prefixed.o
// RUN: llvm-nm --defined-only --extern-only prefixed.o | FileCheck %s --check-prefix=PREFIXED --implicit-check-not={{.}}
// RUN: ebpfc my-filter.bpf.o --symbol-prefix=fw_ --object-name=filter --target=aarch64-linux-gnu -o named.o
// RUN: llvm-nm --defined-only --extern-only named.o | FileCheck %s --check-prefix=NAMED --implicit-check-not={{.}}
//
// Same input and options, same bytes.
// RUN: ebpfc my-filter.bpf.o --symbol-prefix=fw_ -o again.o
// RUN: cmp prefixed.o again.o

// PLAIN-DAG: {{[0-9a-f]+}} D my_filter_ebpf_object
// PLAIN-DAG: {{[0-9a-f]+}} T check
// PREFIXED-DAG: {{[0-9a-f]+}} D fw_my_filter_ebpf_object
// PREFIXED-DAG: {{[0-9a-f]+}} T fw_check
// NAMED-DAG: {{[0-9a-f]+}} D fw_filter_ebpf_object
// NAMED-DAG: {{[0-9a-f]+}} T fw_check

// IR-DAG: @ebpf.map_slots = internal global [3 x { ptr, ptr }] zeroinitializer
// IR-DAG: @[[COUNTS:.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"counts\00"
// IR-DAG: @[[DATA:.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c".data\00"
// IR-DAG: @[[RODATA:.str[.0-9]*]] = private unnamed_addr constant [8 x i8] c".rodata\00"
// IR-DAG: @ebpf.initial_value.1 = internal constant [12 x i8] c"\05\00\00\00\00\00\00\00\01\00\00\00"
// IR-DAG: @ebpf.initial_value.2 = internal constant [4 x i8] c"\09\00\00\00"
// IR-DAG: @[[PROG:.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"check\00"
// IR-DAG: @[[SECTION:.str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"xdp\00"
// IR-DAG: @[[NAME:.str[.0-9]*]] = private unnamed_addr constant [10 x i8] c"my_filter\00"
// IR-DAG: @[[LICENSE:.str[.0-9]*]] = private unnamed_addr constant [13 x i8] c"Dual MIT/GPL\00"
// IR-DAG: @ebpf.map_descs = internal constant [3 x { ptr, i32, i32, i32, i32, i32, ptr }] [{ ptr, i32, i32, i32, i32, i32, ptr } { ptr @[[COUNTS]], i32 1, i32 4, i32 8, i32 16, i32 0, ptr null }, { ptr, i32, i32, i32, i32, i32, ptr } { ptr @[[DATA]], i32 2, i32 4, i32 12, i32 1, i32 0, ptr @ebpf.initial_value.1 }, { ptr, i32, i32, i32, i32, i32, ptr } { ptr @[[RODATA]], i32 2, i32 4, i32 4, i32 1, i32 128, ptr @ebpf.initial_value.2 }]
// IR-DAG: @ebpf.prog_descs = internal constant [1 x { ptr, ptr, i32, ptr }] [{ ptr, ptr, i32, ptr } { ptr @[[PROG]], ptr @[[SECTION]], i32 1, ptr @check }]
// IR-DAG: @my_filter_ebpf_object = constant { i32, ptr, ptr, i32, ptr, ptr, i32, ptr } { i32 1, ptr @[[NAME]], ptr @[[LICENSE]], i32 3, ptr @ebpf.map_descs, ptr @ebpf.map_slots, i32 1, ptr @ebpf.prog_descs }

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

__u64 hits = 5;
static __u32 seen = 1;
const volatile __u32 limit = 9;

SEC("xdp")
int check(struct xdp_md *ctx) {
  hits++;
  seen++;
  return ctx->rx_queue_index > limit ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "Dual MIT/GPL";
