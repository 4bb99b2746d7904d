/*
 * virsevsnp.c: AMD SEV-SNP guest ABI facts
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "virsevsnp.h"
#include "virbuffer.h"


/**
 * virSEVSNPPolicyFormatBits:
 * @bits: a set of policy bits
 *
 * Returns the numbers of the bits set in @bits, e.g. "18, 26", for messages.
 */
char *
virSEVSNPPolicyFormatBits(unsigned long long bits)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;

    for (i = 0; i < 64; i++) {
        if (bits & (1ULL << i))
            virBufferAsprintf(&buf, "%zu, ", i);
    }
    virBufferTrim(&buf, ", ");

    return virBufferContentAndReset(&buf);
}


static const char *const virSEVSNPPolicyBitNames[] = {
    [16] = "SMT",
    [17] = "RSVD_MBO",
    [18] = "MIGRATE_MA",
    [19] = "DEBUG",
    [20] = "SINGLE_SOCKET",
    [21] = "CXL_ALLOW",
    [22] = "MEM_AES_256_XTS",
    [23] = "RAPL_DIS",
    [24] = "CIPHERTEXT_HIDING_DRAM",
    [25] = "PAGE_SWAP_DISABLE",
};


/**
 * virSEVSNPPolicyFormatBitNames:
 * @bits: a set of policy bits
 *
 * Returns the bits set in @bits with their names from the firmware ABI,
 * e.g. "MIGRATE_MA (bit 18), bit 30", for messages.  The minimum ABI
 * version fields (bits 0-15) are named as such.
 */
char *
virSEVSNPPolicyFormatBitNames(unsigned long long bits)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;

    if (bits & VIR_SEV_SNP_POLICY_ABI_MINOR_MASK)
        virBufferAddLit(&buf, "ABI_MINOR (bits 0-7), ");
    if (bits & VIR_SEV_SNP_POLICY_ABI_MAJOR_MASK)
        virBufferAddLit(&buf, "ABI_MAJOR (bits 8-15), ");

    for (i = 16; i < 64; i++) {
        if (!(bits & (1ULL << i)))
            continue;

        if (i < G_N_ELEMENTS(virSEVSNPPolicyBitNames) && virSEVSNPPolicyBitNames[i])
            virBufferAsprintf(&buf, "%s (bit %zu), ", virSEVSNPPolicyBitNames[i], i);
        else
            virBufferAsprintf(&buf, "bit %zu, ", i);
    }
    virBufferTrim(&buf, ", ");

    return virBufferContentAndReset(&buf);
}
