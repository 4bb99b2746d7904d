#!/usr/bin/env bash
# Capture the QEMU capabilities fixtures from this machine's real QEMU with
# libvirt's own tests/qemucapsprobe, and derive the AMD SEV host variant.
#
#   tests/qemucapabilitiesdata/caps_debian-VERSION.x86_64.replies
#       the plain capture: on a host without SEV, query-sev-capabilities fails
#   tests/qemucapabilitiesdata/caps_debian-VERSION-amdsev.x86_64.replies
#       the same, with query-sev-capabilities answered as on an AMD SEV host
#       (cbitpos 51, reduced-phys-bits 1, in the reply shape of QEMU 10.0)
#
# The "debian-" prefix keeps libvirt's 'latest' where it was: 9.0.0's
# testQemuGetLatestCapsForArch() only considers names whose version part
# parses as MAJOR.MINOR.MICRO, so these fixtures are used only by the tests
# that name them.  Afterwards, create the expected .xml files with
#   VIR_TEST_REGENERATE_OUTPUT=1 ./snp test qemucapabilitiestest domaincapstest ...
source "$(dirname "$0")/common.sh"

qemu=${1:-/usr/bin/qemu-system-x86_64}
version=$("$qemu" --version | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p')
[ -n "$version" ] || snp_die "cannot tell the version of $qemu"
data=$SNP_TOP/tests/qemucapabilitiesdata
plain=$data/caps_debian-$version.x86_64.replies
sev=$data/caps_debian-$version-amdsev.x86_64.replies

mkdir -p "$data"
snp_log "probing $qemu ($version)"
"$SNP_MESON/run" "$SNP_MESON/tests/qemucapsprobe" "$qemu" > "$plain"

python3 - "$plain" "$sev" <<'PY'
import json, re, sys

src, dst = sys.argv[1], sys.argv[2]
text = open(src).read()

# The capture is a sequence of pretty-printed JSON messages separated by blank lines.
msgs = [m for m in text.split("\n\n") if m.strip()]
out, replaced, want = [], 0, None
for m in msgs:
    obj = json.loads(m)
    if obj.get("execute") == "query-sev-capabilities":
        want = obj["id"]
    elif want is not None and obj.get("id") == want and "error" in obj:
        # Synthetic but well-formed blobs: base64 of fixed byte patterns, sized
        # like a real PDH, certificate chain and 64-byte chip ID.
        import base64
        blob = lambda n, seed: base64.b64encode(bytes((seed + i) % 256 for i in range(n))).decode()
        obj = {"return": {"reduced-phys-bits": 1,
                          "cbitpos": 51,
                          "cpu0-id": blob(64, 0x30),
                          "cert-chain": blob(48, 0x20),
                          "pdh": blob(48, 0x10)},
               "id": want}
        m = json.dumps(obj, indent=2)
        replaced += 1
        want = None
    out.append(m)

if replaced != 1:
    sys.exit("expected exactly one failing query-sev-capabilities reply in %s, found %d" % (src, replaced))
open(dst, "w").write("\n\n".join(out))
PY
snp_log "wrote $(basename "$plain") and $(basename "$sev")"
