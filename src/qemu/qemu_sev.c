/*
 * qemu_sev.c: AMD SEV-SNP launch security in the QEMU driver
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "qemu_sev.h"
#include "qemu_domain.h"
#include "qemu_monitor.h"
#include "virerror.h"
#include "virhostcpu.h"
#include "virlog.h"
#include "virsevsnp.h"
#include "virstring.h"
#include "virtypedparam.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_sev");


/* Firmware: UEFI, loaded as ROM.  KVM gives SEV-SNP guests no read-only
 * memory slots, so QEMU cannot map pflash for them; and SMM, which
 * secure-boot builds need, does not exist in an SNP guest. */
static int
qemuSEVSNPValidateFirmware(const virDomainDef *def)
{
    const virDomainLoaderDef *loader = def->os.loader;
    bool efi = def->os.firmware == VIR_DOMAIN_OS_DEF_FIRMWARE_EFI;

    if (def->os.firmware == VIR_DOMAIN_OS_DEF_FIRMWARE_BIOS ||
        (!efi && !(loader && loader->path))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security requires UEFI firmware: use <os firmware='efi'> or <loader type='rom'>"));
        return -1;
    }

    if (loader && loader->type == VIR_DOMAIN_LOADER_TYPE_PFLASH) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security requires the firmware as ROM (<loader type='rom'>), not pflash: KVM cannot map pflash for SEV-SNP guests"));
        return -1;
    }

    if ((loader && loader->secure == VIR_TRISTATE_BOOL_YES) ||
        (def->os.firmwareFeatures &&
         def->os.firmwareFeatures[VIR_DOMAIN_OS_DEF_FIRMWARE_FEATURE_SECURE_BOOT] == VIR_TRISTATE_BOOL_YES)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security cannot use secure-boot firmware: it needs SMM, which SEV-SNP guests do not have"));
        return -1;
    }

    return 0;
}


/**
 * qemuSEVSNPValidateDef:
 * @def: domain definition with sev-snp launch security
 * @qemuCaps: capabilities of the QEMU binary
 *
 * What QEMU and the machine must offer an SEV-SNP guest, checked when the
 * domain is defined.  The host itself is checked when it starts.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPValidateDef(const virDomainDef *def,
                      virQEMUCaps *qemuCaps)
{
    const virDomainSEVSNPDef *snp = &def->sec->data.sev_snp;

    if (!virQEMUCapsGet(qemuCaps, QEMU_CAPS_SEV_SNP_GUEST)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security is not supported with this QEMU binary"));
        return -1;
    }

    if (!qemuDomainIsQ35(def)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("'sev-snp' launch security requires a q35 machine type, not '%s'"),
                       def->os.machine);
        return -1;
    }

    if (qemuSEVSNPValidateFirmware(def) < 0)
        return -1;

    if (def->features[VIR_DOMAIN_FEATURE_SMM] == VIR_TRISTATE_SWITCH_ON) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security does not support SMM: remove <smm state='on'/>"));
        return -1;
    }

    if (snp->kernel_hashes == VIR_TRISTATE_BOOL_YES && !def->os.kernel) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("launch security kernelHashes='yes' requires direct kernel boot (<kernel>): the hashes are of the kernel, initrd and command line"));
        return -1;
    }

    return 0;
}


/**
 * qemuSEVSNPUpdatePlatformInfo:
 * @snp: the guest's launch security
 * @qemuCaps: capabilities of the QEMU binary on this host
 *
 * QEMU needs cbitpos and reduced-phys-bits; fill in those the definition
 * leaves out from what the host reports, as libvirt does for SEV.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPUpdatePlatformInfo(virDomainSEVSNPDef *snp,
                             virQEMUCaps *qemuCaps)
{
    virSEVCapability *sevCaps = virQEMUCapsGetSEVCapabilities(qemuCaps);

    if (snp->haveCbitpos && snp->haveReducedPhysBits)
        return 0;

    if (!sevCaps) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       _("cannot fill in launch security <cbitpos> and <reducedPhysBits>: this host reports no AMD SEV capabilities"));
        return -1;
    }

    if (!snp->haveCbitpos) {
        snp->cbitpos = sevCaps->cbitpos;
        snp->haveCbitpos = true;
    }

    if (!snp->haveReducedPhysBits) {
        snp->reduced_phys_bits = sevCaps->reduced_phys_bits;
        snp->haveReducedPhysBits = true;
    }

    return 0;
}


/**
 * qemuSEVSNPBuildObjectProps:
 * @snp: the guest's launch security, with cbitpos and reducedPhysBits known
 * @props: filled with the properties of QEMU's sev-snp-guest object
 *
 * Only what the definition sets is passed, so that QEMU's defaults apply
 * otherwise; the blobs go through as written (they are validated base64).
 *
 * Returns 0 on success, -1 on error.
 */
int
qemuSEVSNPBuildObjectProps(const virDomainSEVSNPDef *snp,
                           virJSONValue **props)
{
    virTristateBool vcekDisabled = VIR_TRISTATE_BOOL_ABSENT;

    /* QEMU's switch is the inverse of the XML attribute. */
    if (snp->vcek != VIR_TRISTATE_BOOL_ABSENT)
        vcekDisabled = virTristateBoolFromBool(snp->vcek == VIR_TRISTATE_BOOL_NO);

    return qemuMonitorCreateObjectProps(props, "sev-snp-guest", "lsec0",
                                        "u:cbitpos", snp->cbitpos,
                                        "u:reduced-phys-bits", snp->reduced_phys_bits,
                                        "T:kernel-hashes", snp->kernel_hashes,
                                        "U:policy", snp->policy,
                                        "S:guest-visible-workarounds", snp->guest_visible_workarounds,
                                        "S:id-block", snp->id_block,
                                        "S:id-auth", snp->id_auth,
                                        "S:host-data", snp->host_data,
                                        "T:author-key-enabled", snp->author_key,
                                        "T:vcek-disabled", vcekDisabled,
                                        NULL);
}


/**
 * qemuSEVSNPCheckIdBlock:
 * @snp: the guest's launch security
 * @digest: the expected launch digest
 *
 * The firmware refuses to finish the launch when the ID block's launch
 * digest or policy differ from the launch's; say so before QEMU starts.
 *
 * Returns 0 if there is no ID block or it matches, -1 with an error
 * reported otherwise.
 */
int
qemuSEVSNPCheckIdBlock(const virDomainSEVSNPDef *snp,
                       const unsigned char *digest)
{
    g_autofree guchar *block = NULL;
    gsize len = 0;
    uint64_t policy = 0;
    uint32_t version = 0;
    size_t i;

    if (!snp->id_block)
        return 0;

    block = g_base64_decode(snp->id_block, &len);
    if (len != VIR_SEV_SNP_ID_BLOCK_SIZE) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("launch security <idBlock> decodes to %zu bytes"), (size_t) len);
        return -1;
    }

    /* ID_BLOCK: LD at 0x00 (48 bytes), ..., VERSION at 0x50 (u32),
     * POLICY at 0x58 (u64). */
    for (i = 0; i < 4; i++)
        version |= (uint32_t) block[0x50 + i] << (8 * i);
    for (i = 0; i < 8; i++)
        policy |= (uint64_t) block[0x58 + i] << (8 * i);

    if (version != 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <idBlock> has version %u, but the firmware accepts only version 1"),
                       version);
        return -1;
    }

    if (policy != snp->policy) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <idBlock> carries policy 0x%llx, but the guest's <policy> is 0x%llx: the firmware would refuse the launch"),
                       (unsigned long long) policy, snp->policy);
        return -1;
    }

    if (memcmp(block, digest, VIR_SEV_SNP_DIGEST_SIZE) != 0) {
        g_autofree char *theirs = virSEVSNPHexFormat(block, VIR_SEV_SNP_DIGEST_SIZE);
        g_autofree char *ours = virSEVSNPHexFormat(digest, VIR_SEV_SNP_DIGEST_SIZE);

        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <idBlock> carries launch digest %s, but this guest will measure %s: the firmware would refuse the launch"),
                       theirs, ours);
        return -1;
    }

    return 0;
}


/* The vCPU signature QEMU writes into every VMSA: the host's with
 * host-passthrough, otherwise that of the named model (host-model has been
 * expanded to one by now). */
static int
qemuSEVSNPVCPUSignature(const virDomainDef *def,
                        uint32_t *signature)
{
    const virCPUDef *cpu = def->cpu;

    if (cpu && (cpu->mode == VIR_CPU_MODE_HOST_PASSTHROUGH ||
                cpu->mode == VIR_CPU_MODE_MAXIMUM)) {
        virHostCPUX86GetCPUID(1, 0, signature, NULL, NULL, NULL);
        return 0;
    }

    if (cpu && cpu->model)
        return virSEVSNPCPUModelSignature(cpu->model, signature);

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   _("the SEV-SNP launch digest depends on the guest CPU: give <cpu> a named AMD EPYC model, or use host-model or host-passthrough"));
    return -1;
}


void
qemuSEVSNPLaunchFree(qemuSEVSNPLaunch *launch)
{
    if (!launch)
        return;

    g_free(launch->firmware);
    g_free(launch->query.state);
    g_free(launch);
}


/**
 * qemuSEVSNPPrepareLaunch:
 * @def: live definition of an SEV-SNP guest about to start, firmware chosen
 * @launch: filled with what the guest is launched with and will measure to
 *
 * Computes the launch digest from what QEMU will launch: the firmware file,
 * the vCPUs at launch, their signature, the guest features (SNPActive only:
 * QEMU without IGVM passes none to KVM, which adds SNPActive) and, with
 * kernelHashes='yes', kernel, initrd and command line.  Refuses firmware
 * QEMU cannot launch SNP guests with, and an ID block that cannot match.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPPrepareLaunch(const virDomainDef *def,
                        qemuSEVSNPLaunch **launch)
{
    const virDomainSEVSNPDef *snp = &def->sec->data.sev_snp;
    g_autoptr(qemuSEVSNPLaunch) info = g_new0(qemuSEVSNPLaunch, 1);
    virSEVSNPMeasurement result;
    virSEVSNPMeasureInput input = {
        .nvcpus = virDomainDefGetVcpus(def),
        .guestFeatures = VIR_SEV_SNP_GUEST_FEATURES_DEFAULT,
        .launchable = true,
    };

    if (!def->os.loader || !def->os.loader->path) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security needs a firmware file to load as ROM"));
        return -1;
    }
    input.firmware = def->os.loader->path;

    if (snp->kernel_hashes == VIR_TRISTATE_BOOL_YES) {
        input.kernel = def->os.kernel;
        input.initrd = def->os.initrd;
        input.cmdline = def->os.cmdline;
    }

    if (qemuSEVSNPVCPUSignature(def, &input.vcpuSignature) < 0 ||
        virSEVSNPMeasure(&input, &result) < 0 ||
        qemuSEVSNPCheckIdBlock(snp, result.digest) < 0)
        return -1;

    memcpy(info->measurement, result.digest, sizeof(info->measurement));
    memcpy(info->firmwareSHA256, result.firmwareSHA256, sizeof(info->firmwareSHA256));
    info->firmware = g_strdup(input.firmware);
    info->vcpus = input.nvcpus;
    info->vcpuSignature = input.vcpuSignature;
    info->guestFeatures = input.guestFeatures;
    info->kernelHashes = !!input.kernel;
    info->policy = snp->policy;

    *launch = g_steal_pointer(&info);
    return 0;
}


/**
 * qemuSEVSNPLaunchFormat:
 * @buf: status XML private data
 * @launch: the launch record, or NULL
 */
void
qemuSEVSNPLaunchFormat(virBuffer *buf,
                       const qemuSEVSNPLaunch *launch)
{
    g_auto(virBuffer) attrBuf = VIR_BUFFER_INITIALIZER;
    g_auto(virBuffer) childBuf = VIR_BUFFER_INIT_CHILD(buf);
    g_autofree char *measurement = NULL;
    g_autofree char *sha256 = NULL;

    if (!launch)
        return;

    measurement = virSEVSNPHexFormat(launch->measurement, sizeof(launch->measurement));
    sha256 = virSEVSNPHexFormat(launch->firmwareSHA256, sizeof(launch->firmwareSHA256));

    virBufferAddLit(&attrBuf, " type='sev-snp'");
    virBufferAsprintf(&childBuf, "<measurement>%s</measurement>\n", measurement);
    virBufferEscapeString(&childBuf, "<firmware path='%s'", launch->firmware);
    virBufferAsprintf(&childBuf, " sha256='%s'/>\n", sha256);
    virBufferAsprintf(&childBuf, "<vcpus count='%u' signature='0x%08x'/>\n",
                      launch->vcpus, launch->vcpuSignature);
    virBufferAsprintf(&childBuf, "<guestFeatures>0x%llx</guestFeatures>\n",
                      (unsigned long long) launch->guestFeatures);
    virBufferAsprintf(&childBuf, "<policy>0x%08llx</policy>\n", launch->policy);
    virBufferAsprintf(&childBuf, "<kernelHashes>%s</kernelHashes>\n",
                      launch->kernelHashes ? "yes" : "no");
    if (launch->haveQuery) {
        virBufferEscapeString(&childBuf, "<querySev state='%s'", launch->query.state);
        virBufferAsprintf(&childBuf, " apiMajor='%u' apiMinor='%u' buildID='%u'/>\n",
                          launch->query.apiMajor, launch->query.apiMinor,
                          launch->query.buildID);
    }

    virXMLFormatElement(buf, "launchSecurity", &attrBuf, &childBuf);
}


static bool
qemuSEVSNPParseULL(xmlXPathContextPtr ctxt,
                   const char *xpath,
                   int base,
                   unsigned long long *value)
{
    g_autofree char *str = virXPathString(xpath, ctxt);

    return str && virStrToLong_ullp(str, NULL, base, value) == 0;
}


/**
 * qemuSEVSNPLaunchParse:
 * @ctxt: XPath context on the status XML private data
 *
 * Reads back the launch record of an SEV-SNP guest.  A damaged record is
 * dropped with a warning rather than failing the status XML, which would
 * make the daemon lose track of a running guest.
 *
 * Returns the record, or NULL if there is none or it is damaged.
 */
qemuSEVSNPLaunch *
qemuSEVSNPLaunchParse(xmlXPathContextPtr ctxt)
{
    VIR_XPATH_NODE_AUTORESTORE(ctxt)
    g_autoptr(qemuSEVSNPLaunch) launch = g_new0(qemuSEVSNPLaunch, 1);
    g_autofree char *measurement = NULL;
    g_autofree char *sha256 = NULL;
    g_autofree char *kernelHashes = NULL;
    unsigned long long vcpus;
    unsigned long long signature;
    unsigned long long features;

    if (!(ctxt->node = virXPathNode("./launchSecurity[@type='sev-snp']", ctxt)))
        return NULL;

    measurement = virXPathString("string(./measurement)", ctxt);
    sha256 = virXPathString("string(./firmware/@sha256)", ctxt);
    kernelHashes = virXPathString("string(./kernelHashes)", ctxt);
    launch->firmware = virXPathString("string(./firmware/@path)", ctxt);

    if (virSEVSNPHexParse(measurement, launch->measurement, sizeof(launch->measurement)) < 0 ||
        virSEVSNPHexParse(sha256, launch->firmwareSHA256, sizeof(launch->firmwareSHA256)) < 0 ||
        !launch->firmware ||
        !qemuSEVSNPParseULL(ctxt, "string(./vcpus/@count)", 10, &vcpus) || vcpus > UINT_MAX ||
        !qemuSEVSNPParseULL(ctxt, "string(./vcpus/@signature)", 16, &signature) ||
        signature > UINT32_MAX ||
        !qemuSEVSNPParseULL(ctxt, "string(./guestFeatures)", 16, &features) ||
        !qemuSEVSNPParseULL(ctxt, "string(./policy)", 16, &launch->policy) ||
        !kernelHashes || (STRNEQ(kernelHashes, "yes") && STRNEQ(kernelHashes, "no"))) {
        VIR_WARN("dropping damaged SEV-SNP launch data from the status XML");
        return NULL;
    }

    launch->vcpus = vcpus;
    launch->vcpuSignature = signature;
    launch->guestFeatures = features;
    launch->kernelHashes = STREQ(kernelHashes, "yes");

    if (virXPathNode("./querySev", ctxt)) {
        unsigned long long major, minor, build;

        launch->query.state = virXPathString("string(./querySev/@state)", ctxt);
        if (!launch->query.state ||
            !qemuSEVSNPParseULL(ctxt, "string(./querySev/@apiMajor)", 10, &major) || major > 255 ||
            !qemuSEVSNPParseULL(ctxt, "string(./querySev/@apiMinor)", 10, &minor) || minor > 255 ||
            !qemuSEVSNPParseULL(ctxt, "string(./querySev/@buildID)", 10, &build) || build > 255) {
            VIR_WARN("dropping damaged SEV-SNP launch data from the status XML");
            return NULL;
        }
        launch->haveQuery = true;
        launch->query.apiMajor = major;
        launch->query.apiMinor = minor;
        launch->query.buildID = build;
    }

    return g_steal_pointer(&launch);
}


/**
 * qemuSEVSNPParseQuery:
 * @reply: QEMU's reply to query-sev
 * @query: filled with its SNP data
 *
 * query-sev is read here rather than through qemuMonitorGetSEVInfo(), whose
 * parser requires the SEV-only 'policy' and 'handle' that an SNP guest's
 * reply does not have.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPParseQuery(const char *reply,
                     qemuSEVSNPQuery *query)
{
    g_autoptr(virJSONValue) json = virJSONValueFromString(reply);
    virJSONValue *data = NULL;
    virJSONValue *error = NULL;
    const char *type;
    const char *state;

    if (json && (error = virJSONValueObjectGetObject(json, "error"))) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot query SEV-SNP launch information: %s"),
                       NULLSTR(virJSONValueObjectGetString(error, "desc")));
        return -1;
    }

    if (!json || !(data = virJSONValueObjectGetObject(json, "return")) ||
        !(type = virJSONValueObjectGetString(data, "sev-type")) ||
        !(state = virJSONValueObjectGetString(data, "state")) ||
        virJSONValueObjectGetNumberUint(data, "api-major", &query->apiMajor) < 0 ||
        virJSONValueObjectGetNumberUint(data, "api-minor", &query->apiMinor) < 0 ||
        virJSONValueObjectGetNumberUint(data, "build-id", &query->buildID) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("query-sev reply was missing some data"));
        return -1;
    }

    if (STRNEQ(type, "sev-snp")) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("QEMU reports launch security '%s', not an SEV-SNP guest"), type);
        return -1;
    }

    if (virJSONValueObjectGetNumberUlong(data, "snp-policy", &query->policy) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("query-sev reply was missing some data"));
        return -1;
    }

    query->state = g_strdup(state);
    return 0;
}


static int
qemuSEVSNPQueryMonitor(virDomainObj *vm,
                       virDomainAsyncJob asyncJob,
                       qemuSEVSNPQuery *query)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autofree char *reply = NULL;
    int rc;

    if (qemuDomainObjEnterMonitorAsync(vm, asyncJob) < 0)
        return -1;
    rc = qemuMonitorArbitraryCommand(priv->mon, "{\"execute\":\"query-sev\"}",
                                     -1, &reply, false);
    qemuDomainObjExitMonitor(vm);

    if (rc < 0)
        return -1;

    return qemuSEVSNPParseQuery(reply, query);
}


/**
 * qemuSEVSNPUpdateLaunch:
 * @vm: an SEV-SNP guest whose QEMU has just started
 * @asyncJob: the start job
 *
 * Adds QEMU's query-sev answer (guest state, firmware API version and
 * build) to the launch record.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPUpdateLaunch(virDomainObj *vm,
                       virDomainAsyncJob asyncJob)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    qemuSEVSNPQuery query = { 0 };

    if (!priv->sevSnpLaunch)
        return 0;

    if (qemuSEVSNPQueryMonitor(vm, asyncJob, &query) < 0)
        return -1;

    g_free(priv->sevSnpLaunch->query.state);
    priv->sevSnpLaunch->query = query;
    priv->sevSnpLaunch->haveQuery = true;
    return 0;
}


/**
 * qemuSEVSNPLaunchSecurityParams:
 * @launch: the guest's launch record, or NULL if it was lost
 * @query: QEMU's current query-sev answer
 * @params: filled with the launch security parameters
 * @nparams: filled with their number
 *
 * The SNP policy and the firmware version come from QEMU; the expected
 * launch digest, base64 like the SEV measurement, from the launch record.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPLaunchSecurityParams(const qemuSEVSNPLaunch *launch,
                               const qemuSEVSNPQuery *query,
                               virTypedParameterPtr *params,
                               int *nparams)
{
    virTypedParameterPtr par = NULL;
    int npar = 0;
    int maxpar = 0;

    if (virTypedParamsAddULLong(&par, &npar, &maxpar,
                                VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP_POLICY, query->policy) < 0 ||
        virTypedParamsAddUInt(&par, &npar, &maxpar,
                              VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MAJOR, query->apiMajor) < 0 ||
        virTypedParamsAddUInt(&par, &npar, &maxpar,
                              VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MINOR, query->apiMinor) < 0 ||
        virTypedParamsAddUInt(&par, &npar, &maxpar,
                              VIR_DOMAIN_LAUNCH_SECURITY_SEV_BUILD_ID, query->buildID) < 0)
        goto error;

    if (launch) {
        g_autofree char *measurement = g_base64_encode(launch->measurement,
                                                       sizeof(launch->measurement));

        if (virTypedParamsAddString(&par, &npar, &maxpar,
                                    VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP_EXPECTED_MEASUREMENT,
                                    measurement) < 0)
            goto error;
    }

    *params = par;
    *nparams = npar;
    return 0;

 error:
    virTypedParamsFree(par, npar);
    return -1;
}


/**
 * qemuSEVSNPGetLaunchSecurityInfo:
 * @vm: a running SEV-SNP guest
 * @params: filled with the launch security parameters
 * @nparams: filled with their number
 * @flags: VIR_TYPED_PARAM_STRING_OKAY
 *
 * virDomainGetLaunchSecurityInfo() for SEV-SNP: QEMU's current query-sev
 * answer with the launch record's digest.  (query-sev-launch-measure, which
 * SEV uses, always fails for SNP.)
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPGetLaunchSecurityInfo(virDomainObj *vm,
                                virTypedParameterPtr *params,
                                int *nparams,
                                unsigned int flags)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    qemuSEVSNPQuery query = { 0 };
    int ret = -1;

    virCheckFlags(VIR_TYPED_PARAM_STRING_OKAY, -1);

    if (virDomainObjBeginJob(vm, VIR_JOB_QUERY) < 0)
        return -1;

    if (virDomainObjCheckActive(vm) < 0)
        goto endjob;

    if (qemuSEVSNPQueryMonitor(vm, VIR_ASYNC_JOB_NONE, &query) < 0)
        goto endjob;

    ret = qemuSEVSNPLaunchSecurityParams(priv->sevSnpLaunch, &query, params, nparams);

 endjob:
    g_free(query.state);
    virDomainObjEndJob(vm);
    return ret;
}
