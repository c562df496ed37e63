/* Links two compiled objects whose programs and object names are the same
 * (both "count" in "counter"), told apart by their symbol prefixes a_ and
 * b_. Prints what each descriptor says; with RUN_PROGRAMS, also opens both
 * objects and runs both programs on one packet, twice. */
#include <ebpfc/object.h>

#include <stdio.h>
#include <string.h>

extern const struct ebpf_object_desc a_counter_ebpf_object;
extern const struct ebpf_object_desc b_counter_ebpf_object;
uint64_t a_count(void *ctx);
uint64_t b_count(void *ctx);

static void describe(const char *prefix, const struct ebpf_object_desc *d,
                     uint64_t (*entry)(void *)) {
  printf("%s: object %s, %u maps (%s), program %s, entry %s\n", prefix, d->name,
         d->num_maps, d->num_maps ? d->maps[0].name : "-", d->progs[0].name,
         (void *)d->progs[0].entry == (void *)entry ? "matches" : "differs");
}

int main(void) {
  describe("a", &a_counter_ebpf_object, a_count);
  describe("b", &b_counter_ebpf_object, b_count);
#ifdef RUN_PROGRAMS
  static unsigned char packet[64] = {40};
  struct ebpf_object_opts opts;
  struct ebpf_object *a, *b;
  struct ebpf_xdp_md ctx;
  int i;
  memset(&opts, 0, sizeof(opts));
  if (ebpf_object_open(&a_counter_ebpf_object, &opts, &a) ||
      ebpf_object_open(&b_counter_ebpf_object, &opts, &b)) {
    printf("open failed\n");
    return 1;
  }
  memset(&ctx, 0, sizeof(ctx));
  ctx.data = packet;
  ctx.data_end = packet + sizeof(packet);
  for (i = 0; i < 2; ++i) {
    uint64_t ra = a_count(&ctx), rb = b_count(&ctx);
    printf("run %d: a %llu, b %llu\n", i, (unsigned long long)ra,
           (unsigned long long)rb);
  }
  ebpf_object_close(a);
  ebpf_object_close(b);
#endif
  return 0;
}
