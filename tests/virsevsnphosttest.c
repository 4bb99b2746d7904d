/*
 * virsevsnphosttest.c: probing a host for SEV-SNP
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virsevsnphost.h"

#define VIR_FROM_THIS VIR_FROM_NONE


static virSEVSNPHost *
testProbe(const char *name)
{
    g_setenv("LIBVIRT_SNP_MOCK_HOST", name, TRUE);
    return virSEVSNPHostProbe();
}


struct testStateData {
    const char *host;
    virSEVSNPHostState state;
    const char *reason;
};

static int
testState(const void *opaque)
{
    const struct testStateData *data = opaque;
    g_autofree virSEVSNPHost *host = testProbe(data->host);
    g_autofree char *reason = NULL;
    virSEVSNPHostState state = virSEVSNPHostGetState(host, &reason);

    if (state != data->state) {
        VIR_TEST_DEBUG("state: expected %s, got %s",
                       virSEVSNPHostStateTypeToString(data->state),
                       virSEVSNPHostStateTypeToString(state));
        return -1;
    }

    if (STRNEQ_NULLABLE(reason, data->reason)) {
        VIR_TEST_DEBUG("reason: expected '%s', got '%s'",
                       NULLSTR(data->reason), NULLSTR(reason));
        return -1;
    }

    return 0;
}


#define CHECK(expr) \
    do { \
        if (!(expr)) { \
            VIR_TEST_DEBUG("%s:%d: %s is false", __FILE__, __LINE__, #expr); \
            return -1; \
        } \
    } while (0)

/* Every value of the Milan host reaches the snapshot from its byte layout. */
static int
testMilanFacts(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("milan");
    virSEVSNPHostTCB tcb;

    CHECK(host->paramSEV == VIR_TRISTATE_BOOL_YES);
    CHECK(host->paramSEVES == VIR_TRISTATE_BOOL_YES);
    CHECK(host->paramSNP == VIR_TRISTATE_BOOL_YES);
    CHECK(host->smtActive == VIR_TRISTATE_BOOL_YES);
    CHECK(host->cpuid.valid);
    CHECK(host->cpuid.signature == 0x00a00f11);
    CHECK(virSEVSNPHostCbitpos(host) == 51);
    CHECK(host->cpuid.ebx == 0x4173);
    CHECK(virSEVSNPHostMaxSNPGuests(host) == 99);

    CHECK(host->sev.result.err == 0);
    CHECK(host->sev.apiMajor == 1 && host->sev.apiMinor == 55);
    CHECK(host->sev.state == 2);
    CHECK(host->sev.flags == 0x100);
    CHECK(host->sev.build == 21);
    CHECK(host->sev.guestCount == 1);

    CHECK(host->snp.result.err == 0);
    CHECK(host->snp.apiMajor == 1 && host->snp.apiMinor == 55);
    CHECK(host->snp.state == 1);
    CHECK(host->snp.rmpInitialized);
    CHECK(host->snp.buildID == 21);
    CHECK(host->snp.features == 0);
    CHECK(host->snp.guestCount == 2);
    CHECK(host->snp.currentTCB == 0x7308000000000003ULL);
    CHECK(host->snp.reportedTCB == 0x7308000000000003ULL);

    CHECK(virSEVSNPHostTCBDecode(host, host->snp.currentTCB, &tcb) == 0);
    CHECK(!tcb.hasFMC && tcb.bootloader == 3 && tcb.tee == 0 &&
          tcb.snp == 8 && tcb.microcode == 0x73);

    CHECK(host->kvm.open.err == 0);
    CHECK(host->kvm.vmTypes == 0x1f);
    CHECK(host->kvm.vmsaResult.err == 0 && host->kvm.vmsaFeatures == 0x20);
    /* Linux 6.12 has no KVM_X86_SNP_POLICY_BITS: the 6.11 set stands. */
    CHECK(host->kvm.policyResult.err == ENXIO);
    CHECK(host->kvm.policyBits == 0x1bffff);
    return 0;
}


static int
testGenoaFacts(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("genoa");
    virSEVSNPHostTCB tcb;

    CHECK(host->smtActive == VIR_TRISTATE_BOOL_NO);
    CHECK(host->snp.apiMajor == 1 && host->snp.apiMinor == 57);
    CHECK(host->snp.buildID == 7);
    CHECK(host->snp.features == 0x28);
    CHECK(host->snp.currentTCB == 0xd217000000000009ULL);
    CHECK(host->snp.reportedTCB == 0xd116000000000007ULL);
    CHECK(virSEVSNPHostTCBDecode(host, host->snp.reportedTCB, &tcb) == 0);
    CHECK(tcb.bootloader == 7 && tcb.snp == 0x16 && tcb.microcode == 0xd1);
    CHECK(host->kvm.policyResult.err == 0);
    CHECK(host->kvm.policyBits == 0x19bffff);
    CHECK(host->kvm.vmsaFeatures == 0x220);
    return 0;
}


static int
testOldKernelFallback(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("old-kernel");
    g_autofree char *vmsa = virSEVSNPHostResultFormat("KVM_X86_SEV_VMSA_FEATURES",
                                                      &host->kvm.vmsaResult);

    CHECK(host->kvm.vmsaResult.err == ENXIO);
    CHECK(host->kvm.vmsaFeatures == 0);
    CHECK(host->kvm.policyResult.err == ENXIO);
    CHECK(host->kvm.policyBits == 0x1bffff);
    CHECK(STREQ(vmsa, "KVM_X86_SEV_VMSA_FEATURES failed: No such device or address (the kernel does not know this command)"));
    return 0;
}


/* Family 1Ah places the FMC version first and the SNP version in byte 3. */
static int
testTCBTurin(const void *opaque G_GNUC_UNUSED)
{
    virSEVSNPHost host = { .cpuid = { .valid = true, .signature = 0x00b00f21 } };
    virSEVSNPHost other = { .cpuid = { .valid = true, .signature = 0x00800f12 } };
    virSEVSNPHostTCB tcb;

    CHECK(virSEVSNPHostTCBDecode(&host, 0x4800000004030201ULL, &tcb) == 0);
    CHECK(tcb.hasFMC && tcb.fmc == 1 && tcb.bootloader == 2 && tcb.tee == 3 &&
          tcb.snp == 4 && tcb.microcode == 0x48);
    /* Family 17h (Rome) has no SNP: no layout */
    CHECK(virSEVSNPHostTCBDecode(&other, 0x4800000004030201ULL, &tcb) < 0);
    return 0;
}


static int
testIntelFacts(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("intel");

    CHECK(!host->cpuid.valid);
    CHECK(host->paramSEV == VIR_TRISTATE_BOOL_ABSENT);
    CHECK(host->paramSNP == VIR_TRISTATE_BOOL_ABSENT);
    CHECK(virSEVSNPHostMaxSNPGuests(host) == 0);
    return 0;
}


/* Every status code the firmware defines has a name of its own. */
static int
testFirmwareErrorNames(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    int code;
    size_t named = 0;

    for (code = 0; code <= 0x28; code++) {
        const char *name = virSEVSNPHostFirmwareErrorName(code);

        if (!name)
            continue;
        if (g_hash_table_contains(seen, name)) {
            VIR_TEST_DEBUG("name %s used twice", name);
            return -1;
        }
        g_hash_table_add(seen, (gpointer)name);
        named++;
    }

    /* 0x00-0x27 less the unassigned 0x1e */
    if (named != 0x27) {
        VIR_TEST_DEBUG("%zu codes named", named);
        return -1;
    }
    CHECK(STREQ(virSEVSNPHostFirmwareErrorName(0x7), "POLICY_FAILURE"));
    CHECK(STREQ(virSEVSNPHostFirmwareErrorName(0x27), "INVALID_KEY"));
    CHECK(!virSEVSNPHostFirmwareErrorName(0x1e));
    CHECK(!virSEVSNPHostFirmwareErrorName(0x28));
    CHECK(!virSEVSNPHostFirmwareErrorName(-1));
    return 0;
}


/* A snapshot stays current while guests come and go, and not once the
 * host answers differently. */
static int
testIsCurrent(const void *opaque G_GNUC_UNUSED)
{
    g_autofree virSEVSNPHost *host = testProbe("milan");
    bool same;
    bool other;
    bool busy;

    host->snp.guestCount += 5;
    host->sev.guestCount += 3;
    host->smtActive = VIR_TRISTATE_BOOL_NO;
    same = virSEVSNPHostIsCurrent(host);

    g_setenv("LIBVIRT_SNP_MOCK_HOST", "genoa", TRUE);
    other = virSEVSNPHostIsCurrent(host);
    g_setenv("LIBVIRT_SNP_MOCK_HOST", "ebusy", TRUE);
    busy = virSEVSNPHostIsCurrent(host);

    CHECK(same);
    CHECK(!other);
    CHECK(!busy);
    return 0;
}


static int
testOpenFormat(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *nxio = virSEVSNPHostOpenFormat("/dev/sev", ENXIO);
    g_autofree char *busy = virSEVSNPHostOpenFormat("/dev/kvm", EBUSY);
    g_autofree char *nomem = virSEVSNPHostOpenFormat("/dev/sev", ENOMEM);

    CHECK(STREQ(nxio, "opening /dev/sev failed: No such device or address (no driver serves the device)"));
    CHECK(STREQ(busy, "opening /dev/kvm failed: Device or resource busy (the device is busy)"));
    CHECK(STREQ(nomem, "opening /dev/sev failed: Cannot allocate memory"));
    return 0;
}


struct testResultData {
    int err;
    int fwError;
    const char *message;
};

static int
testResultFormat(const void *opaque)
{
    const struct testResultData *data = opaque;
    virSEVSNPHostResult res = { data->err, data->fwError };
    g_autofree char *msg = virSEVSNPHostResultFormat("SNP_PLATFORM_STATUS", &res);

    if (STRNEQ(msg, data->message)) {
        VIR_TEST_DEBUG("expected '%s', got '%s'", data->message, msg);
        return -1;
    }
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

#define STATE(name, st, reason) \
    do { \
        struct testStateData data = { name, st, reason }; \
        if (virTestRun("state " name, testState, &data) < 0) \
            ret = -1; \
    } while (0)

    STATE("milan", VIR_SEV_SNP_HOST_USABLE, NULL);
    STATE("genoa", VIR_SEV_SNP_HOST_USABLE, NULL);
    STATE("old-kernel", VIR_SEV_SNP_HOST_USABLE, NULL);
    STATE("intel", VIR_SEV_SNP_HOST_NO_CPU_SUPPORT,
          "the CPU does not offer SEV-SNP (CPUID Fn8000_001F EAX bit 4 is clear)");
    STATE("sev-only", VIR_SEV_SNP_HOST_MODULE_PARAM_OFF,
          "the kvm_amd parameter sev_snp is off: SEV-SNP is disabled in the firmware settings or on the kernel command line, or KVM could not set it up");
    STATE("no-dev-sev", VIR_SEV_SNP_HOST_NO_DEVICE,
          "/dev/sev does not exist: the ccp driver found no AMD Platform Security Processor");
    STATE("eacces", VIR_SEV_SNP_HOST_DEVICE_UNUSABLE,
          "opening /dev/sev failed: Permission denied (this process may not use the device)");
    STATE("ebusy", VIR_SEV_SNP_HOST_DEVICE_UNUSABLE,
          "SNP_PLATFORM_STATUS failed: Device or resource busy (the firmware is busy, try again later)");
    STATE("fw-error", VIR_SEV_SNP_HOST_DEVICE_UNUSABLE,
          "SNP_PLATFORM_STATUS failed: Input/output error (firmware status 0x13 HWSEV_RET_PLATFORM: a hardware condition occurred)");
    STATE("rmp-uninit", VIR_SEV_SNP_HOST_RMP_NOT_INITIALIZED,
          "the SEV firmware has not initialised the RMP table");
    STATE("kvm-eacces", VIR_SEV_SNP_HOST_KVM_UNUSABLE,
          "opening /dev/kvm failed: Permission denied (this process may not use the device)");
    STATE("no-vm-type", VIR_SEV_SNP_HOST_NO_KVM_VM_TYPE,
          "KVM does not offer the SEV-SNP VM type (KVM_CAP_VM_TYPES is 0x0): Linux 6.11 or newer is needed");

    if (virTestRun("facts milan", testMilanFacts, NULL) < 0)
        ret = -1;
    if (virTestRun("facts genoa", testGenoaFacts, NULL) < 0)
        ret = -1;
    if (virTestRun("facts old kernel", testOldKernelFallback, NULL) < 0)
        ret = -1;
    if (virTestRun("facts intel", testIntelFacts, NULL) < 0)
        ret = -1;
    if (virTestRun("TCB of family 1Ah", testTCBTurin, NULL) < 0)
        ret = -1;
    if (virTestRun("firmware status names", testFirmwareErrorNames, NULL) < 0)
        ret = -1;
    if (virTestRun("snapshot is current", testIsCurrent, NULL) < 0)
        ret = -1;
    if (virTestRun("device open messages", testOpenFormat, NULL) < 0)
        ret = -1;

#define RESULT(e, fw, msg) \
    do { \
        struct testResultData data = { e, fw, msg }; \
        if (virTestRun("message " #e " " #fw, testResultFormat, &data) < 0) \
            ret = -1; \
    } while (0)

    RESULT(EIO, 0x7, "SNP_PLATFORM_STATUS failed: Input/output error (firmware status 0x7 POLICY_FAILURE: the policy is not allowed)");
    RESULT(EIO, 0x26, "SNP_PLATFORM_STATUS failed: Input/output error (firmware status 0x26 RMP_INITIALIZATION_FAILED: the RMP could not be initialised)");
    RESULT(EIO, 0x1e, "SNP_PLATFORM_STATUS failed: Input/output error (unknown firmware status 0x1e)");
    RESULT(EIO, 0x99, "SNP_PLATFORM_STATUS failed: Input/output error (unknown firmware status 0x99)");
    RESULT(EPERM, -1, "SNP_PLATFORM_STATUS failed: Operation not permitted (this process may not use the device)");
    RESULT(ENODEV, -1, "SNP_PLATFORM_STATUS failed: No such device (the kernel found no AMD Platform Security Processor)");
    RESULT(EINVAL, -1, "SNP_PLATFORM_STATUS failed: Invalid argument (the kernel refused the command)");
    RESULT(ENOMEM, -1, "SNP_PLATFORM_STATUS failed: Cannot allocate memory");

    g_unsetenv("LIBVIRT_SNP_MOCK_HOST");

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN_PRELOAD(mymain, VIR_TEST_MOCK("virsevsnphost"))
