/*
 * qemusevsnpfirmwaretest.c: firmware autoselection for SEV-SNP guests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Uses descriptor directories of its own, so that libvirt's firmware test
 * data (and every golden file derived from it) stays as it is.
 */

#include <config.h>

#include "testutils.h"
#include "testutilssnp.h"
#include "testutilsqemu.h"
#include "virfilewrapper.h"
#include "qemu/qemu_firmware.h"
#include "qemu/qemu_process.h"
#include "configmake.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static virQEMUDriver driver;

#define TEST_DOMAIN \
    "<domain type='kvm'>\n" \
    "  <name>fw</name>\n" \
    "  <memory>1048576</memory>\n" \
    "  <os firmware='efi'>\n" \
    "    <type arch='x86_64' machine='pc-q35-10.0'>hvm</type>\n" \
    "    <loader stateless='yes'/>\n" \
    "  </os>\n" \
    "  <launchSecurity type='%s'>\n" \
    "    <policy>%s</policy>\n" \
    "  </launchSecurity>\n" \
    "</domain>\n"

struct testData {
    const char *datadir;    /* under qemusevsnpfirmwaredata/ */
    const char *sectype;
    const char *policy;
    const char *loader;     /* the expected ROM image, or NULL */
    const char *error;      /* the expected error, or NULL */
};


static int
testFirmware(const void *opaque)
{
    const struct testData *data = opaque;
    g_autofree char *xml = g_strdup_printf(TEST_DOMAIN, data->sectype, data->policy);
    g_autofree char *dir = g_strdup_printf("%s/qemusevsnpfirmwaredata/%s/usr/share/qemu/firmware",
                                           abs_srcdir, data->datadir);
    g_autoptr(virDomainDef) def = NULL;
    int rc;

    virFileWrapperClearPrefixes();
    virFileWrapperAddPrefix(SYSCONFDIR "/qemu/firmware", "/nonexistent");
    virFileWrapperAddPrefix(PREFIX "/share/qemu/firmware", dir);

    if (!(def = virDomainDefParseString(xml, driver.xmlopt, NULL,
                                        VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                        VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)))
        return -1;

    rc = qemuFirmwareFillDomain(&driver, def, VIR_QEMU_PROCESS_START_NEW);

    if (data->error)
        return testSNPCheckError("firmware autoselection", rc, data->error);

    if (rc < 0)
        return -1;

    if (!def->os.loader || STRNEQ_NULLABLE(def->os.loader->path, data->loader)) {
        VIR_TEST_DEBUG("firmware '%s' chosen, expected '%s'",
                       def->os.loader ? NULLSTR(def->os.loader->path) : "none", data->loader);
        return -1;
    }

    if (STREQ(data->sectype, "sev-snp") &&
        def->os.loader->type != VIR_DOMAIN_LOADER_TYPE_ROM) {
        VIR_TEST_DEBUG("firmware '%s' is not loaded as ROM", def->os.loader->path);
        return -1;
    }

    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (qemuTestDriverInit(&driver) < 0)
        return EXIT_FAILURE;

    /* Only the system directories: no user's configuration may leak in. */
    driver.privileged = true;

#define DO_TEST(name, datadir, sectype, policy, loader, error) \
    do { \
        struct testData data = { datadir, sectype, policy, loader, error }; \
        if (virTestRun(name, testFirmware, &data) < 0) \
            ret = -1; \
    } while (0)

    /* The SNP ROM image, skipping an SEV-only image and an SNP one as flash. */
    DO_TEST("sev-snp picks the ROM image", "rom", "sev-snp", "0x30000",
            "/usr/share/ovmf/OVMF.amdsev.fd", NULL);
    /* SEV guests still pick the first SEV image, as before. */
    DO_TEST("sev keeps its choice", "rom", "sev", "0x1",
            "/usr/share/OVMF/OVMF.sev.fd", NULL);
    DO_TEST("sev-snp without a ROM image", "norom", "sev-snp", "0x30000", NULL,
            "operation failed: Unable to find firmware for 'sev-snp' launch security: no firmware descriptor offers feature 'amd-sev-snp' with device 'memory'");

    qemuTestDriverFree(&driver);
    virFileWrapperClearPrefixes();

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
