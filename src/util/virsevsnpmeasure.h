/*
 * virsevsnpmeasure.h: expected SEV-SNP launch digest of a QEMU guest
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

#define VIR_SEV_SNP_DIGEST_SIZE 48
#define VIR_SEV_SNP_SHA256_SIZE 32

/* SEV_FEATURES of the VMSAs that QEMU (without IGVM) and KVM 6.11 or newer
 * give an SNP guest: SNPActive only. */
#define VIR_SEV_SNP_GUEST_FEATURES_DEFAULT 0x1

typedef struct _virSEVSNPMeasureInput virSEVSNPMeasureInput;
struct _virSEVSNPMeasureInput {
    const char *firmware;       /* the image QEMU loads with -bios */
    unsigned int nvcpus;        /* vCPUs created at launch */
    uint32_t vcpuSignature;     /* guest CPUID Fn0000_0001_EAX */
    uint64_t guestFeatures;     /* VMSA SEV_FEATURES */
    /* Measured direct kernel boot (kernelHashes='yes' with a kernel): */
    const char *kernel;         /* NULL: no hashes are measured */
    const char *initrd;         /* may be NULL */
    const char *cmdline;        /* may be NULL */
    /* Also refuse firmware that QEMU cannot launch an SNP guest with,
     * although its digest is defined. */
    bool launchable;
};

uint32_t
virSEVSNPVCPUSignature(unsigned int family,
                       unsigned int model,
                       unsigned int stepping);

int
virSEVSNPCPUModelSignature(const char *model,
                           uint32_t *signature);

typedef struct _virSEVSNPMeasurement virSEVSNPMeasurement;
struct _virSEVSNPMeasurement {
    unsigned char digest[VIR_SEV_SNP_DIGEST_SIZE];
    /* SHA-256 of the firmware bytes that were measured */
    unsigned char firmwareSHA256[VIR_SEV_SNP_SHA256_SIZE];
};

char *
virSEVSNPHexFormat(const unsigned char *data,
                   size_t len);

int
virSEVSNPHexParse(const char *str,
                  unsigned char *data,
                  size_t len);

int
virSEVSNPMeasure(const virSEVSNPMeasureInput *input,
                 virSEVSNPMeasurement *result);
