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
#include "virsevsnpmeasure.h"

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

int
qemuSEVSNPPrepareLaunch(const virDomainDef *def,
                        unsigned char digest[VIR_SEV_SNP_DIGEST_SIZE]);
