/*
 * virsevsnphostmock.c: plays the SEV-SNP parts of a host
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Preloaded, this answers for /dev/sev, /dev/kvm, the kvm_amd module
 * parameters, the SMT state and CPUID as the host named by the environment
 * variable LIBVIRT_SNP_MOCK_HOST does (see virSEVSNPMockHosts).  Without
 * the variable everything goes to the real host.
 *
 * On hosts with /dev/sev, stat() of it sees /dev/null.  With
 * LIBVIRT_SNP_MOCK_CHOWN_LOG set to a file, so does a host without it,
 * /dev/sev has no extended attributes, and every chown() is written to that
 * file instead of done.
 */

#include <config.h>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/xattr.h>
#include <linux/kvm.h>

#include "virfile.h"
#include "virmock.h"
#include "virsevsnphost.h"

#define VIR_SEV_MOCK_ISSUE_CMD 0xC0105300UL
#define VIR_SEV_MOCK_CAP_VM_TYPES 235

static int (*real_open)(const char *path, int oflag, ...);
#ifdef __GLIBC__
static int (*real___open_2)(const char *path, int oflag);
#endif
static int (*real_close)(int fd);
static int (*real_chown)(const char *path, uid_t uid, gid_t gid);
static ssize_t (*real_getxattr)(const char *path, const char *name, void *value, size_t size);
static int (*real_ioctl)(int fd, unsigned long request, ...);
static void (*real_virSEVSNPHostReadCPUID)(uint32_t leaf, uint32_t *eax, uint32_t *ebx,
                                           uint32_t *ecx, uint32_t *edx);

/* How one command or device answers: errno, firmware status */
typedef struct {
    int err;
    int fwError;
} virSEVSNPMockAnswer;

typedef struct {
    const char *name;
    /* kvm_amd parameters and SMT state; NULL: the file does not exist */
    const char *sev;
    const char *sevES;
    const char *snp;
    const char *smt;
    uint32_t maxExtLeaf;
    uint32_t leaf8000001F[4];
    uint32_t signature;
    int devSEVErr;                      /* errno of open(/dev/sev) */
    virSEVSNPMockAnswer sevStatus;
    unsigned char sevStatusData[12];
    virSEVSNPMockAnswer snpStatus;
    unsigned char snpStatusData[32];
    int devKVMErr;
    int vmTypes;                        /* KVM_CAP_VM_TYPES, < 0: -errno */
    int vmsaErr;
    uint64_t vmsaFeatures;
    int policyErr;
    uint64_t policyBits;
} virSEVSNPMockHost;

/* SEV_PLATFORM_STATUS: API 1.55, state WORKING, SEV-ES on, build 21,
 * one guest */
#define SEV_STATUS_1_55 { 1, 55, 2, 0x00, 0x01, 0, 0, 21, 1, 0, 0, 0 }

/* SNP_PLATFORM_STATUS: API 1.55, state INIT, RMP initialised, build 21,
 * two guests, TCB bootloader 3, TEE 0, SNP 8, microcode 0x73 (family 19h) */
#define SNP_STATUS_MILAN { 1, 55, 1, 0x01, 21, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, \
                           0x03, 0x00, 0, 0, 0, 0, 0x08, 0x73, \
                           0x03, 0x00, 0, 0, 0, 0, 0x08, 0x73 }

/* Genoa: API 1.57 build 7, ciphertext hiding capable, current TCB newer
 * than the reported one */
#define SNP_STATUS_GENOA { 1, 57, 1, 0x01, 7, 0, 0, 0, 0x28, 0, 0, 0, 0, 0, 0, 0, \
                           0x09, 0x00, 0, 0, 0, 0, 0x17, 0xd2, \
                           0x07, 0x00, 0, 0, 0, 0, 0x16, 0xd1 }

/* As Milan, but the RMP is not initialised */
#define SNP_STATUS_NO_RMP { 1, 55, 1, 0x00, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
                            0x03, 0x00, 0, 0, 0, 0, 0x08, 0x73, \
                            0x03, 0x00, 0, 0, 0, 0, 0x08, 0x73 }

#define OK { 0, 0 }
#define NOT_CALLED(e) { e, -1 }

/* CPUID Fn8000_001F of an EPYC with SME, SEV, SEV-ES, SNP and VMPL:
 * C-bit 51, physical address reduction 5, 4 VMPLs, 509 ASIDs, SEV from
 * ASID 100 */
#define LEAF_EPYC { 0x0101fd3f, 0x00004173, 509, 100 }
#define SIG_MILAN 0x00a00f11
#define SIG_GENOA 0x00a10f11

static const virSEVSNPMockHost virSEVSNPMockHosts[] = {
    /* Milan, Linux 6.12: no KVM_X86_SNP_POLICY_BITS yet */
    { "milan", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_MILAN,
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* Genoa, Linux 6.19: KVM reports the policy bits it accepts; SMT off */
    { "genoa", "Y", "Y", "Y", "0", 0x80000028, LEAF_EPYC, SIG_GENOA,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_GENOA,
      0, 0x3f, 0, 0x220, 0, 0x19bffff },
    /* SNP left off in the firmware settings: SEV and SEV-ES only */
    { "sev-only", "Y", "Y", "N", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, NOT_CALLED(EINVAL), { 0 },
      0, 0x0f, 0, 0x20, ENXIO, 0 },
    /* SNP enabled, but the firmware has not set up the RMP */
    { "rmp-uninit", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_NO_RMP,
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* No device node, e.g. a container that was not given one */
    { "no-dev-sev", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      ENOENT, NOT_CALLED(ENOENT), { 0 }, NOT_CALLED(ENOENT), { 0 },
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* An unprivileged user: /dev/sev is root:root 0600 */
    { "eacces", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      EACCES, NOT_CALLED(EACCES), { 0 }, NOT_CALLED(EACCES), { 0 },
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* The firmware is busy */
    { "ebusy", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, NOT_CALLED(EBUSY), { 0 },
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* The firmware answers SNP_PLATFORM_STATUS with an error status */
    { "fw-error", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, { EIO, 0x13 }, { 0 },
      0, 0x1f, 0, 0x20, ENXIO, 0 },
    /* A vendor kernel with SNP host support backported, but not KVM's SEV
     * device attributes */
    { "old-kernel", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_MILAN,
      0, 0x1f, ENXIO, 0, ENXIO, 0 },
    /* Linux 6.8 with out-of-tree SNP patches: no SNP VM type */
    { "no-vm-type", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_MILAN,
      0, 0, ENXIO, 0, ENXIO, 0 },
    /* /dev/kvm denied, e.g. a user outside the kvm group */
    { "kvm-eacces", "Y", "Y", "Y", "1", 0x80000028, LEAF_EPYC, SIG_MILAN,
      0, OK, SEV_STATUS_1_55, OK, SNP_STATUS_MILAN,
      EACCES, 0x1f, 0, 0x20, ENXIO, 0 },
    /* Not an AMD host */
    { "intel", NULL, NULL, NULL, "1", 0x80000008, { 0 }, 0x000806f8,
      ENOENT, NOT_CALLED(ENOENT), { 0 }, NOT_CALLED(ENOENT), { 0 },
      0, 0x3, ENXIO, 0, ENXIO, 0 },
};

typedef enum {
    VIR_SEV_SNP_MOCK_FD_NONE = 0,
    VIR_SEV_SNP_MOCK_FD_SEV,
    VIR_SEV_SNP_MOCK_FD_KVM,
} virSEVSNPMockFd;

/* fd -> virSEVSNPMockFd of the devices this mock opened */
static GHashTable *mockFds;


static void
init_syms(void)
{
    if (real_open)
        return;

    VIR_MOCK_REAL_INIT(open);
#ifdef __GLIBC__
    VIR_MOCK_REAL_INIT(__open_2);
#endif
    VIR_MOCK_REAL_INIT(close);
    VIR_MOCK_REAL_INIT(chown);
    VIR_MOCK_REAL_INIT(getxattr);
    VIR_MOCK_REAL_INIT(ioctl);
    VIR_MOCK_REAL_INIT(virSEVSNPHostReadCPUID);
    mockFds = g_hash_table_new(g_direct_hash, g_direct_equal);
}


static virSEVSNPMockFd
virSEVSNPMockFdKind(int fd)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(mockFds, GINT_TO_POINTER(fd)));
}


static const virSEVSNPMockHost *
virSEVSNPMockGetHost(void)
{
    const char *name = getenv("LIBVIRT_SNP_MOCK_HOST");
    size_t i;

    if (!name)
        return NULL;

    for (i = 0; i < G_N_ELEMENTS(virSEVSNPMockHosts); i++) {
        if (STREQ(virSEVSNPMockHosts[i].name, name))
            return &virSEVSNPMockHosts[i];
    }

    fprintf(stderr, "virsevsnphostmock: unknown host '%s'\n", name);
    abort();
}


/* A file with @content, or ENOENT for NULL */
static int
virSEVSNPMockOpenContent(const char *content)
{
    int fd;

    if (!content) {
        errno = ENOENT;
        return -1;
    }

    if ((fd = memfd_create("virsevsnphostmock", MFD_CLOEXEC)) < 0)
        return -1;

    if (safewrite(fd, content, strlen(content)) < 0 ||
        safewrite(fd, "\n", 1) < 0 ||
        lseek(fd, 0, SEEK_SET) < 0) {
        real_close(fd);
        return -1;
    }

    return fd;
}


/* The device is /dev/null, except that the real /dev/kvm answers what the
 * mock does not (a daemon asks it more than SEV questions). */
static int
virSEVSNPMockOpenDevice(int err,
                        virSEVSNPMockFd kind)
{
    int fd = -1;

    if (err) {
        errno = err;
        return -1;
    }

    if (kind == VIR_SEV_SNP_MOCK_FD_KVM)
        fd = real_open(VIR_SEV_SNP_HOST_DEV_KVM, O_RDWR | O_CLOEXEC);
    if (fd < 0 && (fd = real_open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        return -1;

    g_hash_table_insert(mockFds, GINT_TO_POINTER(fd), GINT_TO_POINTER(kind));

    return fd;
}


/* Returns the file descriptor, or -2 when @path is not ours. */
static int
virSEVSNPMockOpen(const char *path)
{
    const virSEVSNPMockHost *host;
    const char *param;

    if (!(host = virSEVSNPMockGetHost()))
        return -2;

    if (STREQ(path, VIR_SEV_SNP_HOST_DEV_SEV))
        return virSEVSNPMockOpenDevice(host->devSEVErr, VIR_SEV_SNP_MOCK_FD_SEV);
    if (STREQ(path, VIR_SEV_SNP_HOST_DEV_KVM))
        return virSEVSNPMockOpenDevice(host->devKVMErr, VIR_SEV_SNP_MOCK_FD_KVM);
    if (STREQ(path, VIR_SEV_SNP_HOST_SMT_ACTIVE))
        return virSEVSNPMockOpenContent(host->smt);

    if (!(param = STRSKIP(path, VIR_SEV_SNP_HOST_KVM_AMD_PARAMS "/")))
        return -2;
    if (STREQ(param, "sev"))
        return virSEVSNPMockOpenContent(host->sev);
    if (STREQ(param, "sev_es"))
        return virSEVSNPMockOpenContent(host->sevES);
    if (STREQ(param, "sev_snp"))
        return virSEVSNPMockOpenContent(host->snp);

    errno = ENOENT;
    return -1;
}


int
open(const char *path, int oflag, ...)
{
    int ret;

    init_syms();

    if ((ret = virSEVSNPMockOpen(path)) != -2)
        return ret;

    if (oflag & O_CREAT) {
        va_list ap;
        mode_t mode;
        va_start(ap, oflag);
        mode = (mode_t) va_arg(ap, int);
        va_end(ap);
        return real_open(path, oflag, mode);
    }

    return real_open(path, oflag);
}


#ifdef __GLIBC__
/* glibc's headers may not declare it */
int
__open_2(const char *path, int oflag);

int
__open_2(const char *path, int oflag)
{
    int ret;

    init_syms();

    if ((ret = virSEVSNPMockOpen(path)) != -2)
        return ret;

    return real___open_2(path, oflag);
}
#endif


int
close(int fd)
{
    init_syms();

    g_hash_table_remove(mockFds, GINT_TO_POINTER(fd));

    return real_close(fd);
}


static int
virSEVSNPMockAnswerWith(const virSEVSNPMockAnswer *answer,
                        uint32_t *error)
{
    if (answer->err == 0) {
        *error = 0;
        return 0;
    }

    /* The kernel writes the status only when it called the firmware. */
    if (answer->fwError >= 0)
        *error = answer->fwError;
    errno = answer->err;
    return -1;
}


static int
virSEVSNPMockSEVIoctl(const virSEVSNPMockHost *host,
                      unsigned long request,
                      void *arg)
{
    unsigned char *cmd = arg;
    uint32_t id;
    uint64_t data;
    uint32_t error;
    int ret;

    if (request != VIR_SEV_MOCK_ISSUE_CMD) {
        errno = ENOTTY;
        return -1;
    }

    /* struct sev_issue_cmd is packed: cmd @0, data @4, error @12 */
    memcpy(&id, cmd, 4);
    memcpy(&data, cmd + 4, 8);
    memcpy(&error, cmd + 12, 4);

    switch (id) {
    case 1: /* SEV_PLATFORM_STATUS */
        if ((ret = virSEVSNPMockAnswerWith(&host->sevStatus, &error)) == 0)
            memcpy((void *)(uintptr_t)data, host->sevStatusData, sizeof(host->sevStatusData));
        break;
    case 9: /* SNP_PLATFORM_STATUS */
        if ((ret = virSEVSNPMockAnswerWith(&host->snpStatus, &error)) == 0)
            memcpy((void *)(uintptr_t)data, host->snpStatusData, sizeof(host->snpStatusData));
        break;
    default:
        fprintf(stderr, "virsevsnphostmock: unexpected /dev/sev command %u\n", id);
        abort();
    }

    memcpy(cmd + 12, &error, 4);
    return ret;
}


static int
virSEVSNPMockKVMAttr(int err,
                     uint64_t value,
                     struct kvm_device_attr *attr)
{
    if (err) {
        errno = err;
        return -1;
    }

    memcpy((void *)(uintptr_t)attr->addr, &value, sizeof(value));
    return 0;
}


static int
virSEVSNPMockKVMIoctl(const virSEVSNPMockHost *host,
                      int fd,
                      unsigned long request,
                      void *arg)
{
    struct kvm_device_attr *attr = arg;

    if (request == KVM_CHECK_EXTENSION &&
        (int)(uintptr_t)arg == VIR_SEV_MOCK_CAP_VM_TYPES) {
        if (host->vmTypes < 0) {
            errno = -host->vmTypes;
            return -1;
        }
        return host->vmTypes;
    }

    if (request != KVM_GET_DEVICE_ATTR || attr->group != 1)
        return real_ioctl(fd, request, arg);

    switch (attr->attr) {
    case 0: /* KVM_X86_SEV_VMSA_FEATURES */
        return virSEVSNPMockKVMAttr(host->vmsaErr, host->vmsaFeatures, attr);
    case 1: /* KVM_X86_SNP_POLICY_BITS */
        return virSEVSNPMockKVMAttr(host->policyErr, host->policyBits, attr);
    }

    errno = ENXIO;
    return -1;
}


int
ioctl(int fd, unsigned long request, ...)
{
    const virSEVSNPMockHost *host;
    va_list ap;
    void *arg;

    init_syms();

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);

    if (virSEVSNPMockFdKind(fd) == VIR_SEV_SNP_MOCK_FD_NONE ||
        !(host = virSEVSNPMockGetHost()))
        return real_ioctl(fd, request, arg);

    if (virSEVSNPMockFdKind(fd) == VIR_SEV_SNP_MOCK_FD_SEV)
        return virSEVSNPMockSEVIoctl(host, request, arg);

    return virSEVSNPMockKVMIoctl(host, fd, request, arg);
}


void
virSEVSNPHostReadCPUID(uint32_t leaf,
                       uint32_t *eax,
                       uint32_t *ebx,
                       uint32_t *ecx,
                       uint32_t *edx)
{
    const virSEVSNPMockHost *host;

    init_syms();

    if (!(host = virSEVSNPMockGetHost())) {
        real_virSEVSNPHostReadCPUID(leaf, eax, ebx, ecx, edx);
        return;
    }

    *eax = *ebx = *ecx = *edx = 0;
    switch (leaf) {
    case 0x1:
        *eax = host->signature;
        break;
    case 0x80000000:
        *eax = host->maxExtLeaf;
        break;
    case 0x8000001F:
        *eax = host->leaf8000001F[0];
        *ebx = host->leaf8000001F[1];
        *ecx = host->leaf8000001F[2];
        *edx = host->leaf8000001F[3];
        break;
    }
}


int
chown(const char *path, uid_t uid, gid_t gid)
{
    const char *log = getenv("LIBVIRT_SNP_MOCK_CHOWN_LOG");
    g_autofree char *line = NULL;
    VIR_AUTOCLOSE fd = -1;

    init_syms();

    if (!log)
        return real_chown(path, uid, gid);

    line = g_strdup_printf("%s %u:%u\n", path, (unsigned int)uid, (unsigned int)gid);
    if ((fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
        safewrite(fd, line, strlen(line)) < 0) {
        fprintf(stderr, "virsevsnphostmock: cannot write %s\n", log);
        abort();
    }

    return 0;
}


ssize_t
getxattr(const char *path, const char *name, void *value, size_t size)
{
    init_syms();

    if (getenv("LIBVIRT_SNP_MOCK_CHOWN_LOG") && STREQ(path, VIR_SEV_SNP_HOST_DEV_SEV)) {
        errno = ENOTSUP;
        return -1;
    }

    return real_getxattr(path, name, value, size);
}


#include "virmockstathelpers.c"

/* A host with /dev/sev has it as a character device for stat(), as the
 * device cgroup and the DAC driver look at it. */
static int
virMockStatRedirect(const char *path, char **newpath)
{
    const virSEVSNPMockHost *host;

    if (STRNEQ(path, VIR_SEV_SNP_HOST_DEV_SEV))
        return 0;

    if (getenv("LIBVIRT_SNP_MOCK_CHOWN_LOG") ||
        ((host = virSEVSNPMockGetHost()) && host->devSEVErr == 0))
        *newpath = g_strdup("/dev/null");

    return 0;
}
