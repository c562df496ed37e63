/*===- bench/native.c - The benchmark programs written in C -------*- C -*-===//
 *
 * The baseline the compiled programs are measured against: each function is
 * the logic of the program of the same name in bench/programs, written the
 * way a C programmer would, and compiled by clang at -O2 for the same CPU
 * the JIT targets (see bench/CMakeLists.txt). Loop shapes and compare
 * chains follow the BPF versions, so the difference between the two is what
 * the lifter leaves on the table, not a different algorithm.
 *===----------------------------------------------------------------------===*/
#include "native.h"

uint64_t native_fnv1a(const uint8_t *mem, uint64_t len) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint64_t i = 0; i < len; i++) {
    hash ^= mem[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}

uint64_t native_checksum(const uint8_t *mem, uint64_t len) {
  uint64_t sum = 0;
  uint64_t words = len / 2;
  for (uint64_t i = 0; i < words; i++)
    sum += (uint64_t)mem[2 * i] << 8 | mem[2 * i + 1];
  if (len & 1)
    sum += (uint64_t)mem[len - 1] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum ^ 0xffff;
}

uint64_t native_count_byte(const uint8_t *mem, uint64_t len) {
  uint64_t count = 0;
  for (uint64_t i = 0; i < len; i++)
    if (mem[i] == '\n')
      count++;
  return count;
}

/* The same compare chain, in the same order, as classify.s. */
static uint64_t class_code(uint8_t byte) {
  if (byte > 0x7f)
    return 8;
  if (byte == 0x7f)
    return 7;
  if (byte > 'z')
    return 6;
  if (byte >= 'a')
    return 5;
  if (byte > 'Z')
    return 6;
  if (byte >= 'A')
    return 4;
  if (byte > '9')
    return 6;
  if (byte >= '0')
    return 3;
  if (byte == ' ' || byte == '\n' || byte == '\t' || byte == '\r')
    return 2;
  if (byte > ' ')
    return 6;
  return 1;
}

uint64_t native_classify(const uint8_t *mem, uint64_t len) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < len; i++)
    sum += class_code(mem[i]);
  return sum;
}
