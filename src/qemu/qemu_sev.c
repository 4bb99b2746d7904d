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
#include "virsevsnphost.h"
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


/* Settings whose QEMU side cannot work with guest memory in KVM's
 * guest_memfd, which every SEV-SNP guest's RAM is: device assignment and
 * the other users of host-side DMA mappings refuse it; memory and vCPUs
 * added after the launch are neither measured nor usable; pages cannot be
 * given back to the host through the balloon. */
static int
qemuSEVSNPValidateDevices(const virDomainDef *def)
{
    size_t i;

    if (def->nmems > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("'sev-snp' launch security does not support <memory model='%s'> devices: QEMU cannot add memory to an SEV-SNP guest after its launch or take it back"),
                       virDomainMemoryModelTypeToString(def->mems[0]->model));
        return -1;
    }

    if (def->mem.max_memory > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security does not support memory hotplug: remove <maxMemory>"));
        return -1;
    }

    if (virDomainDefGetVcpus(def) < virDomainDefGetVcpusMax(def)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("'sev-snp' launch security needs every vCPU at launch (<vcpu current='%u'> of %u): vCPUs added later have no measured state to start from"),
                       virDomainDefGetVcpus(def), virDomainDefGetVcpusMax(def));
        return -1;
    }

    /* QEMU assigns every PCI device with VFIO, whatever the backend. */
    for (i = 0; i < def->nhostdevs; i++) {
        const virDomainHostdevDef *hostdev = def->hostdevs[i];

        if (hostdev->mode == VIR_DOMAIN_HOSTDEV_MODE_SUBSYS &&
            (hostdev->source.subsys.type == VIR_DOMAIN_HOSTDEV_SUBSYS_TYPE_PCI ||
             hostdev->source.subsys.type == VIR_DOMAIN_HOSTDEV_SUBSYS_TYPE_MDEV)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("'sev-snp' launch security does not support assigned host devices (<hostdev>): QEMU cannot map guest_memfd memory for VFIO"));
            return -1;
        }
    }

    for (i = 0; i < def->nnets; i++) {
        if (def->nets[i]->type == VIR_DOMAIN_NET_TYPE_VDPA) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("'sev-snp' launch security does not support <interface type='vdpa'>: QEMU cannot map guest_memfd memory for vhost-vdpa"));
            return -1;
        }
    }

    for (i = 0; i < def->ndisks; i++) {
        if (virStorageSourceGetActualType(def->disks[i]->src) == VIR_STORAGE_TYPE_NVME) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("'sev-snp' launch security does not support <disk type='nvme'>: QEMU's own NVMe driver cannot map guest_memfd memory"));
            return -1;
        }
    }

    if (def->memballoon &&
        def->memballoon->free_page_reporting == VIR_TRISTATE_SWITCH_ON) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("'sev-snp' launch security does not support <memballoon freePageReporting='on'>: the private memory of an SEV-SNP guest cannot be given back to the host this way"));
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

    if (qemuSEVSNPValidateFirmware(def) < 0 ||
        qemuSEVSNPValidateDevices(def) < 0)
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
    virSEVSNPHost *host = virQEMUCapsGetSEVSNPHost(qemuCaps);
    unsigned int cbitpos;
    unsigned int reducedPhysBits;

    if (snp->haveCbitpos && snp->haveReducedPhysBits)
        return 0;

    if (sevCaps) {
        cbitpos = sevCaps->cbitpos;
        reducedPhysBits = sevCaps->reduced_phys_bits;
    } else if (host && host->cpuid.valid &&
               (host->cpuid.eax & VIR_SEV_SNP_HOST_CPUID_SEV)) {
        /* QEMU's SEV probe failed: take the C-bit from the CPU, and the
         * reduction QEMU's probe always reports, so that the command line
         * does not depend on which of the two answered. */
        cbitpos = virSEVSNPHostCbitpos(host);
        reducedPhysBits = VIR_SEV_QEMU_REDUCED_PHYS_BITS;
    } else {
        g_autofree char *reason = NULL;

        if (host && virSEVSNPHostGetState(host, &reason) != VIR_SEV_SNP_HOST_USABLE) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           _("cannot fill in launch security <cbitpos> and <reducedPhysBits>: this host cannot run SEV-SNP guests: %s"),
                           reason);
            return -1;
        }

        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       _("cannot fill in launch security <cbitpos> and <reducedPhysBits>: this host reports no AMD SEV capabilities"));
        return -1;
    }

    if (!snp->haveCbitpos) {
        snp->cbitpos = cbitpos;
        snp->haveCbitpos = true;
    }

    if (!snp->haveReducedPhysBits) {
        snp->reduced_phys_bits = reducedPhysBits;
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
    uint64_t policy;
    uint32_t version;

    if (!snp->id_block)
        return 0;

    block = g_base64_decode(snp->id_block, &len);
    if (len != VIR_SEV_SNP_ID_BLOCK_SIZE) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("launch security <idBlock> decodes to %zu bytes"), (size_t) len);
        return -1;
    }

    /* ID_BLOCK: LD at 0x00 (48 bytes), ..., VERSION at 0x50 (u32),
     * POLICY at 0x58 (u64), little-endian as the host status structs. */
    memcpy(&version, block + 0x50, sizeof(version));
    memcpy(&policy, block + 0x58, sizeof(policy));
    version = GUINT32_FROM_LE(version);
    policy = GUINT64_FROM_LE(policy);

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


/**
 * qemuSEVSNPValidateHost:
 * @def: definition of an SEV-SNP guest about to start
 * @host: what the host says now
 *
 * Says what on this host would make QEMU or the firmware refuse the
 * guest, before QEMU runs: SNP unusable, policy bits KVM does not accept,
 * a policy ABI newer than the firmware's, SMT against the policy, a C-bit
 * position other than the CPU's, no free guest slot.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPValidateHost(const virDomainDef *def,
                       const virSEVSNPHost *host)
{
    const virDomainSEVSNPDef *snp = &def->sec->data.sev_snp;
    g_autofree char *reason = NULL;
    unsigned long long refused;
    unsigned int abiMajor;
    unsigned int abiMinor;
    unsigned int maxGuests;

    if (virSEVSNPHostGetState(host, &reason) != VIR_SEV_SNP_HOST_USABLE) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("cannot start the SEV-SNP guest '%s': this host cannot run SEV-SNP guests: %s"),
                       def->name, reason);
        return -1;
    }

    if ((refused = snp->policy & ~host->kvm.policyBits)) {
        g_autofree char *names = virSEVSNPPolicyFormatBitNames(refused);

        if (host->kvm.policyResult.err == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("launch security <policy> 0x%llx sets bits that KVM on this host does not accept: %s"),
                           snp->policy, names);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("launch security <policy> 0x%llx sets bits that KVM on this host does not accept: %s (the kernel does not report its policy bits; those of Linux 6.11 apply)"),
                           snp->policy, names);
        }
        return -1;
    }

    abiMajor = (snp->policy & VIR_SEV_SNP_POLICY_ABI_MAJOR_MASK) >> VIR_SEV_SNP_POLICY_ABI_MAJOR_SHIFT;
    abiMinor = snp->policy & VIR_SEV_SNP_POLICY_ABI_MINOR_MASK;
    if (abiMajor > host->snp.apiMajor ||
        (abiMajor == host->snp.apiMajor && abiMinor > host->snp.apiMinor)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <policy> 0x%llx requires SEV-SNP firmware ABI %u.%u or newer, but this host's firmware has %u.%u"),
                       snp->policy, abiMajor, abiMinor, host->snp.apiMajor, host->snp.apiMinor);
        return -1;
    }

    if (!(snp->policy & VIR_SEV_SNP_POLICY_SMT) &&
        host->smtActive == VIR_TRISTATE_BOOL_YES) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <policy> 0x%llx does not allow SMT (bit 16 is clear), but SMT is active on this host: set the bit or turn SMT off (%s)"),
                       snp->policy, VIR_SEV_SNP_HOST_SMT_ACTIVE);
        return -1;
    }

    if (snp->haveCbitpos && snp->cbitpos != virSEVSNPHostCbitpos(host)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("launch security <cbitpos> is %u, but this host's CPU has the C-bit at position %u"),
                       snp->cbitpos, virSEVSNPHostCbitpos(host));
        return -1;
    }

    /* SEV-ES guests share these ASIDs, but the firmware counts them with
     * the SEV guests, so only a host full of SNP guests is caught here. */
    maxGuests = virSEVSNPHostMaxSNPGuests(host);
    if (maxGuests == 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("cannot start the SEV-SNP guest '%s': the firmware settings of this host leave no ASIDs for SEV-ES and SEV-SNP guests (CPUID Fn8000_001F EDX is %u)"),
                       def->name, host->cpuid.edx);
        return -1;
    }
    if (host->snp.guestCount >= maxGuests) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot start the SEV-SNP guest '%s': %u SEV-SNP guests already use all %u ASIDs that SEV-ES and SEV-SNP guests share"),
                       def->name, host->snp.guestCount, maxGuests);
        return -1;
    }

    return 0;
}


/**
 * qemuSEVSNPCheckHost:
 * @def: definition of an SEV-SNP guest about to start
 *
 * Probes the host afresh, since guest counts and SMT change while the
 * daemon runs, and checks the guest against it.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
qemuSEVSNPCheckHost(const virDomainDef *def)
{
    g_autofree virSEVSNPHost *host = virSEVSNPHostProbe();

    return qemuSEVSNPValidateHost(def, host);
}


/* ------------------------------------------------------------------ */
/* The host snapshot in the capabilities cache and domain capabilities */

/**
 * qemuSEVSNPCapsProbeHost:
 * @qemuCaps: capabilities of a QEMU binary that can use KVM
 *
 * Returns a snapshot of the host for x86 QEMU binaries that offer
 * sev-snp-guest, NULL for others.
 */
virSEVSNPHost *
qemuSEVSNPCapsProbeHost(virQEMUCaps *qemuCaps)
{
    if (!ARCH_IS_X86(virQEMUCapsGetArch(qemuCaps)) ||
        !virQEMUCapsGet(qemuCaps, QEMU_CAPS_SEV_SNP_GUEST))
        return NULL;

    return virSEVSNPHostProbe();
}


typedef enum {
    QEMU_SEV_SNP_FIELD_TRISTATE,
    QEMU_SEV_SNP_FIELD_BOOL,
    QEMU_SEV_SNP_FIELD_INT,
    QEMU_SEV_SNP_FIELD_UINT,
    QEMU_SEV_SNP_FIELD_UINT32,
    QEMU_SEV_SNP_FIELD_ULLONG,
} qemuSEVSNPFieldType;

typedef struct {
    const char *name;
    size_t offset;
    qemuSEVSNPFieldType type;
} qemuSEVSNPField;

#define FIELD(name, member, type) \
    { name, offsetof(virSEVSNPHost, member), QEMU_SEV_SNP_FIELD_ ## type }
#define RESULT(name, member) \
    FIELD(name "Errno", member.err, INT), \
    FIELD(name "FwError", member.fwError, INT)

/* Every member of virSEVSNPHost, as it is kept in the cache. */
static const qemuSEVSNPField qemuSEVSNPHostFields[] = {
    FIELD("paramSEV", paramSEV, TRISTATE),
    FIELD("paramSEVES", paramSEVES, TRISTATE),
    FIELD("paramSNP", paramSNP, TRISTATE),
    FIELD("smtActive", smtActive, TRISTATE),
    FIELD("cpuidValid", cpuid.valid, BOOL),
    FIELD("cpuidEAX", cpuid.eax, UINT32),
    FIELD("cpuidEBX", cpuid.ebx, UINT32),
    FIELD("cpuidECX", cpuid.ecx, UINT32),
    FIELD("cpuidEDX", cpuid.edx, UINT32),
    FIELD("cpuidSignature", cpuid.signature, UINT32),
    RESULT("devSEV", devSEV),
    RESULT("sevStatus", sev.result),
    FIELD("sevAPIMajor", sev.apiMajor, UINT),
    FIELD("sevAPIMinor", sev.apiMinor, UINT),
    FIELD("sevState", sev.state, UINT),
    FIELD("sevFlags", sev.flags, UINT),
    FIELD("sevBuild", sev.build, UINT),
    FIELD("sevGuests", sev.guestCount, UINT),
    RESULT("snpStatus", snp.result),
    FIELD("snpAPIMajor", snp.apiMajor, UINT),
    FIELD("snpAPIMinor", snp.apiMinor, UINT),
    FIELD("snpState", snp.state, UINT),
    FIELD("snpRMPInitialized", snp.rmpInitialized, BOOL),
    FIELD("snpBuildID", snp.buildID, UINT),
    FIELD("snpFeatures", snp.features, UINT),
    FIELD("snpGuests", snp.guestCount, UINT),
    FIELD("snpCurrentTCB", snp.currentTCB, ULLONG),
    FIELD("snpReportedTCB", snp.reportedTCB, ULLONG),
    RESULT("kvmOpen", kvm.open),
    RESULT("kvmVMTypes", kvm.vmTypesResult),
    FIELD("kvmVMTypes", kvm.vmTypes, ULLONG),
    RESULT("kvmVMSAFeatures", kvm.vmsaResult),
    FIELD("kvmVMSAFeatures", kvm.vmsaFeatures, ULLONG),
    RESULT("kvmPolicyBits", kvm.policyResult),
    FIELD("kvmPolicyBits", kvm.policyBits, ULLONG),
};

#undef RESULT
#undef FIELD


/**
 * qemuSEVSNPCapsFormatHost:
 * @buf: the capabilities cache
 * @host: the snapshot, or NULL
 */
void
qemuSEVSNPCapsFormatHost(virBuffer *buf,
                         const virSEVSNPHost *host)
{
    g_auto(virBuffer) childBuf = VIR_BUFFER_INIT_CHILD(buf);
    size_t i;

    if (!host)
        return;

    for (i = 0; i < G_N_ELEMENTS(qemuSEVSNPHostFields); i++) {
        const qemuSEVSNPField *f = &qemuSEVSNPHostFields[i];
        const void *p = (const char *)host + f->offset;

        virBufferAsprintf(&childBuf, "<%s>", f->name);
        switch (f->type) {
        case QEMU_SEV_SNP_FIELD_TRISTATE:
            virBufferAdd(&childBuf, virTristateBoolTypeToString(*(const virTristateBool *)p), -1);
            break;
        case QEMU_SEV_SNP_FIELD_BOOL:
            virBufferAdd(&childBuf, *(const bool *)p ? "yes" : "no", -1);
            break;
        case QEMU_SEV_SNP_FIELD_INT:
            virBufferAsprintf(&childBuf, "%d", *(const int *)p);
            break;
        case QEMU_SEV_SNP_FIELD_UINT:
            virBufferAsprintf(&childBuf, "%u", *(const unsigned int *)p);
            break;
        case QEMU_SEV_SNP_FIELD_UINT32:
            virBufferAsprintf(&childBuf, "%u", *(const uint32_t *)p);
            break;
        case QEMU_SEV_SNP_FIELD_ULLONG:
            virBufferAsprintf(&childBuf, "%llu", *(const unsigned long long *)p);
            break;
        }
        virBufferAsprintf(&childBuf, "</%s>\n", f->name);
    }

    virXMLFormatElement(buf, "sevSnpHost", NULL, &childBuf);
}


static int
qemuSEVSNPCapsParseField(xmlXPathContextPtr ctxt,
                         const qemuSEVSNPField *f,
                         virSEVSNPHost *host)
{
    g_autofree char *xpath = g_strdup_printf("string(./sevSnpHost/%s)", f->name);
    g_autofree char *str = virXPathString(xpath, ctxt);
    void *p = (char *)host + f->offset;
    unsigned long long ull;
    int val;

    if (!str)
        return -1;

    switch (f->type) {
    case QEMU_SEV_SNP_FIELD_TRISTATE:
        if ((val = virTristateBoolTypeFromString(str)) < 0)
            return -1;
        *(virTristateBool *)p = val;
        return 0;
    case QEMU_SEV_SNP_FIELD_BOOL:
        if ((val = virTristateBoolTypeFromString(str)) <= VIR_TRISTATE_BOOL_ABSENT)
            return -1;
        *(bool *)p = val == VIR_TRISTATE_BOOL_YES;
        return 0;
    case QEMU_SEV_SNP_FIELD_INT:
        return virStrToLong_i(str, NULL, 10, (int *)p);
    case QEMU_SEV_SNP_FIELD_UINT:
        return virStrToLong_uip(str, NULL, 10, (unsigned int *)p);
    case QEMU_SEV_SNP_FIELD_UINT32:
        if (virStrToLong_ullp(str, NULL, 10, &ull) < 0 || ull > UINT32_MAX)
            return -1;
        *(uint32_t *)p = ull;
        return 0;
    case QEMU_SEV_SNP_FIELD_ULLONG:
        return virStrToLong_ullp(str, NULL, 10, (unsigned long long *)p);
    }

    return -1;
}


/**
 * qemuSEVSNPCapsParseHost:
 * @ctxt: XPath context at <qemuCaps> of the capabilities cache
 * @host: filled with the snapshot, or NULL when the cache has none
 *
 * Returns 0 on success, -1 with an error reported when the snapshot is
 * damaged (the cache is then probed again).
 */
int
qemuSEVSNPCapsParseHost(xmlXPathContextPtr ctxt,
                        virSEVSNPHost **host)
{
    g_autofree virSEVSNPHost *snap = NULL;
    size_t i;

    *host = NULL;
    if (virXPathBoolean("boolean(./sevSnpHost)", ctxt) <= 0)
        return 0;

    snap = g_new0(virSEVSNPHost, 1);
    for (i = 0; i < G_N_ELEMENTS(qemuSEVSNPHostFields); i++) {
        if (qemuSEVSNPCapsParseField(ctxt, &qemuSEVSNPHostFields[i], snap) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("missing or malformed <%s> in the SEV-SNP host data of the QEMU capabilities cache"),
                           qemuSEVSNPHostFields[i].name);
            return -1;
        }
    }

    *host = g_steal_pointer(&snap);
    return 0;
}


/**
 * qemuSEVSNPFillDomainCaps:
 * @qemuCaps: capabilities of the QEMU binary
 * @domCaps: domain capabilities being filled
 *
 * For QEMU binaries that offer sev-snp-guest: <launchSecurity> lists sev
 * when QEMU's SEV probe succeeded (as upstream does, also for TCG) and
 * sev-snp only when this host runs SEV-SNP guests with KVM; <sevSnp> says
 * what the host says.  Other binaries keep libvirt 9.0.0's output.
 */
void
qemuSEVSNPFillDomainCaps(virQEMUCaps *qemuCaps,
                         virDomainCaps *domCaps)
{
    virSEVSNPHost *host = virQEMUCapsGetSEVSNPHost(qemuCaps);
    g_autoptr(virDomainCapsLaunchSecurity) ls = NULL;

    if (!virQEMUCapsGet(qemuCaps, QEMU_CAPS_SEV_SNP_GUEST))
        return;

    ls = g_new0(virDomainCapsLaunchSecurity, 1);
    ls->snpSupported = VIR_TRISTATE_BOOL_NO;

    if (virQEMUCapsGet(qemuCaps, QEMU_CAPS_SEV_GUEST))
        VIR_DOMAIN_CAPS_ENUM_SET(ls->sectype, VIR_DOMAIN_LAUNCH_SECURITY_SEV);

    if (domCaps->virttype != VIR_DOMAIN_VIRT_KVM) {
        ls->snpReason = g_strdup(_("SEV-SNP guests need KVM"));
    } else if (host) {
        if (virSEVSNPHostGetState(host, &ls->snpReason) == VIR_SEV_SNP_HOST_USABLE) {
            ls->snpSupported = VIR_TRISTATE_BOOL_YES;
            VIR_DOMAIN_CAPS_ENUM_SET(ls->sectype, VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP);
        }
        ls->snpHost = virSEVSNPHostCopy(host);
    }

    virDomainCapsLaunchSecurityFree(domCaps->launchSecurity);
    domCaps->launchSecurity = g_steal_pointer(&ls);
}
