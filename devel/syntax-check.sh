#!/usr/bin/env bash
# Run libvirt's own syntax-check rules (build-aux/syntax-check.mk) over this
# repository's overlay files.  libvirt's meson `syntax-check` suite lists the
# files to check with git in the libvirt tree, where ours are untracked links;
# here the same rules get our list instead, through make's VC_LIST variable.
source "$(dirname "$0")/common.sh"

list=$(mktemp)
trap "rm -f '$list'" EXIT
# Binary test inputs (firmware images, kernels) are not source, as libvirt's
# own rules leave out its images.
(cd "$SNP_TOP" && git ls-files --cached --others --exclude-standard -- "${SNP_OVERLAY_DIRS[@]}") |
    grep -Ev '\.(fd|bin)$' > "$list"

# po_check compares translatable files with po/POTFILES, which lists
# libvirt's files only: ours are not part of libvirt's translation catalogue.
rules=$(sed -n 's/^sc_\([a-zA-Z0-9_-]*\):.*/\1/p' "$SNP_WORKTREE/build-aux/syntax-check.mk" |
        grep -v -x -e po_check | sort -u)

failed=()
for r in $rules; do
    if ! out=$(make -s -C "$SNP_MESON/build-aux" "sc_$r" VC_LIST="cat $list" 2>&1); then
        printf '%s\n' "$out" >&2
        failed+=("$r")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    snp_die "syntax-check: ${#failed[@]} rule(s) failed on our files: ${failed[*]}"
fi
snp_log "syntax-check: $(echo "$rules" | wc -w) rules pass on $(wc -l < "$list") file(s)"
