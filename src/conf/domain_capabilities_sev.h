/*
 * domain_capabilities_sev.h: launch security in domain capabilities
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_capabilities.h"
#include "virsevsnphost.h"

/* <launchSecurity> as upstream libvirt 10.5 formats it, and <sevSnp>, what
 * the host says about SEV-SNP. */
struct _virDomainCapsLaunchSecurity {
    virDomainCapsEnum sectype;      /* virDomainLaunchSecurity */

    virTristateBool snpSupported;
    char *snpReason;                /* why not, when known */
    virSEVSNPHost *snpHost;         /* NULL: not probed */
};

void
virDomainCapsLaunchSecurityFree(virDomainCapsLaunchSecurity *ls);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCapsLaunchSecurity, virDomainCapsLaunchSecurityFree);

void
virDomainCapsLaunchSecurityFormat(virBuffer *buf,
                                  const virDomainCapsLaunchSecurity *ls);
