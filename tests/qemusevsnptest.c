/*
 * qemusevsnptest.c: what the QEMU driver does for an SEV-SNP guest at start
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
#include "virhostcpu.h"
#include "virtypedparam.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define DATADIR abs_srcdir "/virsevsnpmeasuredata"

static virQEMUDriver driver;
static char *tmpdir;

/* Launch digests of the project's vectors. */
#define V_HASHES_NOKERNEL "e7cf97493485f1a435a38ea93f9e7b57a483209a9e69846db27110b44cab02cdd82aab36cadecd1ba5ff510b4b64b877"
#define V_MILAN_2 "23b3ca32b66253054322302f1829ef2c0316852c31139641e1178da59d56c8e82064c2463299aeb83b07c900f48f2415"
#define V_ROME_3 "14db7f9e22e2bd261ef9f02bdaf9e95847f86168f095f683346d77b01b22d56e56d3ba58ff1c46f4a6dad0c81c477914"

struct testData {
    const char *name;
    const char *firmware;   /* file name in DATADIR, or an absolute path */
    unsigned int vcpus;
    const char *cpu;        /* <cpu> element */
    bool kernelHashes;
    const char *idBlockDigest;  /* hex LD for an <idBlock>, or NULL for none */
    unsigned long long idBlockPolicy;
    const char *digest;     /* expected, hex; or NULL with @error */
    const char *error;      /* expected message; %s is the firmware's path */
};


/* An ID block (96 bytes) with launch digest @hex and @policy, in base64. */
static char *
testIdBlock(const char *hex, unsigned long long policy)
{
    unsigned char block[96] = { 0 };
    size_t i;

    if (virSEVSNPHexParse(hex, block, 48) < 0)
        return NULL;
    block[0x50] = 1;    /* VERSION */
    for (i = 0; i < 8; i++)
        block[0x58 + i] = (policy >> (8 * i)) & 0xff;

    return g_base64_encode(block, sizeof(block));
}


static int
testPrepareLaunch(const void *opaque)
{
    const struct testData *data = opaque;
    g_autofree char *firmware = g_path_is_absolute(data->firmware) ?
        g_strdup(data->firmware) : g_strdup_printf("%s/%s", DATADIR, data->firmware);
    g_autofree char *idblock = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *hex = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(qemuSEVSNPLaunch) launch = NULL;
    int rc;

    if (data->idBlockDigest) {
        g_autofree char *b64 = testIdBlock(data->idBlockDigest, data->idBlockPolicy);

        if (!b64)
            return -1;
        idblock = g_strdup_printf("<idBlock>%s</idBlock>", b64);
    }

    xml = g_strdup_printf("<domain type='kvm'>\n"
                          "  <name>snp</name>\n"
                          "  <memory>1048576</memory>\n"
                          "  <vcpu>%u</vcpu>\n"
                          "  <os>\n"
                          "    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>\n"
                          "    <loader type='rom'>%s</loader>\n"
                          "    <kernel>%s/kernel.bin</kernel>\n"
                          "    <initrd>%s/initrd.bin</initrd>\n"
                          "    <cmdline>console=ttyS0</cmdline>\n"
                          "  </os>\n"
                          "  %s\n"
                          "  <launchSecurity type='sev-snp' kernelHashes='%s'>\n"
                          "    <policy>0x30000</policy>\n"
                          "    %s\n"
                          "  </launchSecurity>\n"
                          "</domain>\n",
                          data->vcpus, firmware, DATADIR, DATADIR, NULLSTR_EMPTY(data->cpu),
                          data->kernelHashes ? "yes" : "no", NULLSTR_EMPTY(idblock));

    if (!(def = virDomainDefParseString(xml, driver.xmlopt, NULL,
                                        VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                        VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)))
        return -1;

    rc = qemuSEVSNPPrepareLaunch(def, &launch);

    if (data->error) {
        g_autofree char *expect = g_strdup_printf(data->error, firmware);

        return testSNPCheckError(data->name, rc, expect);
    }

    if (rc < 0)
        return -1;

    hex = virSEVSNPHexFormat(launch->measurement, sizeof(launch->measurement));
    if (STRNEQ(hex, data->digest)) {
        VIR_TEST_DEBUG("%s: digest %s, expected %s", data->name, hex, data->digest);
        return -1;
    }

    /* The record of what the guest was launched with. */
    if (STRNEQ(launch->firmware, firmware) || launch->vcpus != data->vcpus ||
        launch->guestFeatures != VIR_SEV_SNP_GUEST_FEATURES_DEFAULT ||
        launch->kernelHashes != data->kernelHashes || launch->policy != 0x30000) {
        VIR_TEST_DEBUG("%s: launch record differs from the definition", data->name);
        return -1;
    }

    return 0;
}


/* host-passthrough takes the host's signature: compare with a computation
 * given that signature directly. */
static int
testHostPassthrough(const void *opaque G_GNUC_UNUSED)
{
    uint32_t signature = 0;
    virSEVSNPMeasurement expect;
    g_autofree char *hex = NULL;
    virSEVSNPMeasureInput input = {
        .firmware = DATADIR "/snp-fw-plain.fd",
        .nvcpus = 3,
        .guestFeatures = VIR_SEV_SNP_GUEST_FEATURES_DEFAULT,
    };
    struct testData data = {
        "host-passthrough", "snp-fw-plain.fd", 3, "<cpu mode='host-passthrough'/>",
        false, NULL, 0, NULL, NULL,
    };

    virHostCPUX86GetCPUID(1, 0, &signature, NULL, NULL, NULL);
    input.vcpuSignature = signature;
    if (virSEVSNPMeasure(&input, &expect) < 0)
        return -1;

    hex = virSEVSNPHexFormat(expect.digest, sizeof(expect.digest));
    data.digest = hex;
    return testPrepareLaunch(&data);
}


struct testParamsData {
    const char *name;
    bool record;            /* whether the guest has its launch record */
    const char *reply;      /* QEMU's reply to query-sev */
    const char *expect;     /* "name=value,..." or, on error, the message */
    bool error;
};

static int
testParams(const void *opaque)
{
    const struct testParamsData *data = opaque;
    g_autoptr(qemuSEVSNPLaunch) launch = g_new0(qemuSEVSNPLaunch, 1);
    g_autoptr(GString) actual = g_string_new(NULL);
    virTypedParameterPtr params = NULL;
    qemuSEVSNPQuery query = { 0 };
    int nparams = 0;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(launch->measurement); i++)
        launch->measurement[i] = i;

    rc = qemuSEVSNPParseQuery(data->reply, &query);
    if (rc == 0 && STRNEQ(query.state, "running")) {
        VIR_TEST_DEBUG("%s: state '%s'", data->name, query.state);
        g_free(query.state);
        return -1;
    }
    if (rc == 0)
        rc = qemuSEVSNPLaunchSecurityParams(data->record ? launch : NULL, &query,
                                            &params, &nparams);
    g_free(query.state);
    if (data->error) {
        virTypedParamsFree(params, nparams);
        return testSNPCheckError(data->name, rc, data->expect);
    }

    if (rc < 0)
        return -1;

    for (i = 0; i < nparams; i++) {
        g_autofree char *val = virTypedParameterToString(&params[i]);

        g_string_append_printf(actual, "%s%s=%s", i ? "," : "", params[i].field, val);
    }
    virTypedParamsFree(params, nparams);

    if (STRNEQ(actual->str, data->expect)) {
        VIR_TEST_DEBUG("%s: '%s', expected '%s'", data->name, actual->str, data->expect);
        return -1;
    }

    return 0;
}


/* The firmware accepts only ID blocks of version 1. */
static int
testIdBlockVersion(const void *opaque G_GNUC_UNUSED)
{
    unsigned char block[96] = { 0 };
    unsigned char digest[VIR_SEV_SNP_DIGEST_SIZE] = { 0 };
    g_autofree char *b64 = NULL;
    virDomainSEVSNPDef snp = { .policy = 0x30000 };
    const char *expect = "unsupported configuration: launch security <idBlock> has version 2, but the firmware accepts only version 1";
    int rc;

    block[0x50] = 2;
    block[0x5a] = 0x03;     /* policy 0x30000 */
    snp.id_block = b64 = g_base64_encode(block, sizeof(block));

    rc = qemuSEVSNPCheckIdBlock(&snp, digest);
    return testSNPCheckError("ID block version 2", rc, expect);
}


static int
mymain(void)
{
    int ret = 0;
    g_autofree char *grown = NULL;
    g_autofree char *img = NULL;
    size_t len;

    if (qemuTestDriverInit(&driver) < 0)
        return EXIT_FAILURE;

    if (!(tmpdir = g_dir_make_tmp("qemusevsnptest.XXXXXX", NULL)))
        return EXIT_FAILURE;

    /* snp-fw-plain.fd with a page in front: still measurable, but no longer
     * in whole 64 KiB blocks. */
    grown = g_strdup_printf("%s/grown.fd", tmpdir);
    if (!g_file_get_contents(DATADIR "/snp-fw-plain.fd", &img, &len, NULL))
        return EXIT_FAILURE;
    img = g_realloc(img, len + 4096);
    memmove(img + 4096, img, len);
    memset(img, 0, 4096);
    if (!g_file_set_contents(grown, img, len + 4096, NULL))
        return EXIT_FAILURE;

#define DO_TEST(...) \
    do { \
        struct testData data = { __VA_ARGS__ }; \
        if (virTestRun(data.name, testPrepareLaunch, &data) < 0) \
            ret = -1; \
    } while (0)

#define EPYC_MILAN "<cpu mode='custom' match='exact'><model>EPYC-Milan</model></cpu>"
#define EPYC_ROME "<cpu mode='custom' match='exact'><model>EPYC-Rome</model></cpu>"
#define EPYC "<cpu mode='custom' match='exact'><model>EPYC-v4</model></cpu>"

    DO_TEST("named model, measured direct boot", "snp-fw-kernel-hashes.fd", 2, EPYC_MILAN,
            true, NULL, 0, V_MILAN_2, NULL);
    DO_TEST("kernel not measured without kernelHashes", "snp-fw-kernel-hashes.fd", 1, EPYC,
            false, NULL, 0, V_HASHES_NOKERNEL, NULL);
    DO_TEST("vCPUs and model", "snp-fw-plain.fd", 3, EPYC_ROME,
            false, NULL, 0, V_ROME_3, NULL);
    DO_TEST("matching ID block", "snp-fw-plain.fd", 3, EPYC_ROME,
            false, V_ROME_3, 0x30000, V_ROME_3, NULL);
    DO_TEST("ID block for another digest", "snp-fw-plain.fd", 3, EPYC_ROME,
            false, V_HASHES_NOKERNEL, 0x30000, NULL,
            "unsupported configuration: launch security <idBlock> carries launch digest " V_HASHES_NOKERNEL
            ", but this guest will measure " V_ROME_3 ": the firmware would refuse the launch");
    DO_TEST("ID block for another policy", "snp-fw-plain.fd", 3, EPYC_ROME,
            false, V_ROME_3, 0x70000, NULL,
            "unsupported configuration: launch security <idBlock> carries policy 0x70000, but the guest's <policy> is 0x30000: the firmware would refuse the launch");
    DO_TEST("measured boot, firmware without a kernel-hashes section", "snp-fw-plain.fd", 1, EPYC,
            true, NULL, 0, NULL,
            "unsupported configuration: cannot measure direct kernel boot with firmware '%s': it has no SEV-SNP kernel-hashes section");
    DO_TEST("firmware without SEV metadata", "/usr/share/OVMF/OVMF_CODE_4M.fd", 1, EPYC,
            false, NULL, 0, NULL,
            "unsupported configuration: firmware '%s' cannot launch SEV-SNP guests: it has no SEV metadata");
    DO_TEST("firmware not in 64 KiB blocks", grown, 1, EPYC,
            false, NULL, 0, NULL,
            "unsupported configuration: firmware '%s' cannot launch SEV-SNP guests: QEMU loads it as ROM only in whole 64 KiB blocks");
    DO_TEST("unknown CPU model", "snp-fw-plain.fd", 1,
            "<cpu mode='custom' match='exact'><model>Skylake-Server</model></cpu>",
            false, NULL, 0, NULL,
            "unsupported configuration: the vCPU signature of CPU model 'Skylake-Server' is not known: SEV-SNP guests run on AMD EPYC models");
    DO_TEST("no CPU", "snp-fw-plain.fd", 1, NULL,
            false, NULL, 0, NULL,
            "unsupported configuration: the SEV-SNP launch digest depends on the guest CPU: give <cpu> a named AMD EPYC model, or use host-model or host-passthrough");

    if (virTestRun("host-passthrough takes the host's signature", testHostPassthrough, NULL) < 0)
        ret = -1;

    if (virTestRun("ID block of another version", testIdBlockVersion, NULL) < 0)
        ret = -1;

#define SNP_REPLY "{\"return\": {\"enabled\": true, \"api-major\": 1, \"api-minor\": 55, " \
                  "\"build-id\": 24, \"state\": \"running\", \"sev-type\": \"sev-snp\", " \
                  "\"snp-policy\": 196608}, \"id\": \"libvirt-7\"}"
#define SNP_PARAMS "sev-snp-policy=196608,sev-api-major=1,sev-api-minor=55,sev-build-id=24"

#define DO_TEST_PARAMS(name, record, reply, expect, error) \
    do { \
        struct testParamsData data = { name, record, reply, expect, error }; \
        if (virTestRun("launch security info: " name, testParams, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_PARAMS("SNP guest", true, SNP_REPLY,
                   SNP_PARAMS ",sev-snp-expected-measurement="
                   "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v", false);
    DO_TEST_PARAMS("SNP guest without its launch record", false, SNP_REPLY, SNP_PARAMS, false);
    DO_TEST_PARAMS("QEMU reports an SEV guest", true,
                   "{\"return\": {\"enabled\": true, \"api-major\": 1, \"api-minor\": 55, "
                   "\"build-id\": 24, \"state\": \"running\", \"sev-type\": \"sev\", "
                   "\"policy\": 1, \"handle\": 1}}",
                   "internal error: QEMU reports launch security 'sev', not an SEV-SNP guest", true);
    DO_TEST_PARAMS("query-sev fails", true,
                   "{\"error\": {\"class\": \"GenericError\", \"desc\": \"SEV feature is not available\"}}",
                   "operation failed: cannot query SEV-SNP launch information: SEV feature is not available", true);
    DO_TEST_PARAMS("query-sev reply without the firmware version", true,
                   "{\"return\": {\"enabled\": true, \"sev-type\": \"sev-snp\", \"snp-policy\": 196608}}",
                   "internal error: query-sev reply was missing some data", true);

    virFileDeleteTree(tmpdir);
    g_free(tmpdir);
    qemuTestDriverFree(&driver);

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
