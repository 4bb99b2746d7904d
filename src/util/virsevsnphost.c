/*
 * virsevsnphost.c: what this host can do for AMD SEV-SNP guests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#if defined(__linux__)
# include <linux/kvm.h>
#endif

#include "virsevsnphost.h"
#include "virbuffer.h"
#include "virfile.h"
#include "virhostcpu.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_NONE

VIR_LOG_INIT("util.sevsnphost");

VIR_ENUM_IMPL(virSEVSNPHostState,
              VIR_SEV_SNP_HOST_LAST,
              "usable",
              "no-cpu-support",
              "no-module-param",
              "module-param-off",
              "no-device",
              "device-unusable",
              "not-initialized",
              "rmp-not-initialized",
              "kvm-unusable",
              "no-kvm-vm-type",
);


/* The ABI of /dev/sev (linux/psp-sev.h) and of the /dev/kvm additions for
 * SNP (linux/kvm.h, asm/kvm.h).  Bookworm's kernel headers predate SNP, so
 * these are our own definitions of the same layouts.  The /dev/sev command
 * ids are enum constants upstream, hence names of our own. */
struct virSEVIssueCmdABI {
    uint32_t cmd;
    uint64_t data;
    uint32_t error;
} ATTRIBUTE_PACKED;
G_STATIC_ASSERT(sizeof(struct virSEVIssueCmdABI) == 16);
G_STATIC_ASSERT(offsetof(struct virSEVIssueCmdABI, data) == 4);
G_STATIC_ASSERT(offsetof(struct virSEVIssueCmdABI, error) == 12);

#define VIR_SEV_ISSUE_CMD _IOWR('S', 0x0, struct virSEVIssueCmdABI)
G_STATIC_ASSERT(VIR_SEV_ISSUE_CMD == 0xC0105300);

#define VIR_SEV_CMD_PLATFORM_STATUS 1
#define VIR_SEV_CMD_SNP_PLATFORM_STATUS 9

struct virSEVStatusABI {
    uint8_t apiMajor;
    uint8_t apiMinor;
    uint8_t state;
    uint32_t flags;
    uint8_t build;
    uint32_t guestCount;
} ATTRIBUTE_PACKED;
G_STATIC_ASSERT(sizeof(struct virSEVStatusABI) == 12);
G_STATIC_ASSERT(offsetof(struct virSEVStatusABI, flags) == 3);
G_STATIC_ASSERT(offsetof(struct virSEVStatusABI, guestCount) == 8);

struct virSEVSNPStatusABI {
    uint8_t apiMajor;
    uint8_t apiMinor;
    uint8_t state;
    uint8_t rmpFlags;           /* bit 0: the RMP is initialised */
    uint32_t buildID;
    uint32_t features;
    uint32_t guestCount;
    uint64_t currentTCB;
    uint64_t reportedTCB;
} ATTRIBUTE_PACKED;
G_STATIC_ASSERT(sizeof(struct virSEVSNPStatusABI) == 32);
G_STATIC_ASSERT(offsetof(struct virSEVSNPStatusABI, buildID) == 4);
G_STATIC_ASSERT(offsetof(struct virSEVSNPStatusABI, guestCount) == 12);
G_STATIC_ASSERT(offsetof(struct virSEVSNPStatusABI, currentTCB) == 16);
G_STATIC_ASSERT(offsetof(struct virSEVSNPStatusABI, reportedTCB) == 24);

#ifndef KVM_X86_SNP_VM
# define KVM_X86_SNP_VM 4
#endif

#if defined(__linux__)
# ifndef KVM_CAP_VM_TYPES
#  define KVM_CAP_VM_TYPES 235
# endif
# ifndef KVM_X86_GRP_SEV
#  define KVM_X86_GRP_SEV 1
# endif
# ifndef KVM_X86_SEV_VMSA_FEATURES
#  define KVM_X86_SEV_VMSA_FEATURES 0
# endif
# ifndef KVM_X86_SNP_POLICY_BITS
#  define KVM_X86_SNP_POLICY_BITS 1
# endif
G_STATIC_ASSERT(sizeof(struct kvm_device_attr) == 24);
G_STATIC_ASSERT(KVM_GET_DEVICE_ATTR == 0x4018AEE2);
G_STATIC_ASSERT(KVM_CHECK_EXTENSION == 0xAE03);
#endif

/* Firmware status codes (sev_issue_cmd.error): AMD SEV API (55766) and
 * SEV-SNP firmware ABI (56860) specifications. */
typedef struct {
    const char *name;
    const char *message;
} virSEVSNPHostFirmwareError;

static const virSEVSNPHostFirmwareError virSEVSNPHostFirmwareErrors[] = {
    { "SUCCESS", N_("success") },
    { "INVALID_PLATFORM_STATE", N_("the platform is in the wrong state for this command") },
    { "INVALID_GUEST_STATE", N_("the guest is in the wrong state for this command") },
    { "INVALID_CONFIG", N_("the platform configuration is invalid") },
    { "INVALID_LEN", N_("a buffer is too small") },
    { "ALREADY_OWNED", N_("the platform is already owned") },
    { "INVALID_CERTIFICATE", N_("a certificate did not validate") },
    { "POLICY_FAILURE", N_("the policy is not allowed") },
    { "INACTIVE", N_("the guest is not active") },
    { "INVALID_ADDRESS", N_("an address is invalid") },
    { "BAD_SIGNATURE", N_("a signature is invalid") },
    { "BAD_MEASUREMENT", N_("a measurement does not match") },
    { "ASID_OWNED", N_("the ASID is already owned") },
    { "INVALID_ASID", N_("the ASID is invalid") },
    { "WBINVD_REQUIRED", N_("a WBINVD instruction must be issued first") },
    { "DFFLUSH_REQUIRED", N_("a DF_FLUSH command must be issued first") },
    { "INVALID_GUEST", N_("the guest handle is invalid") },
    { "INVALID_COMMAND", N_("the firmware does not know this command") },
    { "ACTIVE", N_("the guest is active") },
    { "HWSEV_RET_PLATFORM", N_("a hardware condition occurred") },
    { "HWSEV_RET_UNSAFE", N_("a hardware condition made the operation unsafe") },
    { "UNSUPPORTED", N_("the feature is not supported") },
    { "INVALID_PARAM", N_("a parameter is invalid") },
    { "RESOURCE_LIMIT", N_("the firmware ran out of a resource") },
    { "SECURE_DATA_INVALID", N_("the secure data is invalid") },
    { "INVALID_PAGE_SIZE", N_("a page size is invalid") },
    { "INVALID_PAGE_STATE", N_("a page is in the wrong state") },
    { "INVALID_MDATA_ENTRY", N_("a metadata entry is invalid") },
    { "INVALID_PAGE_OWNER", N_("a page has another owner") },
    { "AEAD_OFLOW", N_("the AEAD algorithm would have overflowed") },
    { NULL, NULL },
    { "EXIT_RING_BUFFER", N_("the ring buffer was exited") },
    { "RMP_INIT_REQUIRED", N_("the RMP must be initialised first") },
    { "BAD_SVN", N_("a security version number is invalid") },
    { "BAD_VERSION", N_("a version is invalid") },
    { "SHUTDOWN_REQUIRED", N_("SNP must be shut down first") },
    { "UPDATE_FAILED", N_("a firmware update failed") },
    { "RESTORE_REQUIRED", N_("the firmware state must be restored first") },
    { "RMP_INITIALIZATION_FAILED", N_("the RMP could not be initialised") },
    { "INVALID_KEY", N_("a key is invalid") },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virSEVSNPHostFirmwareErrors) == 0x28);


/**
 * virSEVSNPHostFirmwareErrorName:
 * @fwError: a firmware status code
 *
 * Returns the name of @fwError, or NULL for codes the firmware does not
 * define.
 */
const char *
virSEVSNPHostFirmwareErrorName(int fwError)
{
    if (fwError < 0 || fwError >= (int)G_N_ELEMENTS(virSEVSNPHostFirmwareErrors))
        return NULL;

    return virSEVSNPHostFirmwareErrors[fwError].name;
}


static const char *
virSEVSNPHostErrnoHint(int err,
                       bool open)
{
    switch (err) {
    case EACCES:
    case EPERM:
        return _("this process may not use the device");
    case ENOENT:
        return _("the device does not exist");
    case EBUSY:
        return open ? _("the device is busy") : _("the firmware is busy, try again later");
    case ENODEV:
    case ENXIO:
        if (open)
            return _("no driver serves the device");
        if (err == ENODEV)
            return _("the kernel found no AMD Platform Security Processor");
        return _("the kernel does not know this command");
    case ENOTTY:
        return _("the kernel does not know this command");
    case EINVAL:
        return _("the kernel refused the command");
    }

    return NULL;
}


/**
 * virSEVSNPHostOpenFormat:
 * @path: the device
 * @err: the errno of opening it
 *
 * Returns a message for a device that does not open, e.g. "opening
 * /dev/sev failed: Permission denied (this process may not use the
 * device)".
 */
char *
virSEVSNPHostOpenFormat(const char *path,
                        int err)
{
    const char *hint = virSEVSNPHostErrnoHint(err, true);

    if (hint)
        return g_strdup_printf(_("opening %s failed: %s (%s)"), path, g_strerror(err), hint);
    return g_strdup_printf(_("opening %s failed: %s"), path, g_strerror(err));
}


/**
 * virSEVSNPHostResultFormat:
 * @what: the command or device that was used
 * @result: its outcome, a failure
 *
 * Returns a message that names @what, the errno and, when the firmware
 * answered, its status code, e.g. "SNP_PLATFORM_STATUS failed: Input/output
 * error (firmware status 0x16 INVALID_PARAM: a parameter is invalid)".
 */
char *
virSEVSNPHostResultFormat(const char *what,
                          const virSEVSNPHostResult *result)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    const char *hint = virSEVSNPHostErrnoHint(result->err, false);

    const char *err = g_strerror(result->err);

    if (result->fwError > 0) {
        const char *name = virSEVSNPHostFirmwareErrorName(result->fwError);

        if (name) {
            virBufferAsprintf(&buf, _("%s failed: %s (firmware status 0x%x %s: %s)"),
                              what, err, result->fwError, name,
                              _(virSEVSNPHostFirmwareErrors[result->fwError].message));
        } else {
            virBufferAsprintf(&buf, _("%s failed: %s (unknown firmware status 0x%x)"),
                              what, err, result->fwError);
        }
    } else if (hint) {
        virBufferAsprintf(&buf, _("%s failed: %s (%s)"), what, err, hint);
    } else {
        virBufferAsprintf(&buf, _("%s failed: %s"), what, err);
    }

    return virBufferContentAndReset(&buf);
}


/**
 * virSEVSNPHostReadCPUID:
 *
 * Reads CPUID @leaf, subleaf 0.  Tests replace it.
 */
void
virSEVSNPHostReadCPUID(uint32_t leaf,
                       uint32_t *eax,
                       uint32_t *ebx,
                       uint32_t *ecx,
                       uint32_t *edx)
{
    virHostCPUX86GetCPUID(leaf, 0, eax, ebx, ecx, edx);
}


static void
virSEVSNPHostProbeCPUID(virSEVSNPHostCPUID *cpuid)
{
    uint32_t maxExt = 0;
    uint32_t unused;

    virSEVSNPHostReadCPUID(0x80000000, &maxExt, &unused, &unused, &unused);
    if (maxExt < 0x8000001F)
        return;

    cpuid->valid = true;
    virSEVSNPHostReadCPUID(0x8000001F, &cpuid->eax, &cpuid->ebx, &cpuid->ecx, &cpuid->edx);
    virSEVSNPHostReadCPUID(0x1, &cpuid->signature, &unused, &unused, &unused);
}


/* Reads a Y/N (older kernels: 1/0) file; absent when it does not exist. */
static virTristateBool
virSEVSNPHostReadBool(const char *path)
{
    VIR_AUTOCLOSE fd = -1;
    char c = '\0';

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        VIR_DEBUG("cannot open %s: %s", path, g_strerror(errno));
        return VIR_TRISTATE_BOOL_ABSENT;
    }

    if (saferead(fd, &c, 1) != 1) {
        VIR_DEBUG("cannot read %s: %s", path, g_strerror(errno));
        return VIR_TRISTATE_BOOL_ABSENT;
    }

    if (c == 'Y' || c == 'y' || c == '1')
        return VIR_TRISTATE_BOOL_YES;

    return VIR_TRISTATE_BOOL_NO;
}


static void
virSEVSNPHostIssue(int fd,
                   uint32_t cmd,
                   void *data,
                   virSEVSNPHostResult *result)
{
    struct virSEVIssueCmdABI arg = { .cmd = cmd, .data = (uintptr_t)data };

    /* The kernel leaves the firmware status alone when it does not call the
     * firmware, so mark it as not called first. */
    arg.error = (uint32_t)VIR_SEV_SNP_HOST_NO_FW_CALL;
    result->err = 0;
    result->fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;

    if (ioctl(fd, VIR_SEV_ISSUE_CMD, &arg) < 0) {
        result->err = errno;
        result->fwError = (int)arg.error;
        if (result->fwError == 0)
            result->fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    }
}


static void
virSEVSNPHostProbeSEV(virSEVSNPHost *host)
{
    VIR_AUTOCLOSE fd = -1;
    struct virSEVStatusABI sev = { 0 };
    struct virSEVSNPStatusABI snp = { 0 };

    /* Status commands need no write access. */
    if ((fd = open(VIR_SEV_SNP_HOST_DEV_SEV, O_RDONLY | O_CLOEXEC)) < 0) {
        host->devSEV.err = errno;
        host->sev.result = host->devSEV;
        host->snp.result = host->devSEV;
        return;
    }

    virSEVSNPHostIssue(fd, VIR_SEV_CMD_PLATFORM_STATUS, &sev, &host->sev.result);
    if (host->sev.result.err == 0) {
        host->sev.apiMajor = sev.apiMajor;
        host->sev.apiMinor = sev.apiMinor;
        host->sev.state = sev.state;
        host->sev.flags = GUINT32_FROM_LE(sev.flags);
        host->sev.build = sev.build;
        host->sev.guestCount = GUINT32_FROM_LE(sev.guestCount);
    }

    virSEVSNPHostIssue(fd, VIR_SEV_CMD_SNP_PLATFORM_STATUS, &snp, &host->snp.result);
    if (host->snp.result.err == 0) {
        host->snp.apiMajor = snp.apiMajor;
        host->snp.apiMinor = snp.apiMinor;
        host->snp.state = snp.state;
        host->snp.rmpInitialized = snp.rmpFlags & 0x1;
        host->snp.buildID = GUINT32_FROM_LE(snp.buildID);
        host->snp.features = GUINT32_FROM_LE(snp.features);
        host->snp.guestCount = GUINT32_FROM_LE(snp.guestCount);
        host->snp.currentTCB = GUINT64_FROM_LE(snp.currentTCB);
        host->snp.reportedTCB = GUINT64_FROM_LE(snp.reportedTCB);
    }
}


#if defined(__linux__)
static void
virSEVSNPHostKVMAttr(int fd,
                     uint64_t attr,
                     unsigned long long *value,
                     virSEVSNPHostResult *result)
{
    uint64_t out = 0;
    struct kvm_device_attr arg = {
        .group = KVM_X86_GRP_SEV,
        .attr = attr,
        .addr = (uintptr_t)&out,
    };

    result->fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    if (ioctl(fd, KVM_GET_DEVICE_ATTR, &arg) < 0) {
        result->err = errno;
        return;
    }
    result->err = 0;
    *value = out;
}


static void
virSEVSNPHostProbeKVM(virSEVSNPHostKVM *kvm)
{
    VIR_AUTOCLOSE fd = -1;
    int rc;

    kvm->open.fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    kvm->vmTypesResult.fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    /* Kernels that cannot say keep the values of Linux 6.11. */
    kvm->vmsaFeatures = VIR_SEV_SNP_HOST_VMSA_FEATURES_FALLBACK;
    kvm->policyBits = VIR_SEV_SNP_HOST_POLICY_BITS_LINUX_6_11;

    if ((fd = open(VIR_SEV_SNP_HOST_DEV_KVM, O_RDWR | O_CLOEXEC)) < 0) {
        kvm->open.err = errno;
        kvm->vmTypesResult = kvm->open;
        kvm->vmsaResult = kvm->open;
        kvm->policyResult = kvm->open;
        return;
    }

    if ((rc = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES)) < 0)
        kvm->vmTypesResult.err = errno;
    else
        kvm->vmTypes = rc;

    virSEVSNPHostKVMAttr(fd, KVM_X86_SEV_VMSA_FEATURES, &kvm->vmsaFeatures, &kvm->vmsaResult);
    virSEVSNPHostKVMAttr(fd, KVM_X86_SNP_POLICY_BITS, &kvm->policyBits, &kvm->policyResult);
}
#else
static void
virSEVSNPHostProbeKVM(virSEVSNPHostKVM *kvm)
{
    kvm->open.err = ENOSYS;
    kvm->open.fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    kvm->vmTypesResult = kvm->open;
    kvm->vmsaResult = kvm->open;
    kvm->policyResult = kvm->open;
    kvm->policyBits = VIR_SEV_SNP_HOST_POLICY_BITS_LINUX_6_11;
}
#endif


/**
 * virSEVSNPHostProbe:
 *
 * Reads what the kernel module, /dev/sev, /dev/kvm and the CPU say about
 * SEV-SNP.  Nothing here is an error: whatever fails is recorded in the
 * snapshot, and virSEVSNPHostGetState() tells what it means.
 *
 * Returns a new snapshot.
 */
virSEVSNPHost *
virSEVSNPHostProbe(void)
{
    g_autofree virSEVSNPHost *host = g_new0(virSEVSNPHost, 1);

    host->paramSEV = virSEVSNPHostReadBool(VIR_SEV_SNP_HOST_KVM_AMD_PARAMS "/sev");
    host->paramSEVES = virSEVSNPHostReadBool(VIR_SEV_SNP_HOST_KVM_AMD_PARAMS "/sev_es");
    host->paramSNP = virSEVSNPHostReadBool(VIR_SEV_SNP_HOST_KVM_AMD_PARAMS "/sev_snp");
    host->smtActive = virSEVSNPHostReadBool(VIR_SEV_SNP_HOST_SMT_ACTIVE);
    virSEVSNPHostProbeCPUID(&host->cpuid);
    host->devSEV.fwError = VIR_SEV_SNP_HOST_NO_FW_CALL;
    virSEVSNPHostProbeSEV(host);
    virSEVSNPHostProbeKVM(&host->kvm);

    return g_steal_pointer(&host);
}


static virSEVSNPHostState
virSEVSNPHostGetFirmwareState(const virSEVSNPHost *host,
                              char **reason)
{
    const virSEVSNPHostResult *res = &host->snp.result;

    if (host->devSEV.err == ENOENT) {
        *reason = g_strdup(_("/dev/sev does not exist: the ccp driver found no AMD Platform Security Processor"));
        return VIR_SEV_SNP_HOST_NO_DEVICE;
    }

    if (host->devSEV.err != 0) {
        *reason = virSEVSNPHostOpenFormat(VIR_SEV_SNP_HOST_DEV_SEV, host->devSEV.err);
        return VIR_SEV_SNP_HOST_DEVICE_UNUSABLE;
    }

    /* The kernel refuses SNP commands without calling the firmware while
     * SNP is not initialised. */
    if (res->err == EINVAL && res->fwError == VIR_SEV_SNP_HOST_NO_FW_CALL) {
        *reason = g_strdup(_("the SEV firmware has not initialised SNP (SNP_PLATFORM_STATUS was refused)"));
        return VIR_SEV_SNP_HOST_NOT_INITIALIZED;
    }

    if (res->err != 0) {
        *reason = virSEVSNPHostResultFormat("SNP_PLATFORM_STATUS", res);
        return VIR_SEV_SNP_HOST_DEVICE_UNUSABLE;
    }

    if (host->snp.state == 0) {
        *reason = g_strdup(_("the SNP platform state is UNINIT"));
        return VIR_SEV_SNP_HOST_NOT_INITIALIZED;
    }

    if (!host->snp.rmpInitialized) {
        *reason = g_strdup(_("the SEV firmware has not initialised the RMP table"));
        return VIR_SEV_SNP_HOST_RMP_NOT_INITIALIZED;
    }

    return VIR_SEV_SNP_HOST_USABLE;
}


/**
 * virSEVSNPHostGetState:
 * @host: a snapshot
 * @reason: filled with why SNP is unusable, or NULL when it is usable
 *
 * Returns whether this host can run SEV-SNP guests, and if not, the first
 * of the reasons in the order a host is set up: CPU, kernel module, PSP
 * device and firmware, KVM.
 */
virSEVSNPHostState
virSEVSNPHostGetState(const virSEVSNPHost *host,
                      char **reason)
{
    virSEVSNPHostState state;

    *reason = NULL;

    if (!host->cpuid.valid || !(host->cpuid.eax & VIR_SEV_SNP_HOST_CPUID_SNP)) {
        *reason = g_strdup(_("the CPU does not offer SEV-SNP (CPUID Fn8000_001F EAX bit 4 is clear)"));
        return VIR_SEV_SNP_HOST_NO_CPU_SUPPORT;
    }

    switch (host->paramSNP) {
    case VIR_TRISTATE_BOOL_ABSENT:
        *reason = g_strdup(_("the kvm_amd module has no sev_snp parameter: kvm_amd is not loaded or the kernel has no SEV-SNP host support (Linux 6.11 or newer is needed)"));
        return VIR_SEV_SNP_HOST_NO_MODULE_PARAM;
    case VIR_TRISTATE_BOOL_NO:
        *reason = g_strdup(_("the kvm_amd parameter sev_snp is off: SEV-SNP is disabled in the firmware settings or on the kernel command line, or KVM could not set it up"));
        return VIR_SEV_SNP_HOST_MODULE_PARAM_OFF;
    case VIR_TRISTATE_BOOL_YES:
    case VIR_TRISTATE_BOOL_LAST:
        break;
    }

    if ((state = virSEVSNPHostGetFirmwareState(host, reason)) != VIR_SEV_SNP_HOST_USABLE)
        return state;

    if (host->kvm.open.err != 0) {
        *reason = virSEVSNPHostOpenFormat(VIR_SEV_SNP_HOST_DEV_KVM, host->kvm.open.err);
        return VIR_SEV_SNP_HOST_KVM_UNUSABLE;
    }

    if (host->kvm.vmTypesResult.err != 0) {
        *reason = virSEVSNPHostResultFormat("KVM_CHECK_EXTENSION(KVM_CAP_VM_TYPES)",
                                            &host->kvm.vmTypesResult);
        return VIR_SEV_SNP_HOST_NO_KVM_VM_TYPE;
    }

    if (!(host->kvm.vmTypes & (1ULL << KVM_X86_SNP_VM))) {
        *reason = g_strdup_printf(_("KVM does not offer the SEV-SNP VM type (KVM_CAP_VM_TYPES is 0x%llx): Linux 6.11 or newer is needed"),
                                  host->kvm.vmTypes);
        return VIR_SEV_SNP_HOST_NO_KVM_VM_TYPE;
    }

    return VIR_SEV_SNP_HOST_USABLE;
}


/* The C-bit position (Fn8000_001F EBX[5:0]) */
unsigned int
virSEVSNPHostCbitpos(const virSEVSNPHost *host)
{
    return host->cpuid.ebx & 0x3f;
}


/**
 * virSEVSNPHostMaxSNPGuests:
 *
 * SEV-ES and SEV-SNP guests share the ASIDs below the first one of plain
 * SEV guests (Fn8000_001F EDX), so at most EDX - 1 of them run at once.
 */
unsigned int
virSEVSNPHostMaxSNPGuests(const virSEVSNPHost *host)
{
    if (!host->cpuid.valid || host->cpuid.ecx == 0 || host->cpuid.edx == 0)
        return 0;

    return host->cpuid.edx - 1;
}


/**
 * virSEVSNPHostTCBDecode:
 * @host: a snapshot, for the CPU family
 * @tcb: a TCB_VERSION
 * @out: filled with its security versions
 *
 * The layout of TCB_VERSION depends on the CPU family: families 19h
 * (Milan, Genoa) and 1Ah (Turin) differ.
 *
 * Returns 0, or -1 for other families (no error is reported).
 */
int
virSEVSNPHostTCBDecode(const virSEVSNPHost *host,
                       unsigned long long tcb,
                       virSEVSNPHostTCB *out)
{
    unsigned int family = (host->cpuid.signature >> 8) & 0xf;
    unsigned char b[8];
    size_t i;

    if (family == 0xf)
        family += (host->cpuid.signature >> 20) & 0xff;

    for (i = 0; i < 8; i++)
        b[i] = (tcb >> (8 * i)) & 0xff;

    memset(out, 0, sizeof(*out));
    switch (family) {
    case 0x19:
        out->bootloader = b[0];
        out->tee = b[1];
        out->snp = b[6];
        out->microcode = b[7];
        return 0;
    case 0x1a:
        out->hasFMC = true;
        out->fmc = b[0];
        out->bootloader = b[1];
        out->tee = b[2];
        out->snp = b[3];
        out->microcode = b[7];
        return 0;
    }

    return -1;
}


virSEVSNPHost *
virSEVSNPHostCopy(const virSEVSNPHost *host)
{
    virSEVSNPHost *copy;

    if (!host)
        return NULL;

    copy = g_new0(virSEVSNPHost, 1);
    *copy = *host;
    return copy;
}


static bool
virSEVSNPHostResultEqual(const virSEVSNPHostResult *a,
                         const virSEVSNPHostResult *b)
{
    return a->err == b->err && a->fwError == b->fwError;
}


/**
 * virSEVSNPHostIsCurrent:
 * @host: a snapshot
 *
 * Probes the host again and tells whether what decides SEV-SNP support and
 * what domain capabilities show is unchanged: module parameters, CPU,
 * firmware version, state and TCB, KVM's answers, and every failure.  What
 * changes as guests come and go (guest counts, SMT) does not count.
 */
bool
virSEVSNPHostIsCurrent(const virSEVSNPHost *host)
{
    g_autofree virSEVSNPHost *now = virSEVSNPHostProbe();
    const virSEVSNPHostSNPStatus *a = &host->snp;
    const virSEVSNPHostSNPStatus *b = &now->snp;

    return host->paramSEV == now->paramSEV &&
        host->paramSEVES == now->paramSEVES &&
        host->paramSNP == now->paramSNP &&
        host->cpuid.valid == now->cpuid.valid &&
        host->cpuid.eax == now->cpuid.eax &&
        host->cpuid.ebx == now->cpuid.ebx &&
        host->cpuid.ecx == now->cpuid.ecx &&
        host->cpuid.edx == now->cpuid.edx &&
        host->cpuid.signature == now->cpuid.signature &&
        virSEVSNPHostResultEqual(&host->devSEV, &now->devSEV) &&
        virSEVSNPHostResultEqual(&host->sev.result, &now->sev.result) &&
        host->sev.apiMajor == now->sev.apiMajor &&
        host->sev.apiMinor == now->sev.apiMinor &&
        host->sev.build == now->sev.build &&
        host->sev.flags == now->sev.flags &&
        virSEVSNPHostResultEqual(&a->result, &b->result) &&
        a->apiMajor == b->apiMajor &&
        a->apiMinor == b->apiMinor &&
        a->state == b->state &&
        a->rmpInitialized == b->rmpInitialized &&
        a->buildID == b->buildID &&
        a->features == b->features &&
        a->currentTCB == b->currentTCB &&
        a->reportedTCB == b->reportedTCB &&
        virSEVSNPHostResultEqual(&host->kvm.open, &now->kvm.open) &&
        virSEVSNPHostResultEqual(&host->kvm.vmTypesResult, &now->kvm.vmTypesResult) &&
        host->kvm.vmTypes == now->kvm.vmTypes &&
        virSEVSNPHostResultEqual(&host->kvm.vmsaResult, &now->kvm.vmsaResult) &&
        host->kvm.vmsaFeatures == now->kvm.vmsaFeatures &&
        virSEVSNPHostResultEqual(&host->kvm.policyResult, &now->kvm.policyResult) &&
        host->kvm.policyBits == now->kvm.policyBits;
}
