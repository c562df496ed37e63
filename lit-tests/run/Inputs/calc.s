# A raw program for the link tests: with r1 = mem (two u64s) and r2 = len,
# it doubles mem[0] in a local call, stores the result to mem[1], passes it
# through helper 5 (identity, from libebpfrt) and returns it plus len.
# r6 and r7 are callee-saved, so they survive both calls.
  r6 = r1
  r7 = r2
  r1 = *(u64 *)(r6 + 0)
  call double_it
  *(u64 *)(r6 + 8) = r0
  r1 = r0
  call 5
  r0 += r7
  exit
double_it:
  r0 = r1
  r0 <<= 1
  exit
