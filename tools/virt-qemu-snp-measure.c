/*
 * virt-qemu-snp-measure.c: expected launch digest of an SEV-SNP guest
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For guest owners who build ID blocks or check attestation reports: the
 * digest QEMU and the AMD secure processor will produce, computed offline
 * from a domain XML file or from the launch inputs given one by one.
 */

#include <config.h>

#include <stdio.h>

#include "internal.h"
#include "domain_conf.h"
#include "virerror.h"
#include "virgettext.h"
#include "virsevsnpmeasure.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_NONE

typedef struct {
    char *domain;
    char *firmware;
    int vcpus;
    char *cpuModel;
    char *signature;
    char *features;
    char *kernel;
    char *initrd;
    char *cmdline;
    char *format;
} virtSNPMeasureOptions;


static void
virtSNPMeasureErrorFunc(void *opaque G_GNUC_UNUSED,
                        virErrorPtr err G_GNUC_UNUSED)
{
    /* Errors are printed once, by main(). */
}


static int
virtSNPMeasureParseHex(const char *option,
                       const char *str,
                       uint64_t max,
                       uint64_t *value)
{
    unsigned long long val;
    const char *digits = str;

    if (STRPREFIX(digits, "0x") || STRPREFIX(digits, "0X"))
        digits += 2;

    if (*digits == '\0' || strspn(digits, "0123456789abcdefABCDEF") != strlen(digits) ||
        virStrToLong_ull(digits, NULL, 16, &val) < 0 || val > max) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("%s '%s' is not a hexadecimal number up to 0x%llx"),
                       option, str, (unsigned long long) max);
        return -1;
    }

    *value = val;
    return 0;
}


/* Takes from the domain whatever the options leave open. */
static int
virtSNPMeasureFromDomain(virtSNPMeasureOptions *opts,
                         virSEVSNPMeasureInput *input,
                         virDomainDef **defret)
{
    g_autoptr(virDomainXMLOption) xmlopt = NULL;
    g_autoptr(virDomainDef) def = NULL;
    const virDomainSEVSNPDef *snp;

    if (!(xmlopt = virDomainXMLOptionNew(NULL, NULL, NULL, NULL, NULL, NULL)) ||
        !(def = virDomainDefParseFile(opts->domain, xmlopt, NULL,
                                      VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return -1;

    if (!def->sec || def->sec->sectype != VIR_DOMAIN_LAUNCH_SECURITY_SEV_SNP) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("domain '%s' has no <launchSecurity type='sev-snp'>"),
                       def->name);
        return -1;
    }
    snp = &def->sec->data.sev_snp;

    if (!opts->firmware) {
        if (!def->os.loader || !def->os.loader->path) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain '%s' names no firmware file (<loader type='rom'>): give --firmware"),
                           def->name);
            return -1;
        }
        input->firmware = def->os.loader->path;
    }

    if (opts->vcpus < 0)
        input->nvcpus = virDomainDefGetVcpus(def);

    if (!opts->cpuModel && !opts->signature) {
        if (!def->cpu || def->cpu->mode != VIR_CPU_MODE_CUSTOM || !def->cpu->model) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain '%s' has no named CPU model, so the vCPU signature depends on the host: give --vcpu-signature"),
                           def->name);
            return -1;
        }
        if (virSEVSNPCPUModelSignature(def->cpu->model, &input->vcpuSignature) < 0)
            return -1;
    }

    /* Kernel, initrd and command line are measured only with kernelHashes;
     * each comes from its option, or else from the domain. */
    if (snp->kernel_hashes == VIR_TRISTATE_BOOL_YES) {
        if (!opts->kernel)
            input->kernel = def->os.kernel;
        if (!opts->initrd)
            input->initrd = def->os.initrd;
        if (!opts->cmdline)
            input->cmdline = def->os.cmdline;
        if (!input->kernel) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain '%s' has kernelHashes='yes' but no <kernel>"),
                           def->name);
            return -1;
        }
    } else if (opts->kernel || opts->initrd || opts->cmdline) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("domain '%s' measures no kernel (kernelHashes is not 'yes'): --kernel, --initrd and --cmdline do not apply"),
                       def->name);
        return -1;
    }

    *defret = g_steal_pointer(&def);
    return 0;
}


static int
virtSNPMeasureRun(virtSNPMeasureOptions *opts)
{
    virSEVSNPMeasureInput input = {
        .firmware = opts->firmware,
        .nvcpus = 1,
        .guestFeatures = VIR_SEV_SNP_GUEST_FEATURES_DEFAULT,
        .kernel = opts->kernel,
        .initrd = opts->initrd,
        .cmdline = opts->cmdline,
    };
    g_autoptr(virDomainDef) def = NULL;
    virSEVSNPMeasurement result;
    uint64_t val;

    if (opts->format && STRNEQ(opts->format, "hex") && STRNEQ(opts->format, "base64")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("--format must be 'hex' or 'base64', not '%s'"), opts->format);
        return -1;
    }

    if (opts->cpuModel && opts->signature) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--cpu-model and --vcpu-signature exclude each other"));
        return -1;
    }

    if (!opts->domain && !opts->kernel && (opts->initrd || opts->cmdline)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--initrd and --cmdline are measured only with --kernel"));
        return -1;
    }

    if (opts->vcpus == 0 || opts->vcpus < -1) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("--vcpus must be a positive number, not %d"), opts->vcpus);
        return -1;
    }
    if (opts->vcpus > 0)
        input.nvcpus = opts->vcpus;

    if (opts->cpuModel &&
        virSEVSNPCPUModelSignature(opts->cpuModel, &input.vcpuSignature) < 0)
        return -1;

    if (opts->signature) {
        if (virtSNPMeasureParseHex("--vcpu-signature", opts->signature, UINT32_MAX, &val) < 0)
            return -1;
        input.vcpuSignature = val;
    }

    if (opts->features) {
        if (virtSNPMeasureParseHex("--guest-features", opts->features, UINT64_MAX, &val) < 0)
            return -1;
        input.guestFeatures = val;
    }

    if (opts->domain) {
        if (virtSNPMeasureFromDomain(opts, &input, &def) < 0)
            return -1;
    } else {
        if (!opts->firmware) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("give a domain XML file (--domain) or the firmware (--firmware)"));
            return -1;
        }
        if (!opts->cpuModel && !opts->signature) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("give the guest CPU: --cpu-model or --vcpu-signature"));
            return -1;
        }
    }

    if (!(input.guestFeatures & 0x1)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--guest-features must include bit 0 (SNPActive)"));
        return -1;
    }

    /* The digest of firmware QEMU cannot launch SNP guests with is still
     * defined, so it is printed, with a warning saying why. */
    input.launchable = true;
    if (virSEVSNPMeasure(&input, &result) < 0) {
        g_autofree char *why = g_strdup(virGetLastErrorMessage());

        input.launchable = false;
        if (virSEVSNPMeasure(&input, &result) < 0)
            return -1;
        virResetLastError();
        fprintf(stderr, _("%s: warning: %s\n"), "virt-qemu-snp-measure", why);
    }

    if (opts->format && STREQ(opts->format, "base64")) {
        g_autofree char *b64 = g_base64_encode(result.digest, sizeof(result.digest));

        printf("%s\n", b64);
    } else {
        g_autofree char *hex = virSEVSNPHexFormat(result.digest, sizeof(result.digest));

        printf("%s\n", hex);
    }

    return 0;
}


int
main(int argc, char **argv)
{
    virtSNPMeasureOptions opts = { .vcpus = -1 };
    g_autoptr(GError) error = NULL;
    g_autoptr(GOptionContext) ctx = NULL;
    GOptionEntry entries[] = {
        { "domain", 'd', 0, G_OPTION_ARG_FILENAME, &opts.domain,
          N_("domain XML file with <launchSecurity type='sev-snp'>"), "FILE" },
        { "firmware", 'f', 0, G_OPTION_ARG_FILENAME, &opts.firmware,
          N_("firmware image loaded as ROM"), "FILE" },
        { "vcpus", 'n', 0, G_OPTION_ARG_INT, &opts.vcpus,
          N_("vCPUs at launch (default: the domain's, or 1)"), "N" },
        { "cpu-model", 'c', 0, G_OPTION_ARG_STRING, &opts.cpuModel,
          N_("QEMU CPU model, e.g. EPYC-Milan"), "MODEL" },
        { "vcpu-signature", 's', 0, G_OPTION_ARG_STRING, &opts.signature,
          N_("vCPU signature (CPUID 1 EAX), in hex"), "HEX" },
        { "guest-features", 'g', 0, G_OPTION_ARG_STRING, &opts.features,
          N_("VMSA SEV_FEATURES, in hex (default: 0x1)"), "HEX" },
        { "kernel", 'k', 0, G_OPTION_ARG_FILENAME, &opts.kernel,
          N_("kernel of measured direct boot"), "FILE" },
        { "initrd", 'i', 0, G_OPTION_ARG_FILENAME, &opts.initrd,
          N_("initrd of measured direct boot"), "FILE" },
        { "cmdline", 'a', 0, G_OPTION_ARG_STRING, &opts.cmdline,
          N_("kernel command line of measured direct boot"), "STRING" },
        { "format", 'o', 0, G_OPTION_ARG_STRING, &opts.format,
          N_("output: hex (default) or base64"), "FORMAT" },
        { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
    int ret = EXIT_FAILURE;

    if (virGettextInitialize() < 0 || virErrorInitialize() < 0)
        return EXIT_FAILURE;
    virSetErrorFunc(NULL, virtSNPMeasureErrorFunc);

    ctx = g_option_context_new(_("- print the expected SEV-SNP launch digest of a QEMU guest"));
    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, _("%s: %s\n"), g_get_prgname(), error->message);
        return EXIT_FAILURE;
    }

    if (argc > 1) {
        fprintf(stderr, _("%s: unexpected argument '%s'\n"), g_get_prgname(), argv[1]);
        goto cleanup;
    }

    if (virtSNPMeasureRun(&opts) < 0) {
        fprintf(stderr, _("%s: %s\n"), g_get_prgname(), virGetLastErrorMessage());
        goto cleanup;
    }

    ret = EXIT_SUCCESS;

 cleanup:
    g_free(opts.domain);
    g_free(opts.firmware);
    g_free(opts.cpuModel);
    g_free(opts.signature);
    g_free(opts.features);
    g_free(opts.kernel);
    g_free(opts.initrd);
    g_free(opts.cmdline);
    g_free(opts.format);
    return ret;
}
