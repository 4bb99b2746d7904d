#!/usr/bin/env bash
# Run every test: the series check, libvirt's syntax-check rules over our
# files, then libvirt's test suite with ours in it (meson test).  Arguments go
# to `meson test` (test names, --suite, ...).
# With VIR_TEST_REGENERATE_OUTPUT=1, new golden files are collected into this
# repository afterwards.
source "$(dirname "$0")/common.sh"

"$SNP_TOP/devel/patches.sh" check
"$SNP_TOP/devel/syntax-check.sh"

rc=0
# libvirt's own `syntax-check` suite exists because the work tree is a git
# repository; it checks libvirt's files, which a release tarball never does.
meson test -C "$SNP_MESON" --no-rebuild --print-errorlogs --no-suite syntax-check "$@" || rc=$?

# Nothing may have rewritten libvirt's own files; new files are ours to keep.
if [ -n "${VIR_TEST_REGENERATE_OUTPUT:-}" ]; then
    "$SNP_TOP/devel/collect.sh" || rc=1
elif [ -n "$(snp_wgit status --porcelain -- "$SNP_GOLDEN")" ]; then
    echo "error: the tests changed or created data files in $SNP_WORKTREE/tests:" >&2
    snp_wgit status --porcelain -- "$SNP_GOLDEN" >&2
    rc=1
fi
exit $rc
