# lit configuration for ebpfc's tool tests: puts the built tools and LLVM's
# test utilities (FileCheck, not, llvm-mc, ...) on PATH and defines the
# substitutions the tests use.
import os
import shutil
import subprocess
import sys

import lit.formats

config.name = "ebpfc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".s", ".c", ".ll"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ebpfc_obj_root, "lit-tests")

path = os.pathsep.join([
    config.ebpfc_tools_dir,
    config.llvm_tools_dir,
    config.environment.get("PATH", os.environ.get("PATH", "")),
])
config.environment["PATH"] = path

clang_bpf = "clang-19 -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu"
config.substitutions.append(("%clang_bpf", clang_bpf))
config.substitutions.append(("%host_cc", config.host_cc))
config.substitutions.append(("%ebpfc_include", os.path.join(config.ebpfc_src_root, "include")))
config.substitutions.append(("%runtime_lib", config.runtime_lib))
config.substitutions.append(("%runtime_aarch64_lib", config.runtime_aarch64_lib))
config.substitutions.append(("%aarch64_cc", config.aarch64_cc))
config.substitutions.append(("%conformance", config.conformance_dir))

# %python runs lit's own interpreter (for one-line input generators).
# `%expect_exit N CMD...` runs CMD, passes its output through, and fails
# unless CMD exits with exactly N: `not` accepts any failure, but the exit
# codes (1 for a bad input, 2 for a usage error) are part of the tools'
# contract. (No '%' in the code: lit would substitute it.)
config.substitutions.append(("%python", '"' + sys.executable + '"'))
config.substitutions.append(("%expect_exit", '"' + sys.executable + '" -c "'
    "import subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "sys.exit(0 if code == int(sys.argv[1]) else "
    "'expected exit code {}, got {}: {}'.format(sys.argv[1], code, sys.argv[2:]))"
    '"'))

# Features that gate tests a machine may lack.
if shutil.which("clang-19"):
    config.available_features.add("clang-bpf")
if config.aarch64_cc and os.path.exists(config.aarch64_cc) and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-qemu")
if os.uname().machine == "x86_64":
    config.available_features.add("host-x86_64")
if os.geteuid() == 0:
    config.available_features.add("root")
