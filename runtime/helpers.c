/*===- runtime/helpers.c - Helper functions and their per-type tables ----===//
 *
 * The helpers BPF programs call, and the table that maps the helper ids a
 * call instruction names to them. A helper id means something only for a
 * given program type (the kernel, too, offers each program type its own
 * set), so ebpf_find_helper() looks only at the rows of that type. The
 * table is built from helpers.def, the one list of helpers: adding a helper
 * is its function here and its row there.
 *
 * Compiled code and the interpreter call the same functions. Helpers that
 * need more than their arguments find it in per-thread state: the current
 * CPU (per-CPU maps, bpf_get_smp_processor_id), the random generator, and
 * for bpf_trace_printk the object whose callback gets the output and, under
 * the interpreter, which memory a %s argument may be read from. The map
 * and context helpers live with the maps (maps.c) and contexts
 * (context.c); this file keeps the generic ones.
 *===----------------------------------------------------------------------===*/

/* clock_gettime() and strnlen() are POSIX, not C11. */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t ebpf_raw_helper_identity(uint64_t a, uint64_t b, uint64_t c,
                                  uint64_t d, uint64_t e) {
  (void)b;
  (void)c;
  (void)d;
  (void)e;
  return a;
}

uint64_t ebpf_trap_unknown_helper(uint64_t id) {
  fprintf(stderr, "ebpf runtime: call to unknown helper %" PRIu64 "\n", id);
  abort();
}

/*===-- Maps -------------------------------------------------------------===*/

uint64_t ebpf_helper_map_lookup_elem(uint64_t map, uint64_t key, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  (void)u3;
  (void)u4;
  (void)u5;
  return (uint64_t)(uintptr_t)ebpf_rt_map_lookup_prog(
      (struct ebpf_map *)(uintptr_t)map, (const void *)(uintptr_t)key);
}

uint64_t ebpf_helper_map_update_elem(uint64_t map, uint64_t key, uint64_t value,
                                     uint64_t flags, uint64_t u5) {
  (void)u5;
  return ebpf_rt_errno_result(ebpf_rt_map_update_prog(
      (struct ebpf_map *)(uintptr_t)map, (const void *)(uintptr_t)key,
      (const void *)(uintptr_t)value, flags));
}

uint64_t ebpf_helper_map_delete_elem(uint64_t map, uint64_t key, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  (void)u3;
  (void)u4;
  (void)u5;
  return ebpf_rt_errno_result(ebpf_rt_map_delete_prog(
      (struct ebpf_map *)(uintptr_t)map, (const void *)(uintptr_t)key));
}

/*===-- Time, randomness, CPU --------------------------------------------===*/

uint64_t ebpf_helper_ktime_get_ns(uint64_t u1, uint64_t u2, uint64_t u3,
                                  uint64_t u4, uint64_t u5) {
  struct timespec now;
  (void)u1;
  (void)u2;
  (void)u3;
  (void)u4;
  (void)u5;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static _Thread_local uint64_t prandom_state;

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15u;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
  return x ^ (x >> 31);
}

void ebpf_prandom_seed(uint64_t seed) {
  prandom_state = splitmix64(seed);
  if (prandom_state == 0) /* xorshift's one fixed point */
    prandom_state = 1;
}

uint64_t ebpf_helper_get_prandom_u32(uint64_t u1, uint64_t u2, uint64_t u3,
                                     uint64_t u4, uint64_t u5) {
  uint64_t x;
  (void)u1;
  (void)u2;
  (void)u3;
  (void)u4;
  (void)u5;
  if (prandom_state == 0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ebpf_prandom_seed((uint64_t)now.tv_nsec ^ (uint64_t)now.tv_sec << 32 ^
                      (uint64_t)(uintptr_t)&prandom_state);
  }
  x = prandom_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  prandom_state = x;
  return (uint32_t)((x * 0x2545f4914f6cdd1du) >> 32);
}

uint64_t ebpf_helper_get_smp_processor_id(uint64_t u1, uint64_t u2, uint64_t u3,
                                          uint64_t u4, uint64_t u5) {
  (void)u1;
  (void)u2;
  (void)u3;
  (void)u4;
  (void)u5;
  return ebpf_rt_thread_state.cpu;
}

/*===-- bpf_trace_printk -------------------------------------------------===*/

/* The kernel formats into a 1024-byte buffer (BPF_TRACE_PRINTK_SIZE) and
 * copies string arguments into 512 bytes of argument space. */
enum { TRACE_BUFFER = 1024, TRACE_MAX_ARGS = 3, TRACE_MAX_STRING = 511 };

/* How many bytes from ADDR a helper may read on the program's behalf: all
 * it asks for in compiled code (the verifier checked the pointer), what
 * the interpreter's memory view allows under the interpreter. */
static size_t readable_bytes(uint64_t addr, size_t max) {
  const struct ebpf_rt_thread *T = &ebpf_rt_thread_state;
  if (addr == 0)
    return 0;
  return T->readable ? T->readable(T->memory, addr, max) : max;
}

/* Appends to OUT (CAP bytes, always NUL-terminated) and counts in *TOTAL
 * the length the whole message would have, as snprintf does. */
struct trace_output {
  char *out;
  size_t cap;
  size_t total;
};

static void put_char(struct trace_output *O, char c) {
  if (O->total + 1 < O->cap)
    O->out[O->total] = c;
  ++O->total;
}

static void put_formatted(struct trace_output *O, const char *spec, ...) {
  va_list args;
  size_t at = O->total < O->cap ? O->total : O->cap - 1;
  int n;
  va_start(args, spec);
  n = vsnprintf(O->out + at, O->cap - at, spec, args);
  va_end(args);
  if (n > 0)
    O->total += (size_t)n;
}

static bool is_print_or_space(char c) {
  return (c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r');
}
static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool is_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* The string a %s argument points at, bounded and NUL-terminated in BUF;
 * unreadable memory reads as "", like the kernel's faulting copy. */
static const char *read_string(uint64_t addr, char *buf) {
  size_t readable = readable_bytes(addr, TRACE_MAX_STRING);
  size_t len = readable ? strnlen((const char *)(uintptr_t)addr, readable) : 0;
  if (len == readable && readable < TRACE_MAX_STRING)
    len = 0; /* no terminator before unreadable memory */
  memcpy(buf, (const char *)(uintptr_t)addr, len);
  buf[len] = 0;
  return buf;
}

/* %pI4, %pi4, %pI6, %pi6: the address at ADDR, as the kernel's vsnprintf
 * prints it (i: zero-padded decimal octets, or hex without colons). */
static void put_ip(struct trace_output *O, uint64_t addr, char kind,
                   char version) {
  uint8_t ip[16] = {0};
  size_t size = version == '4' ? 4 : 16, i;
  if (readable_bytes(addr, size) == size)
    memcpy(ip, (const void *)(uintptr_t)addr, size);
  for (i = 0; i < size; ++i) {
    if (version == '4') {
      if (i)
        put_char(O, '.');
      put_formatted(O, kind == 'i' ? "%03u" : "%u", ip[i]);
    } else {
      if (kind == 'I' && i && i % 2 == 0)
        put_char(O, ':');
      put_formatted(O, "%02x", ip[i]);
    }
  }
}

/* Formats FMT (its first FMT_LEN bytes, which hold no NUL) with ARGS the
 * way bpf_bprintf_prepare() and bstr_printf() do, or fails with -EINVAL on
 * what the kernel rejects: non-printable characters, more than three
 * conversions, or a conversion outside %[flags][width] followed by d i u x
 * X (after l or ll), c, s (then a space, punctuation or the end), p, px,
 * pK, ps, pS, pB, pks, pus, pI4, pi4, pI6, pi6. Pointers print as 16 hex
 * digits (the kernel hashes plain %p; there is nothing to hide here). */
static long format_trace(struct trace_output *O, const char *fmt,
                         size_t fmt_len, const uint64_t *args) {
  size_t i, num_args = 0;
  for (i = 0; i < fmt_len; ++i) {
    char spec[32], conv, string[TRACE_MAX_STRING + 1];
    size_t spec_len = 1, flags_start, width = 0;
    uint64_t arg;
    if (!is_print_or_space(fmt[i]))
      return -EINVAL;
    if (fmt[i] != '%') {
      put_char(O, fmt[i]);
      continue;
    }
    if (fmt[i + 1] == '%') {
      put_char(O, '%');
      ++i;
      continue;
    }
    if (num_args >= TRACE_MAX_ARGS)
      return -EINVAL;
    arg = args[num_args++];
    ++i;
    spec[0] = '%';
    flags_start = i;
    while (fmt[i] == '0' || fmt[i] == '+' || fmt[i] == '-' || fmt[i] == ' ')
      ++i;
    /* Repeating a flag means nothing; keep one of each. */
    if (memchr(fmt + flags_start, '-', i - flags_start))
      spec[spec_len++] = '-';
    if (memchr(fmt + flags_start, '+', i - flags_start))
      spec[spec_len++] = '+';
    if (memchr(fmt + flags_start, ' ', i - flags_start))
      spec[spec_len++] = ' ';
    if (memchr(fmt + flags_start, '0', i - flags_start))
      spec[spec_len++] = '0';
    if (fmt[i] >= '1' && fmt[i] <= '9') {
      while (fmt[i] >= '0' && fmt[i] <= '9') {
        /* Wider than the buffer prints the same. */
        if (width < TRACE_BUFFER)
          width = width * 10 + (size_t)(fmt[i] - '0');
        ++i;
      }
      spec_len += (size_t)snprintf(spec + spec_len, sizeof(spec) - spec_len,
                                   "%zu", width);
    }
    conv = fmt[i];
    if (conv == 'p') {
      char next = fmt[i + 1];
      if ((next == 'k' || next == 'u') && fmt[i + 2] == 's') {
        i += 2;
        conv = 's';
      } else if (next == 'i' || next == 'I') {
        if (fmt[i + 2] != '4' && fmt[i + 2] != '6')
          return -EINVAL;
        put_ip(O, arg, next, fmt[i + 2]);
        i += 2;
        continue;
      } else if (next == 0 || is_space(next) || is_punct(next) || next == 'K' ||
                 next == 'x' || next == 's' || next == 'S' || next == 'B') {
        if (next != 0 && !is_space(next) && !is_punct(next))
          ++i;
        put_formatted(O, "%016" PRIx64, arg);
        continue;
      } else {
        return -EINVAL;
      }
    }
    if (conv == 's') {
      if (fmt[i + 1] != 0 && !is_space(fmt[i + 1]) && !is_punct(fmt[i + 1]))
        return -EINVAL;
      memcpy(spec + spec_len, "s", 2);
      put_formatted(O, spec, read_string(arg, string));
      continue;
    }
    if (conv == 'c') {
      memcpy(spec + spec_len, "c", 2);
      put_formatted(O, spec, (int)(unsigned char)arg);
      continue;
    }
    if (fmt[i] == 'l') {
      i += fmt[i + 1] == 'l' ? 2 : 1;
    } else {
      /* An int-sized argument: its low 32 bits, sign-extended for d, i. */
      arg = conv == 'd' || conv == 'i' ? (uint64_t)(int64_t)(int32_t)arg
                                       : (uint32_t)arg;
    }
    conv = fmt[i];
    if (conv != 'd' && conv != 'i' && conv != 'u' && conv != 'x' && conv != 'X')
      return -EINVAL;
    spec[spec_len++] = 'l';
    spec[spec_len++] = 'l';
    spec[spec_len++] = conv;
    spec[spec_len] = 0;
    if (conv == 'd' || conv == 'i')
      put_formatted(O, spec, (long long)arg);
    else
      put_formatted(O, spec, (unsigned long long)arg);
  }
  return (long)O->total;
}

uint64_t ebpf_helper_trace_printk(uint64_t fmt, uint64_t fmt_size,
                                  uint64_t arg1, uint64_t arg2, uint64_t arg3) {
  const uint64_t args[TRACE_MAX_ARGS] = {arg1, arg2, arg3};
  const char *format = (const char *)(uintptr_t)fmt;
  const char *end;
  char buffer[TRACE_BUFFER];
  struct trace_output O = {buffer, sizeof(buffer), 0};
  void (*callback)(const char *, size_t, void *);
  void *user;
  long written;
  /* The format must be NUL-terminated within its FMT_SIZE bytes. */
  end = format ? memchr(format, 0, (uint32_t)fmt_size) : NULL;
  if (!end)
    return ebpf_rt_errno_result(-EINVAL);
  written = format_trace(&O, format, (size_t)(end - format), args);
  if (written < 0)
    return ebpf_rt_errno_result((int)written);
  buffer[O.total < O.cap ? O.total : O.cap - 1] = 0;
  ebpf_rt_trace_sink(&callback, &user);
  if (callback)
    callback(buffer, strlen(buffer), user);
  else
    fputs(buffer, stderr);
  return (uint64_t)written;
}

/*===-- Callbacks --------------------------------------------------------===*/

/* The kernel's BPF_MAX_LOOPS. */
enum { MAX_LOOPS = 1 << 23 };

uint64_t ebpf_helper_loop(uint64_t nr_loops, uint64_t callback, uint64_t ctx,
                          uint64_t flags, uint64_t unused) {
  ebpf_helper_fn fn = (ebpf_helper_fn)(uintptr_t)callback;
  uint32_t n = (uint32_t)nr_loops, i;
  (void)unused;
  if (flags)
    return ebpf_rt_errno_result(-EINVAL);
  if (n > MAX_LOOPS)
    return ebpf_rt_errno_result(-E2BIG);
  for (i = 0; i < n; ++i)
    if (fn(i, ctx, 0, 0, 0))
      return (uint64_t)i + 1;
  return i;
}

/*===-- Tables -----------------------------------------------------------===*/

/* Every helper, from the one list (helpers.def), in increasing id order. */
static const struct ebpf_helper_info all_helpers[] = {
#define EBPF_HELPER(ID, NAME, FN, TYPES, RET, A1, A2, A3, A4, A5, EFFECTS)     \
  {ID, NAME, #FN, FN, TYPES, RET, {A1, A2, A3, A4, A5}, EFFECTS},
#include "ebpfc/helpers.def"
#undef EBPF_HELPER
};

enum { NUM_HELPERS = sizeof(all_helpers) / sizeof(all_helpers[0]) };

static bool has_type(const struct ebpf_helper_info *info,
                     enum ebpf_prog_type type) {
  return (unsigned)type < 32 && (info->types & (1u << type));
}

size_t ebpf_helpers_of_type(enum ebpf_prog_type type,
                            const struct ebpf_helper_info **out, size_t cap) {
  size_t count = 0, i;
  for (i = 0; i < NUM_HELPERS; ++i) {
    if (!has_type(&all_helpers[i], type))
      continue;
    if (count < cap)
      out[count] = &all_helpers[i];
    ++count;
  }
  return count;
}

const struct ebpf_helper_info *ebpf_find_helper(enum ebpf_prog_type type,
                                                uint32_t id) {
  size_t i;
  for (i = 0; i < NUM_HELPERS; ++i)
    if (all_helpers[i].id == id && has_type(&all_helpers[i], type))
      return &all_helpers[i];
  return NULL;
}
