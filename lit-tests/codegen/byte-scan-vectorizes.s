# A raw program's memory accesses are integers (r1 + r3), but after the
# body is inlined into the entry point they are offsets from the memory
# argument, and are addressed as GEPs on it, not through inttoptr: the loop
# vectorizer then sees consecutive bytes and loads several at once. With
# the baseline x86-64 CPU (SSE2) and 64-bit counters it picks <2 x i8>
# loads, interleaved; the width is the cost model's, so it is not checked.
# RUN: rm -rf %t && mkdir %t && cd %t
# RUN: llvm-mc -triple bpfel -mcpu=v4 -filetype=obj %s -o bpf.o
# RUN: llvm-objcopy -O binary --only-section=.text bpf.o count_newlines.bin
# RUN: ebpfc --raw count_newlines.bin --target=x86_64-linux-gnu -O2 -S --emit-llvm -o - | FileCheck %s

# r0 = number of bytes equal to 10 in the block r1[0 .. r2).
  r0 = 0
  if r2 == 0 goto done
  r3 = 0
loop:
  r4 = r1
  r4 += r3
  r4 = *(u8 *)(r4 + 0)
  if r4 != 10 goto next
  r0 += 1
next:
  r3 += 1
  if r2 > r3 goto loop
done:
  exit

# CHECK-LABEL: define {{.*}}i64 @count_newlines(ptr {{.*}}%mem, i64 %len)
# CHECK-NOT:   inttoptr
# CHECK-NOT:   ptrtoint
# CHECK:       vector.body:
# CHECK-NOT:   inttoptr
# CHECK:       [[VADDR:%.*]] = getelementptr i8, ptr %mem, i64 %index
# CHECK-NOT:   inttoptr
# CHECK:       load <{{[0-9]+}} x i8>, ptr [[VADDR]], align 1
# CHECK-NOT:   inttoptr
# CHECK:       [[ADDR:%.*]] = getelementptr i8, ptr %mem, i64 %r3
# CHECK-NEXT:  load i8, ptr [[ADDR]], align 1
# CHECK-NOT:   inttoptr
# CHECK-NOT:   ptrtoint
# CHECK:       ret i64
# CHECK-NEXT:  }
