/*===- bench/native.h - The benchmark programs written in C -------*- C -*-===//
 *
 * One function per program in bench/programs, with the raw program's
 * signature (block, length) and the same result. They live in their own
 * translation unit (native.c) so the benchmark driver's compiler cannot see
 * through them and fold the work away.
 *===----------------------------------------------------------------------===*/
#ifndef EBPFC_BENCH_NATIVE_H
#define EBPFC_BENCH_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint64_t native_fnv1a(const uint8_t *mem, uint64_t len);
uint64_t native_checksum(const uint8_t *mem, uint64_t len);
uint64_t native_count_byte(const uint8_t *mem, uint64_t len);
uint64_t native_classify(const uint8_t *mem, uint64_t len);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EBPFC_BENCH_NATIVE_H */
