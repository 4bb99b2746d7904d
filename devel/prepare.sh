#!/usr/bin/env bash
# Lay out the source tree that meson builds, in $SNP_WORKTREE:
#
#   1. the pristine tarball, committed to a git repository and tagged
#      `pristine`;
#   2. patches/*.patch applied with `git am`, one commit per patch, on the
#      branch `series`;
#   3. every file of this repository's overlay directories linked in at its
#      libvirt path (symlinks, listed in .git/info/exclude).
#
# Re-running it only touches what changed: a new or removed overlay file adds
# or removes a link; a changed series is re-applied in a scratch worktree and
# checked out, so git rewrites only the files whose content differs and ninja
# rebuilds only what depends on them.
source "$(dirname "$0")/common.sh"

tarball=$SNP_DOWNLOAD/$LIBVIRT_ORIG
[ -f "$tarball" ] || snp_die "$tarball is missing (run devel/fetch.sh)"

patch_files() {
    compgen -G "$SNP_TOP/patches/[0-9][0-9][0-9][0-9]-*.patch" | sort || true
}

# Apply the series on top of `pristine` in directory $1 (a worktree of ours).
apply_series() {
    local dir=$1 p
    for p in $(patch_files); do
        git -C "$dir" -c user.name=libvirt-snp -c user.email=libvirt-snp@localhost \
            am -q --committer-date-is-author-date "$p" ||
            snp_die "patches/$(basename "$p") does not apply cleanly to libvirt $LIBVIRT_VERSION plus the patches before it"
    done
}

init_worktree() {
    snp_log "extracting pristine libvirt $LIBVIRT_VERSION into $SNP_WORKTREE"
    rm -rf "$SNP_WORKTREE"
    mkdir -p "$SNP_WORKTREE"
    tar -xJf "$tarball" -C "$SNP_WORKTREE" --strip-components=1
    snp_wgit init -q
    snp_wgit add -A -f
    snp_wgit commit -q -m "libvirt $LIBVIRT_VERSION (pristine, $LIBVIRT_ORIG)" \
        --date="2023-01-16T00:00:00Z"
    snp_wgit tag pristine
    apply_series "$SNP_WORKTREE"
}

update_series() {
    local head exported scratch
    head=$(snp_wgit rev-parse HEAD)
    exported=$(snp_wgit rev-parse -q --verify refs/snp/applied || true)
    if [ "$head" != "$exported" ]; then
        snp_die "patches/ changed, but $SNP_WORKTREE has commits that are not in patches/: export them first (devel/patches.sh export) or drop them (git -C $SNP_WORKTREE reset --hard refs/snp/applied)"
    fi
    if [ -n "$(snp_wgit status --porcelain --untracked-files=no)" ]; then
        snp_die "patches/ changed, but $SNP_WORKTREE has uncommitted changes to libvirt's files: commit and export them, or discard them"
    fi
    snp_log "re-applying patches/ to libvirt $LIBVIRT_VERSION"
    scratch=$SNP_BUILD/series-scratch
    rm -rf "$scratch"
    snp_wgit worktree prune
    snp_wgit worktree add -q --detach "$scratch" pristine
    apply_series "$scratch"
    head=$(git -C "$scratch" rev-parse HEAD)
    snp_wgit worktree remove --force "$scratch"
    snp_wgit reset -q --hard "$head"
}

sync_overlay() {
    local d rel target exclude=$SNP_WORKTREE/.git/info/exclude
    local tmp_exclude=$exclude.new
    echo "# overlay links, written by devel/prepare.sh" > "$tmp_exclude"
    for d in "${SNP_OVERLAY_DIRS[@]}"; do
        [ -d "$SNP_TOP/$d" ] || continue
        while IFS= read -r -d '' rel; do
            rel=${rel#"$SNP_TOP"/}
            target=$SNP_WORKTREE/$rel
            echo "/$rel" >> "$tmp_exclude"
            if [ -L "$target" ]; then
                [ "$(readlink "$target")" = "$SNP_TOP/$rel" ] && continue
            elif [ -e "$target" ]; then
                if snp_wgit ls-files --error-unmatch -- "$rel" >/dev/null 2>&1; then
                    snp_die "$rel is one of libvirt's own files: change it with a patch, not an overlay copy"
                fi
                cmp -s "$target" "$SNP_TOP/$rel" ||
                    snp_die "$target differs from $rel: move it into the repository (devel/collect.sh) or delete it"
            fi
            mkdir -p "$(dirname "$target")"
            ln -sfn "$SNP_TOP/$rel" "$target"
        done < <(find "$SNP_TOP/$d" \( -type f -o -type l \) -print0)
    done
    mv "$tmp_exclude" "$exclude"
    # Links to overlay files that were removed or renamed.
    find "$SNP_WORKTREE" -path "$SNP_WORKTREE/.git" -prune -o -xtype l -print0 |
        while IFS= read -r -d '' target; do
            case $(readlink "$target") in
                "$SNP_TOP"/*) rm -f "$target" ;;
            esac
        done
}

if [ ! -d "$SNP_WORKTREE/.git" ] || ! snp_wgit rev-parse -q --verify pristine >/dev/null; then
    init_worktree
elif [ "$(cat "$SNP_WORKTREE/.git/snp-series" 2>/dev/null)" != "$(snp_series_id)" ]; then
    update_series
fi
snp_record_series
sync_overlay
