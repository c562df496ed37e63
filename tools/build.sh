#!/usr/bin/env bash
# Installs the Debian packages ebpfc needs (only those missing), configures
# the build in ./build with Ninja and clang-19, and builds the given targets:
#   bash tools/build.sh run-example   # build, then run the shipped example
#   bash tools/build.sh check         # build, then run every test
# Set BUILD_DIR to build elsewhere. Needs root (or sudo) only to install.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

packages=(
  cmake ninja-build python3 pkg-config
  llvm-19-dev llvm-19-tools clang-19 lld-19 liblld-19-dev libclang-rt-19-dev
  libelf-dev zlib1g-dev libzstd-dev libbpf-dev bpftool
  libgtest-dev libgmock-dev libbenchmark-dev
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
fi
exec ninja -C "$build_dir" "${@:-all}"
