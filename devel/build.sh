#!/usr/bin/env bash
# Configure (once) and build libvirt with our overlay: the QEMU driver, the
# daemons, virsh, virt-host-validate and the tests.  The other hypervisor
# drivers are off; storage, network and the rest keep libvirt's defaults.
source "$(dirname "$0")/common.sh"

# expensive_tests: on, as libvirt enables it by default for a release tarball
# (its default is off in a git checkout, which our work tree is).
MESON_OPTIONS=(
    -Dsystem=false -Dtests=enabled -Dexpensive_tests=enabled -Dwerror=true -Dnls=disabled -Ddocs=enabled
    -Ddriver_qemu=enabled -Ddriver_libvirtd=enabled -Ddriver_remote=enabled
    -Ddriver_test=enabled -Ddriver_network=enabled -Ddriver_secrets=enabled
    -Dhost_validate=enabled -Dapparmor=enabled -Dsecdriver_apparmor=enabled
    -Ddriver_libxl=disabled -Ddriver_lxc=disabled
    -Ddriver_ch=disabled -Ddriver_vbox=disabled -Ddriver_esx=disabled
    -Ddriver_hyperv=disabled -Ddriver_openvz=disabled -Ddriver_vmware=disabled
    -Ddriver_vz=disabled -Ddriver_bhyve=disabled
)

options_id=$(printf '%s\n' "${MESON_OPTIONS[@]}" | sha256sum | cut -d' ' -f1)

if [ ! -f "$SNP_MESON/build.ninja" ]; then
    snp_log "configuring $SNP_MESON"
    meson setup "$SNP_MESON" "$SNP_WORKTREE" "${MESON_OPTIONS[@]}" > "$SNP_BUILD/meson-setup.log" ||
        { tail -n 30 "$SNP_BUILD/meson-setup.log"; snp_die "meson setup failed (log: $SNP_BUILD/meson-setup.log)"; }
    echo "$options_id" > "$SNP_MESON/.snp-options"
elif [ "$(cat "$SNP_MESON/.snp-options" 2>/dev/null)" != "$options_id" ]; then
    # From scratch: 'meson configure' would keep an option that the list no
    # longer names at its old value.  ccache makes the rebuild quick.
    snp_log "build options changed: configuring $SNP_MESON afresh"
    meson setup --wipe "$SNP_MESON" "$SNP_WORKTREE" "${MESON_OPTIONS[@]}" > "$SNP_BUILD/meson-setup.log" ||
        { tail -n 30 "$SNP_BUILD/meson-setup.log"; snp_die "meson setup failed (log: $SNP_BUILD/meson-setup.log)"; }
    echo "$options_id" > "$SNP_MESON/.snp-options"
fi

snp_log "building"
ninja -C "$SNP_MESON" "$@"
