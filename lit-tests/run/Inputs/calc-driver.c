/* Host program for the link tests: calls the compiled BPF program `calc`
 * (raw ABI: memory block and its length, returns r0) like any C function. */
#include <stdint.h>
#include <stdio.h>

uint64_t calc(void *mem, uint64_t len);

static void run(uint64_t x) {
  uint64_t mem[2] = {x, 0};
  uint64_t r0 = calc(mem, sizeof(mem));
  printf("calc(%llu): r0 = %llu, mem[1] = %llu\n", (unsigned long long)x,
         (unsigned long long)r0, (unsigned long long)mem[1]);
}

int main(void) {
  run(21);
  run(1000);
  run(0x7fffffffffffffffull);
  return 0;
}
