/*
 * domain_conf_sev.h: AMD SEV-SNP launch security definition
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "virbuffer.h"
#include "virconftypes.h"
#include "virenum.h"
#include "virxml.h"

/* <launchSecurity type='sev-snp'>, in upstream libvirt's format (10.5+).
 * The blobs keep the base64 text as written, so that it is formatted back
 * unchanged; validation guarantees it decodes to the right size. */
typedef struct _virDomainSEVSNPDef virDomainSEVSNPDef;
struct _virDomainSEVSNPDef {
    bool haveCbitpos;
    unsigned int cbitpos;
    bool haveReducedPhysBits;
    unsigned int reduced_phys_bits;
    virTristateBool kernel_hashes;
    unsigned long long policy;
    char *guest_visible_workarounds;
    char *id_block;
    char *id_auth;
    char *host_data;
    virTristateBool author_key;
    virTristateBool vcek;
};

void
virDomainSEVSNPDefClear(virDomainSEVSNPDef *def);

int
virDomainSEVSNPDefParseXML(virDomainSEVSNPDef *def,
                           xmlXPathContextPtr ctxt);

void
virDomainSEVSNPDefFormat(virBuffer *attrBuf,
                         virBuffer *childBuf,
                         const virDomainSEVSNPDef *def);

int
virDomainSEVSNPDefValidate(const virDomainSEVSNPDef *def);

int
virDomainSecDefValidate(const virDomainSecDef *sec);

bool
virDomainSecDefCheckABIStability(const virDomainSecDef *src,
                                 const virDomainSecDef *dst);
