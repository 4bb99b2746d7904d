#!/usr/bin/env bash
# The main job: the built virsh driving an embedded QEMU driver
# (qemu:///embed?root=DIR) on the real QEMU 10.0 of this machine.
source "$(dirname "$0")/common.sh"

root=${SNP_EMBED_ROOT:-$SNP_BUILD/embed}
uri="qemu:///embed?root=$root"

mkdir -p "$root/etc"
# The embedded driver runs as the invoking user; keep QEMU's stdio in files
# since there is no virtlogd.
cat > "$root/etc/qemu.conf" <<CONF
user = "root"
group = "root"
stdio_handler = "file"
CONF

virsh() {
    "$SNP_MESON/run" "$SNP_MESON/tools/virsh" -c "$uri" "$@"
}

show() {
    printf '\n$ virsh -c %s %s\n' "$uri" "$*"
    virsh "$@"
}

show version
# q35: the machine type confidential guests need.
show domcapabilities --machine q35
