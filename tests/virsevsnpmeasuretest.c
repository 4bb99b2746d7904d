/*
 * virsevsnpmeasuretest.c: SEV-SNP launch digest computation
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <sys/stat.h>

#include "testutils.h"
#include "testutilssnp.h"
#include "virfile.h"
#include "virsevsnpmeasure.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define DATADIR abs_srcdir "/virsevsnpmeasuredata"

static char *tmpdir;


/* ------------------------------------------------------------------ */
/* Vectors                                                             */

struct testVector {
    const char *firmware;       /* absolute, or relative to DATADIR */
    const char *firmwareSHA256; /* for files outside DATADIR: the revision vectored */
    unsigned int nvcpus;
    uint32_t signature;
    uint64_t features;
    const char *kernel;
    const char *initrd;
    const char *cmdline;
    const char *digest;         /* expected, hex */
};

static char *
testDataPath(const char *name)
{
    if (!name)
        return NULL;
    if (g_path_is_absolute(name))
        return g_strdup(name);
    return g_strdup_printf("%s/%s", DATADIR, name);
}


static int
testFileSHA256(const char *path, char **hex)
{
    g_autofree char *data = NULL;
    size_t len;
    unsigned char digest[32];

    if (!g_file_get_contents(path, &data, &len, NULL))
        return -1;

    if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) < 0)
        return -1;

    *hex = virSEVSNPHexFormat(digest, sizeof(digest));
    return 0;
}


static int
testVector(const void *opaque)
{
    const struct testVector *vec = opaque;
    g_autofree char *firmware = testDataPath(vec->firmware);
    g_autofree char *kernel = testDataPath(vec->kernel);
    g_autofree char *initrd = testDataPath(vec->initrd);
    virSEVSNPMeasureInput input = {
        .firmware = firmware,
        .nvcpus = vec->nvcpus,
        .vcpuSignature = vec->signature,
        .guestFeatures = vec->features,
        .kernel = kernel,
        .initrd = initrd,
        .cmdline = vec->cmdline,
    };
    virSEVSNPMeasurement result;
    g_autofree char *hex = NULL;
    g_autofree char *fwsha = NULL;
    g_autofree char *fwshaMeasured = NULL;

    if (vec->firmwareSHA256) {
        g_autofree char *sha = NULL;

        if (testFileSHA256(firmware, &sha) < 0) {
            VIR_TEST_DEBUG("cannot read %s: is Debian's ovmf installed?", firmware);
            return -1;
        }
        /* The vector is for one package revision; another has other bytes. */
        if (STRNEQ(sha, vec->firmwareSHA256)) {
            VIR_TEST_VERBOSE("%s has sha256 %s, not the vectored %s: skipped",
                             firmware, sha, vec->firmwareSHA256);
            return EXIT_AM_SKIP;
        }
    }

    if (virSEVSNPMeasure(&input, &result) < 0)
        return -1;

    hex = virSEVSNPHexFormat(result.digest, sizeof(result.digest));
    if (STRNEQ(hex, vec->digest)) {
        VIR_TEST_DEBUG("digest %s, expected %s", hex, vec->digest);
        return -1;
    }

    /* The firmware's sha256 comes from the bytes measured. */
    fwshaMeasured = virSEVSNPHexFormat(result.firmwareSHA256, sizeof(result.firmwareSHA256));
    if (testFileSHA256(firmware, &fwsha) < 0 || STRNEQ(fwsha, fwshaMeasured)) {
        VIR_TEST_DEBUG("firmware sha256 %s, expected %s", fwshaMeasured, NULLSTR(fwsha));
        return -1;
    }

    return 0;
}


/* ------------------------------------------------------------------ */
/* Firmware that cannot be measured                                    */

/* A change to a copy of snp-fw-plain.fd (128 KiB, GUID table entries: the
 * reset block, then the SEV metadata pointer next to the footer; the ASEV
 * header 3072 bytes before the end), or of snp-fw-kernel-hashes.fd. */
typedef void (*testMangleFunc)(unsigned char *img, size_t *size);

struct testBadFirmware {
    const char *name;
    const char *base;
    testMangleFunc mangle;
    const char *kernel;
    const char *error;      /* expected message; %s is the firmware's path */
};

static void
testPut32(unsigned char *p, uint32_t val)
{
    p[0] = val & 0xff;
    p[1] = (val >> 8) & 0xff;
    p[2] = (val >> 16) & 0xff;
    p[3] = (val >> 24) & 0xff;
}

#define FOOTER(img, size) ((img) + (size) - 50)          /* u16 length, GUID */
#define META_ENTRY(img, size) ((img) + (size) - 68)      /* u16 length, GUID */
#define META_DATA(img, size) ((img) + (size) - 72)       /* u32 offset */
#define RESET_ENTRY(img, size) ((img) + (size) - 90)     /* u16 length, GUID */
#define RESET_DATA(img, size) ((img) + (size) - 94)      /* u32 EIP */
#define ASEV(img, size) ((img) + (size) - 3072)          /* header, descriptors */
#define DESC(img, size, i) (ASEV(img, size) + 16 + 12 * (i))

static void
mangleNothing(unsigned char *img G_GNUC_UNUSED, size_t *size G_GNUC_UNUSED)
{
}

static void
mangleTruncate(unsigned char *img G_GNUC_UNUSED, size_t *size)
{
    *size -= 100;
}

static void
mangleEmpty(unsigned char *img G_GNUC_UNUSED, size_t *size)
{
    *size = 0;
}

static void
mangleNoFooter(unsigned char *img, size_t *size)
{
    memset(FOOTER(img, *size) + 2, 0, 16);
}

static void
mangleLegacy(unsigned char *img, size_t *size)
{
    /* The reset block's GUID where the footer's would be. */
    memcpy(FOOTER(img, *size) + 2, RESET_ENTRY(img, *size) + 2, 16);
}

static void
mangleFooterShort(unsigned char *img, size_t *size)
{
    FOOTER(img, *size)[0] = 10;
    FOOTER(img, *size)[1] = 0;
}

static void
mangleFooterHuge(unsigned char *img, size_t *size)
{
    FOOTER(img, *size)[0] = 0xff;
    FOOTER(img, *size)[1] = 0xff;
}

static void
mangleEntryShort(unsigned char *img, size_t *size)
{
    META_ENTRY(img, *size)[0] = 5;
}

static void
mangleEntryLong(unsigned char *img, size_t *size)
{
    META_ENTRY(img, *size)[0] = 200;
}

static void
mangleDuplicate(unsigned char *img, size_t *size)
{
    memcpy(RESET_ENTRY(img, *size) + 2, META_ENTRY(img, *size) + 2, 16);
}

static void
mangleResetZero(unsigned char *img, size_t *size)
{
    testPut32(RESET_DATA(img, *size), 0);
}

static void
mangleResetGone(unsigned char *img, size_t *size)
{
    RESET_ENTRY(img, *size)[5] ^= 0xff;
}

static void
mangleMetaOutside(unsigned char *img, size_t *size)
{
    testPut32(META_DATA(img, *size), *size + 4096);
}

static void
mangleSignature(unsigned char *img, size_t *size)
{
    ASEV(img, *size)[3] = 'X';
}

static void
mangleVersion(unsigned char *img, size_t *size)
{
    testPut32(ASEV(img, *size) + 8, 2);
}

static void
mangleCount(unsigned char *img, size_t *size)
{
    testPut32(ASEV(img, *size) + 12, 100);
}

static void
mangleHugeCount(unsigned char *img, size_t *size)
{
    testPut32(ASEV(img, *size) + 12, 0xffffffff);
}

static void
mangleType(unsigned char *img, size_t *size)
{
    testPut32(DESC(img, *size, 0) + 8, 7);
}

static void
mangleSecMemSize(unsigned char *img, size_t *size)
{
    testPut32(DESC(img, *size, 0) + 4, 0x9001);
}

static void
mangleSecretsSize(unsigned char *img, size_t *size)
{
    testPut32(DESC(img, *size, 2) + 4, 0x2000);
}

static void
mangleBeyond4G(unsigned char *img, size_t *size)
{
    testPut32(DESC(img, *size, 0), 0xfffff000);
}

static void
mangleUnaligned(unsigned char *img, size_t *size)
{
    testPut32(DESC(img, *size, 0), 0x800800);
}

static void
mangleTwoHashSections(unsigned char *img, size_t *size)
{
    /* In snp-fw-kernel-hashes.fd the last of its 6 sections is SNP_SEC_MEM
     * at 0x811000; make it a second kernel-hashes page. */
    testPut32(DESC(img, *size, 5) + 4, 0x1000);
    testPut32(DESC(img, *size, 5) + 8, 0x10);
}

static void
mangleHashTableBase(unsigned char *img, size_t *size)
{
    /* In snp-fw-kernel-hashes.fd the hashes table entry is next to the
     * footer: its data (base, size) are the 8 bytes before its header. */
    testPut32(img + *size - 76, 0);
}


static int
testBadFirmware(const void *opaque)
{
    const struct testBadFirmware *data = opaque;
    g_autofree char *base = testDataPath(data->base);
    g_autofree char *path = g_strdup_printf("%s/%s.fd", tmpdir, data->name);
    g_autofree char *kernel = testDataPath(data->kernel);
    g_autofree char *expect = NULL;
    g_autofree unsigned char *img = NULL;
    size_t size;
    virSEVSNPMeasureInput input = {
        .firmware = path,
        .nvcpus = 1,
        .vcpuSignature = 0x800f12,
        .guestFeatures = VIR_SEV_SNP_GUEST_FEATURES_DEFAULT,
        .kernel = kernel,
    };
    virSEVSNPMeasurement result;

    if (!g_file_get_contents(base, (char **) &img, &size, NULL))
        return -1;

    data->mangle(img, &size);

    if (!g_file_set_contents(path, (const char *) img, size, NULL))
        return -1;

    expect = g_strdup_printf(data->error, path);
    return testSNPCheckError(data->name, virSEVSNPMeasure(&input, &result), expect);
}


/* ------------------------------------------------------------------ */
/* vCPU signatures of QEMU's AMD models                                */

struct testSignature {
    const char *model;
    unsigned int family;
    unsigned int model_;
    unsigned int stepping;
    uint32_t signature;
};

static int
testSignature(const void *opaque)
{
    const struct testSignature *data = opaque;
    uint32_t sig = virSEVSNPVCPUSignature(data->family, data->model_, data->stepping);

    if (sig != data->signature) {
        VIR_TEST_DEBUG("%s: 0x%x, expected 0x%x", data->model, sig, data->signature);
        return -1;
    }

    return 0;
}


struct testModel {
    const char *model;
    uint32_t signature;     /* 0: the model must be refused */
};

static int
testModel(const void *opaque)
{
    const struct testModel *data = opaque;
    uint32_t sig = 0;
    int rc = virSEVSNPCPUModelSignature(data->model, &sig);

    if (data->signature == 0) {
        g_autofree char *expect = g_strdup_printf("unsupported configuration: the vCPU signature of CPU model '%s' is not known: SEV-SNP guests run on AMD EPYC models",
                                                  data->model);

        return testSNPCheckError(data->model, rc, expect);
    }

    if (rc < 0 || sig != data->signature) {
        VIR_TEST_DEBUG("%s: 0x%x, expected 0x%x", data->model, sig, data->signature);
        return -1;
    }

    return 0;
}


/* A FIFO must be refused, not read (and not block the caller). */
static int
testFirmwareFIFO(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_strdup_printf("%s/fifo.fd", tmpdir);
    g_autofree char *expect = NULL;
    virSEVSNPMeasureInput input = { .firmware = path, .nvcpus = 1, .vcpuSignature = 0x800f12,
                                    .guestFeatures = VIR_SEV_SNP_GUEST_FEATURES_DEFAULT };
    virSEVSNPMeasurement result;

    if (mkfifo(path, 0600) < 0)
        return -1;

    expect = g_strdup_printf("unsupported configuration: cannot measure firmware '%s': it must be a file of a non-zero multiple of 4096 bytes, up to 4 GiB",
                             path);
    return testSNPCheckError("a FIFO", virSEVSNPMeasure(&input, &result), expect);
}


static int
mymain(void)
{
    int ret = 0;
    const char *debianOVMF = "7b456907dd0786d415999e801a1ac4637b8ed4d7cf5378cfc6edbe5e574dd773";

    if (!(tmpdir = g_dir_make_tmp("virsevsnpmeasuretest.XXXXXX", NULL)))
        return EXIT_FAILURE;

#define DO_TEST_VECTOR(name, ...) \
    do { \
        struct testVector vec = { __VA_ARGS__ }; \
        if (virTestRun("digest " name, testVector, &vec) < 0) \
            ret = -1; \
    } while (0)

    /* The vectors of the project's launch digest specification. */
    DO_TEST_VECTOR("kernel-hashes fw, 1 vCPU, no kernel",
                   "snp-fw-kernel-hashes.fd", NULL, 1, 0x800f12, 0x1, NULL, NULL, NULL,
                   "e7cf97493485f1a435a38ea93f9e7b57a483209a9e69846db27110b44cab02cdd82aab36cadecd1ba5ff510b4b64b877");
    DO_TEST_VECTOR("kernel-hashes fw, 1 vCPU, kernel",
                   "snp-fw-kernel-hashes.fd", NULL, 1, 0x800f12, 0x1, "kernel.bin", NULL, NULL,
                   "0cda6c690f9c586caf4d756cb9e997689a37ea87bafd60fc6c0a3421cb5c6cf37ba84268449830c823b09821ff00b402");
    DO_TEST_VECTOR("kernel-hashes fw, 2 vCPUs, kernel, initrd, cmdline",
                   "snp-fw-kernel-hashes.fd", NULL, 2, 0xa00f11, 0x1, "kernel.bin", "initrd.bin",
                   "console=ttyS0",
                   "23b3ca32b66253054322302f1829ef2c0316852c31139641e1178da59d56c8e82064c2463299aeb83b07c900f48f2415");
    DO_TEST_VECTOR("kernel-hashes fw, 4 vCPUs, DebugSwap",
                   "snp-fw-kernel-hashes.fd", NULL, 4, 0xa10f10, 0x21, "kernel.bin", "initrd.bin",
                   "root=/dev/vda ro",
                   "5181395624414d2d8cb8984b2fcfc13a60e99ad491bf3771713b31c767710749e599a49e63396adb278c72fad52963bc");
    DO_TEST_VECTOR("kernel-hashes fw, empty cmdline",
                   "snp-fw-kernel-hashes.fd", NULL, 1, 0xa10f11, 0x1, "kernel.bin", NULL, "",
                   "8e3c2b7211b7884cfdf8622e363077c928015e940ff8c8e5924693bfc0eff851131d1b75a72f1ecc27c89db439ee7c34");
    DO_TEST_VECTOR("plain fw, 1 vCPU",
                   "snp-fw-plain.fd", NULL, 1, 0x800f12, 0x1, NULL, NULL, NULL,
                   "4f95e6d1c6671cdd5ce1f78ebd82f31b9289d103d0beef0f48e7da4f50515156cff8c5e0968079f8f30ce882e668b1e0");
    DO_TEST_VECTOR("plain fw, 3 vCPUs, EPYC-Rome",
                   "snp-fw-plain.fd", NULL, 3, 0x830f10, 0x1, NULL, NULL, NULL,
                   "14db7f9e22e2bd261ef9f02bdaf9e95847f86168f095f683346d77b01b22d56e56d3ba58ff1c46f4a6dad0c81c477914");

    /* Debian bookworm's real OVMF (package ovmf 2022.11-6+deb12u2). */
    DO_TEST_VECTOR("Debian OVMF.fd, 1 vCPU",
                   "/usr/share/ovmf/OVMF.fd", debianOVMF, 1, 0x800f12, 0x1, NULL, NULL, NULL,
                   "11570979c77a0adb515761a702527c8b9e11554e730552621d950988613a3a75c6ff1703f540bd22a9beede8fe7a97e3");
    DO_TEST_VECTOR("Debian OVMF.fd, 4 vCPUs",
                   "/usr/share/ovmf/OVMF.fd", debianOVMF, 4, 0xa00f11, 0x1, NULL, NULL, NULL,
                   "e9c10ab98f8086bf4a4993dcdc1f768b1128bcb02301d1791f1d3274329e790db2d12a301d66d99a462a13b5d87e2840");
    DO_TEST_VECTOR("Debian OVMF_CODE.fd",
                   "/usr/share/OVMF/OVMF_CODE.fd",
                   "d9b568def24088c92f34b5479e0ed7e44d0a4d4cea8a0f5716719180bba48106",
                   1, 0x800f12, 0x1, NULL, NULL, NULL,
                   "a479327cbb0b50e876024c2dac7412d4e5e95c7315c1f8b0446f6d3be69fefba50766285475926737e4a70b155252f88");
    DO_TEST_VECTOR("Debian OVMF_CODE_4M.fd, no SEV metadata",
                   "/usr/share/OVMF/OVMF_CODE_4M.fd",
                   "b157d97b1f69729514feb7f201d2cbe4957f23ab77920e361fe9f822ba49ca4c",
                   1, 0x800f12, 0x1, NULL, NULL, NULL,
                   "68d8e64d29b9823e790b0a4c94d8b6cba4bf4322df2197c09eb0942ed07fe8a0f922ed49fe9fbfb33150e2bd858c8a70");

#define DO_TEST_BAD(name, base, mangle, kernel, error) \
    do { \
        struct testBadFirmware data = { name, base, mangle, kernel, error }; \
        if (virTestRun("refused: " name, testBadFirmware, &data) < 0) \
            ret = -1; \
    } while (0)

#define CANNOT "cannot measure firmware '%s': "
#define TABLE CANNOT "malformed OVMF GUID table: "

    DO_TEST_BAD("plain fw with a kernel", "snp-fw-plain.fd", mangleNothing, "kernel.bin",
                "unsupported configuration: cannot measure direct kernel boot with firmware '%s': it has no SEV-SNP kernel-hashes section");
    DO_TEST_BAD("debian fw with a kernel", "/usr/share/ovmf/OVMF.fd", mangleNothing, "kernel.bin",
                "unsupported configuration: cannot measure direct kernel boot with firmware '%s': it has no SEV-SNP kernel-hashes section");
    DO_TEST_BAD("hashes table at address 0", "snp-fw-kernel-hashes.fd", mangleHashTableBase, "kernel.bin",
                "unsupported configuration: cannot measure direct kernel boot with firmware '%s': its kernel hashes table area is missing or invalid");
    DO_TEST_BAD("truncated", "snp-fw-plain.fd", mangleTruncate, NULL,
                "unsupported configuration: " CANNOT "it must be a file of a non-zero multiple of 4096 bytes, up to 4 GiB");
    DO_TEST_BAD("empty", "snp-fw-plain.fd", mangleEmpty, NULL,
                "unsupported configuration: " CANNOT "it must be a file of a non-zero multiple of 4096 bytes, up to 4 GiB");
    DO_TEST_BAD("no footer", "snp-fw-plain.fd", mangleNoFooter, NULL,
                "unsupported configuration: " CANNOT "it has no OVMF GUID table, so no SEV-ES reset block");
    DO_TEST_BAD("legacy layout", "snp-fw-plain.fd", mangleLegacy, NULL,
                "unsupported configuration: " CANNOT "it has the legacy layout without an OVMF GUID table, which no SEV-SNP capable firmware has");
    DO_TEST_BAD("table length below 18", "snp-fw-plain.fd", mangleFooterShort, NULL,
                "unsupported configuration: " TABLE "length 10 does not fit the file");
    DO_TEST_BAD("table length 0xffff", "snp-fw-plain.fd", mangleFooterHuge, NULL,
                "unsupported configuration: " TABLE "entry length 33551 is out of bounds");
    DO_TEST_BAD("entry length below 18", "snp-fw-plain.fd", mangleEntryShort, NULL,
                "unsupported configuration: " TABLE "entry length 5 is out of bounds");
    DO_TEST_BAD("entry longer than the table", "snp-fw-plain.fd", mangleEntryLong, NULL,
                "unsupported configuration: " TABLE "entry length 200 is out of bounds");
    DO_TEST_BAD("entry twice", "snp-fw-plain.fd", mangleDuplicate, NULL,
                "unsupported configuration: " TABLE "an entry appears twice");
    DO_TEST_BAD("reset EIP 0", "snp-fw-plain.fd", mangleResetZero, NULL,
                "unsupported configuration: " CANNOT "it has no usable SEV-ES reset block, which QEMU needs to start the vCPUs");
    DO_TEST_BAD("no reset block", "snp-fw-plain.fd", mangleResetGone, NULL,
                "unsupported configuration: " CANNOT "it has no usable SEV-ES reset block, which QEMU needs to start the vCPUs");
    DO_TEST_BAD("metadata outside the file", "snp-fw-plain.fd", mangleMetaOutside, NULL,
                "unsupported configuration: " CANNOT "its SEV metadata offset 135168 points outside the file");
    DO_TEST_BAD("metadata signature", "snp-fw-plain.fd", mangleSignature, NULL,
                "unsupported configuration: " CANNOT "malformed SEV metadata header");
    DO_TEST_BAD("metadata version", "snp-fw-plain.fd", mangleVersion, NULL,
                "unsupported configuration: " CANNOT "malformed SEV metadata header");
    DO_TEST_BAD("metadata count beyond its length", "snp-fw-plain.fd", mangleCount, NULL,
                "unsupported configuration: " CANNOT "malformed SEV metadata header");
    DO_TEST_BAD("metadata count 0xffffffff", "snp-fw-plain.fd", mangleHugeCount, NULL,
                "unsupported configuration: " CANNOT "malformed SEV metadata header");
    DO_TEST_BAD("unknown section type", "snp-fw-plain.fd", mangleType, NULL,
                "unsupported configuration: " CANNOT "SEV metadata section 0 has unknown type 0x7");
    DO_TEST_BAD("section size not in pages", "snp-fw-plain.fd", mangleSecMemSize, NULL,
                "unsupported configuration: " CANNOT "SEV metadata section 0 (type 0x1, address 0x800000, size 0x9001) is malformed");
    DO_TEST_BAD("secrets section of two pages", "snp-fw-plain.fd", mangleSecretsSize, NULL,
                "unsupported configuration: " CANNOT "SEV metadata section 2 (type 0x2, address 0x80d000, size 0x2000) is malformed");
    DO_TEST_BAD("section beyond 4 GiB", "snp-fw-plain.fd", mangleBeyond4G, NULL,
                "unsupported configuration: " CANNOT "SEV metadata section 0 (type 0x1, address 0xfffff000, size 0x9000) is malformed");
    DO_TEST_BAD("section not page aligned", "snp-fw-plain.fd", mangleUnaligned, NULL,
                "unsupported configuration: " CANNOT "SEV metadata section 0 (type 0x1, address 0x800800, size 0x9000) is malformed");
    DO_TEST_BAD("two kernel-hashes sections", "snp-fw-kernel-hashes.fd", mangleTwoHashSections, "kernel.bin",
                "unsupported configuration: cannot measure direct kernel boot with firmware '%s': it has 2 kernel-hashes sections");
    DO_TEST_BAD("kernel is a device", "snp-fw-kernel-hashes.fd", mangleNothing, "/dev/zero",
                "unsupported configuration: cannot measure '/dev/zero': it is not a regular file");
    DO_TEST_BAD("missing kernel", "snp-fw-kernel-hashes.fd", mangleNothing, "/nonexistent/vmlinuz",
                "cannot open '/nonexistent/vmlinuz' to measure it: No such file or directory");

#define DO_TEST_SIGNATURE(model, family, model_, stepping, sig) \
    do { \
        struct testSignature data = { model, family, model_, stepping, sig }; \
        if (virTestRun("signature " model, testSignature, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_SIGNATURE("EPYC-v4", 23, 1, 2, 0x00800f12);
    DO_TEST_SIGNATURE("EPYC-Rome", 23, 49, 0, 0x00830f10);
    DO_TEST_SIGNATURE("EPYC-Milan", 25, 1, 1, 0x00a00f11);
    DO_TEST_SIGNATURE("EPYC-Genoa", 25, 17, 0, 0x00a10f10);
    DO_TEST_SIGNATURE("EPYC-Turin", 26, 0, 0, 0x00b00f00);
    DO_TEST_SIGNATURE("Genoa stepping 1", 25, 17, 1, 0x00a10f11);

#define DO_TEST_MODEL(model, sig) \
    do { \
        struct testModel data = { model, sig }; \
        if (virTestRun("model " model, testModel, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_MODEL("EPYC-IBPB", 0x00800f12);
    DO_TEST_MODEL("EPYC-Rome-v3", 0x00830f10);
    DO_TEST_MODEL("EPYC-Milan-v2", 0x00a00f11);
    DO_TEST_MODEL("EPYC-Genoa-v1", 0x00a10f10);
    /* Versions whose values are not known are refused, not guessed. */
    DO_TEST_MODEL("EPYC-Milan-v3", 0);
    DO_TEST_MODEL("Opteron_G5", 0);

    if (virTestRun("refused: firmware is a FIFO", testFirmwareFIFO, NULL) < 0)
        ret = -1;

    virFileDeleteTree(tmpdir);
    g_free(tmpdir);

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
