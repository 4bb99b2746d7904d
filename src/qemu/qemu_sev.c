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

#define VIR_FROM_THIS VIR_FROM_QEMU


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
