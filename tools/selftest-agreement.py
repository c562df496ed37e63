#!/usr/bin/env python3
"""Measure how far `ebpfc --verify-only` agrees with the Linux kernel's verifier
selftests (tools/testing/selftests/bpf/progs/verifier_*.c).

Python 3 standard library only.  Usage: tools/selftest-agreement.py --help

Where the sources come from
---------------------------
Debian's linux-source-6.12 package (/usr/src/linux-source-6.12.tar.xz). If the
tarball is missing the script installs the package with apt-get (as root; it
tells you what to run otherwise) and extracts only
    tools/testing/selftests/bpf/   the tests, bpf_misc.h, test_loader.c
    tools/include/                 linux/filter.h and the 6.12 UAPI headers
    tools/lib/bpf/, scripts/bpf_doc.py   only for --libbpf-headers=kernel
into a cache directory (--cache-dir, default $XDG_CACHE_HOME/ebpfc or
~/.cache/ebpfc). Nothing is written into the repository. --source DIR uses an
already extracted tree instead.

How the objects are built
-------------------------
As the selftests' Makefile builds them for test_progs:
    clang-19 -O2 -g --target=bpf -mcpu=v3 -D__TARGET_ARCH_x86
        -I selftests/bpf -I selftests/bpf/progs -I tools/include/uapi
        -I <cache>/vmlinux-$(uname -r) (only for files that need vmlinux.h)
        -idirafter /usr/include -idirafter /usr/include/x86_64-linux-gnu
tools/include/uapi comes before /usr/include, as the Makefile's -I$(APIDIR)
does, because the tests use 6.12 UAPI names that an older linux-libc-dev lacks;
it is also how `#include <../../../tools/include/linux/filter.h>` resolves.
libbpf's headers (bpf/bpf_helpers.h ...) come from /usr/include (libbpf-dev)
by default. Debian 12's libbpf 1.1 lacks what a few tests use (bpf_for_each,
__arg_ctx, BPF_CORE_WRITE_BITFIELD, the bpf_iter_num kfunc declarations), so
those files are "not compiled"; --libbpf-headers=kernel uses the tree's own
tools/lib/bpf headers instead (libbpf 1.5, bpf_helper_defs.h generated with
scripts/bpf_doc.py as libbpf's Makefile does), with which all of them compile.
vmlinux.h is generated with `bpftool btf dump file /sys/kernel/btf/vmlinux
format c`, i.e. from the *running* kernel, only when a file includes it
(directly or through a local header); a file that fails to compile is counted
and listed as "not compiled", never as a disagreement.

How the expected verdicts are read
----------------------------------
From the BTF decl tags in the compiled object, not from the C source. The
annotations of bpf_misc.h (__success, __failure, __msg, ...) expand to
__attribute__((btf_decl_tag("comment:test_expect_failure"))) and so on, and
test_loader.c reads exactly these tags (parse_test_spec). Reading the BTF
means the preprocessor has already dealt with macros that generate tests,
#if blocks, __description strings built from macros and annotations spread
over several lines, which a source parser would have to imitate. The .BTF
section and the ELF symbol table are parsed here directly (no bpftool needed).

The semantics are test_loader.c's (6.12):
  * a program is a function of an executable section other than .text;
  * __success/__failure/__msg/__retval/__xlated/__auxiliary (and __jited after
    a matching __arch_*) put the program in privileged mode; the *_unpriv
    variants put it in unprivileged mode; with neither, privileged mode is
    implied; the privileged verdict is "failure" iff __failure is present,
    otherwise "success";
  * ebpfc models privileged loading, so only the privileged verdict is used;
    a program tested only unprivileged has no privileged verdict and is
    counted as such ("unpriv only"), not compared;
  * __auxiliary programs are helpers of other tests (tail call targets...),
    not tests; __arch_* tests that exclude the host architecture are skipped
    by test_loader and are counted as "arch skipped";
  * __flag(...) values (BPF_F_STRICT_ALIGNMENT, ...) are recorded and shown
    next to disagreements: ebpfc has no such load flags.

Which programs are compared
---------------------------
Programs whose section (a leading '?', libbpf's "don't autoload", removed) is
xdp, socket, tc, tcx, classifier or raw, alone or followed by '/' or '.'
(xdp.frags, tc/ingress, tcx/egress, ...). Others are "type not supported".

Each is run as `ebpfc --verify-only --program=FUNCTION OBJECT` with a timeout
(--timeout, 10 s). Exit 0 = accepted, 1 = rejected, anything else (2, a
signal, a timeout) = an error of ebpfc, reported as such; so is a rejection
whose diagnostics name only other programs (--program must confine the
verdict to the program asked for). A rejection whose
diagnostics match UNSUPPORTED_PATTERNS below (map types, helpers, kfuncs,
relocations, BTF features ebpfc's frontend or runtime lacks) is classified
"not supported by ebpfc", whatever the kernel expects, so that the precision
figure is over programs ebpfc can otherwise handle. Every class is counted.
Note that ebpfc refuses a whole object when one of its maps or sections is
unsupported, even with --program, so such a refusal covers every program of
the object, whatever its type.

Figures
-------
  precision   = kernel-accepted programs ebpfc accepts
                / kernel-accepted programs (excluding "not supported by ebpfc")
  soundness   = kernel-rejected programs ebpfc rejects
                / kernel-rejected programs (excluding "not supported by ebpfc")
Every kernel-rejected program that ebpfc accepts is listed; kernel-accepted
programs that ebpfc rejects are grouped by the first line of ebpfc's message.
ebpfc errors are listed one by one.

Exit status: 0 when the measurement ran (whatever it measured), 2 on a setup
problem (no sources, no clang, no ebpfc).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

KERNEL_VERSION = "6.12"
DEBIAN_PACKAGE = "linux-source-" + KERNEL_VERSION
TARBALL = "/usr/src/%s.tar.xz" % DEBIAN_PACKAGE
# Tree members extracted from the tarball (relative to its top directory).
EXTRACT_PREFIXES = ("tools/testing/selftests/bpf/", "tools/include/",
                    "tools/lib/bpf/", "scripts/bpf_doc.py")
SELFTESTS = "tools/testing/selftests/bpf"

# Section names (after a leading '?') of program types ebpfc supports.
SUPPORTED_SECTION = re.compile(r"^(xdp|socket|tcx?|classifier|raw)($|[/.])")

# Diagnostics that mean "ebpfc's frontend or runtime cannot handle this
# object/program" rather than "the verifier proved it unsafe". Matched
# (case-insensitively) against each error line ebpfc prints for the program,
# without its "FILE:section/program: insn N (line ...): " prefix. Keep this
# list in step with ebpfc's messages (compiler/ElfReader.cpp,
# verifier/Analyzer.cpp); today they all say "not supported"/"unsupported",
# except the helper ids ebpfc's helper table (include/ebpfc/helpers.def)
# lacks, which the verifier reports in the kernel's words:
UNSUPPORTED_PATTERNS = [
    r"\bnot supported\b",       # map types, program types, extern symbols,
    r"\bunsupported\b",         # relocations, BTF versions, kfuncs, ...
    r"\binvalid func unknown#",  # a helper ebpfc's helper table lacks
    r"\bprogram of this type cannot use helper\b",  # ... for this type
    r"\bkfunc",                  # kernel functions: ebpfc has none
    r"\bundefined symbol\b",    # __ksym / extern variables
    r"\bunknown field\b",       # BTF map definition fields ebpfc lacks
    r"\bno map type\b",
]
UNSUPPORTED_RE = re.compile("|".join(UNSUPPORTED_PATTERNS), re.IGNORECASE)

# Result classes, in the order they are reported.
CLASSES = [
    ("agree_accept", "kernel accepts, ebpfc accepts"),
    ("agree_reject", "kernel rejects, ebpfc rejects"),
    ("false_reject", "kernel accepts, ebpfc REJECTS"),
    ("unsound_accept", "kernel rejects, ebpfc ACCEPTS"),
    ("ebpfc_unsupported", "not supported by ebpfc's frontend/runtime"),
    ("ebpfc_error", "ebpfc error (crash, usage error, timeout)"),
    ("type_unsupported", "program type not supported by ebpfc"),
    ("unpriv_only", "no privileged verdict (tested unprivileged only)"),
    ("auxiliary", "auxiliary program (not a test)"),
    ("arch_skipped", "test for another architecture"),
]
CLASS_TITLES = dict(CLASSES)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log("selftest-agreement: error: " + msg)
    sys.exit(2)


# --------------------------------------------------------------------------
# Sources


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ebpfc")


def obtain_sources(cache_dir):
    """Return the top of a kernel tree holding the selftests, extracting it
    from Debian's linux-source package into cache_dir if needed."""
    top = os.path.join(cache_dir, DEBIAN_PACKAGE)
    stamp = os.path.join(top, ".extracted")
    want = "members %s from %s\n" % (" ".join(EXTRACT_PREFIXES), TARBALL)
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == want:
                return top
    if not os.path.exists(TARBALL):
        log("%s is missing; installing %s" % (TARBALL, DEBIAN_PACKAGE))
        if os.geteuid() != 0:
            die("%s is missing; run `apt-get install %s` as root, or pass "
                "--source DIR" % (TARBALL, DEBIAN_PACKAGE))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        cmd = ["apt-get", "install", "-y", "--no-install-recommends",
               DEBIAN_PACKAGE]
        if subprocess.run(cmd, env=env).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env)
            if subprocess.run(cmd, env=env).returncode != 0:
                die("could not install " + DEBIAN_PACKAGE)
        if not os.path.exists(TARBALL):
            die("%s installed but %s is still missing" % (DEBIAN_PACKAGE,
                                                           TARBALL))
    log("extracting %s from %s into %s (once) ..." %
        (", ".join(EXTRACT_PREFIXES), TARBALL, cache_dir))
    start = time.time()
    os.makedirs(cache_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".extract-", dir=cache_dir)
    prefixes = tuple(DEBIAN_PACKAGE + "/" + p for p in EXTRACT_PREFIXES)
    count = 0
    # Stream mode: one pass over the compressed tarball.
    with tarfile.open(TARBALL, "r|xz") as tar:
        for member in tar:
            if not member.name.startswith(prefixes):
                continue
            if not (member.isfile() or member.isdir() or member.issym()):
                continue
            if hasattr(tarfile, "data_filter"):
                tar.extract(member, tmp, filter="data")
            else:
                tar.extract(member, tmp)
            count += 1
    if count == 0:
        die("no selftests found in " + TARBALL)
    if os.path.exists(top):
        shutil.rmtree(top)
    os.rename(os.path.join(tmp, DEBIAN_PACKAGE), top)
    shutil.rmtree(tmp, ignore_errors=True)
    with open(stamp, "w") as f:
        f.write(want)
    log("extracted %d files in %.0f s" % (count, time.time() - start))
    return top


# --------------------------------------------------------------------------
# Compiling

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)


def needs_vmlinux_h(path, search_dirs, seen=None):
    """Does the file include vmlinux.h, directly or through a header found in
    search_dirs (the selftests' own headers)?"""
    if seen is None:
        seen = set()
    if path in seen:
        return False
    seen.add(path)
    try:
        with open(path, errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    for inc in INCLUDE_RE.findall(text):
        if os.path.basename(inc) == "vmlinux.h":
            return True
        for d in [os.path.dirname(path)] + search_dirs:
            cand = os.path.normpath(os.path.join(d, inc))
            if os.path.isfile(cand):
                if needs_vmlinux_h(cand, search_dirs, seen):
                    return True
                break
    return False


def generate_vmlinux_h(cache_dir, bpftool):
    """Generate vmlinux.h for the running kernel once; return its directory,
    or (None, reason)."""
    btf = "/sys/kernel/btf/vmlinux"
    if not os.path.exists(btf):
        return None, btf + " does not exist"
    if not shutil.which(bpftool):
        return None, bpftool + " not found"
    d = os.path.join(cache_dir, "vmlinux-" + platform.release())
    header = os.path.join(d, "vmlinux.h")
    if os.path.exists(header):
        return d, None
    os.makedirs(d, exist_ok=True)
    r = subprocess.run([bpftool, "btf", "dump", "file", btf, "format", "c"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return None, "bpftool: " + r.stderr.decode(errors="replace").strip()
    with open(header + ".tmp", "wb") as f:
        f.write(r.stdout)
    os.rename(header + ".tmp", header)
    return d, None


def kernel_libbpf_headers(top, cache_dir):
    """A directory holding bpf/*.h from the 6.12 tree's tools/lib/bpf, with
    bpf_helper_defs.h generated as libbpf's Makefile does; (dir, error)."""
    d = os.path.join(cache_dir, "libbpf-headers-" + KERNEL_VERSION)
    bpf = os.path.join(d, "bpf")
    defs = os.path.join(bpf, "bpf_helper_defs.h")
    if os.path.exists(defs):
        return d, None
    src = os.path.join(top, "tools/lib/bpf")
    doc = os.path.join(top, "scripts/bpf_doc.py")
    uapi = os.path.join(top, "tools/include/uapi/linux/bpf.h")
    for need in (src, doc, uapi):
        if not os.path.exists(need):
            return None, need + " is missing"
    os.makedirs(bpf, exist_ok=True)
    for n in os.listdir(src):
        if n.endswith(".h"):
            shutil.copy(os.path.join(src, n), bpf)
    r = subprocess.run([sys.executable, doc, "--header", "--file", uapi],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return None, "bpf_doc.py: " + r.stderr.decode(errors="replace")
    with open(defs + ".tmp", "wb") as f:
        f.write(r.stdout)
    os.rename(defs + ".tmp", defs)
    return d, None


def compile_file(src, obj, clang, includes):
    cmd = ([clang, "-O2", "-g", "--target=bpf", "-mcpu=v3",
            "-D__TARGET_ARCH_x86", "-Wno-compare-distinct-pointer-types"] +
           includes + ["-c", src, "-o", obj])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode(errors="replace")
    if r.returncode != 0:
        lines = [l for l in out.splitlines() if "error:" in l]
        lines = lines or out.strip().splitlines()[-1:]
        first = lines[0] if lines else "clang exit %d" % r.returncode
        return False, first.replace(os.path.dirname(src) + "/", "")
    return True, None


# --------------------------------------------------------------------------
# ELF and BTF (just what is needed: functions of executable sections, and
# the decl tags on them)

SHF_EXECINSTR = 0x4
SHT_SYMTAB = 2
STT_FUNC = 2


class ObjectInfo:
    def __init__(self):
        self.programs = []   # (function name, section name)
        self.tags = {}       # function name -> [tag strings]


def _cstr(blob, off):
    end = blob.index(b"\0", off)
    return blob[off:end].decode(errors="replace")


def read_object(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF object")
    (e_shoff,) = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = []
    for i in range(e_shnum):
        (name, typ, flags, _addr, off, size, link, _info, _align,
         _entsize) = struct.unpack_from("<IIQQQQIIQQ", data,
                                        e_shoff + i * e_shentsize)
        sections.append([name, typ, flags, off, size, link])
    shstr_off = sections[e_shstrndx][3]
    for s in sections:
        s[0] = _cstr(data, shstr_off + s[0])
    info = ObjectInfo()
    btf = None
    for name, typ, flags, off, size, link in sections:
        if name == ".BTF":
            btf = data[off:off + size]
        if typ != SHT_SYMTAB:
            continue
        str_off = sections[link][3]
        for j in range(size // 24):
            st_name, st_info, _other, st_shndx, _value, _size = \
                struct.unpack_from("<IBBHQQ", data, off + j * 24)
            if st_info & 0xF != STT_FUNC or not 0 < st_shndx < len(sections):
                continue
            sec = sections[st_shndx]
            if not sec[2] & SHF_EXECINSTR or sec[0] == ".text":
                continue
            info.programs.append((_cstr(data, str_off + st_name), sec[0]))
    if btf is not None:
        info.tags = read_btf_func_tags(btf)
    return info


BTF_KIND_FUNC = 12
BTF_KIND_DECL_TAG = 17
# Bytes that follow struct btf_type, per kind: (fixed, per vlen entry).
BTF_EXTRA = {1: (4, 0), 2: (0, 0), 3: (12, 0), 4: (0, 12), 5: (0, 12),
             6: (0, 8), 7: (0, 0), 8: (0, 0), 9: (0, 0), 10: (0, 0),
             11: (0, 0), 12: (0, 0), 13: (0, 8), 14: (4, 0), 15: (0, 12),
             16: (0, 0), 17: (4, 0), 18: (0, 0), 19: (0, 12)}


def read_btf_func_tags(btf):
    """FUNC name -> decl tag strings on the function itself (component -1),
    in BTF order, as test_loader.c's parse_test_spec() walks them."""
    magic, _ver, _flags, hdr_len, type_off, type_len, str_off, _str_len = \
        struct.unpack_from("<HBBIIIII", btf, 0)
    if magic != 0xEB9F:
        raise ValueError("bad BTF magic")
    types = btf[hdr_len + type_off:hdr_len + type_off + type_len]
    strs = hdr_len + str_off
    names = {}   # type id -> name of FUNC types
    tags = []    # (target type id, tag)
    pos, tid = 0, 1
    while pos < len(types):
        name_off, info, size_or_type = struct.unpack_from("<III", types, pos)
        kind = (info >> 24) & 0x1F
        vlen = info & 0xFFFF
        pos += 12
        if kind not in BTF_EXTRA:
            raise ValueError("unknown BTF kind %d" % kind)
        if kind == BTF_KIND_FUNC:
            names[tid] = _cstr(btf, strs + name_off)
        elif kind == BTF_KIND_DECL_TAG:
            (component,) = struct.unpack_from("<i", types, pos)
            if component == -1:
                tags.append((size_or_type, _cstr(btf, strs + name_off)))
        fixed, per = BTF_EXTRA[kind]
        pos += fixed + per * vlen
        tid += 1
    result = collections.defaultdict(list)
    for target, tag in tags:
        if target in names:
            result[names[target]].append(tag)
    return result


# --------------------------------------------------------------------------
# Expectations (test_loader.c: parse_test_spec)

P = "comment:"


def host_arch():
    m = platform.machine()
    return {"x86_64": "X86_64", "aarch64": "ARM64",
            "riscv64": "RISCV64"}.get(m, m.upper())


def parse_spec(tags):
    spec = {"priv": False, "unpriv": False, "expect_failure": False,
            "msgs": [], "auxiliary": False, "arch": [], "flags": [],
            "description": None, "retval": None, "log_level": None,
            "btf_path": None}
    collect_jit = False
    msgs = []
    for t in tags:
        if not t.startswith(P):
            continue
        t = t[len(P):]
        key, _, val = t.partition("=")
        if key == "test_description":
            spec["description"] = val
        elif key == "test_expect_failure":
            spec["expect_failure"] = True
            spec["priv"] = True
        elif key == "test_expect_success":
            spec["expect_failure"] = False
            spec["priv"] = True
        elif key in ("test_expect_failure_unpriv",
                     "test_expect_success_unpriv",
                     "test_expect_msg_unpriv", "test_expect_xlated_unpriv",
                     "test_retval_unpriv", "test_auxiliary_unpriv"):
            spec["unpriv"] = True
            if key == "test_auxiliary_unpriv":
                spec["auxiliary"] = True
        elif key == "test_auxiliary":
            spec["auxiliary"] = True
            spec["priv"] = True
        elif key == "test_expect_msg":
            counter, _, msg = val.partition("=")
            msgs.append((int(counter) if counter.isdigit() else 0, msg))
            spec["priv"] = True
        elif key == "test_expect_xlated":
            spec["priv"] = True
        elif key in ("test_jited", "test_jited_unpriv"):
            if collect_jit:
                spec["priv" if key == "test_jited" else "unpriv"] = True
        elif key == "test_retval":
            spec["retval"] = val
            spec["priv"] = True
        elif key == "test_log_level":
            spec["log_level"] = val
        elif key == "test_prog_flags":
            spec["flags"].append(val)
        elif key == "test_arch":
            spec["arch"].append(val)
            collect_jit = val == host_arch()
        elif key == "test_btf_path":
            spec["btf_path"] = val
    spec["msgs"] = [m for _, m in sorted(msgs)]
    if not spec["priv"] and not spec["unpriv"]:
        spec["priv"] = True   # "If none are present privileged mode is implied."
    return spec


# --------------------------------------------------------------------------
# Running ebpfc

DIAG_PREFIX = re.compile(r"^(?:\S*ebpfc: )?error: ")
# "OBJECT.o:section/program: insn N (line L of F): " or "OBJECT.o: "
LOCATION = re.compile(r"^\S+?\.o:(?:\S+:)?\s*(?:insn \d+(?: \([^)]*\))?: )?")
PROGRAM_LOCATION = re.compile(r"\.o:([^:\s]+):")
NAMED = re.compile(r"\b(section|map|function|variable|symbol) '[^']*'")


def diagnostics(output):
    """The diagnostic lines of ebpfc's output (not the '>>>' source quotes)."""
    lines = [l for l in output.splitlines() if DIAG_PREFIX.match(l)]
    return lines or [l for l in output.splitlines() if l.strip()][:1]


def message_key(line):
    """A diagnostic without its file/program/instruction prefix, numbers
    folded, to group similar rejections."""
    msg = DIAG_PREFIX.sub("", line)
    msg = LOCATION.sub("", msg)
    msg = NAMED.sub(r"\1 '...'", msg)
    helper = UNKNOWN_HELPER.search(msg)
    msg = re.sub(r"\b\d+\b", "N", msg)
    if helper:   # which helper matters more than the program type
        msg = UNKNOWN_HELPER.sub("unknown#%s (%s)" % (
            helper.group(1), helper_names().get(int(helper.group(1)), "?")),
            msg)
    return msg


UNKNOWN_HELPER = re.compile(r"\bunknown#(\d+|N)")
_helper_names = None


def helper_names():
    """Helper id -> name, from libbpf's bpf_helper_defs.h (if installed)."""
    global _helper_names
    if _helper_names is None:
        _helper_names = {}
        try:
            with open("/usr/include/bpf/bpf_helper_defs.h") as f:
                for name, num in re.findall(
                        r"\(\*(\w+)\)\([^;]*?\) = \(void \*\) (\d+);",
                        f.read(), re.S):
                    _helper_names[int(num)] = name
        except OSError:
            pass
    return _helper_names


def run_ebpfc(ebpfc, obj, func, timeout):
    cmd = [ebpfc, "--verify-only", "--program=" + func, obj]
    start = time.time()
    # Its own process group, so that a timeout kills whatever it started.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, 9)
        except OSError:
            pass
        proc.communicate()
        return "timeout", None, "timed out after %g s" % timeout, timeout
    return (proc.returncode, out.decode(errors="replace"), None,
            time.time() - start)


def classify(prog, ebpfc, timeout):
    """Fill in prog['class'] (and the ebpfc outcome) for one program."""
    spec = prog["spec"]
    if spec["auxiliary"]:
        prog["class"] = "auxiliary"
        return prog
    if spec["arch"] and host_arch() not in spec["arch"]:
        prog["class"] = "arch_skipped"
        return prog
    if not spec["priv"]:
        prog["class"] = "unpriv_only"
        return prog
    if not SUPPORTED_SECTION.match(prog["section"].lstrip("?")):
        prog["class"] = "type_unsupported"
        return prog
    rc, out, err, secs = run_ebpfc(ebpfc, prog["object"], prog["name"],
                                   timeout)
    prog["seconds"] = round(secs, 3)
    prog["exit"] = rc
    expect_fail = spec["expect_failure"]
    if rc not in (0, 1):
        prog["class"] = "ebpfc_error"
        if err:
            prog["message"] = err
        else:
            diags = diagnostics(out)
            what = ("killed by signal %d" % -rc if rc < 0 else "exit %d" % rc)
            prog["message"] = what + (": " + diags[0] if diags else "")
        return prog
    if rc == 0:
        prog["ebpfc"] = "accept"
        prog["class"] = "unsound_accept" if expect_fail else "agree_accept"
        return prog
    prog["ebpfc"] = "reject"
    diags = diagnostics(out)
    prog["message"] = diags[0] if diags else "(no message)"
    # --program must confine the verdict to this program: a rejection whose
    # diagnostics all name other programs is an error of ebpfc, not a verdict.
    named = [m.group(1).rsplit("/", 1)[-1] for m in
             (PROGRAM_LOCATION.search(d) for d in diags) if m]
    if named and prog["name"] not in named:
        prog["class"] = "ebpfc_error"
        prog["message"] = "rejected for another program: " + diags[0]
        return prog
    unsupported = [d for d in diags if UNSUPPORTED_RE.search(message_key(d))]
    if unsupported:
        prog["class"] = "ebpfc_unsupported"
        prog["message"] = unsupported[0]
    else:
        prog["class"] = "agree_reject" if expect_fail else "false_reject"
    return prog


# --------------------------------------------------------------------------
# Reporting


def pct(n, d):
    return "%.1f%%" % (100.0 * n / d) if d else "n/a"


def prog_label(p):
    label = "%s:%s" % (p["file"], p["name"])
    desc = p["spec"]["description"]
    if desc and desc != p["name"]:
        label += ' ("%s")' % desc
    return label


def prog_notes(p):
    notes = ["SEC(\"%s\")" % p["section"]]
    if p["spec"]["flags"]:
        notes.append("flags " + "|".join(p["spec"]["flags"]))
    if p.get("naked"):
        notes.append("__naked asm")
    return ", ".join(notes)


def grouped(progs, out, title, limit=3):
    groups = collections.OrderedDict()
    for p in progs:
        groups.setdefault(message_key(p.get("message", "")), []).append(p)
    out.append(title)
    for key, ps in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        names = ", ".join(prog_label(p) for p in ps[:limit])
        more = " and %d more" % (len(ps) - limit) if len(ps) > limit else ""
        out.append("  %4d  %s" % (len(ps), key))
        out.append("        e.g. %s%s" % (names, more))


def report(files, progs, args, elapsed):
    out = []
    compiled = [f for f in files if f["compiled"]]
    failed = [f for f in files if not f["compiled"]]
    count = collections.Counter(p["class"] for p in progs)

    # Per-file table.
    cols = ["agree_accept", "agree_reject", "false_reject", "unsound_accept",
            "ebpfc_unsupported", "ebpfc_error", "type_unsupported"]
    short = ["ok+", "ok-", "FREJ", "UNSND", "unsup", "err", "type"]
    others = ("unpriv_only", "auxiliary", "arch_skipped")
    width = max([len(f["file"]) for f in files] + [4])
    out.append("%-*s %5s %s %5s" % (width, "file", "progs",
                                     " ".join("%5s" % s for s in short),
                                     "other"))
    by_file = collections.defaultdict(collections.Counter)
    for p in progs:
        by_file[p["file"]][p["class"]] += 1
    for f in files:
        if not f["compiled"]:
            out.append("%-*s %5s  not compiled" % (width, f["file"], "-"))
            continue
        c = by_file[f["file"]]
        out.append("%-*s %5d %s %5d" % (
            width, f["file"], sum(c.values()),
            " ".join("%5s" % (c[k] or ".") for k in cols),
            sum(c[k] for k in others)))
    out.append("columns: ok+ both accept, ok- both reject, FREJ kernel "
               "accepts/ebpfc rejects, UNSND kernel rejects/ebpfc accepts,")
    out.append("         unsup not supported by ebpfc, err ebpfc error, type "
               "program type not supported, other unpriv-only/auxiliary/arch")
    out.append("")

    if failed:
        out.append("Not compiled (%d files):" % len(failed))
        for f in failed:
            out.append("  %s: %s" % (f["file"], f["error"]))
        out.append("")

    errors = [p for p in progs if p["class"] == "ebpfc_error"]
    if errors:
        out.append("ebpfc ERRORS (%d programs; exit status other than 0/1, "
                   "or timeout):" % len(errors))
        for p in errors:
            out.append("  %s [%s]: %s" % (prog_label(p), prog_notes(p),
                                          p["message"]))
        out.append("")

    unsound = [p for p in progs if p["class"] == "unsound_accept"]
    out.append("Kernel REJECTS, ebpfc ACCEPTS (%d programs):" % len(unsound))
    for p in unsound:
        msgs = p["spec"]["msgs"]
        out.append("  %s [%s]%s" % (
            prog_label(p), prog_notes(p),
            (" kernel: " + " | ".join(repr(m) for m in msgs)) if msgs else ""))
    out.append("")

    false_rej = [p for p in progs if p["class"] == "false_reject"]
    if false_rej:
        grouped(false_rej, out, "Kernel ACCEPTS, ebpfc REJECTS (%d programs), "
                "by ebpfc's message:" % len(false_rej))
        out.append("")
    unsup = [p for p in progs if p["class"] == "ebpfc_unsupported"]
    if unsup:
        grouped(unsup, out, "Not supported by ebpfc's frontend/runtime (%d "
                "programs), by message:" % len(unsup))
        out.append("")

    if args.list_disagreements:
        out.append("All disagreements:")
        for p in progs:
            if p["class"] not in ("false_reject", "unsound_accept"):
                continue
            out.append("  %s: kernel %s, ebpfc %ss [%s]" % (
                prog_label(p),
                "rejects" if p["spec"]["expect_failure"] else "accepts",
                p["ebpfc"], prog_notes(p)))
            for m in p["spec"]["msgs"]:
                out.append("      kernel log expects: %r" % m)
            if p.get("message"):
                out.append("      ebpfc: %s" % p["message"])
        out.append("")

    # Summary.
    compared = [p for p in progs if p["class"] not in
                ("unpriv_only", "auxiliary", "arch_skipped",
                 "type_unsupported")]
    exp_ok = [p for p in compared if not p["spec"]["expect_failure"]]
    exp_fail = [p for p in compared if p["spec"]["expect_failure"]]
    exp_count = collections.Counter(
        (p["spec"]["expect_failure"], p["class"]) for p in compared)
    out.append("Summary")
    out.append("  files: %d verifier_*.c, %d compiled, %d not compiled" % (
        len(files), len(compiled), len(failed)))
    out.append("  programs in compiled objects: %d" % len(progs))
    for key, title in CLASSES:
        extra = ""
        if key in ("ebpfc_unsupported", "ebpfc_error"):
            extra = " (kernel accepts %d, rejects %d)" % (
                exp_count[(False, key)], exp_count[(True, key)])
        out.append("    %-18s %5d  %s%s" % (key, count[key], title, extra))
    out.append("  of supported types with a privileged verdict: %d "
               "(kernel accepts %d, rejects %d)" % (
                   len(compared), len(exp_ok), len(exp_fail)))
    acc_base = count["agree_accept"] + count["false_reject"]
    rej_base = count["agree_reject"] + count["unsound_accept"]
    out.append("  PRECISION: ebpfc accepts %d of %d kernel-accepted programs "
               "= %s" % (count["agree_accept"], acc_base,
                         pct(count["agree_accept"], acc_base)))
    out.append("  SOUNDNESS: ebpfc rejects %d of %d kernel-rejected programs "
               "= %s (%d accepted, listed above)" % (
                   count["agree_reject"], rej_base,
                   pct(count["agree_reject"], rej_base),
                   count["unsound_accept"]))
    out.append("  (both exclude %d programs not supported by ebpfc and %d "
               "ebpfc errors)" % (count["ebpfc_unsupported"],
                                  count["ebpfc_error"]))
    out.append("  run time: %.0f s" % elapsed)
    print("\n".join(out))

    if args.json:
        doc = {
            "kernel": KERNEL_VERSION,
            "ebpfc": os.path.abspath(args.ebpfc),
            "seconds": round(elapsed, 1),
            "counts": {k: count[k] for k, _ in CLASSES},
            "precision": {"accepted": count["agree_accept"],
                          "of": acc_base},
            "soundness": {"rejected": count["agree_reject"],
                          "of": rej_base},
            "files": [{k: f[k] for k in ("file", "compiled", "error")}
                      for f in files],
            "programs": [{
                "file": p["file"], "name": p["name"],
                "section": p["section"], "class": p["class"],
                "expected": "failure" if p["spec"]["expect_failure"]
                else "success",
                "ebpfc": p.get("ebpfc"), "exit": p.get("exit"),
                "message": p.get("message"), "seconds": p.get("seconds"),
                "naked": p.get("naked", False),
                "spec": p["spec"]} for p in progs],
        }
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


# --------------------------------------------------------------------------


def naked_functions(src):
    """Names of the functions declared __naked in a source file (for the
    report: their bodies are hand-written BPF assembly)."""
    try:
        with open(src, errors="replace") as f:
            text = f.read()
    except OSError:
        return set()
    return set(re.findall(r"__naked\s+(?:[\w\s\*]+?\s)?\**(\w+)\s*\(", text))


def main():
    ap = argparse.ArgumentParser(
        description="Compare `ebpfc --verify-only` with the verdicts of the "
        "kernel's verifier selftests (verifier_*.c).")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--ebpfc", default=os.path.join(repo, "build/bin/ebpfc"),
                    help="the ebpfc to test (default: build/bin/ebpfc of "
                    "this repository)")
    ap.add_argument("--source", metavar="DIR",
                    help="an already extracted kernel tree (default: "
                    "extract Debian's %s into the cache)" % DEBIAN_PACKAGE)
    ap.add_argument("--cache-dir", metavar="DIR", default=default_cache_dir(),
                    help="where sources and vmlinux.h are cached "
                    "(default: %(default)s)")
    ap.add_argument("--objdir", metavar="DIR",
                    help="keep the compiled objects here (default: a "
                    "temporary directory)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="parallel clang and ebpfc runs (default: the number "
                    "of CPUs)")
    ap.add_argument("--filter", metavar="REGEX",
                    help="only files whose name matches REGEX (re.search)")
    ap.add_argument("--json", metavar="FILE",
                    help="write machine-readable results to FILE")
    ap.add_argument("--list-disagreements", action="store_true",
                    help="list every disagreement with the kernel's "
                    "expected messages")
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds per ebpfc run (default 10)")
    ap.add_argument("--libbpf-headers", choices=("system", "kernel"),
                    default="system",
                    help="libbpf's headers (bpf/bpf_helpers.h ...): from "
                    "/usr/include (libbpf-dev, the default) or from the "
                    "kernel tree's tools/lib/bpf (newer; needed by tests "
                    "using bpf_for_each, __arg_ctx, ...)")
    ap.add_argument("--clang", default="clang-19",
                    help="the BPF C compiler (default: clang-19)")
    ap.add_argument("--bpftool", default="bpftool",
                    help="to generate vmlinux.h (default: bpftool)")
    args = ap.parse_args()

    start = time.time()
    if not (os.path.isfile(args.ebpfc) and os.access(args.ebpfc, os.X_OK)):
        die("%s is not an executable (build it: ninja -C build ebpfc, or "
            "pass --ebpfc)" % args.ebpfc)
    args.ebpfc = os.path.abspath(args.ebpfc)
    if not shutil.which(args.clang):
        die(args.clang + " not found")
    top = args.source or obtain_sources(args.cache_dir)
    selftests = os.path.join(top, SELFTESTS)
    progs_dir = os.path.join(selftests, "progs")
    if not os.path.isdir(progs_dir):
        die("no %s/progs under %s" % (SELFTESTS, top))
    uapi = os.path.join(top, "tools/include/uapi")
    if not os.path.isdir(uapi):
        log("warning: %s is missing; using /usr/include's UAPI headers only"
            % uapi)

    names = sorted(n for n in os.listdir(progs_dir)
                   if n.startswith("verifier_") and n.endswith(".c"))
    if args.filter:
        names = [n for n in names if re.search(args.filter, n)]
    if not names:
        die("no verifier_*.c files" + (" match --filter" if args.filter
                                        else ""))

    includes = ["-I" + selftests, "-I" + progs_dir]
    if args.libbpf_headers == "kernel":
        libbpf_dir, err = kernel_libbpf_headers(top, args.cache_dir)
        if err:
            die("--libbpf-headers=kernel: " + err)
        includes.append("-I" + libbpf_dir)
    if os.path.isdir(uapi):
        includes.append("-I" + uapi)
    sys_includes = ["-idirafter", "/usr/include"]
    multiarch = "/usr/include/%s-linux-gnu" % platform.machine()
    if os.path.isdir(multiarch):
        sys_includes += ["-idirafter", multiarch]

    vmlinux_dir, vmlinux_err = None, None
    search = [selftests, progs_dir]
    need_vmlinux = {n for n in names
                    if needs_vmlinux_h(os.path.join(progs_dir, n), search)}
    if need_vmlinux:
        vmlinux_dir, vmlinux_err = generate_vmlinux_h(args.cache_dir,
                                                      args.bpftool)
        if vmlinux_err:
            log("warning: cannot generate vmlinux.h (%s); %d files will not "
                "compile" % (vmlinux_err, len(need_vmlinux)))

    tmp = None
    objdir = args.objdir
    if not objdir:
        tmp = tempfile.TemporaryDirectory(prefix="selftest-agreement-")
        objdir = tmp.name
    os.makedirs(objdir, exist_ok=True)

    def build(name):
        src = os.path.join(progs_dir, name)
        obj = os.path.join(objdir, name[:-2] + ".bpf.o")
        inc = list(includes)
        if name in need_vmlinux:
            if not vmlinux_dir:
                return {"file": name, "compiled": False,
                        "error": "needs vmlinux.h: " + vmlinux_err}
            inc.append("-I" + vmlinux_dir)
        ok, err = compile_file(src, obj, args.clang, inc + sys_includes)
        f = {"file": name, "compiled": ok, "error": err, "object": obj,
             "naked": naked_functions(src)}
        if ok:
            try:
                f["info"] = read_object(obj)
            except (ValueError, IndexError, struct.error) as e:
                f["compiled"] = False
                f["error"] = "cannot read the object: %s" % e
        return f

    log("compiling %d files with %s (-j%d) ..." % (len(names), args.clang,
                                                   args.jobs))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        files = list(pool.map(build, names))

    progs = []
    for f in files:
        if not f["compiled"]:
            continue
        for func, section in f["info"].programs:
            progs.append({
                "file": f["file"], "object": f["object"], "name": func,
                "section": section, "naked": func in f["naked"],
                "spec": parse_spec(f["info"].tags.get(func, []))})

    to_run = sum(1 for p in progs
                 if SUPPORTED_SECTION.match(p["section"].lstrip("?")))
    log("verifying up to %d programs with %s ..." % (to_run, args.ebpfc))
    done = [0]
    lock = threading.Lock()

    def work(p):
        classify(p, args.ebpfc, args.timeout)
        with lock:
            done[0] += 1
            if sys.stderr.isatty() and done[0] % 50 == 0:
                log("  %d/%d" % (done[0], len(progs)))
        return p

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        progs = list(pool.map(work, progs))

    report(files, progs, args, time.time() - start)
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
