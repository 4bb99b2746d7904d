#!/usr/bin/env bash
# After a test run with VIR_TEST_REGENERATE_OUTPUT=1: move the files the tests
# created in the work tree into this repository, at the same path, and link
# them back, so that they are ours and under version control.  Also fail when
# a test rewrote one of libvirt's own files.
source "$(dirname "$0")/common.sh"

[ -d "$SNP_WORKTREE/.git" ] || exit 0

changed=$(snp_wgit status --porcelain --untracked-files=no -- "$SNP_GOLDEN" | cut -c4-)
if [ -n "$changed" ]; then
    printf 'error: libvirt'"'"'s own test files were modified in %s:\n%s\n' "$SNP_WORKTREE" "$changed" >&2
    printf 'libvirt'"'"'s golden files stay as upstream wrote them; restore with: git -C %s checkout -- tests\n' "$SNP_WORKTREE" >&2
    exit 1
fi

while IFS= read -r rel; do
    [ -n "$rel" ] || continue
    src=$SNP_WORKTREE/$rel
    [ -f "$src" ] && [ ! -L "$src" ] || continue
    mkdir -p "$(dirname "$SNP_TOP/$rel")"
    mv "$src" "$SNP_TOP/$rel"
    ln -s "$SNP_TOP/$rel" "$src"
    echo "/$rel" >> "$SNP_WORKTREE/.git/info/exclude"
    snp_log "collected new file $rel"
done < <(snp_wgit ls-files --others --exclude-standard -- "$SNP_GOLDEN")
