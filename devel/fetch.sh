#!/usr/bin/env bash
# Fetch the pristine libvirt release tarball: the upstream `orig` tarball of
# Debian bookworm's libvirt source package, checked against its sha256.
source "$(dirname "$0")/common.sh"

tarball=$SNP_DOWNLOAD/$LIBVIRT_ORIG

verify() {
    [ -f "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$LIBVIRT_ORIG_SHA256" ]
}

if verify "$tarball"; then
    exit 0
fi

mkdir -p "$SNP_DOWNLOAD"
tmp=$(mktemp -d "$SNP_DOWNLOAD/apt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

version=$(apt-cache showsrc libvirt 2>/dev/null | awk '$1 == "Version:" { print $2 }' |
          grep "^$LIBVIRT_VERSION-" | sort -V | tail -n1 || true)
[ -n "$version" ] || snp_die "apt knows no libvirt $LIBVIRT_VERSION source package: is there a deb-src entry for bookworm? (run devel/setup.sh)"

snp_log "downloading the $LIBVIRT_ORIG of Debian's libvirt $version"
# chmod: apt's download user must be able to write here when we run as root.
chmod 0777 "$tmp"
(cd "$tmp" && apt-get source --download-only -q "libvirt=$version" >/dev/null)
[ -f "$tmp/$LIBVIRT_ORIG" ] || snp_die "apt-get source did not produce $LIBVIRT_ORIG"
verify "$tmp/$LIBVIRT_ORIG" ||
    snp_die "$LIBVIRT_ORIG has sha256 $(sha256sum < "$tmp/$LIBVIRT_ORIG" | cut -d' ' -f1), expected $LIBVIRT_ORIG_SHA256"
mv "$tmp/$LIBVIRT_ORIG" "$tarball"
