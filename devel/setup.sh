#!/usr/bin/env bash
# Prepare a Debian 12 (bookworm) machine: apt sources for libvirt's source
# package and bookworm-backports, then every package the build, the tests and
# the demo need.  Idempotent: a second run only checks and changes nothing.
source "$(dirname "$0")/common.sh"

# Building libvirt 9.0.0 with the QEMU driver, daemons, virsh,
# virt-host-validate and the test suite.
BUILD_PACKAGES=(
    meson ninja-build gcc pkg-config ccache git xz-utils
    python3 python3-docutils xsltproc libxml2-utils rpcsvc-proto
    libxml2-dev libglib2.0-dev libgnutls28-dev libtirpc-dev libyajl-dev
    libnl-3-dev libnl-route-3-dev libcap-ng-dev libreadline-dev
    libacl1-dev libattr1-dev libselinux1-dev libudev-dev libpciaccess-dev
    libnuma-dev libsasl2-dev libtasn1-6-dev libapparmor-dev
    locales
    augeas-tools bash-completion
)
# Real components the tests and the demo run against; the python3 and gir
# packages are what virt-install 5.0 (trixie's virtinst) imports.
RUNTIME_PACKAGES=(
    ovmf
    python3-libvirt python3-libxml2 python3-gi gir1.2-libosinfo-1.0 python3-requests
)
# SEV-SNP firmware descriptor for Debian's OVMF.fd, for firmware autoselection
FIRMWARE_DESCRIPTOR=50-libvirt-snp-ovmf-sev-snp.json
# QEMU 10.0 comes from bookworm-backports; bookworm itself has 7.2.
QEMU_PACKAGE=qemu-system-x86
QEMU_MIN_VERSION=1:10.0

APT_ETC=${SNP_APT_ETC:-/etc/apt}   # overridable to test the source parsing
SOURCES_FILE=$APT_ETC/sources.list.d/libvirt-snp.sources

need_root() {
    [ "$(id -u)" = 0 ] || snp_die "setup must $1; run it as root (for example: sudo $0)"
}

# Print "URI<TAB>SIGNED-BY" of the enabled `deb` entry that serves suite $1,
# from both the deb822 (*.sources) and the one-line (*.list) formats.
find_mirror() {
    local suite=$1 f
    for f in "$APT_ETC"/sources.list.d/*.sources; do
        [ -e "$f" ] && [ "$f" != "$SOURCES_FILE" ] || continue
        awk -v want="$suite" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " want " ") && uri != "")
                    { print uri "\t" signed; found = 1; exit }
                types = ""; suites = ""; uri = ""; signed = ""; enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
                if (key == "types") types = $0
                else if (key == "suites") suites = $0
                else if (key == "uris") { split($0, u, " "); uri = u[1] }
                else if (key == "signed-by") signed = $0
                else if (key == "enabled") enabled = tolower($0)
            }
            END { if (!found) flush() }' "$f"
    done
    for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do
        [ -e "$f" ] || continue
        awk -v want="$suite" '
            $1 == "deb" {
                i = 2; signed = ""
                if ($2 ~ /^\[/) {
                    while (i <= NF) {
                        if ($i ~ /^\[?signed-by=/) { signed = $i; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
                        if ($i ~ /\]$/) { i++; break }
                        i++
                    }
                }
                if ($(i + 1) == want) { print $i "\t" signed; exit }
            }' "$f"
    done
}

# Does any enabled apt source already carry entries of type $1 for suite $2?
have_entry() {
    local type=$1 suite=$2
    apt-get indextargets --format '$(TARGET_OF) $(RELEASE)' 2>/dev/null |
        awk -v t="$type" -v s="$suite" '$1 == t && $2 == s { f = 1 } END { exit !f }'
}

configure_sources() {
    local wanted="" mirror uri signed
    mirror=$(find_mirror bookworm | head -n1)
    [ -n "$mirror" ] || snp_die "no enabled apt source serves 'bookworm'; cannot derive a mirror for deb-src and bookworm-backports"
    uri=${mirror%%$'\t'*}
    signed=${mirror#*$'\t'}

    entry() {
        printf 'Types: %s\nURIs: %s\nSuites: %s\nComponents: main\n' "$1" "$uri" "$2"
        [ -z "$signed" ] || printf 'Signed-By: %s\n' "$signed"
    }
    if [ -e "$SOURCES_FILE" ] || ! have_entry deb-src bookworm; then
        wanted+=$'\n'$(entry deb-src bookworm)$'\n'
    fi
    if [ -e "$SOURCES_FILE" ] || ! have_entry deb bookworm-backports; then
        wanted+=$'\n'$(entry deb bookworm-backports)$'\n'
    fi
    [ -n "$wanted" ] || return 1
    wanted="# Written by libvirt-snp's devel/setup.sh, from the mirror of the existing 'bookworm' entry."$'\n'"$wanted"
    if [ -e "$SOURCES_FILE" ] && [ "$(cat "$SOURCES_FILE")" = "$(printf '%s' "$wanted")" ]; then
        return 1
    fi
    need_root "add apt sources"
    snp_log "adding deb-src and bookworm-backports entries for $uri"
    printf '%s' "$wanted" > "$SOURCES_FILE"
    return 0
}

# vshtabletest needs a UTF-8 locale (it skips itself without one).
TEST_LOCALE=en_US.UTF-8

have_locale() {
    locale -a 2>/dev/null | grep -qix 'en_US\.utf-\?8'
}

generate_locale() {
    need_root "generate the $TEST_LOCALE locale"
    snp_log "generating the $TEST_LOCALE locale"
    if grep -q "^# *$TEST_LOCALE UTF-8" /etc/locale.gen; then
        sed -i "s/^# *\($TEST_LOCALE UTF-8\)/\1/" /etc/locale.gen
    elif ! grep -q "^$TEST_LOCALE UTF-8" /etc/locale.gen; then
        echo "$TEST_LOCALE UTF-8" >> /etc/locale.gen
    fi
    locale-gen >/dev/null
}

# The QEMU driver runs QEMU as Debian's libvirt does, as libvirt-qemu (the
# build's default, from meson); Debian's libvirt-daemon-system creates it.
QEMU_ACCOUNT=libvirt-qemu

have_account() {
    getent group "$QEMU_ACCOUNT" >/dev/null && getent passwd "$QEMU_ACCOUNT" >/dev/null
}

create_account() {
    need_root "create the $QEMU_ACCOUNT user and group"
    snp_log "creating the $QEMU_ACCOUNT system user and group"
    getent group "$QEMU_ACCOUNT" >/dev/null || groupadd --system "$QEMU_ACCOUNT"
    getent passwd "$QEMU_ACCOUNT" >/dev/null ||
        useradd --system --gid "$QEMU_ACCOUNT" --home-dir /var/lib/libvirt --no-create-home \
                --shell /usr/sbin/nologin --comment "Libvirt Qemu" "$QEMU_ACCOUNT"
}

installed_version() {
    dpkg-query -W -f='${db:Status-Status} ${Version}\n' "$1" 2>/dev/null |
        awk '$1 == "installed" { print $2 }'
}

# The built libvirt looks for firmware descriptors below its own sysconfdir;
# Debian's ovmf ships none for SEV-SNP guests.
install_firmware_descriptor() {
    local src=$SNP_TOP/examples/firmware/$FIRMWARE_DESCRIPTOR
    local dst=$SNP_SYSCONFDIR/qemu/firmware/$FIRMWARE_DESCRIPTOR
    cmp -s "$src" "$dst" && return 0
    need_root "install $dst"
    snp_log "installing the SEV-SNP firmware descriptor $dst"
    install -D -m 0644 "$src" "$dst"
}

# virt-install 5.0 is in trixie only: download its package (virt-install;
# virtinst is a transitional package there) through an apt
# configuration of our own (the machine's sources are left alone), from the
# mirror of the existing 'bookworm' entry, and unpack it in the build tree.
fetch_virt_install() {
    local mirror uri signed apt=$SNP_BUILD/apt-trixie deb
    [ -x "$SNP_VIRTINST/usr/bin/virt-install" ] && return 0
    mirror=$(find_mirror bookworm | head -n1)
    [ -n "$mirror" ] || snp_die "no enabled apt source serves 'bookworm'; cannot derive a mirror for trixie"
    uri=${mirror%%$'\t'*}
    signed=${mirror#*$'\t'}

    snp_log "downloading virt-install 5.0 from trixie at $uri"
    rm -rf "$apt"
    mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/parts" "$apt/pkg"
    {
        printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\n' "$uri"
        [ -z "$signed" ] || printf 'Signed-By: %s\n' "$signed"
    } > "$apt/trixie.sources"
    local opts=(-q -o "Dir::Etc::SourceList=$apt/trixie.sources" -o "Dir::Etc::SourceParts=$apt/parts"
                -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives"
                -o "Dir::Cache::pkgcache=$apt/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$apt/srcpkgcache.bin"
                -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
    apt-get "${opts[@]}" update > "$apt/update.log"
    (cd "$apt/pkg" && apt-get "${opts[@]}" download virt-install > "$apt/download.log")
    deb=$(ls "$apt"/pkg/virt-install_*_all.deb)
    case $(basename "$deb") in
        virt-install_1%3a5.*|virt-install_5.*) ;;
        *) snp_die "trixie's virt-install is $(basename "$deb"), not 5.x" ;;
    esac
    rm -rf "$SNP_VIRTINST"
    dpkg-deb -x "$deb" "$SNP_VIRTINST"
    snp_log "virt-install $(basename "$deb") unpacked in $SNP_VIRTINST"
}

main() {
    if [ "${1:-}" = --print-mirror ]; then
        find_mirror "${2:-bookworm}"
        return 0
    fi

    local missing=() pkg qemu_ok=1 updated=0

    command -v apt-get >/dev/null || snp_die "this setup is for Debian 12 (bookworm): apt-get not found"

    if configure_sources; then
        apt-get update -q
        updated=1
    fi

    for pkg in "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"; do
        [ -n "$(installed_version "$pkg")" ] || missing+=("$pkg")
    done
    local qv
    qv=$(installed_version "$QEMU_PACKAGE")
    if [ -z "$qv" ] || dpkg --compare-versions "$qv" lt "$QEMU_MIN_VERSION"; then
        qemu_ok=0
    fi

    if [ ${#missing[@]} -eq 0 ] && [ $qemu_ok = 1 ]; then
        have_locale || generate_locale
        have_account || create_account
        install_firmware_descriptor
        fetch_virt_install
        snp_log "setup: all packages present (QEMU $qv)"
        return 0
    fi

    need_root "install packages (${missing[*]} ${QEMU_PACKAGE})"
    [ $updated = 1 ] || apt-get update -q
    export DEBIAN_FRONTEND=noninteractive
    if [ ${#missing[@]} -gt 0 ]; then
        snp_log "installing: ${missing[*]}"
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
    if [ $qemu_ok = 0 ]; then
        snp_log "installing $QEMU_PACKAGE from bookworm-backports"
        apt-get install -y -q --no-install-recommends -t bookworm-backports "$QEMU_PACKAGE"
        qv=$(installed_version "$QEMU_PACKAGE")
        dpkg --compare-versions "$qv" ge "$QEMU_MIN_VERSION" ||
            snp_die "$QEMU_PACKAGE $qv installed, but $QEMU_MIN_VERSION or newer is needed"
    fi
    have_locale || generate_locale
    have_account || create_account
    install_firmware_descriptor
    fetch_virt_install
}

main "$@"
