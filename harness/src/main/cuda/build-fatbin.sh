#!/usr/bin/env bash
# Builds napkin-kernels.fatbin, the module the CUDA backend loads, from every kernel file here (emu/ excluded):
# cubins for sm_80, sm_86, sm_89 and sm_90, plus compute_80 PTX for later GPUs to JIT.
#
#   harness/src/main/cuda/build-fatbin.sh [--if-nvcc] [OUT_DIR]
#
# Needs nvcc, ptxas and fatbinary of CUDA 13, no GPU. OUT_DIR defaults to the harness's resources, where the
# committed fatbin lives; the Maven build passes target/fatbin and --if-nvcc (skip quietly without a toolkit), and
# FatbinTest compares what it built with the committed copy.
#
# Why each step:
# - One translation unit (a generated all.cu including every .cu), so one PTX file and one module.
# - nvcc 13 writes PTX ISA 9.0, which drivers before r580 cannot JIT; the kernels use nothing newer than ISA 8.0,
#   so the .version line is lowered to 8.0 (CUDA 12.0's), and ptxas checks the lowered text for every target.
# - fatbinary compresses with zstd by default in CUDA 13, which drivers before r580 cannot read: --compress=false.
# Writes, beside the fatbin, napkin-kernels.sources.sha256 ("<sha256>  <path relative to this folder>" for every
# .cu, .cuh and this script), so a test can tell when the committed fatbin is older than its sources.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
out_dir="$repo/harness/src/main/resources/dev/napkin/harness/gpu"
if_nvcc=false
if [ "${1:-}" = "--if-nvcc" ]; then
    if_nvcc=true
    shift
fi
if [ -n "${1:-}" ]; then
    mkdir -p "$1"
    out_dir="$(cd "$1" && pwd)"
fi
name=napkin-kernels
archs=(80 86 89 90)
ptx_version=8.0

for tool in nvcc ptxas fatbinary; do
    if ! command -v "$tool" >/dev/null; then
        if $if_nvcc; then
            echo "build-fatbin.sh: no CUDA toolkit ($tool not on PATH); the committed fatbin is used"
            exit 0
        fi
        echo "build-fatbin.sh: $tool not found on PATH (CUDA 13 toolkit: add its bin/ to PATH)" >&2
        exit 1
    fi
done

cd "$here"
mapfile -t sources < <(find . -path ./emu -prune -o -type f -name '*.cu' -print | sed 's|^\./||' | LC_ALL=C sort)
if [ "${#sources[@]}" -eq 0 ]; then
    echo "build-fatbin.sh: no .cu files in $here" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for source in "${sources[@]}"; do
    printf '#include "%s"\n' "$source"
done >"$work/all.cu"

# Relative names inside the work folder, so nothing that varies (the temp path) can reach the outputs.
cd "$work"
nvcc -std=c++17 -ptx -arch=compute_80 -Werror all-warnings -I "$here" -o "$name.nvcc.ptx" all.cu

if ! grep -qE '^\.version [0-9]+\.[0-9]+$' "$name.nvcc.ptx"; then
    echo "build-fatbin.sh: no .version line in nvcc's PTX" >&2
    exit 1
fi
sed -E "s/^\.version [0-9]+\.[0-9]+$/.version $ptx_version/" "$name.nvcc.ptx" >"$name.ptx"

images=()
for sm in "${archs[@]}"; do
    ptxas -arch="sm_$sm" --warn-on-spills -o "sm_$sm.cubin" "$name.ptx"
    images+=("--image3=kind=elf,sm=$sm,file=sm_$sm.cubin")
done
images+=("--image3=kind=ptx,sm=${archs[0]},file=$name.ptx")
fatbinary -64 --create="$name.fatbin" --compress=false "${images[@]}"

mkdir -p "$out_dir"
cp "$name.fatbin" "$out_dir/$name.fatbin"

cd "$here"
mapfile -t hashed < <({ find . -path ./emu -prune -o -type f \( -name '*.cu' -o -name '*.cuh' \) -print
                        echo ./build-fatbin.sh; } | sed 's|^\./||' | LC_ALL=C sort)
{ echo "# nvcc: $(nvcc --version | grep -o 'release [0-9.]*, V[0-9.]*')"
  sha256sum "${hashed[@]}"; } >"$out_dir/$name.sources.sha256"

size=$(stat -c %s "$out_dir/$name.fatbin")
kernels=$(grep -c '^\.visible \.entry' "$work/$name.ptx")
cubins=$(printf 'sm_%s ' "${archs[@]}")
echo "$name.fatbin: $size bytes, $kernels kernels from ${#sources[@]} files: cubins ${cubins% } + compute_${archs[0]} PTX (ISA $ptx_version), uncompressed"
