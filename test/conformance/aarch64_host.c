/* aarch64_host.c - runs one compiled raw program under qemu-user.
 *
 * Linked statically with a program that ebpfc compiled for aarch64 (entry
 * `conformance_prog`) and the aarch64 build of libebpfrt. argv[1] holds the
 * input memory as hex bytes (the conformance suite's plugin format, possibly
 * empty); the program's r0 is printed in hex. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t conformance_prog(void *mem, uint64_t len);

static int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

int main(int argc, char **argv) {
  static uint8_t Mem[65536];
  size_t Len = 0;
  const char *P = argc > 1 ? argv[1] : "";
  while (*P) {
    int Hi, Lo;
    if (*P == ' ' || *P == '\n' || *P == '\t') {
      ++P;
      continue;
    }
    Hi = hexValue(P[0]);
    Lo = P[1] ? hexValue(P[1]) : -1;
    if (Hi < 0 || Lo < 0 || Len == sizeof(Mem)) {
      fprintf(stderr, "aarch64_host: bad memory argument\n");
      return 2;
    }
    Mem[Len++] = (uint8_t)(Hi << 4 | Lo);
    P += 2;
  }
  printf("%llx\n", (unsigned long long)conformance_prog(Len ? Mem : NULL, Len));
  return 0;
}
