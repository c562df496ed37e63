"""Checks that the verifier corpus (the .c and .s files of a directory) is
honest: every file asks the kernel, through a `%kernel_load` RUN line gated
by `%if kernel-bpf`, and expects from ebpfc exactly a message the kernel
prints (its first CHECK line's text after `insn N...: ` is one of its
KERNEL lines). Prints one line per file and exits 1 on any problem."""
import os
import re
import sys

corpus = sys.argv[1]
failed = False
count = 0
for name in sorted(os.listdir(corpus)):
    if not name.endswith((".c", ".s")):
        continue
    count += 1
    text = open(os.path.join(corpus, name)).read()
    problems = []
    if not re.search(r"RUN: %if kernel-bpf %\{ %kernel_load %t\.o .*--check-prefix=KERNEL %\}", text):
        problems.append("no kernel-gated `%kernel_load %t.o` RUN line")
    check = re.search(r"CHECK: ebpfc: error: .*?: insn (?:\d+|\{\{\[0-9\]\+\}\}\{\{\.\*\}\}): (.*?)(?:\{\{\$\}\})?$", text, re.M)
    kernel = re.findall(r"KERNEL(?:-NEXT)?: \{\{\^\}\}(.*)\{\{\$\}\}", text)
    if not check:
        problems.append("no `CHECK: ebpfc: error: ... insn N: MESSAGE` line")
    elif check.group(1) not in kernel:
        problems.append("ebpfc is expected to print '%s', which no KERNEL line holds" % check.group(1))
    if "the kernel REJECTED" not in text:
        problems.append("does not check that the kernel rejected it")
    if "#ifdef SAFE" in text or ".ifdef SAFE" in text:
        if "%kernel_load --accept %t.safe.o" not in text:
            problems.append("has a SAFE twin the kernel is not asked to accept")
    for p in problems:
        print("%s: %s" % (name, p))
        failed = True
    if not problems:
        print("%s: ok: %s" % (name, check.group(1)))
print("%d corpus files" % count)
sys.exit(1 if failed else 0)
