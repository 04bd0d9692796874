#!/usr/bin/env bash
# Makes sure this Linux machine can link NativeAOT executables (used by tests/Dlt.Aot.Tests before it publishes
# samples/AotPipeline; run it by hand before `dotnet publish -p:DltPublishAot=true`).
#
# Besides the .NET SDK, NativeAOT needs a C toolchain: it calls `clang` as the linker driver, or `gcc` when there is no
# `clang` on PATH, with the C library's development files (crt1.o, libc.so, libm, librt) and binutils (`objcopy` strips the
# symbols into a .dbg file). zlib1g-dev is NOT needed: .NET 10's NativeAOT runtime pack links its own libz.a.
# A fresh Debian/Ubuntu machine gets all of it with: apt-get install clang   (it depends on libc6-dev and binutils).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

# a compiler driver on PATH that can link a C program (proves libc6-dev is there too)
can_link() {
    local driver=$1 dir
    have "$driver" || return 1
    dir=$(mktemp -d)
    printf 'int main(void) { return 0; }\n' > "$dir/probe.c"
    if "$driver" "$dir/probe.c" -o "$dir/probe" -lm -lrt >/dev/null 2>&1; then rm -rf "$dir"; return 0; fi
    rm -rf "$dir"
    return 1
}

ready() { (can_link clang || can_link gcc) && have objcopy; }

if ready; then
    echo "NativeAOT prerequisites: $( (can_link clang && echo clang) || echo gcc) and objcopy are present"
    exit 0
fi

if [ "$(id -u)" != "0" ]; then
    echo "NativeAOT needs clang (or gcc) with libc6-dev and binutils; install them, e.g.: sudo apt-get install clang" >&2
    exit 1
fi
if ! have apt-get; then
    echo "NativeAOT needs clang (or gcc) with the C library's development files and binutils; install them with this system's package manager" >&2
    exit 1
fi

echo "NativeAOT prerequisites missing: installing clang (with libc6-dev and binutils)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends clang >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clang; }
ready || { echo "clang was installed but a C program still does not link" >&2; exit 1; }
echo "NativeAOT prerequisites installed"
