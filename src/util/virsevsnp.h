/*
 * virsevsnp.h: AMD SEV-SNP guest ABI facts
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Guest policy bits: AMD SEV-SNP Firmware ABI specification (56860),
 * "Guest Policy". */
#define VIR_SEV_SNP_POLICY_ABI_MINOR_MASK       0x00000000000000ffULL
#define VIR_SEV_SNP_POLICY_ABI_MAJOR_MASK       0x000000000000ff00ULL
#define VIR_SEV_SNP_POLICY_ABI_MAJOR_SHIFT      8
#define VIR_SEV_SNP_POLICY_SMT                  (1ULL << 16)
#define VIR_SEV_SNP_POLICY_RSVD_MBO             (1ULL << 17)
#define VIR_SEV_SNP_POLICY_MIGRATE_MA           (1ULL << 18)
#define VIR_SEV_SNP_POLICY_DEBUG                (1ULL << 19)
#define VIR_SEV_SNP_POLICY_SINGLE_SOCKET        (1ULL << 20)
#define VIR_SEV_SNP_POLICY_CXL_ALLOW            (1ULL << 21)
#define VIR_SEV_SNP_POLICY_MEM_AES_256_XTS      (1ULL << 22)
#define VIR_SEV_SNP_POLICY_RAPL_DIS             (1ULL << 23)
#define VIR_SEV_SNP_POLICY_CIPHERTEXT_HIDING    (1ULL << 24)
#define VIR_SEV_SNP_POLICY_PAGE_SWAP_DISABLE    (1ULL << 25)

/* Bits 63:26 are reserved and must be zero. */
#define VIR_SEV_SNP_POLICY_RESERVED_MASK        (~((1ULL << 26) - 1))

/* The default of QEMU and of most tools: SMT allowed, no minimum ABI. */
#define VIR_SEV_SNP_POLICY_DEFAULT \
    (VIR_SEV_SNP_POLICY_SMT | VIR_SEV_SNP_POLICY_RSVD_MBO)

/* Sizes of the launch blobs: SNP_LAUNCH_START and SNP_LAUNCH_FINISH. */
#define VIR_SEV_SNP_GUEST_VISIBLE_WORKAROUNDS_SIZE  16
#define VIR_SEV_SNP_ID_BLOCK_SIZE                   96
#define VIR_SEV_SNP_ID_AUTH_SIZE                    4096
#define VIR_SEV_SNP_HOST_DATA_SIZE                  32

/* x86-64 physical addresses have at most 52 bits, so the C-bit is one of
 * bits 0-51; no AMD processor places it below bit 32.  The reduction of
 * the physical address space is a 6-bit CPUID field (Fn8000_001F EBX[11:6])
 * and QEMU requires at least 1. */
#define VIR_SEV_CBITPOS_MIN             32
#define VIR_SEV_CBITPOS_MAX             51
#define VIR_SEV_REDUCED_PHYS_BITS_MIN   1
#define VIR_SEV_REDUCED_PHYS_BITS_MAX   63

/* QEMU's query-sev-capabilities reports this reduction whatever the CPU
 * says (CPUID Fn8000_001F EBX[11:6]). */
#define VIR_SEV_QEMU_REDUCED_PHYS_BITS  1

char *
virSEVSNPPolicyFormatBits(unsigned long long bits);

char *
virSEVSNPPolicyFormatBitNames(unsigned long long bits);
