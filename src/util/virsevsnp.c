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
