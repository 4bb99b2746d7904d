/*
 * domainsevsnptest.c: SEV-SNP launch security definition and util tests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "testutilssnp.h"
#include "domain_conf.h"
#include "virbase64.h"
#include "virsevsnp.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static virDomainXMLOption *xmlopt;


/* ------------------------------------------------------------------ */
/* virBase64Validate                                                   */

struct testBase64Data {
    const char *str;
    virBase64Status status;
    size_t pos;      /* for CHARACTER and PADDING */
    size_t decoded;  /* for OK */
};

static int
testBase64(const void *opaque)
{
    const struct testBase64Data *data = opaque;
    size_t pos = 12345;
    size_t decoded = 12345;
    virBase64Status status = virBase64Validate(data->str, &pos, &decoded);

    if (status != data->status) {
        VIR_TEST_DEBUG("'%s': status %d, expected %d", data->str, status, data->status);
        return -1;
    }

    if ((status == VIR_BASE64_ERR_CHARACTER || status == VIR_BASE64_ERR_PADDING) &&
        pos != data->pos) {
        VIR_TEST_DEBUG("'%s': offset %zu, expected %zu", data->str, pos, data->pos);
        return -1;
    }

    if (status == VIR_BASE64_OK && decoded != data->decoded) {
        VIR_TEST_DEBUG("'%s': %zu bytes, expected %zu", data->str, decoded, data->decoded);
        return -1;
    }

    return 0;
}


/* ------------------------------------------------------------------ */
/* Huge blobs are refused with a precise reason and without decoding   */

struct testHugeData {
    size_t len;          /* characters of base64 */
    ssize_t badpos;      /* where to put a bad character, or -1 */
    const char *expect;  /* the expected error message */
};

static int
testHugeBlob(const void *opaque)
{
    const struct testHugeData *data = opaque;
    virDomainSEVSNPDef def = { .policy = VIR_SEV_SNP_POLICY_DEFAULT };
    g_autofree char *what = g_strdup_printf("a blob of %zu characters", data->len);
    int rc;

    def.host_data = g_new0(char, data->len + 1);
    memset(def.host_data, 'A', data->len);
    if (data->badpos >= 0)
        def.host_data[data->badpos] = '*';

    rc = virDomainSEVSNPDefValidate(&def);
    virDomainSEVSNPDefClear(&def);

    return testSNPCheckError(what, rc, data->expect);
}


/* ------------------------------------------------------------------ */
/* Random valid definitions: format, parse and format again            */

#define TEST_DOMAIN_HEAD \
    "<domain type='kvm'>\n" \
    "  <name>snp</name>\n" \
    "  <uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid>\n" \
    "  <memory unit='KiB'>1048576</memory>\n" \
    "  <vcpu>1</vcpu>\n" \
    "  <os>\n" \
    "    <type arch='x86_64' machine='q35'>hvm</type>\n" \
    "  </os>\n"

#define TEST_DOMAIN_TAIL "</domain>\n"

#define TEST_PROPERTY_ROUNDS 500
#define TEST_PROPERTY_SEED 20261122

static const char *
testRandomTristate(GRand *rand)
{
    static const char *values[] = { NULL, "yes", "no" };

    return values[g_rand_int_range(rand, 0, 3)];
}


static char *
testRandomBlob(GRand *rand, size_t size)
{
    g_autofree guint8 *bytes = g_new0(guint8, size);
    size_t i;

    for (i = 0; i < size; i++)
        bytes[i] = g_rand_int_range(rand, 0, 256);

    return g_base64_encode(bytes, size);
}


/* Writes a random valid <launchSecurity type='sev-snp'>, children in random
 * order and the policy in a random notation, into @buf; fills @expect with
 * what parsing it must give. */
static void
testRandomLaunchSecurity(GRand *rand,
                         virBuffer *buf,
                         virDomainSEVSNPDef *expect)
{
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(g_free);
    const char *kernelHashes = testRandomTristate(rand);
    const char *vcek = testRandomTristate(rand);
    const char *authorKey = NULL;
    unsigned long long policy;
    size_t i;

    policy = ((unsigned long long) g_rand_int(rand) << 32 | g_rand_int(rand)) &
        ~VIR_SEV_SNP_POLICY_RESERVED_MASK;
    policy |= VIR_SEV_SNP_POLICY_RSVD_MBO;
    expect->policy = policy;
    g_ptr_array_add(children,
                    g_strdup_printf(g_rand_boolean(rand) ? "<policy>0x%llx</policy>" :
                                    "<policy>%llX</policy>", policy));

    if (g_rand_boolean(rand)) {
        expect->haveCbitpos = true;
        expect->cbitpos = g_rand_int_range(rand, VIR_SEV_CBITPOS_MIN, VIR_SEV_CBITPOS_MAX + 1);
        g_ptr_array_add(children, g_strdup_printf("<cbitpos>%u</cbitpos>", expect->cbitpos));
    }
    if (g_rand_boolean(rand)) {
        expect->haveReducedPhysBits = true;
        expect->reduced_phys_bits = g_rand_int_range(rand, VIR_SEV_REDUCED_PHYS_BITS_MIN,
                                                     VIR_SEV_REDUCED_PHYS_BITS_MAX + 1);
        g_ptr_array_add(children, g_strdup_printf("<reducedPhysBits>%u</reducedPhysBits>",
                                                  expect->reduced_phys_bits));
    }
    if (g_rand_boolean(rand)) {
        expect->guest_visible_workarounds =
            testRandomBlob(rand, VIR_SEV_SNP_GUEST_VISIBLE_WORKAROUNDS_SIZE);
        g_ptr_array_add(children, g_strdup_printf("<guestVisibleWorkarounds>%s</guestVisibleWorkarounds>",
                                                  expect->guest_visible_workarounds));
    }
    if (g_rand_boolean(rand)) {
        expect->host_data = testRandomBlob(rand, VIR_SEV_SNP_HOST_DATA_SIZE);
        g_ptr_array_add(children, g_strdup_printf("<hostData>%s</hostData>", expect->host_data));
    }
    /* An ID block comes with its ID auth, which alone can carry an author key. */
    if (g_rand_boolean(rand)) {
        expect->id_block = testRandomBlob(rand, VIR_SEV_SNP_ID_BLOCK_SIZE);
        g_ptr_array_add(children, g_strdup_printf("<idBlock>%s</idBlock>", expect->id_block));
        expect->id_auth = testRandomBlob(rand, VIR_SEV_SNP_ID_AUTH_SIZE);
        g_ptr_array_add(children, g_strdup_printf("<idAuth>%s</idAuth>", expect->id_auth));
        authorKey = testRandomTristate(rand);
    } else if (g_rand_boolean(rand)) {
        authorKey = "no";
    }

    /* Fisher-Yates: input order must not matter. */
    for (i = children->len; i > 1; i--) {
        size_t j = g_rand_int_range(rand, 0, i);
        gpointer tmp = children->pdata[i - 1];

        children->pdata[i - 1] = children->pdata[j];
        children->pdata[j] = tmp;
    }

    virBufferAdjustIndent(buf, 2);
    virBufferAddLit(buf, "<launchSecurity type='sev-snp'");
    if (vcek)
        virBufferAsprintf(buf, " vcek='%s'", vcek);
    if (authorKey)
        virBufferAsprintf(buf, " authorKey='%s'", authorKey);
    if (kernelHashes)
        virBufferAsprintf(buf, " kernelHashes='%s'", kernelHashes);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    for (i = 0; i < children->len; i++)
        virBufferAsprintf(buf, "%s\n", (char *) children->pdata[i]);
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</launchSecurity>\n");
    virBufferAdjustIndent(buf, -2);

    expect->kernel_hashes = kernelHashes ? virTristateBoolTypeFromString(kernelHashes) : 0;
    expect->vcek = vcek ? virTristateBoolTypeFromString(vcek) : 0;
    expect->author_key = authorKey ? virTristateBoolTypeFromString(authorKey) : 0;
}


static bool
testSEVSNPDefEqual(const virDomainSEVSNPDef *a,
                   const virDomainSEVSNPDef *b)
{
    return a->policy == b->policy &&
        a->haveCbitpos == b->haveCbitpos && a->cbitpos == b->cbitpos &&
        a->haveReducedPhysBits == b->haveReducedPhysBits &&
        a->reduced_phys_bits == b->reduced_phys_bits &&
        a->kernel_hashes == b->kernel_hashes &&
        a->author_key == b->author_key &&
        a->vcek == b->vcek &&
        STREQ_NULLABLE(a->guest_visible_workarounds, b->guest_visible_workarounds) &&
        STREQ_NULLABLE(a->id_block, b->id_block) &&
        STREQ_NULLABLE(a->id_auth, b->id_auth) &&
        STREQ_NULLABLE(a->host_data, b->host_data);
}


static char *
testParseFormat(const char *xml)
{
    g_autoptr(virDomainDef) def = NULL;

    if (!(def = virDomainDefParseString(xml, xmlopt, NULL, VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return NULL;

    return virDomainDefFormat(def, xmlopt, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
}


static int
testRoundTrips(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(TEST_PROPERTY_SEED);
    size_t round;

    for (round = 0; round < TEST_PROPERTY_ROUNDS; round++) {
        g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
        g_autofree char *input = NULL;
        g_autofree char *first = NULL;
        g_autofree char *second = NULL;
        g_autoptr(virDomainDef) def = NULL;
        virDomainSEVSNPDef expect = { 0 };
        bool equal;

        virBufferAddLit(&buf, TEST_DOMAIN_HEAD);
        testRandomLaunchSecurity(rand, &buf, &expect);
        virBufferAddLit(&buf, TEST_DOMAIN_TAIL);
        input = virBufferContentAndReset(&buf);

        if (!(def = virDomainDefParseString(input, xmlopt, NULL,
                                            VIR_DOMAIN_DEF_PARSE_INACTIVE))) {
            VIR_TEST_DEBUG("round %zu: valid input refused:\n%s", round, input);
            virDomainSEVSNPDefClear(&expect);
            return -1;
        }

        equal = def->sec && def->sec->sectype == VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP &&
            testSEVSNPDefEqual(&def->sec->data.sev_snp, &expect);
        virDomainSEVSNPDefClear(&expect);
        if (!equal) {
            VIR_TEST_DEBUG("round %zu: parsed values differ from the input:\n%s", round, input);
            return -1;
        }

        if (!(first = virDomainDefFormat(def, xmlopt, VIR_DOMAIN_DEF_FORMAT_INACTIVE)) ||
            !(second = testParseFormat(first)))
            return -1;

        if (STRNEQ(first, second)) {
            VIR_TEST_DEBUG("round %zu: format, parse, format differs:\n%s\n---\n%s",
                           round, first, second);
            return -1;
        }
    }

    return 0;
}


/* ------------------------------------------------------------------ */
/* ABI stability                                                       */

struct testABIData {
    const char *name;
    void (*change)(virDomainSecDef *dst);
    const char *expect;   /* NULL: compatible */
};

static void
testChangeNothing(virDomainSecDef *dst G_GNUC_UNUSED)
{
}

static void
testChangePolicy(virDomainSecDef *dst)
{
    dst->data.sev_snp.policy |= VIR_SEV_SNP_POLICY_DEBUG;
}

static void
testChangeHostData(virDomainSecDef *dst)
{
    g_free(dst->data.sev_snp.host_data);
    dst->data.sev_snp.host_data = g_strdup("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
}

static void
testChangeVcek(virDomainSecDef *dst)
{
    dst->data.sev_snp.vcek = VIR_TRISTATE_BOOL_NO;
}

static void
testChangeType(virDomainSecDef *dst)
{
    virDomainSEVSNPDefClear(&dst->data.sev_snp);
    memset(&dst->data, 0, sizeof(dst->data));
    dst->sectype = VIR_DOMAIN_LAUNCH_SECURITY_SEV;
}

static void
testABIDef(virDomainSecDef *sec)
{
    sec->sectype = VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP;
    sec->data.sev_snp.policy = VIR_SEV_SNP_POLICY_DEFAULT;
    sec->data.sev_snp.host_data = g_strdup("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    sec->data.sev_snp.vcek = VIR_TRISTATE_BOOL_YES;
}

static void
testABIDefClear(virDomainSecDef *sec)
{
    if (sec->sectype == VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP)
        virDomainSEVSNPDefClear(&sec->data.sev_snp);
}

static int
testABI(const void *opaque)
{
    const struct testABIData *data = opaque;
    virDomainSecDef src = { 0 };
    virDomainSecDef dst = { 0 };
    bool ok;

    testABIDef(&src);
    testABIDef(&dst);
    data->change(&dst);
    ok = virDomainSecDefCheckABIStability(&src, &dst);
    testABIDefClear(&src);
    testABIDefClear(&dst);

    if (!data->expect)
        return ok ? 0 : -1;

    return testSNPCheckError(data->name, ok ? 0 : -1, data->expect);
}


static int
mymain(void)
{
    int ret = 0;

    if (!(xmlopt = virTestGenericDomainXMLConfInit()))
        return EXIT_FAILURE;

#define DO_TEST_BASE64(str, status, pos, decoded) \
    do { \
        struct testBase64Data data = { str, status, pos, decoded }; \
        if (virTestRun("base64 '" str "'", testBase64, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_BASE64("", VIR_BASE64_OK, 0, 0);
    DO_TEST_BASE64("AAAA", VIR_BASE64_OK, 0, 3);
    DO_TEST_BASE64("AAA=", VIR_BASE64_OK, 0, 2);
    DO_TEST_BASE64("AA==", VIR_BASE64_OK, 0, 1);
    DO_TEST_BASE64("aGVsbG8gaW5pdHJk", VIR_BASE64_OK, 0, 12);
    DO_TEST_BASE64("+/+/", VIR_BASE64_OK, 0, 3);
    DO_TEST_BASE64("AAA", VIR_BASE64_ERR_LENGTH, 0, 0);
    DO_TEST_BASE64("AAAAA", VIR_BASE64_ERR_LENGTH, 0, 0);
    DO_TEST_BASE64("AA-A", VIR_BASE64_ERR_CHARACTER, 2, 0);
    DO_TEST_BASE64("AA_A", VIR_BASE64_ERR_CHARACTER, 2, 0);
    DO_TEST_BASE64("AAAA\nAAAA", VIR_BASE64_ERR_CHARACTER, 4, 0);
    DO_TEST_BASE64(" AAA", VIR_BASE64_ERR_CHARACTER, 0, 0);
    DO_TEST_BASE64("AAAA\xc3\xa9", VIR_BASE64_ERR_CHARACTER, 4, 0);
    DO_TEST_BASE64("A=AA", VIR_BASE64_ERR_PADDING, 1, 0);
    DO_TEST_BASE64("AA=AAAAA", VIR_BASE64_ERR_PADDING, 2, 0);
    DO_TEST_BASE64("A===", VIR_BASE64_ERR_PADDING, 1, 0);
    DO_TEST_BASE64("====", VIR_BASE64_ERR_PADDING, 0, 0);
    DO_TEST_BASE64("AB==", VIR_BASE64_ERR_TRAILING_BITS, 0, 0);
    DO_TEST_BASE64("AAB=", VIR_BASE64_ERR_TRAILING_BITS, 0, 0);
    DO_TEST_BASE64("AQ==", VIR_BASE64_OK, 0, 1);
    DO_TEST_BASE64("AAE=", VIR_BASE64_OK, 0, 2);
    DO_TEST_BASE64("AAF=", VIR_BASE64_ERR_TRAILING_BITS, 0, 0);
    DO_TEST_BASE64("AAQ=", VIR_BASE64_OK, 0, 2);

#define DO_TEST_HUGE(name, len, badpos, expect) \
    do { \
        struct testHugeData data = { len, badpos, expect }; \
        if (virTestRun("huge blob " name, testHugeBlob, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_HUGE("4 MiB", 4 * 1024 * 1024, -1,
                 "XML error: launch security <hostData> decodes to 3145728 bytes, but must be 32 bytes");
    DO_TEST_HUGE("4 MiB, bad character at the end", 4 * 1024 * 1024, 4 * 1024 * 1024 - 3,
                 "XML error: launch security <hostData> is not valid base64: character '*' at offset 4194301 is not in the base64 alphabet");

    if (virTestRun("random definitions: format, parse, format", testRoundTrips, NULL) < 0)
        ret = -1;

#define DO_TEST_ABI(name, change, expect) \
    do { \
        struct testABIData data = { name, change, expect }; \
        if (virTestRun("ABI stability: " name, testABI, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_ABI("unchanged", testChangeNothing, NULL);
    DO_TEST_ABI("policy", testChangePolicy,
                "unsupported configuration: Target SEV-SNP launch security policy 0xb0000 does not match source 0x30000");
    DO_TEST_ABI("hostData", testChangeHostData,
                "unsupported configuration: Target SEV-SNP launch security <hostData> does not match source");
    DO_TEST_ABI("vcek", testChangeVcek,
                "unsupported configuration: Target SEV-SNP launch security vcek 'no' does not match source 'yes'");
    DO_TEST_ABI("type", testChangeType,
                "unsupported configuration: Target launch security type 'sev' does not match source 'sev-snp'");

    virObjectUnref(xmlopt);
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
