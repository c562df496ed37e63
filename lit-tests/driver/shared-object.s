# --shared links the compiled object into a shared object with lld, for
# either target; the helpers stay undefined until the host loads it, the
# program and the descriptor (named after the input, sum.bin: sum_bin) are
# exported, and the output is deterministic.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o sum.bin
#
# RUN: ebpfc --raw sum.bin --mem-size=8 --shared -o sum.so
# RUN: llvm-readelf -h sum.so | FileCheck %s --check-prefix=HEADER
# HEADER: Type: DYN (Shared object file)
# RUN: llvm-nm -D sum.so | FileCheck %s --check-prefix=SYMS
# SYMS-DAG: T sum
# SYMS-DAG: D sum_bin_ebpf_object
# SYMS-DAG: U ebpf_raw_helper_identity
#
# RUN: ebpfc --raw sum.bin --mem-size=8 --shared -o again.so
# RUN: cmp sum.so again.so
#
# RUN: ebpfc --raw sum.bin --mem-size=8 --shared --target=aarch64-linux-gnu -o sum-a64.so
# RUN: llvm-readelf -h sum-a64.so | FileCheck %s --check-prefix=A64
# A64: Machine: AArch64
#
# A host loads it with dlopen and runs it: r1 = the bytes 1..8, r2 = 8; the
# program adds the first byte, the length and helper 5's echo of 30:
# 1 + 8 + 30 = 39.
# RUN: %if host-x86_64 %{ %host_cc -I%ebpfc_include %S/Inputs/dlopen-host.c -o host -rdynamic -Wl,--whole-archive %runtime_lib -Wl,--no-whole-archive -ldl %}
# RUN: %if host-x86_64 %{ ./host ./sum.so sum_bin_ebpf_object sum | FileCheck %s --check-prefix=LOADED %}
# LOADED-NOT: dlopen
# LOADED: r0 = 39
#
# --shared makes an object: not with -S, --emit-llvm or -o -.
# RUN: %expect_exit 2 ebpfc --raw sum.bin --mem-size=8 --shared -S -o x.s 2>&1 | FileCheck %s --check-prefix=USAGE
# RUN: %expect_exit 2 ebpfc --raw sum.bin --mem-size=8 --shared -o - 2>&1 | FileCheck %s --check-prefix=STDOUT
# USAGE: error: --shared links an object; it does not go with -S or --emit-llvm
# STDOUT: error: --shared needs an output file, not standard output

  r0 = *(u8 *)(r1 + 0)
  r0 += r2
  r6 = r0
  r1 = 30
  call 5
  r0 += r6
  exit
