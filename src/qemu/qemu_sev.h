/*
 * qemu_sev.h: AMD SEV-SNP launch security in the QEMU driver
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "virjson.h"
#include "virsevsnphost.h"
#include "virsevsnpmeasure.h"
#include "domain_capabilities_sev.h"

int
qemuSEVSNPValidateDef(const virDomainDef *def,
                      virQEMUCaps *qemuCaps);

int
qemuSEVSNPUpdatePlatformInfo(virDomainSEVSNPDef *snp,
                             virQEMUCaps *qemuCaps);

int
qemuSEVSNPBuildObjectProps(const virDomainSEVSNPDef *snp,
                           virJSONValue **props);

int
qemuSEVSNPCheckIdBlock(const virDomainSEVSNPDef *snp,
                       const unsigned char *digest);

/* QEMU's answer to query-sev for an SNP guest. */
typedef struct _qemuSEVSNPQuery qemuSEVSNPQuery;
struct _qemuSEVSNPQuery {
    char *state;
    unsigned int apiMajor;
    unsigned int apiMinor;
    unsigned int buildID;
    unsigned long long policy;
};

/* What an SEV-SNP guest was launched with, kept in the status XML. */
typedef struct _qemuSEVSNPLaunch qemuSEVSNPLaunch;
struct _qemuSEVSNPLaunch {
    unsigned char measurement[VIR_SEV_SNP_DIGEST_SIZE];   /* expected */
    char *firmware;
    unsigned char firmwareSHA256[VIR_SEV_SNP_SHA256_SIZE];
    unsigned int vcpus;
    uint32_t vcpuSignature;
    uint64_t guestFeatures;
    bool kernelHashes;
    unsigned long long policy;
    /* Once QEMU is up: its query-sev answer at the end of the start. */
    bool haveQuery;
    qemuSEVSNPQuery query;
};

void
qemuSEVSNPLaunchFree(qemuSEVSNPLaunch *launch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuSEVSNPLaunch, qemuSEVSNPLaunchFree);

int
qemuSEVSNPPrepareLaunch(const virDomainDef *def,
                        qemuSEVSNPLaunch **launch);

void
qemuSEVSNPLaunchFormat(virBuffer *buf,
                       const qemuSEVSNPLaunch *launch);

qemuSEVSNPLaunch *
qemuSEVSNPLaunchParse(xmlXPathContextPtr ctxt);

int
qemuSEVSNPParseQuery(const char *reply,
                     qemuSEVSNPQuery *query);

int
qemuSEVSNPUpdateLaunch(virDomainObj *vm,
                       virDomainAsyncJob asyncJob);

int
qemuSEVSNPLaunchSecurityParams(const qemuSEVSNPLaunch *launch,
                               const qemuSEVSNPQuery *query,
                               virTypedParameterPtr *params,
                               int *nparams);

int
qemuSEVSNPGetLaunchSecurityInfo(virDomainObj *vm,
                                virTypedParameterPtr *params,
                                int *nparams,
                                unsigned int flags);

int
qemuSEVSNPValidateHost(const virDomainDef *def,
                       const virSEVSNPHost *host);

int
qemuSEVSNPCheckHost(const virDomainDef *def);

virSEVSNPHost *
qemuSEVSNPCapsProbeHost(virQEMUCaps *qemuCaps);

void
qemuSEVSNPCapsFormatHost(virBuffer *buf,
                         const virSEVSNPHost *host);

int
qemuSEVSNPCapsParseHost(xmlXPathContextPtr ctxt,
                        virSEVSNPHost **host);

void
qemuSEVSNPFillDomainCaps(virQEMUCaps *qemuCaps,
                         virDomainCaps *domCaps);
