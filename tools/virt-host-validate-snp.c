/*
 * virt-host-validate-snp.c: AMD SEV-SNP host checks
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "virt-host-validate-snp.h"
#include "virsevsnphost.h"

/* One line per step of setting up a host, in the order
 * virSEVSNPHostGetState() checks them.  Each line names SEV-SNP. */
typedef enum {
    VIR_HOST_VALIDATE_SNP_CPU,
    VIR_HOST_VALIDATE_SNP_MODULE,
    VIR_HOST_VALIDATE_SNP_DEVICE,
    VIR_HOST_VALIDATE_SNP_FIRMWARE,
    VIR_HOST_VALIDATE_SNP_RMP,
    VIR_HOST_VALIDATE_SNP_KVM,

    VIR_HOST_VALIDATE_SNP_LAST
} virHostValidateSNPStep;


static virHostValidateSNPStep
virHostValidateSEVSNPFailedStep(const virSEVSNPHost *host,
                                virSEVSNPHostState state)
{
    switch (state) {
    case VIR_SEV_SNP_HOST_NO_CPU_SUPPORT:
        return VIR_HOST_VALIDATE_SNP_CPU;
    case VIR_SEV_SNP_HOST_NO_MODULE_PARAM:
    case VIR_SEV_SNP_HOST_MODULE_PARAM_OFF:
        return VIR_HOST_VALIDATE_SNP_MODULE;
    case VIR_SEV_SNP_HOST_NO_DEVICE:
        return VIR_HOST_VALIDATE_SNP_DEVICE;
    case VIR_SEV_SNP_HOST_DEVICE_UNUSABLE:
        /* Either the device does not open or a command on it fails. */
        if (host->devSEV.err != 0)
            return VIR_HOST_VALIDATE_SNP_DEVICE;
        return VIR_HOST_VALIDATE_SNP_FIRMWARE;
    case VIR_SEV_SNP_HOST_NOT_INITIALIZED:
        return VIR_HOST_VALIDATE_SNP_FIRMWARE;
    case VIR_SEV_SNP_HOST_RMP_NOT_INITIALIZED:
        return VIR_HOST_VALIDATE_SNP_RMP;
    case VIR_SEV_SNP_HOST_KVM_UNUSABLE:
    case VIR_SEV_SNP_HOST_NO_KVM_VM_TYPE:
        return VIR_HOST_VALIDATE_SNP_KVM;
    case VIR_SEV_SNP_HOST_USABLE:
    case VIR_SEV_SNP_HOST_LAST:
        break;
    }

    return VIR_HOST_VALIDATE_SNP_LAST;
}


static void
virHostValidateSEVSNPCheck(const char *hvname,
                           const virSEVSNPHost *host,
                           virHostValidateSNPStep step)
{
    switch (step) {
    case VIR_HOST_VALIDATE_SNP_CPU:
        virHostMsgCheck(hvname, "%s", _("for SEV-SNP in the CPU"));
        break;
    case VIR_HOST_VALIDATE_SNP_MODULE:
        virHostMsgCheck(hvname, "%s", _("for SEV-SNP in KVM (kvm_amd parameter sev_snp)"));
        break;
    case VIR_HOST_VALIDATE_SNP_DEVICE:
        virHostMsgCheck(hvname, _("if SEV-SNP device %s is accessible"),
                        VIR_SEV_SNP_HOST_DEV_SEV);
        break;
    case VIR_HOST_VALIDATE_SNP_FIRMWARE:
        if (host->snp.result.err == 0)
            virHostMsgCheck(hvname, _("for SEV-SNP firmware (API %u.%u, build %u)"),
                            host->snp.apiMajor, host->snp.apiMinor, host->snp.buildID);
        else
            virHostMsgCheck(hvname, "%s", _("for SEV-SNP firmware"));
        break;
    case VIR_HOST_VALIDATE_SNP_RMP:
        virHostMsgCheck(hvname, "%s", _("if the SEV-SNP RMP table is initialised"));
        break;
    case VIR_HOST_VALIDATE_SNP_KVM:
        virHostMsgCheck(hvname, "%s", _("for the SEV-SNP VM type in KVM"));
        break;
    case VIR_HOST_VALIDATE_SNP_LAST:
        break;
    }
}


/**
 * virHostValidateSEVSNP:
 *
 * On CPUs with AMD SEV, checks each step that a host needs to run SEV-SNP
 * guests and stops at the first that fails, with the reason; then tells
 * which policy bits KVM accepts.  Prints nothing on other CPUs.
 */
int virHostValidateSEVSNP(const char *hvname,
                          virHostValidateLevel level)
{
    g_autofree virSEVSNPHost *host = virSEVSNPHostProbe();
    g_autofree char *reason = NULL;
    virSEVSNPHostState state;
    virHostValidateSNPStep failed;
    virHostValidateSNPStep step;

    if (!host->cpuid.valid || !(host->cpuid.eax & VIR_SEV_SNP_HOST_CPUID_SEV))
        return 0;

    state = virSEVSNPHostGetState(host, &reason);
    failed = virHostValidateSEVSNPFailedStep(host, state);

    for (step = 0; step < VIR_HOST_VALIDATE_SNP_LAST; step++) {
        virHostValidateSEVSNPCheck(hvname, host, step);
        if (step == failed) {
            virHostMsgFail(level, "%s", reason);
            return VIR_HOST_VALIDATE_FAILURE(level);
        }
        virHostMsgPass();
    }

    virHostMsgCheck(hvname, _("for the SEV-SNP policy bits KVM accepts (0x%llx)"),
                    host->kvm.policyBits);
    if (host->kvm.policyResult.err != 0) {
        virHostMsgFail(VIR_HOST_VALIDATE_NOTE, "%s",
                       _("this kernel does not report them (Linux 6.19 and newer do): libvirt assumes those of Linux 6.11"));
    } else {
        virHostMsgPass();
    }

    return 0;
}
