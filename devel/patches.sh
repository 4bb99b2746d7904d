#!/usr/bin/env bash
# The patch series: hooks into libvirt's own files, one concern per patch.
#
#   devel/patches.sh check    the series applies cleanly, in order, to the
#                             pristine tarball, and keeps to the rules below
#   devel/patches.sh export   write the commits pristine..HEAD of the work
#                             tree back to patches/ (see patches/README.md)
source "$(dirname "$0")/common.sh"

tarball=$SNP_DOWNLOAD/$LIBVIRT_ORIG

# A patch may not create files (our files belong in the overlay) nor touch
# libvirt's golden test data (existing expectations stay as upstream wrote them).
check_rules() {
    local p=$1 name
    name=$(basename "$p")
    [[ $name =~ ^[0-9]{4}-[A-Za-z0-9][A-Za-z0-9._-]*\.patch$ ]] ||
        snp_die "patches/$name: name must be NNNN-words-of-the-subject.patch, as git format-patch writes it"
    if grep -q '^new file mode' "$p"; then
        snp_die "patches/$name creates files: new files live in the overlay directories, not in patches"
    fi
    if grep -E '^\+\+\+ b/tests/[^ ]*data/' "$p" >/dev/null; then
        snp_die "patches/$name changes libvirt's golden test data: $(grep -E '^\+\+\+ b/tests/[^ ]*data/' "$p" | head -n1)"
    fi
}

cmd_check() {
    [ -f "$tarball" ] || snp_die "$tarball is missing (run devel/fetch.sh)"
    local tmp p n=0 expect=1
    tmp=$(mktemp -d)
    trap "rm -rf '$tmp'" EXIT
    tar -xJf "$tarball" -C "$tmp" --strip-components=1
    for p in $(compgen -G "$SNP_TOP/patches/*.patch" | sort); do
        check_rules "$p"
        n=$((10#$(basename "$p" | cut -c1-4)))
        [ "$n" = "$expect" ] || snp_die "patches/$(basename "$p"): expected number $(printf %04d "$expect")"
        expect=$((expect + 1))
        (cd "$tmp" && git apply --check "$p" && git apply "$p") ||
            snp_die "patches/$(basename "$p") does not apply cleanly after the patches before it"
    done
    snp_log "patches: $((expect - 1)) patch(es) apply cleanly to libvirt $LIBVIRT_VERSION"
}

cmd_export() {
    [ -d "$SNP_WORKTREE/.git" ] || snp_die "no work tree: run ./snp build first"
    if [ -n "$(snp_wgit status --porcelain --untracked-files=no)" ]; then
        snp_die "the work tree has uncommitted changes to libvirt's files: commit them first"
    fi
    local tmp
    tmp=$(mktemp -d)
    trap "rm -rf '$tmp'" EXIT
    snp_wgit format-patch -q --zero-commit --no-signature --no-numbered \
        -o "$tmp" pristine..HEAD
    rm -f "$SNP_TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch
    if compgen -G "$tmp/*.patch" >/dev/null; then
        mv "$tmp"/*.patch "$SNP_TOP/patches/"
    fi
    snp_record_series
    snp_log "exported $(snp_wgit rev-list --count pristine..HEAD) patch(es) to patches/"
    cmd_check
}

case ${1:-} in
    check) cmd_check ;;
    export) cmd_export ;;
    *) echo "usage: $0 check|export" >&2; exit 2 ;;
esac
