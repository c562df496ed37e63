/*===- runtime/object.c - Opening compiled objects ------------------------===//
 *
 * ebpf_object_open() checks a compiled object's descriptor the way the
 * kernel checks a map creation request, creates every map with all the
 * memory it will ever use, and fills the descriptor's slot array, through
 * which the object's code reaches its maps. Closing frees the maps and
 * clears the slots, so code run after that fails fast on a null handle
 * instead of touching freed memory.
 *
 * Open objects are kept on a list, newest last, for two reasons: a
 * descriptor's slots can serve only one open instance, and
 * bpf_trace_printk, which has no object argument, writes to the newest
 * open object's callback unless the calling thread has a current object.
 * The per-thread state (current CPU, current object) lives here too.
 *===----------------------------------------------------------------------===*/

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's largest NR_CPUS; keeps per-CPU sizes within 32 bits. */
enum { MAX_CPUS = 8192 };

struct ebpf_object {
  const struct ebpf_object_desc *desc;
  struct ebpf_object_opts opts;
  struct ebpf_object *older, *newer; /* the list of open objects */
  uint32_t num_maps;
  struct ebpf_map maps[];
};

_Thread_local struct ebpf_rt_thread ebpf_rt_thread_state;

static atomic_flag open_objects_lock = ATOMIC_FLAG_INIT;
static struct ebpf_object *newest_open_object;

static int check_desc(const struct ebpf_object_desc *desc) {
  uint32_t i;
  int err;
  if (desc->num_maps && (!desc->maps || !desc->slots))
    return -EINVAL;
  if (desc->num_progs && !desc->progs)
    return -EINVAL;
  for (i = 0; i < desc->num_progs; ++i)
    if (!desc->progs[i].name || desc->progs[i].type > EBPF_PROG_SCHED_CLS)
      return -EINVAL;
  for (i = 0; i < desc->num_maps; ++i)
    if ((err = ebpf_rt_map_check(&desc->maps[i])))
      return err;
  return 0;
}

static void free_object(struct ebpf_object *obj, uint32_t created_maps) {
  uint32_t i;
  for (i = 0; i < created_maps; ++i)
    ebpf_rt_map_destroy(&obj->maps[i]);
  free(obj);
}

int ebpf_object_open(const struct ebpf_object_desc *desc,
                     const struct ebpf_object_opts *opts,
                     struct ebpf_object **out) {
  struct ebpf_object *obj, *other;
  uint32_t i, num_cpus = opts && opts->num_cpus ? opts->num_cpus : 1;
  int err;
  if (!out)
    return -EINVAL;
  *out = NULL;
  if (!desc)
    return -EINVAL;
  if (desc->abi_version != EBPF_OBJECT_ABI_VERSION)
    return -ENOEXEC;
  if (num_cpus > MAX_CPUS)
    return -EINVAL;
  if ((err = check_desc(desc)))
    return err;

  obj = calloc(1,
               sizeof(*obj) + (size_t)desc->num_maps * sizeof(struct ebpf_map));
  if (!obj)
    return -ENOMEM;
  obj->desc = desc;
  if (opts)
    obj->opts = *opts;
  obj->opts.num_cpus = num_cpus;
  obj->num_maps = desc->num_maps;
  for (i = 0; i < desc->num_maps; ++i) {
    if ((err = ebpf_rt_map_create(&obj->maps[i], &desc->maps[i], num_cpus))) {
      free_object(obj, i);
      return err;
    }
  }

  ebpf_rt_lock(&open_objects_lock);
  for (other = newest_open_object; other; other = other->older)
    if (other->desc == desc ||
        (desc->num_maps && other->desc->slots == desc->slots))
      break;
  if (!other) {
    obj->older = newest_open_object;
    if (newest_open_object)
      newest_open_object->newer = obj;
    newest_open_object = obj;
  }
  ebpf_rt_unlock(&open_objects_lock);
  if (other) {
    free_object(obj, obj->num_maps);
    return -EBUSY;
  }

  for (i = 0; i < desc->num_maps; ++i) {
    desc->slots[i].map = &obj->maps[i];
    desc->slots[i].value =
        desc->maps[i].type == EBPF_MAP_ARRAY ? obj->maps[i].storage : NULL;
  }
  *out = obj;
  return 0;
}

void ebpf_object_close(struct ebpf_object *obj) {
  uint32_t i;
  if (!obj)
    return;
  for (i = 0; i < obj->num_maps; ++i) {
    obj->desc->slots[i].map = NULL;
    obj->desc->slots[i].value = NULL;
  }
  ebpf_rt_lock(&open_objects_lock);
  if (obj->newer)
    obj->newer->older = obj->older;
  else
    newest_open_object = obj->older;
  if (obj->older)
    obj->older->newer = obj->newer;
  ebpf_rt_unlock(&open_objects_lock);
  if (ebpf_rt_thread_state.object == obj)
    ebpf_rt_thread_state.object = NULL;
  free_object(obj, obj->num_maps);
}

const struct ebpf_prog_desc *ebpf_object_find_program(struct ebpf_object *obj,
                                                      const char *name) {
  uint32_t i;
  if (!obj || !name)
    return NULL;
  for (i = 0; i < obj->desc->num_progs; ++i)
    if (strcmp(obj->desc->progs[i].name, name) == 0)
      return &obj->desc->progs[i];
  return NULL;
}

struct ebpf_map *ebpf_object_find_map(struct ebpf_object *obj,
                                      const char *name) {
  uint32_t i;
  if (!obj || !name)
    return NULL;
  for (i = 0; i < obj->num_maps; ++i)
    if (strcmp(obj->desc->maps[i].name, name) == 0)
      return &obj->maps[i];
  return NULL;
}

uint32_t ebpf_object_map_count(const struct ebpf_object *obj) {
  return obj ? obj->num_maps : 0;
}

struct ebpf_map *ebpf_object_map_at(struct ebpf_object *obj, uint32_t index) {
  return obj && index < obj->num_maps ? &obj->maps[index] : NULL;
}

uint32_t ebpf_rt_object_num_maps(const struct ebpf_object *obj) {
  return obj->num_maps;
}

struct ebpf_map *ebpf_rt_object_map(struct ebpf_object *obj, uint32_t index) {
  return &obj->maps[index];
}

bool ebpf_rt_object_owns_map(const struct ebpf_object *obj, uint64_t handle) {
  uint64_t first = (uint64_t)(uintptr_t)obj->maps;
  uint64_t offset = handle - first;
  return offset < (uint64_t)obj->num_maps * sizeof(struct ebpf_map) &&
         offset % sizeof(struct ebpf_map) == 0;
}

void ebpf_set_current_cpu(uint32_t cpu) { ebpf_rt_thread_state.cpu = cpu; }

struct ebpf_object *ebpf_set_current_object(struct ebpf_object *obj) {
  struct ebpf_object *previous = ebpf_rt_thread_state.object;
  ebpf_rt_thread_state.object = obj;
  return previous;
}

void ebpf_rt_trace_sink(void (**callback)(const char *, size_t, void *),
                        void **user) {
  struct ebpf_object *obj = ebpf_rt_thread_state.object;
  *callback = NULL;
  *user = NULL;
  if (obj) {
    *callback = obj->opts.trace_printk;
    *user = obj->opts.trace_user;
    return;
  }
  ebpf_rt_lock(&open_objects_lock);
  if (newest_open_object) {
    *callback = newest_open_object->opts.trace_printk;
    *user = newest_open_object->opts.trace_user;
  }
  ebpf_rt_unlock(&open_objects_lock);
}
