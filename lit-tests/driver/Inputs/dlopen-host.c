/* Loads a shared object ebpfc linked (argv[1]), opens its descriptor
 * (argv[2]) and runs its raw program (argv[3]) on the bytes 1..8, printing
 * r0. The host links libebpfrt and exports it (-rdynamic) so the shared
 * object's helper references bind to it. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

#include <ebpfc/object.h>

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  void *handle = dlopen(argv[1], RTLD_NOW);
  if (!handle) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  const struct ebpf_object_desc *desc = dlsym(handle, argv[2]);
  uint64_t (*prog)(void *, uint64_t) =
      (uint64_t(*)(void *, uint64_t))dlsym(handle, argv[3]);
  struct ebpf_object *obj;
  if (!desc || !prog || ebpf_object_open(desc, NULL, &obj))
    return 1;
  uint8_t mem[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  printf("r0 = %llu\n", (unsigned long long)prog(mem, sizeof(mem)));
  ebpf_object_close(obj);
  return 0;
}
