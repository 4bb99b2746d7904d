# Shared definitions for the libvirt-snp developer scripts; sourced, not run.
# shellcheck shell=bash

set -euo pipefail

SNP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The base we extend: the pristine upstream release, as shipped in the `orig`
# tarball of Debian bookworm's libvirt source package.
LIBVIRT_VERSION=9.0.0
LIBVIRT_ORIG=libvirt_${LIBVIRT_VERSION}.orig.tar.xz
LIBVIRT_ORIG_SHA256=deca5cff1b7baac297bca9663907c61f71a47183371dc7ac019c107806d5435a

# Directories of this repository that are laid over libvirt's tree, file by
# file, at the same relative paths.
SNP_OVERLAY_DIRS=(src include tests tools docs examples)

# libvirt's test data (golden files and inputs), as a git pathspec.
SNP_GOLDEN=':(glob)tests/*data/**'

SNP_BUILD=${SNP_BUILD:-$SNP_TOP/build}
SNP_DOWNLOAD=$SNP_BUILD/download
SNP_WORKTREE=$SNP_BUILD/libvirt        # pristine + patches (git) + overlay links
SNP_MESON=$SNP_BUILD/meson             # meson build directory

# The build's sysconfdir (meson's default prefix /usr/local, -Dsystem=false):
# the built QEMU driver reads firmware descriptors from its qemu/firmware.
SNP_SYSCONFDIR=/usr/local/etc

# virt-install 5.0: Debian trixie's virtinst, unpacked, never installed.
SNP_VIRTINST=$SNP_BUILD/virtinst

# ccache: share hits between clones at different paths (CI clones afresh).
export CCACHE_BASEDIR=$SNP_TOP
export CCACHE_NOHASHDIR=true

snp_log() { printf '>>> %s\n' "$*"; }
snp_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Identifies the series: the tarball and every patch, as applied.
snp_series_id() {
    { echo "$LIBVIRT_ORIG_SHA256"; cat "$SNP_TOP"/patches/*.patch 2>/dev/null || true; } |
        sha256sum | cut -d' ' -f1
}

# Records that the work tree's HEAD is patches/ as it stands now.
snp_record_series() {
    snp_wgit update-ref refs/snp/applied HEAD
    snp_series_id > "$SNP_WORKTREE/.git/snp-series"
}

# git inside the generated work tree, with an identity of its own so that
# committing the series never depends on the user's configuration.
snp_wgit() {
    git -C "$SNP_WORKTREE" -c user.name="libvirt-snp" -c user.email="libvirt-snp@localhost" \
        -c advice.detachedHead=false -c init.defaultBranch=series "$@"
}
