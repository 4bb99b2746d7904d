#!/usr/bin/env bash
# Benchmark of the launch digest computation (not a test: it measures and
# prints).  Inputs: a 4 MiB firmware (the synthetic kernel-hashes image of
# the tests, grown at its start, which keeps its layout valid), a 12 MiB
# kernel and a 64 MiB initrd.  Compares virt-qemu-snp-measure with
# sha384sum of the firmware plus sha256sum of kernel and initrd, which read
# and hash the same bytes; prints the best of several runs and the ratio.
source "$(dirname "$0")/common.sh"

runs=${1:-5}
tool=$SNP_MESON/tools/virt-qemu-snp-measure
[ -x "$tool" ] || snp_die "$tool is not built: run ./snp build"

dir=$(mktemp -d)
trap "rm -rf '$dir'" EXIT
base=$SNP_TOP/tests/virsevsnpmeasuredata/snp-fw-kernel-hashes.fd
basesize=$(stat -c %s "$base")
{ head -c $((4 * 1024 * 1024 - basesize)) /dev/urandom; cat "$base"; } > "$dir/fw.fd"
head -c $((12 * 1024 * 1024)) /dev/urandom > "$dir/kernel"
head -c $((64 * 1024 * 1024)) /dev/urandom > "$dir/initrd"

best() {
    local best="" start end t i
    for i in $(seq "$runs"); do
        start=$(date +%s%N)
        "$@" > /dev/null
        end=$(date +%s%N)
        t=$(( (end - start) / 1000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}

measure() {
    "$tool" --firmware "$dir/fw.fd" --vcpus 4 --cpu-model EPYC-Milan \
        --kernel "$dir/kernel" --initrd "$dir/initrd" --cmdline "console=ttyS0"
}

sums() {
    sha384sum "$dir/fw.fd" && sha256sum "$dir/kernel" "$dir/initrd"
}

measure > /dev/null || snp_die "virt-qemu-snp-measure failed"
t_tool=$(best measure)
t_sums=$(best sums)

awk -v runs="$runs" -v tool="$t_tool" -v sums="$t_sums" 'BEGIN {
    printf "inputs: 4 MiB firmware, 12 MiB kernel, 64 MiB initrd, 4 vCPUs; best of %d runs\n", runs
    printf "  virt-qemu-snp-measure:              %8.1f ms\n", tool / 1000
    printf "  sha384sum + sha256sum (same bytes): %8.1f ms\n", sums / 1000
    printf "  ratio:                              %8.2f\n", tool / sums
}'
