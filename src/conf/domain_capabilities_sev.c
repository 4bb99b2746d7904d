/*
 * domain_capabilities_sev.c: launch security in domain capabilities
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "domain_capabilities_sev.h"
#include "domain_conf.h"

#define VIR_FROM_THIS VIR_FROM_CAPABILITIES


void
virDomainCapsLaunchSecurityFree(virDomainCapsLaunchSecurity *ls)
{
    if (!ls)
        return;

    g_free(ls->snpReason);
    g_free(ls->snpHost);
    g_free(ls);
}


static void
virDomainCapsLaunchSecurityFormatTypes(virBuffer *buf,
                                       const virDomainCapsLaunchSecurity *ls)
{
    g_auto(virBuffer) childBuf = VIR_BUFFER_INIT_CHILD(buf);
    g_auto(virBuffer) enumBuf = VIR_BUFFER_INIT_CHILD(&childBuf);
    g_auto(virBuffer) attrBuf = VIR_BUFFER_INITIALIZER;
    size_t i;

    for (i = 0; i < VIR_DOMAIN_LAUNCH_SECURITY_LAST; i++) {
        if (VIR_DOMAIN_CAPS_ENUM_IS_SET(ls->sectype, i))
            virBufferAsprintf(&enumBuf, "<value>%s</value>\n",
                              virDomainLaunchSecurityTypeToString(i));
    }

    if (virBufferUse(&enumBuf) == 0) {
        virBufferAddLit(buf, "<launchSecurity supported='no'/>\n");
        return;
    }

    virBufferAddLit(&attrBuf, " name='sectype'");
    virXMLFormatElement(&childBuf, "enum", &attrBuf, &enumBuf);
    virBufferAddLit(&attrBuf, " supported='yes'");
    virXMLFormatElement(buf, "launchSecurity", &attrBuf, &childBuf);
}


static void
virDomainCapsSEVSNPFormatTCB(virBuffer *buf,
                             const char *name,
                             const virSEVSNPHost *host,
                             unsigned long long tcb)
{
    g_auto(virBuffer) attrBuf = VIR_BUFFER_INITIALIZER;
    virSEVSNPHostTCB dec;

    if (virSEVSNPHostTCBDecode(host, tcb, &dec) == 0) {
        if (dec.hasFMC)
            virBufferAsprintf(&attrBuf, " fmc='%u'", dec.fmc);
        virBufferAsprintf(&attrBuf, " bootloader='%u' tee='%u' snp='%u' microcode='%u'",
                          dec.bootloader, dec.tee, dec.snp, dec.microcode);
    }

    virBufferAsprintf(buf, "<%s%s>0x%016llx</%s>\n",
                      name, virBufferCurrentContent(&attrBuf), tcb, name);
}


static void
virDomainCapsSEVSNPFormatKVMValue(virBuffer *buf,
                                  const char *name,
                                  const virSEVSNPHostResult *result,
                                  unsigned long long value)
{
    virBufferAsprintf(buf, "<%s source='%s'>0x%llx</%s>\n",
                      name, result->err == 0 ? "kvm" : "fallback", value, name);
}


static void
virDomainCapsSEVSNPFormat(virBuffer *buf,
                          const virDomainCapsLaunchSecurity *ls)
{
    g_auto(virBuffer) attrBuf = VIR_BUFFER_INITIALIZER;
    g_auto(virBuffer) childBuf = VIR_BUFFER_INIT_CHILD(buf);
    const virSEVSNPHost *host = ls->snpHost;

    virBufferAsprintf(&attrBuf, " supported='%s'",
                      ls->snpSupported == VIR_TRISTATE_BOOL_YES ? "yes" : "no");

    virBufferEscapeString(&childBuf, "<reason>%s</reason>\n", ls->snpReason);

    if (host && host->snp.result.err == 0) {
        virBufferAsprintf(&childBuf,
                          "<firmware apiMajor='%u' apiMinor='%u' buildID='%u'/>\n",
                          host->snp.apiMajor, host->snp.apiMinor, host->snp.buildID);
        virBufferAsprintf(&childBuf, "<rmpInitialized>%s</rmpInitialized>\n",
                          host->snp.rmpInitialized ? "yes" : "no");
        virDomainCapsSEVSNPFormatTCB(&childBuf, "currentTCB", host, host->snp.currentTCB);
        virDomainCapsSEVSNPFormatTCB(&childBuf, "reportedTCB", host, host->snp.reportedTCB);
    }

    /* What the CPU and KVM offer matters only on CPUs with SEV-SNP. */
    if (host && host->cpuid.valid && (host->cpuid.eax & VIR_SEV_SNP_HOST_CPUID_SNP)) {
        virBufferAsprintf(&childBuf, "<maxGuests>%u</maxGuests>\n",
                          virSEVSNPHostMaxSNPGuests(host));

        if (host->kvm.open.err != 0)
            host = NULL;
    } else {
        host = NULL;
    }

    if (host) {
        virDomainCapsSEVSNPFormatKVMValue(&childBuf, "policyBits",
                                          &host->kvm.policyResult, host->kvm.policyBits);
        virDomainCapsSEVSNPFormatKVMValue(&childBuf, "vmsaFeatures",
                                          &host->kvm.vmsaResult, host->kvm.vmsaFeatures);
    }

    virXMLFormatElement(buf, "sevSnp", &attrBuf, &childBuf);
}


/**
 * virDomainCapsLaunchSecurityFormat:
 *
 * Formats <launchSecurity> with the launch security types the domain can
 * use, and <sevSnp> with what the host says about SEV-SNP.  Nothing is
 * formatted for drivers that leave @ls NULL.
 */
void
virDomainCapsLaunchSecurityFormat(virBuffer *buf,
                                  const virDomainCapsLaunchSecurity *ls)
{
    if (!ls)
        return;

    virDomainCapsLaunchSecurityFormatTypes(buf, ls);
    virDomainCapsSEVSNPFormat(buf, ls);
}
