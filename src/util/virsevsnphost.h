/*
 * virsevsnphost.h: what this host can do for AMD SEV-SNP guests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "virenum.h"
#include "virsevsnp.h"

#define VIR_SEV_SNP_HOST_DEV_SEV "/dev/sev"
#define VIR_SEV_SNP_HOST_DEV_KVM "/dev/kvm"
#define VIR_SEV_SNP_HOST_KVM_AMD_PARAMS "/sys/module/kvm_amd/parameters"
#define VIR_SEV_SNP_HOST_SMT_ACTIVE "/sys/devices/system/cpu/smt/active"

/* CPUID Fn8000_001F EAX */
#define VIR_SEV_SNP_HOST_CPUID_SEV      (1U << 1)
#define VIR_SEV_SNP_HOST_CPUID_SEV_ES   (1U << 3)
#define VIR_SEV_SNP_HOST_CPUID_SNP      (1U << 4)

/* The policy bits KVM of Linux 6.11 up to 6.18 accepts; newer kernels
 * report their own set through KVM_X86_SNP_POLICY_BITS. */
#define VIR_SEV_SNP_HOST_POLICY_BITS_LINUX_6_11 \
    (VIR_SEV_SNP_POLICY_ABI_MINOR_MASK | VIR_SEV_SNP_POLICY_ABI_MAJOR_MASK | \
     VIR_SEV_SNP_POLICY_SMT | VIR_SEV_SNP_POLICY_RSVD_MBO | \
     VIR_SEV_SNP_POLICY_DEBUG | VIR_SEV_SNP_POLICY_SINGLE_SOCKET)

/* VMSA features KVM_SEV_INIT2 accepts when KVM does not say: none. */
#define VIR_SEV_SNP_HOST_VMSA_FEATURES_FALLBACK 0ULL

/* Outcome of one step of the probe: an errno of open() or ioctl() and,
 * for /dev/sev commands, the firmware's status code. */
typedef struct _virSEVSNPHostResult virSEVSNPHostResult;
struct _virSEVSNPHostResult {
    int err;        /* 0 on success, else errno */
    int fwError;    /* SEV_RET_*, VIR_SEV_SNP_HOST_NO_FW_CALL if none */
};
#define VIR_SEV_SNP_HOST_NO_FW_CALL -1

typedef struct _virSEVSNPHostCPUID virSEVSNPHostCPUID;
struct _virSEVSNPHostCPUID {
    bool valid;         /* the CPU has leaf Fn8000_001F */
    uint32_t eax;
    uint32_t ebx;
    uint32_t ecx;
    uint32_t edx;
    uint32_t signature; /* Fn0000_0001 EAX: family, model, stepping */
};

/* SEV_PLATFORM_STATUS */
typedef struct _virSEVSNPHostSEVStatus virSEVSNPHostSEVStatus;
struct _virSEVSNPHostSEVStatus {
    virSEVSNPHostResult result;
    unsigned int apiMajor;
    unsigned int apiMinor;
    unsigned int state;
    unsigned int flags;
    unsigned int build;
    unsigned int guestCount;
};

/* SNP_PLATFORM_STATUS */
typedef struct _virSEVSNPHostSNPStatus virSEVSNPHostSNPStatus;
struct _virSEVSNPHostSNPStatus {
    virSEVSNPHostResult result;
    unsigned int apiMajor;
    unsigned int apiMinor;
    unsigned int state;
    bool rmpInitialized;
    unsigned int buildID;
    unsigned int features;
    unsigned int guestCount;
    unsigned long long currentTCB;
    unsigned long long reportedTCB;
};

/* What /dev/kvm says.  A device attribute the kernel does not know leaves
 * the Linux 6.11 value in place and its result says why. */
typedef struct _virSEVSNPHostKVM virSEVSNPHostKVM;
struct _virSEVSNPHostKVM {
    virSEVSNPHostResult open;
    virSEVSNPHostResult vmTypesResult;
    unsigned long long vmTypes;         /* KVM_CAP_VM_TYPES bitmask */
    virSEVSNPHostResult vmsaResult;
    unsigned long long vmsaFeatures;    /* KVM_X86_SEV_VMSA_FEATURES */
    virSEVSNPHostResult policyResult;
    unsigned long long policyBits;      /* KVM_X86_SNP_POLICY_BITS */
};

typedef struct _virSEVSNPHost virSEVSNPHost;
struct _virSEVSNPHost {
    /* kvm_amd module parameters; absent when the file is missing */
    virTristateBool paramSEV;
    virTristateBool paramSEVES;
    virTristateBool paramSNP;
    virTristateBool smtActive;
    virSEVSNPHostCPUID cpuid;
    virSEVSNPHostResult devSEV;         /* open of /dev/sev */
    virSEVSNPHostSEVStatus sev;
    virSEVSNPHostSNPStatus snp;
    virSEVSNPHostKVM kvm;
};

/* Why a host cannot run SEV-SNP guests, in the order they are checked. */
typedef enum {
    VIR_SEV_SNP_HOST_USABLE = 0,
    VIR_SEV_SNP_HOST_NO_CPU_SUPPORT,
    VIR_SEV_SNP_HOST_NO_MODULE_PARAM,
    VIR_SEV_SNP_HOST_MODULE_PARAM_OFF,
    VIR_SEV_SNP_HOST_NO_DEVICE,
    VIR_SEV_SNP_HOST_DEVICE_UNUSABLE,
    VIR_SEV_SNP_HOST_NOT_INITIALIZED,
    VIR_SEV_SNP_HOST_RMP_NOT_INITIALIZED,
    VIR_SEV_SNP_HOST_KVM_UNUSABLE,
    VIR_SEV_SNP_HOST_NO_KVM_VM_TYPE,

    VIR_SEV_SNP_HOST_LAST
} virSEVSNPHostState;

VIR_ENUM_DECL(virSEVSNPHostState);

void
virSEVSNPHostReadCPUID(uint32_t leaf,
                       uint32_t *eax,
                       uint32_t *ebx,
                       uint32_t *ecx,
                       uint32_t *edx) G_NO_INLINE;

virSEVSNPHost *
virSEVSNPHostProbe(void);

virSEVSNPHostState
virSEVSNPHostGetState(const virSEVSNPHost *host,
                      char **reason);

const char *
virSEVSNPHostFirmwareErrorName(int fwError);

char *
virSEVSNPHostOpenFormat(const char *path,
                        int err);

char *
virSEVSNPHostResultFormat(const char *what,
                          const virSEVSNPHostResult *result);

unsigned int
virSEVSNPHostCbitpos(const virSEVSNPHost *host);

unsigned int
virSEVSNPHostMaxSNPGuests(const virSEVSNPHost *host);

/* The security versions in a TCB_VERSION; @fmc is only on family 1Ah. */
typedef struct _virSEVSNPHostTCB virSEVSNPHostTCB;
struct _virSEVSNPHostTCB {
    bool hasFMC;
    unsigned int fmc;
    unsigned int bootloader;
    unsigned int tee;
    unsigned int snp;
    unsigned int microcode;
};

int
virSEVSNPHostTCBDecode(const virSEVSNPHost *host,
                       unsigned long long tcb,
                       virSEVSNPHostTCB *out);

virSEVSNPHost *
virSEVSNPHostCopy(const virSEVSNPHost *host);

bool
virSEVSNPHostIsCurrent(const virSEVSNPHost *host);
