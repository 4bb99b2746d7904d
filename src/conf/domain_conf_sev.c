/*
 * domain_conf_sev.c: AMD SEV-SNP launch security definition
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parsing and formatting follow upstream libvirt's format (10.5 and later)
 * exactly, so that every tool that writes SNP XML works unchanged.  Unlike
 * upstream, the definition is also validated: anything QEMU or the firmware
 * would refuse at launch is refused here, naming the element and the reason.
 */

#include <config.h>

#include "domain_conf.h"
#include "domain_conf_sev.h"
#include "virbase64.h"
#include "virerror.h"
#include "virsevsnp.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* Children that only type='sev' has; upstream silently drops them. */
static const char *virDomainSEVOnlyElements[] = { "dhCert", "session", "handle" };

/* Longest value quoted back in an error message. */
#define VIR_DOMAIN_SEV_SNP_QUOTE_MAX 40


void
virDomainSEVSNPDefClear(virDomainSEVSNPDef *def)
{
    g_clear_pointer(&def->guest_visible_workarounds, g_free);
    g_clear_pointer(&def->id_block, g_free);
    g_clear_pointer(&def->id_auth, g_free);
    g_clear_pointer(&def->host_data, g_free);
}


/* @str, shortened when it is long, for an error message. */
static char *
virDomainSEVSNPQuote(const char *str)
{
    if (strlen(str) <= VIR_DOMAIN_SEV_SNP_QUOTE_MAX)
        return g_strdup_printf("'%s'", str);

    return g_strdup_printf("'%.*s...' (%zu characters)",
                           VIR_DOMAIN_SEV_SNP_QUOTE_MAX, str, strlen(str));
}


/*
 * Reads the text of the child element @name into @value, which stays NULL
 * when the element is absent.  An element given twice or left empty is an
 * error: either way, some of what the user wrote would be lost.
 */
static int
virDomainSEVSNPParseChild(xmlXPathContextPtr ctxt,
                          const char *name,
                          char **value)
{
    g_autofree char *xpath = g_strdup_printf("./%s", name);
    g_autofree xmlNodePtr *nodes = NULL;
    int n;

    if ((n = virXPathNodeSet(xpath, ctxt, &nodes)) < 0)
        return -1;

    if (n == 0)
        return 0;

    if (n > 1) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security element <%s> appears %d times, but is allowed once"),
                       name, n);
        return -1;
    }

    if (!(*value = virXMLNodeContentString(nodes[0])))
        return -1;

    if (**value == '\0') {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security element <%s> is empty"), name);
        g_clear_pointer(value, g_free);
        return -1;
    }

    return 0;
}


static int
virDomainSEVSNPParsePolicy(xmlXPathContextPtr ctxt,
                           unsigned long long *policy)
{
    g_autofree char *str = NULL;
    g_autofree char *quoted = NULL;
    const char *digits;

    if (virDomainSEVSNPParseChild(ctxt, "policy", &str) < 0)
        return -1;

    if (!str) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("launch security type 'sev-snp' requires a <policy> element"));
        return -1;
    }

    /* Hexadecimal with or without 0x, as upstream reads it. */
    if (!(digits = STRSKIP(str, "0x")) && !(digits = STRSKIP(str, "0X")))
        digits = str;

    quoted = virDomainSEVSNPQuote(str);

    if (*digits == '\0' || strspn(digits, "0123456789abcdefABCDEF") != strlen(digits)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <policy> %s is not a hexadecimal number"),
                       quoted);
        return -1;
    }

    if (virStrToLong_ull(digits, NULL, 16, policy) < 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <policy> %s does not fit in 64 bits"),
                       quoted);
        return -1;
    }

    return 0;
}


static int
virDomainSEVSNPParseUInt(xmlXPathContextPtr ctxt,
                         const char *name,
                         bool *have,
                         unsigned int *value)
{
    g_autofree char *str = NULL;

    if (virDomainSEVSNPParseChild(ctxt, name, &str) < 0)
        return -1;

    if (!str)
        return 0;

    if (strspn(str, "0123456789") != strlen(str) ||
        virStrToLong_ui(str, NULL, 10, value) < 0) {
        g_autofree char *quoted = virDomainSEVSNPQuote(str);

        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> %s is not an unsigned decimal number"),
                       name, quoted);
        return -1;
    }

    *have = true;
    return 0;
}


/**
 * virDomainSEVSNPDefParseXML:
 * @def: the definition to fill
 * @ctxt: XPath context positioned on the <launchSecurity> element
 *
 * Parses <launchSecurity type='sev-snp'>. Values are checked for their
 * format here; whether they make sense is virDomainSEVSNPDefValidate's job.
 *
 * Returns 0 on success, -1 on error.
 */
int
virDomainSEVSNPDefParseXML(virDomainSEVSNPDef *def,
                           xmlXPathContextPtr ctxt)
{
    size_t i;

    if (virXMLPropTristateBool(ctxt->node, "kernelHashes", VIR_XML_PROP_NONE,
                               &def->kernel_hashes) < 0 ||
        virXMLPropTristateBool(ctxt->node, "authorKey", VIR_XML_PROP_NONE,
                               &def->author_key) < 0 ||
        virXMLPropTristateBool(ctxt->node, "vcek", VIR_XML_PROP_NONE,
                               &def->vcek) < 0)
        return -1;

    for (i = 0; i < G_N_ELEMENTS(virDomainSEVOnlyElements); i++) {
        g_autofree char *xpath = g_strdup_printf("./%s", virDomainSEVOnlyElements[i]);

        if (virXPathNodeSet(xpath, ctxt, NULL) > 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("launch security element <%s> belongs to type 'sev' and is not allowed with type 'sev-snp'"),
                           virDomainSEVOnlyElements[i]);
            return -1;
        }
    }

    if (virDomainSEVSNPParsePolicy(ctxt, &def->policy) < 0)
        return -1;

    /* Platform dependent: filled in from the host when missing. */
    if (virDomainSEVSNPParseUInt(ctxt, "cbitpos",
                                 &def->haveCbitpos, &def->cbitpos) < 0 ||
        virDomainSEVSNPParseUInt(ctxt, "reducedPhysBits",
                                 &def->haveReducedPhysBits, &def->reduced_phys_bits) < 0)
        return -1;

    if (virDomainSEVSNPParseChild(ctxt, "guestVisibleWorkarounds",
                                  &def->guest_visible_workarounds) < 0 ||
        virDomainSEVSNPParseChild(ctxt, "idBlock", &def->id_block) < 0 ||
        virDomainSEVSNPParseChild(ctxt, "idAuth", &def->id_auth) < 0 ||
        virDomainSEVSNPParseChild(ctxt, "hostData", &def->host_data) < 0)
        return -1;

    return 0;
}


static void
virDomainSEVSNPFormatTristate(virBuffer *attrBuf,
                              const char *name,
                              virTristateBool value)
{
    if (value != VIR_TRISTATE_BOOL_ABSENT)
        virBufferAsprintf(attrBuf, " %s='%s'", name, virTristateBoolTypeToString(value));
}


/**
 * virDomainSEVSNPDefFormat:
 * @attrBuf: attributes of <launchSecurity>, after type
 * @childBuf: children of <launchSecurity>
 * @def: the definition
 *
 * Formats in upstream's order; the blobs as they were written.
 */
void
virDomainSEVSNPDefFormat(virBuffer *attrBuf,
                         virBuffer *childBuf,
                         const virDomainSEVSNPDef *def)
{
    virDomainSEVSNPFormatTristate(attrBuf, "kernelHashes", def->kernel_hashes);
    virDomainSEVSNPFormatTristate(attrBuf, "authorKey", def->author_key);
    virDomainSEVSNPFormatTristate(attrBuf, "vcek", def->vcek);

    if (def->haveCbitpos)
        virBufferAsprintf(childBuf, "<cbitpos>%u</cbitpos>\n", def->cbitpos);
    if (def->haveReducedPhysBits)
        virBufferAsprintf(childBuf, "<reducedPhysBits>%u</reducedPhysBits>\n",
                          def->reduced_phys_bits);
    virBufferAsprintf(childBuf, "<policy>0x%08llx</policy>\n", def->policy);
    virBufferEscapeString(childBuf, "<guestVisibleWorkarounds>%s</guestVisibleWorkarounds>\n",
                          def->guest_visible_workarounds);
    virBufferEscapeString(childBuf, "<idBlock>%s</idBlock>\n", def->id_block);
    virBufferEscapeString(childBuf, "<idAuth>%s</idAuth>\n", def->id_auth);
    virBufferEscapeString(childBuf, "<hostData>%s</hostData>\n", def->host_data);
}


static int
virDomainSEVSNPValidatePolicy(unsigned long long policy)
{
    if (policy & VIR_SEV_SNP_POLICY_RESERVED_MASK) {
        g_autofree char *bits = virSEVSNPPolicyFormatBits(policy & VIR_SEV_SNP_POLICY_RESERVED_MASK);

        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <policy> 0x%llx sets reserved bits %s: bits 26 to 63 must be zero"),
                       policy, bits);
        return -1;
    }

    if (!(policy & VIR_SEV_SNP_POLICY_RSVD_MBO)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <policy> 0x%llx does not set bit 17, which SEV-SNP reserves and requires to be one"),
                       policy);
        return -1;
    }

    return 0;
}


static int
virDomainSEVSNPValidateRange(const char *name,
                             bool have,
                             unsigned int value,
                             unsigned int min,
                             unsigned int max)
{
    if (have && (value < min || value > max)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> %u is out of range: an x86-64 host has %u to %u"),
                       name, value, min, max);
        return -1;
    }

    return 0;
}


/* The blob must be canonical base64 of exactly @size bytes.  It is checked
 * without being decoded, so even megabytes of text cost one scan. */
static int
virDomainSEVSNPValidateBlob(const char *name,
                            const char *value,
                            size_t size)
{
    size_t pos;
    size_t decoded = 0;

    if (!value)
        return 0;

    switch (virBase64Validate(value, &pos, &decoded)) {
    case VIR_BASE64_OK:
        break;
    case VIR_BASE64_ERR_CHARACTER:
        if (g_ascii_isspace(value[pos])) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("launch security <%s> is not valid base64: white space at offset %zu (the value must be written without spaces or line breaks)"),
                           name, pos);
        } else if (g_ascii_isgraph(value[pos])) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("launch security <%s> is not valid base64: character '%c' at offset %zu is not in the base64 alphabet"),
                           name, value[pos], pos);
        } else {
            virReportError(VIR_ERR_XML_ERROR,
                           _("launch security <%s> is not valid base64: character 0x%02x at offset %zu is not in the base64 alphabet"),
                           name, (unsigned char) value[pos], pos);
        }
        return -1;
    case VIR_BASE64_ERR_LENGTH:
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> is not valid base64: its length %zu is not a multiple of 4"),
                       name, strlen(value));
        return -1;
    case VIR_BASE64_ERR_PADDING:
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> is not valid base64: misplaced padding '=' at offset %zu"),
                       name, pos);
        return -1;
    case VIR_BASE64_ERR_TRAILING_BITS:
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> is not valid base64: the bits before the padding are not zero"),
                       name);
        return -1;
    }

    if (decoded != size) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("launch security <%s> decodes to %zu bytes, but must be %zu bytes"),
                       name, decoded, size);
        return -1;
    }

    return 0;
}


/**
 * virDomainSEVSNPDefValidate:
 * @def: the definition
 *
 * Checks what a definition must satisfy whatever the host: the policy's
 * reserved bits, the platform values' ranges, the blobs' encoding and size,
 * and which blobs need which: an ID block is signed, so it comes with the
 * ID authentication structure, which alone carries an author key.
 *
 * Returns 0 if @def is valid, -1 with an error reported otherwise.
 */
int
virDomainSEVSNPDefValidate(const virDomainSEVSNPDef *def)
{
    if (virDomainSEVSNPValidatePolicy(def->policy) < 0)
        return -1;

    if (virDomainSEVSNPValidateRange("cbitpos", def->haveCbitpos, def->cbitpos,
                                     VIR_SEV_CBITPOS_MIN, VIR_SEV_CBITPOS_MAX) < 0 ||
        virDomainSEVSNPValidateRange("reducedPhysBits", def->haveReducedPhysBits,
                                     def->reduced_phys_bits,
                                     VIR_SEV_REDUCED_PHYS_BITS_MIN,
                                     VIR_SEV_REDUCED_PHYS_BITS_MAX) < 0)
        return -1;

    if (virDomainSEVSNPValidateBlob("guestVisibleWorkarounds", def->guest_visible_workarounds,
                                    VIR_SEV_SNP_GUEST_VISIBLE_WORKAROUNDS_SIZE) < 0 ||
        virDomainSEVSNPValidateBlob("idBlock", def->id_block, VIR_SEV_SNP_ID_BLOCK_SIZE) < 0 ||
        virDomainSEVSNPValidateBlob("idAuth", def->id_auth, VIR_SEV_SNP_ID_AUTH_SIZE) < 0 ||
        virDomainSEVSNPValidateBlob("hostData", def->host_data, VIR_SEV_SNP_HOST_DATA_SIZE) < 0)
        return -1;

    if (def->id_auth && !def->id_block) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("launch security <idAuth> requires an <idBlock>: it authenticates the ID block"));
        return -1;
    }

    if (def->author_key == VIR_TRISTATE_BOOL_YES && !def->id_auth) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("launch security authorKey='yes' requires an <idAuth>, which carries the author key"));
        return -1;
    }

    if (def->id_block && !def->id_auth) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("launch security <idBlock> requires an <idAuth>: the firmware checks the ID block's signature with the ID key it carries"));
        return -1;
    }

    return 0;
}


/**
 * virDomainSecDefValidate:
 * @sec: launch security of a domain, or NULL
 *
 * Returns 0 if @sec is valid, -1 with an error reported otherwise.
 */
int
virDomainSecDefValidate(const virDomainSecDef *sec)
{
    if (!sec)
        return 0;

    switch ((virDomainLaunchSecurity) sec->sectype) {
    case VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP:
        return virDomainSEVSNPDefValidate(&sec->data.sev_snp);
    case VIR_DOMAIN_LAUNCH_SECURITY_SEV:
    case VIR_DOMAIN_LAUNCH_SECURITY_PV:
        return 0;
    case VIR_DOMAIN_LAUNCH_SECURITY_NONE:
    case VIR_DOMAIN_LAUNCH_SECURITY_LAST:
        break;
    }

    virReportEnumRangeError(virDomainLaunchSecurity, sec->sectype);
    return -1;
}


static bool
virDomainSEVSNPCheckTristate(const char *name,
                             virTristateBool src,
                             virTristateBool dst)
{
    if (src != dst) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target SEV-SNP launch security %s '%s' does not match source '%s'"),
                       name, virTristateBoolTypeToString(dst),
                       virTristateBoolTypeToString(src));
        return false;
    }

    return true;
}


static bool
virDomainSEVSNPCheckBlob(const char *name,
                         const char *src,
                         const char *dst)
{
    /* Canonical base64 is unique, so equal text means equal bytes. */
    if (STRNEQ_NULLABLE(src, dst)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target SEV-SNP launch security <%s> does not match source"),
                       name);
        return false;
    }

    return true;
}


static bool
virDomainSEVSNPDefCheckABIStability(const virDomainSEVSNPDef *src,
                                    const virDomainSEVSNPDef *dst)
{
    if (src->policy != dst->policy) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target SEV-SNP launch security policy 0x%llx does not match source 0x%llx"),
                       dst->policy, src->policy);
        return false;
    }

    /* Filled in at start: only comparable when both sides have them. */
    if (src->haveCbitpos && dst->haveCbitpos && src->cbitpos != dst->cbitpos) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target SEV-SNP launch security cbitpos %u does not match source %u"),
                       dst->cbitpos, src->cbitpos);
        return false;
    }

    if (src->haveReducedPhysBits && dst->haveReducedPhysBits &&
        src->reduced_phys_bits != dst->reduced_phys_bits) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target SEV-SNP launch security reducedPhysBits %u does not match source %u"),
                       dst->reduced_phys_bits, src->reduced_phys_bits);
        return false;
    }

    return virDomainSEVSNPCheckTristate("kernelHashes", src->kernel_hashes, dst->kernel_hashes) &&
        virDomainSEVSNPCheckTristate("authorKey", src->author_key, dst->author_key) &&
        virDomainSEVSNPCheckTristate("vcek", src->vcek, dst->vcek) &&
        virDomainSEVSNPCheckBlob("guestVisibleWorkarounds", src->guest_visible_workarounds,
                                 dst->guest_visible_workarounds) &&
        virDomainSEVSNPCheckBlob("idBlock", src->id_block, dst->id_block) &&
        virDomainSEVSNPCheckBlob("idAuth", src->id_auth, dst->id_auth) &&
        virDomainSEVSNPCheckBlob("hostData", src->host_data, dst->host_data);
}


static const char *
virDomainSecDefTypeName(const virDomainSecDef *sec)
{
    return sec ? virDomainLaunchSecurityTypeToString(sec->sectype) : "none";
}


/**
 * virDomainSecDefCheckABIStability:
 * @src: launch security of the source definition, or NULL
 * @dst: launch security of the target definition, or NULL
 *
 * An SEV-SNP guest's launch parameters determine its measurement, so they
 * must not change under it.  Other types are not compared, as in libvirt
 * 9.0.0.
 *
 * Returns true if @dst may replace @src, false with an error reported.
 */
bool
virDomainSecDefCheckABIStability(const virDomainSecDef *src,
                                 const virDomainSecDef *dst)
{
    bool srcSNP = src && src->sectype == VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP;
    bool dstSNP = dst && dst->sectype == VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP;

    if (!srcSNP && !dstSNP)
        return true;

    if (!srcSNP || !dstSNP) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("Target launch security type '%s' does not match source '%s'"),
                       virDomainSecDefTypeName(dst), virDomainSecDefTypeName(src));
        return false;
    }

    return virDomainSEVSNPDefCheckABIStability(&src->data.sev_snp, &dst->data.sev_snp);
}
