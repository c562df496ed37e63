# At most 8 frames (EBPF_MAX_CALL_DEPTH, the kernel's MAX_CALL_FRAMES) may
# be live: a chain of calls from the entry through f1 .. f8 needs 9 and is
# rejected (exit 1) at the call that would push the 9th, f7's call of f8
# at insn 14 (each function is `call next; exit`, two slots). Without f8's
# frame (f7 returning directly) 8 frames are fine.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o deep.o
# RUN: llvm-objcopy -O binary --only-section=.text deep.o deep.bin
# RUN: %expect_exit 1 ebpfc --raw deep.bin -o deep.out 2>&1 \
# RUN:   | FileCheck %s --match-full-lines --implicit-check-not={{.}}
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj --defsym=EIGHT=1 %s -o eight.o
# RUN: llvm-objcopy -O binary --only-section=.text eight.o eight.bin
# RUN: ebpfc --raw eight.bin --verify-only
# RUN: ebpf-run --raw eight.bin | FileCheck %s --check-prefix=RESULT
# RUN: ebpf-run --raw eight.bin --interpret | FileCheck %s --check-prefix=RESULT

  call f1       # 0, frame 1 (the entry)
  exit
f1:
  call f2       # 2, frame 2
  exit
f2:
  call f3
  exit
f3:
  call f4
  exit
f4:
  call f5
  exit
f5:
  call f6
  exit
f6:
  call f7       # 12, frame 7
  exit
f7:             # 14, frame 8
.ifdef EIGHT
  r0 = 8
  exit
.else
  call f8
  exit
f8:             # 16, frame 9
  r0 = 9
  exit
.endif

# CHECK: ebpfc: error: deep.bin:raw/deep: insn 14: the call stack of 9 frames is too deep
# RESULT: Return value: 8, duration (average): {{[0-9]+}}ns
