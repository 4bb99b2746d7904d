#!/usr/bin/env bash
# The main job: the SEV-SNP workflow with the built virsh on an embedded
# QEMU driver (qemu:///embed?root=DIR) and the real QEMU 10.0 of this
# machine, printed step by step.
source "$(dirname "$0")/common.sh"

root=${SNP_EMBED_ROOT:-$SNP_BUILD/embed}
uri="qemu:///embed?root=$root"
example=$SNP_TOP/examples/sev-snp-guest.xml
name=snp-example

mkdir -p "$root/etc"
# The embedded driver runs as the invoking user, without virtlogd, so QEMU's
# stdio goes to files.  No mount namespace: some containers cannot make one
# and the embedded driver needs none.
cat > "$root/etc/qemu.conf" <<CONF
user = "root"
group = "root"
stdio_handler = "file"
namespaces = [ ]
CONF

virsh() {
    "$SNP_MESON/run" "$SNP_MESON/tools/virsh" -c "$uri" "$@"
}

step() {
    printf '\n==== %s\n' "$*"
}

show() {
    printf '\n$ virsh %s\n' "$*"
    virsh "$@"
}

step "1. The host: what it offers SEV-SNP guests"
printf '\n$ virsh domcapabilities --machine q35 | (the launch security part)\n'
caps=$(virsh domcapabilities --machine q35 | sed -n '/<launchSecurity/,/<\/sevSnp>/p')
printf '%s\n' "$caps"
snp_host=no
grep -q "<sevSnp supported='yes'" <<<"$caps" && snp_host=yes
printf '\n$ virt-host-validate qemu | grep SEV-SNP\n'
lines=$("$SNP_MESON/run" "$SNP_MESON/tools/virt-host-validate" qemu 2>&1 | grep SEV-SNP || true)
if [ -n "$lines" ]; then
    printf '%s\n' "$lines"
else
    echo "(no SEV-SNP lines: this CPU has no AMD SEV)"
fi

step "2. An SEV-SNP guest: define, dump, and QEMU's command line"
virsh undefine "$name" >/dev/null 2>&1 || true
show define "$example"
show dumpxml "$name"
printf '\n$ virsh domxml-to-native qemu-argv --domain %s | (machine and launch security)\n' "$name"
virsh domxml-to-native qemu-argv --domain "$name" | tr ' ' '\n' |
    grep -E -A1 '^-(machine|bios)$|^-object$' | grep -E -B1 'confidential|sev-snp-guest|\.fd$'

step "3. The launch digest the guest will measure, computed offline"
printf '\n$ virt-qemu-snp-measure --domain %s\n' "${example#"$SNP_TOP"/}"
"$SNP_MESON/run" "$SNP_MESON/tools/virt-qemu-snp-measure" --domain "$example"

step "4. Start"
printf '\n$ virsh start %s\n' "$name"
if virsh start "$name"; then
    show domlaunchsecinfo "$name"
    show destroy "$name"
elif [ $snp_host = no ]; then
    echo "(as domain capabilities said, this host cannot run SEV-SNP guests: libvirt-snp stopped before QEMU ran)"
else
    echo "(the start failed: the message above says why)"
fi
show undefine "$name"
