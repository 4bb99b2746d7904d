/*
 * qemusevsnphosttest.c: the SEV-SNP host in the QEMU driver: domain
 * capabilities, the capabilities cache and the checks at start
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "testutilssnp.h"
#include "testutilsqemu.h"
#include "qemu/qemu_sev.h"
#include "security/security_manager.h"
#include "virstring.h"
#include "virxml.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define DATADIR abs_srcdir "/qemusevsnphostdata"
#define CAPS_AMDSEV TEST_QEMU_CAPS_PATH "/caps_debian-10.0.2-amdsev.x86_64.xml"
#define CAPS_NOSEV TEST_QEMU_CAPS_PATH "/caps_debian-10.0.2.x86_64.xml"

static virQEMUDriver driver;


static virSEVSNPHost *
testProbe(const char *host)
{
    g_autofree virSEVSNPHost *snap = NULL;

    g_setenv("LIBVIRT_SNP_MOCK_HOST", host, TRUE);
    snap = virSEVSNPHostProbe();
    g_unsetenv("LIBVIRT_SNP_MOCK_HOST");

    return g_steal_pointer(&snap);
}


/* ------------------------------------------------------------------ */
/* Domain capabilities                                                 */

struct testDomCapsData {
    const char *host;       /* mocked host, NULL: not probed */
    const char *caps;
    virDomainVirtType virttype;
    const char *output;     /* file name in DATADIR */
};

static int
testDomCaps(const void *opaque)
{
    const struct testDomCapsData *data = opaque;
    g_autoptr(virQEMUCaps) qemuCaps = NULL;
    g_autoptr(virDomainCaps) domCaps = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *output = g_strdup_printf("%s/%s", DATADIR, data->output);

    if (!(qemuCaps = qemuTestParseCapabilitiesArch(VIR_ARCH_X86_64, data->caps)))
        return -1;
    if (data->host)
        virQEMUCapsSetSEVSNPHost(qemuCaps, testProbe(data->host));

    if (!(domCaps = virDomainCapsNew("/usr/bin/qemu-system-x86_64", "pc-q35-10.0",
                                     VIR_ARCH_X86_64, data->virttype)))
        return -1;

    qemuSEVSNPFillDomainCaps(qemuCaps, domCaps);

    if (!(xml = virDomainCapsFormat(domCaps)))
        return -1;

    if (virTestCompareToFile(xml, output) < 0)
        return -1;

    if (!(doc = virXMLParseStringCtxt(xml, "(domain capabilities)", NULL)) ||
        virXMLValidateAgainstSchema(abs_top_srcdir "/src/conf/schemas/domaincaps.rng", doc) < 0)
        return -1;

    return 0;
}


/* ------------------------------------------------------------------ */
/* The capabilities cache                                              */

static int
testCacheRoundTrip(const void *opaque)
{
    const char *host = opaque;
    g_autofree virSEVSNPHost *snap = testProbe(host);
    g_autofree virSEVSNPHost *parsed = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_auto(virBuffer) again = VIR_BUFFER_INITIALIZER;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autofree char *reason1 = NULL;
    g_autofree char *reason2 = NULL;

    virBufferAddLit(&buf, "<qemuCaps>\n");
    virBufferAdjustIndent(&buf, 2);
    qemuSEVSNPCapsFormatHost(&buf, snap);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</qemuCaps>\n");
    first = virBufferContentAndReset(&buf);

    if (!(doc = virXMLParseStringCtxt(first, "(cache)", &ctxt)))
        return -1;
    if (qemuSEVSNPCapsParseHost(ctxt, &parsed) < 0 || !parsed)
        return -1;

    virBufferAddLit(&again, "<qemuCaps>\n");
    virBufferAdjustIndent(&again, 2);
    qemuSEVSNPCapsFormatHost(&again, parsed);
    virBufferAdjustIndent(&again, -2);
    virBufferAddLit(&again, "</qemuCaps>\n");
    second = virBufferContentAndReset(&again);

    if (STRNEQ(first, second)) {
        virTestDifference(stderr, first, second);
        return -1;
    }

    /* What the snapshot means survives too. */
    if (virSEVSNPHostGetState(snap, &reason1) != virSEVSNPHostGetState(parsed, &reason2) ||
        STRNEQ_NULLABLE(reason1, reason2)) {
        VIR_TEST_DEBUG("state differs after the round trip");
        return -1;
    }

    if (STREQ(host, "milan"))
        return virTestCompareToFile(first, DATADIR "/cache-milan.xml");
    return 0;
}


struct testCacheDamageData {
    const char *name;
    const char *from;
    const char *to;
    const char *error;
};

/* A damaged snapshot makes the cache entry unusable (it is probed again)
 * and says which element is wrong. */
static int
testCacheDamaged(const void *opaque)
{
    const struct testCacheDamageData *data = opaque;
    g_autofree char *xml = NULL;
    g_autofree char *damaged = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autofree virSEVSNPHost *parsed = NULL;

    if (virTestLoadFile(DATADIR "/cache-milan.xml", &xml) < 0)
        return -1;
    if (!strstr(xml, data->from)) {
        VIR_TEST_DEBUG("'%s' is not in the cache file", data->from);
        return -1;
    }
    damaged = virStringReplace(xml, data->from, data->to);

    if (!(doc = virXMLParseStringCtxt(damaged, "(cache)", &ctxt)))
        return -1;

    if (testSNPCheckError(data->name, qemuSEVSNPCapsParseHost(ctxt, &parsed), data->error) < 0)
        return -1;
    if (parsed) {
        VIR_TEST_DEBUG("a snapshot was returned");
        return -1;
    }
    return 0;
}


/* A cache without a snapshot (an older libvirt-snp, or QEMU without
 * sev-snp-guest) has none, and that is no error. */
static int
testCacheNone(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    virSEVSNPHost dummy = { 0 };
    virSEVSNPHost *parsed = &dummy;

    if (!(doc = virXMLParseStringCtxt("<qemuCaps/>", "(cache)", &ctxt)))
        return -1;
    if (qemuSEVSNPCapsParseHost(ctxt, &parsed) < 0 || parsed)
        return -1;
    return 0;
}


/* ------------------------------------------------------------------ */
/* Checks at start                                                     */

struct testStartData {
    const char *name;
    const char *host;
    const char *launchSecurity;     /* children of <launchSecurity> */
    int snpGuests;                  /* >= 0: pretend so many SNP guests run */
    const char *error;              /* NULL: the check passes */
};

static virDomainDef *
testParseGuest(const char *launchSecurity)
{
    g_autofree char *xml = g_strdup_printf(
        "<domain type='kvm'>\n"
        "  <name>snp</name>\n"
        "  <memory>1048576</memory>\n"
        "  <vcpu>2</vcpu>\n"
        "  <os>\n"
        "    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>\n"
        "    <loader type='rom'>/usr/share/ovmf/OVMF.fd</loader>\n"
        "  </os>\n"
        "  <launchSecurity type='sev-snp'>\n"
        "    %s\n"
        "  </launchSecurity>\n"
        "</domain>\n", launchSecurity);

    return virDomainDefParseString(xml, driver.xmlopt, NULL,
                                   VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                   VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE);
}


static int
testStart(const void *opaque)
{
    const struct testStartData *data = opaque;
    g_autofree virSEVSNPHost *host = testProbe(data->host);
    g_autoptr(virDomainDef) def = NULL;
    int rc;

    if (!(def = testParseGuest(data->launchSecurity)))
        return -1;

    if (data->snpGuests >= 0)
        host->snp.guestCount = data->snpGuests;

    rc = qemuSEVSNPValidateHost(def, host);

    if (!data->error) {
        if (rc < 0)
            VIR_TEST_DEBUG("%s: %s", data->name, virGetLastErrorMessage());
        return rc;
    }

    return testSNPCheckError(data->name, rc, data->error);
}


/* Firmware settings can leave SEV-ES and SEV-SNP guests no ASID at all. */
static int
testStartNoASID(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("milan");
    g_autoptr(virDomainDef) def = NULL;

    if (!(def = testParseGuest("<policy>0x30000</policy>")))
        return -1;

    host->cpuid.edx = 1;
    host->snp.guestCount = 0;
    return testSNPCheckError("no ASID", qemuSEVSNPValidateHost(def, host),
                          "Operation not supported: cannot start the SEV-SNP guest 'snp': the firmware settings of this host leave no ASIDs for SEV-ES and SEV-SNP guests (CPUID Fn8000_001F EDX is 1)");
}


struct testPlatformData {
    const char *name;
    const char *caps;
    const char *host;       /* NULL: not probed */
    unsigned int cbitpos;
    unsigned int reducedPhysBits;
    const char *error;
};

/* cbitpos and reducedPhysBits come from QEMU's SEV probe, or from the
 * CPU when QEMU found no SEV. */
static int
testPlatformInfo(const void *opaque)
{
    const struct testPlatformData *data = opaque;
    g_autoptr(virQEMUCaps) qemuCaps = NULL;
    g_autoptr(virDomainDef) def = NULL;
    virDomainSEVSNPDef *snp;
    int rc;

    if (!(qemuCaps = qemuTestParseCapabilitiesArch(VIR_ARCH_X86_64, data->caps)))
        return -1;
    if (data->host)
        virQEMUCapsSetSEVSNPHost(qemuCaps, testProbe(data->host));
    if (!(def = testParseGuest("<policy>0x30000</policy>")))
        return -1;
    snp = &def->sec->data.sev_snp;

    rc = qemuSEVSNPUpdatePlatformInfo(snp, qemuCaps);
    if (data->error)
        return testSNPCheckError(data->name, rc, data->error);
    if (rc < 0)
        return -1;

    if (!snp->haveCbitpos || snp->cbitpos != data->cbitpos ||
        !snp->haveReducedPhysBits || snp->reduced_phys_bits != data->reducedPhysBits) {
        VIR_TEST_DEBUG("%s: cbitpos %u reducedPhysBits %u", data->name,
                       snp->cbitpos, snp->reduced_phys_bits);
        return -1;
    }
    return 0;
}


/* ------------------------------------------------------------------ */
/* /dev/sev for the QEMU of the guest                                   */

struct testDevSEVData {
    const char *name;
    const char *launchSecurity;     /* the element, or "" for none */
    bool labelled;
};

/* With mount namespaces, the DAC driver hands /dev/sev of the guest's
 * namespace to the QEMU user of SEV and SEV-SNP guests, and of no other. */
static int
testDevSEVLabel(const void *opaque)
{
    const struct testDevSEVData *data = opaque;
    virSecurityManager *mgr = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *dir = g_strdup_printf("%s/qemusevsnphosttest-XXXXXX", abs_builddir);
    g_autofree char *log = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *chowns = NULL;
    bool labelled;
    int ret = -1;

    if (!g_mkdtemp(dir))
        return -1;
    log = g_strdup_printf("%s/chown.log", dir);

    xml = g_strdup_printf("<domain type='kvm'>\n"
                          "  <name>snp</name>\n"
                          "  <memory>1048576</memory>\n"
                          "  <vcpu>1</vcpu>\n"
                          "  <os>\n"
                          "    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>\n"
                          "  </os>\n"
                          "  %s\n"
                          "</domain>\n", data->launchSecurity);

    if (!(mgr = virSecurityManagerNewDAC("test", 107, 107,
                                         VIR_SECURITY_MANAGER_PRIVILEGED |
                                         VIR_SECURITY_MANAGER_DYNAMIC_OWNERSHIP |
                                         VIR_SECURITY_MANAGER_MOUNT_NAMESPACE,
                                         NULL)) ||
        !(def = virDomainDefParseString(xml, driver.xmlopt, NULL,
                                        VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                        VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)) ||
        virSecurityManagerGenLabel(mgr, def) < 0)
        goto cleanup;

    g_setenv("LIBVIRT_SNP_MOCK_CHOWN_LOG", log, TRUE);
    if (virSecurityManagerSetAllLabel(mgr, def, NULL, false, false) < 0) {
        g_unsetenv("LIBVIRT_SNP_MOCK_CHOWN_LOG");
        goto cleanup;
    }
    g_unsetenv("LIBVIRT_SNP_MOCK_CHOWN_LOG");

    if (!g_file_get_contents(log, &chowns, NULL, NULL))
        chowns = g_strdup("");

    labelled = !!strstr(chowns, "/dev/sev 107:107\n");
    if (labelled != data->labelled) {
        VIR_TEST_DEBUG("%s: /dev/sev %slabelled; chown calls:\n%s", data->name,
                       labelled ? "" : "not ", chowns);
        goto cleanup;
    }

    ret = 0;
 cleanup:
    virObjectUnref(mgr);
    unlink(log);
    rmdir(dir);
    return ret;
}


static int
mymain(void)
{
    int ret = 0;

    if (qemuTestDriverInit(&driver) < 0)
        return EXIT_FAILURE;

#define DOMCAPS(host, caps, virttype, output) \
    do { \
        struct testDomCapsData data = { host, caps, virttype, output }; \
        if (virTestRun("domcaps " output, testDomCaps, &data) < 0) \
            ret = -1; \
    } while (0)

    DOMCAPS("milan", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-milan.xml");
    DOMCAPS("genoa", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-genoa.xml");
    DOMCAPS("old-kernel", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-old-kernel.xml");
    DOMCAPS("sev-only", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-sev-only.xml");
    DOMCAPS("rmp-uninit", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-rmp-uninit.xml");
    DOMCAPS("no-dev-sev", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-no-dev-sev.xml");
    DOMCAPS("eacces", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-eacces.xml");
    DOMCAPS("ebusy", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-ebusy.xml");
    DOMCAPS("fw-error", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-fw-error.xml");
    DOMCAPS("no-vm-type", CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-no-vm-type.xml");
    DOMCAPS("intel", CAPS_NOSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-intel.xml");
    /* QEMU's SEV probe failed, SNP works: sev-snp without sev */
    DOMCAPS("milan", CAPS_NOSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-milan-no-qemu-sev.xml");
    DOMCAPS("milan", CAPS_AMDSEV, VIR_DOMAIN_VIRT_QEMU, "domcaps-milan-tcg.xml");
    DOMCAPS(NULL, CAPS_AMDSEV, VIR_DOMAIN_VIRT_KVM, "domcaps-not-probed.xml");

    if (virTestRun("cache round trip milan", testCacheRoundTrip, "milan") < 0)
        ret = -1;
    if (virTestRun("cache round trip genoa", testCacheRoundTrip, "genoa") < 0)
        ret = -1;
    if (virTestRun("cache round trip intel", testCacheRoundTrip, "intel") < 0)
        ret = -1;
    if (virTestRun("cache round trip eacces", testCacheRoundTrip, "eacces") < 0)
        ret = -1;
    if (virTestRun("cache without a snapshot", testCacheNone, NULL) < 0)
        ret = -1;

#define DAMAGED(name, from, to, error) \
    do { \
        struct testCacheDamageData data = { name, from, to, error }; \
        if (virTestRun("cache damaged: " name, testCacheDamaged, &data) < 0) \
            ret = -1; \
    } while (0)

    DAMAGED("missing field", "<snpGuests>2</snpGuests>", "",
            "internal error: missing or malformed <snpGuests> in the SEV-SNP host data of the QEMU capabilities cache");
    DAMAGED("bad tristate", "<paramSNP>yes</paramSNP>", "<paramSNP>maybe</paramSNP>",
            "internal error: missing or malformed <paramSNP> in the SEV-SNP host data of the QEMU capabilities cache");
    DAMAGED("bad bool", "<cpuidValid>yes</cpuidValid>", "<cpuidValid>absent</cpuidValid>",
            "internal error: missing or malformed <cpuidValid> in the SEV-SNP host data of the QEMU capabilities cache");
    DAMAGED("negative unsigned", "<snpAPIMinor>55</snpAPIMinor>", "<snpAPIMinor>-55</snpAPIMinor>",
            "internal error: missing or malformed <snpAPIMinor> in the SEV-SNP host data of the QEMU capabilities cache");
    DAMAGED("32-bit overflow", "<cpuidEDX>100</cpuidEDX>", "<cpuidEDX>4294967296</cpuidEDX>",
            "internal error: missing or malformed <cpuidEDX> in the SEV-SNP host data of the QEMU capabilities cache");
    DAMAGED("not a number", "<kvmPolicyBits>1835007</kvmPolicyBits>", "<kvmPolicyBits>0x1bffff</kvmPolicyBits>",
            "internal error: missing or malformed <kvmPolicyBits> in the SEV-SNP host data of the QEMU capabilities cache");

#define START(name, host, ls, guests, error) \
    do { \
        struct testStartData data = { name, host, ls, guests, error }; \
        if (virTestRun("start: " name, testStart, &data) < 0) \
            ret = -1; \
    } while (0)

    START("milan default policy", "milan", "<policy>0x30000</policy>", -1, NULL);
    START("genoa without SMT on a host without SMT", "genoa", "<policy>0x20000</policy>", -1, NULL);
    START("genoa with bits Linux 6.19 accepts", "genoa", "<policy>0x1830000</policy>", -1, NULL);
    START("milan minimum ABI met", "milan", "<policy>0x30137</policy>", -1, NULL);
    START("milan cbitpos of the host", "milan",
          "<cbitpos>51</cbitpos><reducedPhysBits>1</reducedPhysBits><policy>0x30000</policy>", -1, NULL);
    START("milan one slot left", "milan", "<policy>0x30000</policy>", 98, NULL);

    START("no SNP: module parameter off", "sev-only", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: the kvm_amd parameter sev_snp is off: SEV-SNP is disabled in the firmware settings or on the kernel command line, or KVM could not set it up");
    START("no SNP: no /dev/sev", "no-dev-sev", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: /dev/sev does not exist: the ccp driver found no AMD Platform Security Processor");
    START("no SNP: RMP", "rmp-uninit", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: the SEV firmware has not initialised the RMP table");
    START("no SNP: VM type", "no-vm-type", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: KVM does not offer the SEV-SNP VM type (KVM_CAP_VM_TYPES is 0x0): Linux 6.11 or newer is needed");
    START("no SNP: Intel", "intel", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: the CPU does not offer SEV-SNP (CPUID Fn8000_001F EAX bit 4 is clear)");
    START("no SNP: firmware error", "fw-error", "<policy>0x30000</policy>", -1,
          "Operation not supported: cannot start the SEV-SNP guest 'snp': this host cannot run SEV-SNP guests: SNP_PLATFORM_STATUS failed: Input/output error (firmware status 0x13 HWSEV_RET_PLATFORM: a hardware condition occurred)");
    START("policy: MIGRATE_MA on Linux 6.12", "milan", "<policy>0x70000</policy>", -1,
          "unsupported configuration: launch security <policy> 0x70000 sets bits that KVM on this host does not accept: MIGRATE_MA (bit 18) (the kernel does not report its policy bits; those of Linux 6.11 apply)");
    START("policy: AES-256-XTS on Genoa", "genoa", "<policy>0x430000</policy>", -1,
          "unsupported configuration: launch security <policy> 0x430000 sets bits that KVM on this host does not accept: MEM_AES_256_XTS (bit 22)");
    START("policy: ciphertext hiding and RAPL on Linux 6.12", "milan", "<policy>0x1830000</policy>", -1,
          "unsupported configuration: launch security <policy> 0x1830000 sets bits that KVM on this host does not accept: RAPL_DIS (bit 23), CIPHERTEXT_HIDING_DRAM (bit 24) (the kernel does not report its policy bits; those of Linux 6.11 apply)");
    START("policy: ABI minor above the firmware's", "milan", "<policy>0x30138</policy>", -1,
          "unsupported configuration: launch security <policy> 0x30138 requires SEV-SNP firmware ABI 1.56 or newer, but this host's firmware has 1.55");
    START("policy: ABI major above the firmware's", "genoa", "<policy>0x30200</policy>", -1,
          "unsupported configuration: launch security <policy> 0x30200 requires SEV-SNP firmware ABI 2.0 or newer, but this host's firmware has 1.57");
    START("policy: no SMT on an SMT host", "milan", "<policy>0x20000</policy>", -1,
          "unsupported configuration: launch security <policy> 0x20000 does not allow SMT (bit 16 is clear), but SMT is active on this host: set the bit or turn SMT off (/sys/devices/system/cpu/smt/active)");
    START("cbitpos other than the CPU's", "milan",
          "<cbitpos>47</cbitpos><reducedPhysBits>1</reducedPhysBits><policy>0x30000</policy>", -1,
          "unsupported configuration: launch security <cbitpos> is 47, but this host's CPU has the C-bit at position 51");
    START("no free slot", "milan", "<policy>0x30000</policy>", 99,
          "operation failed: cannot start the SEV-SNP guest 'snp': 99 SEV-SNP guests already use all 99 ASIDs that SEV-ES and SEV-SNP guests share");

    if (virTestRun("start: no ASID for SNP guests", testStartNoASID, NULL) < 0)
        ret = -1;

#define PLATFORM(name, caps, host, cbit, rpb, error) \
    do { \
        struct testPlatformData data = { name, caps, host, cbit, rpb, error }; \
        if (virTestRun("platform info: " name, testPlatformInfo, &data) < 0) \
            ret = -1; \
    } while (0)

    PLATFORM("from QEMU's SEV probe", CAPS_AMDSEV, "intel", 51, 1, NULL);
    PLATFORM("from the CPU", CAPS_NOSEV, "milan", 51, 1, NULL);
    PLATFORM("SEV-only host, from the CPU", CAPS_NOSEV, "sev-only", 51, 1, NULL);
    PLATFORM("Intel host", CAPS_NOSEV, "intel", 0, 0,
             "Operation not supported: cannot fill in launch security <cbitpos> and <reducedPhysBits>: this host cannot run SEV-SNP guests: the CPU does not offer SEV-SNP (CPUID Fn8000_001F EAX bit 4 is clear)");
    PLATFORM("not probed", CAPS_NOSEV, NULL, 0, 0,
             "Operation not supported: cannot fill in launch security <cbitpos> and <reducedPhysBits>: this host reports no AMD SEV capabilities");

#define DEVSEV(name, ls, labelled) \
    do { \
        struct testDevSEVData data = { name, ls, labelled }; \
        if (virTestRun("/dev/sev label: " name, testDevSEVLabel, &data) < 0) \
            ret = -1; \
    } while (0)

    DEVSEV("sev-snp guest",
           "<launchSecurity type='sev-snp'><policy>0x30000</policy></launchSecurity>", true);
    DEVSEV("sev guest",
           "<launchSecurity type='sev'><policy>0x0003</policy></launchSecurity>", true);
    DEVSEV("guest without launch security", "", false);

    qemuTestDriverFree(&driver);

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN_PRELOAD(mymain, VIR_TEST_MOCK("virsevsnphost"))
