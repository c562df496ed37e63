#!/bin/sh
# Loads every program of a BPF ELF object into the running kernel with
# bpftool, as the oracle of the verifier corpus, and prints the kernel's
# verifier log (libbpf prints it when a load fails).
#
#   kernel-load.sh OBJECT           exit 0 if the kernel REJECTED the object,
#                                   1 if it accepted it (the corpus would lie)
#   kernel-load.sh --accept OBJECT  exit 0 if the kernel accepted it, 1 if not
#
# Exit 2 (and a message saying why) if the kernel cannot be asked: no
# bpftool, no BPF file system, not allowed to load programs. The lit
# feature kernel-bpf (lit.local.cfg) runs this once on a trivial program.
# Pinned programs are removed before exiting; maps die with the programs.

expect=reject
if [ "$1" = "--accept" ]; then
  expect=accept
  shift
fi
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: kernel-load.sh [--accept] OBJECT" >&2
  exit 2
fi
obj=$1

bpftool=$(command -v bpftool || ls /usr/sbin/bpftool /sbin/bpftool 2>/dev/null | head -n 1)
if [ -z "$bpftool" ]; then
  echo "kernel-load.sh: bpftool is not installed; cannot ask the kernel" >&2
  exit 2
fi
bpffs=/sys/fs/bpf
if [ ! -d "$bpffs" ] || [ ! -w "$bpffs" ]; then
  echo "kernel-load.sh: no writable BPF file system at $bpffs; cannot ask the kernel" >&2
  exit 2
fi

# (bpffs refuses names with a dot.)
pin=$(mktemp -d "$bpffs/ebpfc-lit-XXXXXXXX") || {
  echo "kernel-load.sh: cannot create a directory in $bpffs" >&2
  exit 2
}
# The log of a program the kernel gives up on holds a line per processed
# instruction (a million), so it goes to a file, not a shell variable.
log=$(mktemp) || { rmdir "$pin"; exit 2; }
trap 'rm -rf "$pin" "$log"' EXIT
trap 'exit 2' INT TERM

"$bpftool" prog loadall "$obj" "$pin" >"$log" 2>&1
status=$?
# bpftool's advice about its strict mode is noise here.
grep -v -e '^Warning: bpftool is now running in libbpf strict mode' \
  -e '^If it used to work for this object file' "$log"

if [ $status -eq 0 ]; then
  echo "kernel-load.sh: the kernel ACCEPTED $obj"
  [ $expect = accept ] && exit 0 || exit 1
fi
if ! grep -q -e '-- BEGIN PROG LOAD LOG --' -e 'BPF program load failed' "$log"; then
  # Not a verifier verdict (a malformed ELF file, a map libbpf could not
  # create, no permission): no answer either way.
  echo "kernel-load.sh: bpftool failed before the verifier ran on $obj" >&2
  exit 2
fi
echo "kernel-load.sh: the kernel REJECTED $obj"
[ $expect = reject ] && exit 0 || exit 1
