/*===- KernelVerifyTime.c - The kernel's verifier on the same objects ----===//
 *
 * ebpfc-kernel-verify-time OBJECT...: loads every program of each BPF object
 * into the running kernel with the verifier's statistics log (BPF_LOG_STATS)
 * and prints, per program, the instructions the kernel's verifier processed
 * and the time it took, in the form `ebpfc --verify-only` prints the same
 * figures, so the two can be put side by side:
 *
 *   kernel: xdp_parser.o:xdp/xdp_classify: verified, processed 2293 insns,
 *10512 us
 *
 * Needs root and a kernel that loads BPF programs; says so and exits 2
 * otherwise. Nothing stays loaded.
 *===----------------------------------------------------------------------===*/
#include <bpf/libbpf.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LOG_SIZE = 1 << 16 };

static int silent(enum libbpf_print_level level, const char *format,
                  va_list args) {
  (void)level;
  (void)format;
  (void)args;
  return 0;
}

/* The number after KEY in LOG, or -1. */
static long long number_after(const char *log, const char *key) {
  const char *at = strstr(log, key);
  return at ? strtoll(at + strlen(key), NULL, 10) : -1;
}

int main(int argc, char **argv) {
  libbpf_set_print(silent);
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    struct bpf_object *obj = bpf_object__open_file(argv[i], NULL);
    if (!obj) {
      fprintf(stderr, "kernel: %s: cannot open: %s\n", argv[i],
              strerror(errno));
      status = 1;
      continue;
    }
    struct bpf_program *prog;
    size_t count = 0;
    bpf_object__for_each_program(prog, obj)++ count;
    char **logs = calloc(count, sizeof(char *));
    size_t n = 0;
    bpf_object__for_each_program(prog, obj) {
      logs[n] = calloc(1, LOG_SIZE);
      bpf_program__set_log_level(prog, 4); /* BPF_LOG_STATS */
      bpf_program__set_log_buf(prog, logs[n], LOG_SIZE);
      ++n;
    }
    if (bpf_object__load(obj)) {
      fprintf(stderr,
              "kernel: %s: the kernel did not load it (%s); root and BPF "
              "support are needed\n",
              argv[i], strerror(errno));
      status = 2;
    } else {
      const char *base = strrchr(argv[i], '/');
      base = base ? base + 1 : argv[i];
      n = 0;
      bpf_object__for_each_program(prog, obj) {
        printf("kernel: %s:%s/%s: verified, processed %lld insns, %lld us\n",
               base, bpf_program__section_name(prog), bpf_program__name(prog),
               number_after(logs[n], "processed "),
               number_after(logs[n], "verification time "));
        ++n;
      }
    }
    for (size_t k = 0; k < count; ++k)
      free(logs[k]);
    free(logs);
    bpf_object__close(obj);
  }
  return status;
}
