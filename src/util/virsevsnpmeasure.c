/*
 * virsevsnpmeasure.c: expected SEV-SNP launch digest of a QEMU guest
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The AMD secure processor measures an SNP guest page by page as QEMU and
 * KVM launch it; the result (MEASUREMENT in attestation reports, LD in an
 * ID block) can be computed on the host from the same inputs: the firmware
 * image, placed to end at 4 GiB, the sections its SEV metadata declares,
 * the kernel-hashes page of measured direct boot and one VMSA per vCPU.
 *
 * The firmware file is untrusted input: every offset and length read from
 * it is checked against the file before use, and the amount of work is
 * bounded by the 4 GiB guest address range it can describe.
 */

#include <config.h>

#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "virsevsnpmeasure.h"
#include "virerror.h"
#include "virfile.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define SNP_PAGE 4096
#define SNP_4GIB 0x100000000ULL
#define SNP_SHA256_SIZE VIR_SEV_SNP_SHA256_SIZE
#define SNP_PAGE_INFO_SIZE 0x70
#define SNP_VMSA_GPA 0xFFFFFFFFF000ULL
#define SNP_BSP_EIP 0xFFFFFFF0U

/* PAGE_INFO page types (SEV-SNP Firmware ABI). */
enum {
    SNP_PAGE_NORMAL = 0x01,
    SNP_PAGE_VMSA = 0x02,
    SNP_PAGE_ZERO = 0x03,
    SNP_PAGE_SECRETS = 0x05,
    SNP_PAGE_CPUID = 0x06,
};

/* OVMF SEV metadata section types. */
enum {
    SNP_SECTION_SEC_MEM = 1,
    SNP_SECTION_SECRETS = 2,
    SNP_SECTION_CPUID = 3,
    SNP_SECTION_SVSM_CAA = 4,
    SNP_SECTION_KERNEL_HASHES = 0x10,
};

/* GUIDs in the byte order firmware stores them (EFI, mixed-endian). */
static const unsigned char snpGuidFooter[16] = {
    0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
    0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d };
static const unsigned char snpGuidResetBlock[16] = {
    0xde, 0x71, 0xf7, 0x00, 0x7e, 0x1a, 0xcb, 0x4f,
    0x89, 0x0e, 0x68, 0xc7, 0x7e, 0x2f, 0xb4, 0x4e };
static const unsigned char snpGuidMetadata[16] = {
    0x66, 0x65, 0x88, 0xdc, 0x4a, 0x98, 0x98, 0x47,
    0xa7, 0x5e, 0x55, 0x85, 0xa7, 0xbf, 0x67, 0xcc };
static const unsigned char snpGuidHashTable[16] = {
    0x1f, 0x37, 0x55, 0x72, 0x3b, 0x3a, 0x04, 0x4b,
    0x92, 0x7b, 0x1d, 0xa6, 0xef, 0xa8, 0xd4, 0x54 };
static const unsigned char snpGuidHashHeader[16] = {
    0x06, 0xd6, 0x38, 0x94, 0x22, 0x4f, 0xc9, 0x4c,
    0xb4, 0x79, 0xa7, 0x93, 0xd4, 0x11, 0xfd, 0x21 };
static const unsigned char snpGuidHashCmdline[16] = {
    0xd8, 0x2d, 0xd0, 0x97, 0x20, 0xbd, 0x94, 0x4c,
    0xaa, 0x78, 0xe7, 0x71, 0x4d, 0x36, 0xab, 0x2a };
static const unsigned char snpGuidHashInitrd[16] = {
    0x31, 0xf7, 0xba, 0x44, 0x2f, 0x3a, 0xd7, 0x4b,
    0x9a, 0xf1, 0x41, 0xe2, 0x91, 0x69, 0x78, 0x1d };
static const unsigned char snpGuidHashKernel[16] = {
    0x37, 0x94, 0xe7, 0x4d, 0xd2, 0xab, 0x7f, 0x42,
    0xb8, 0x35, 0xd5, 0xb1, 0x72, 0xd2, 0x04, 0x5b };

/* The kernel-hashes table: 168 bytes, padded to 176. */
#define SNP_HASH_TABLE_LEN 168
#define SNP_HASH_TABLE_PADDED 176
#define SNP_HASH_ENTRY_LEN 50

#define SNP_FOOTER_ENTRY_LEN 18   /* u16 length + GUID */
#define SNP_METADATA_HEADER_LEN 16
#define SNP_METADATA_DESC_LEN 12
/* Real firmware declares about ten sections. */
#define SNP_METADATA_MAX_SECTIONS 1024

/* The footer table is found from the end of the file; its length is a u16. */
#define SNP_TAIL_MAX (0xFFFF + 32 + SNP_FOOTER_ENTRY_LEN)

typedef struct {
    uint32_t gpa;
    uint32_t size;
    uint32_t type;
} virSEVSNPSection;

typedef struct {
    const char *path;
    int fd;
    uint64_t size;
    bool haveMetadata;
    uint32_t resetEIP;
    bool haveHashTable;
    uint32_t hashTableBase;
    uint32_t hashTableSize;
    virSEVSNPSection *sections;
    size_t nsections;
} virSEVSNPFirmware;


static uint16_t
snpGet16(const unsigned char *p)
{
    return p[0] | (p[1] << 8);
}


static uint32_t
snpGet32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
        ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}


static void
snpPut(unsigned char *p, uint64_t val, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        p[i] = (val >> (8 * i)) & 0xff;
}


static int
snpReadAt(const virSEVSNPFirmware *fw,
          uint64_t offset,
          unsigned char *buf,
          size_t len)
{
    while (len > 0) {
        ssize_t got = pread(fw->fd, buf, len, offset);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            virReportSystemError(got < 0 ? errno : EIO,
                                 _("cannot read firmware '%s'"), fw->path);
            return -1;
        }
        buf += got;
        offset += got;
        len -= got;
    }

    return 0;
}


static int
snpHash(gnutls_digest_algorithm_t algo,
        const void *data,
        size_t len,
        unsigned char *out)
{
    if (gnutls_hash_fast(algo, data, len, out) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("cannot compute a hash for the SEV-SNP launch digest"));
        return -1;
    }

    return 0;
}


/* One PAGE_INFO step of the digest chain: LD := SHA-384(PAGE_INFO). */
static int
snpUpdate(unsigned char *ld,
          uint8_t type,
          uint64_t gpa,
          const unsigned char *contents)
{
    unsigned char info[SNP_PAGE_INFO_SIZE] = { 0 };

    memcpy(info, ld, VIR_SEV_SNP_DIGEST_SIZE);
    if (contents)
        memcpy(info + 0x30, contents, VIR_SEV_SNP_DIGEST_SIZE);
    snpPut(info + 0x60, SNP_PAGE_INFO_SIZE, 2);
    info[0x62] = type;
    snpPut(info + 0x68, gpa, 8);

    return snpHash(GNUTLS_DIG_SHA384, info, sizeof(info), ld);
}


static int
snpUpdatePage(unsigned char *ld,
              uint8_t type,
              uint64_t gpa,
              const unsigned char *page)
{
    unsigned char contents[VIR_SEV_SNP_DIGEST_SIZE];

    if (snpHash(GNUTLS_DIG_SHA384, page, SNP_PAGE, contents) < 0)
        return -1;

    return snpUpdate(ld, type, gpa, contents);
}


/* Pages whose contents do not enter the digest: only type and address do. */
static int
snpUpdateRange(unsigned char *ld,
               uint8_t type,
               uint64_t gpa,
               uint64_t size)
{
    uint64_t off;

    for (off = 0; off < size; off += SNP_PAGE) {
        if (snpUpdate(ld, type, gpa + off, NULL) < 0)
            return -1;
    }

    return 0;
}


/*
 * The OVMF footer GUID table, walked backwards from its footer entry just
 * before the last 32 bytes of the image: reset block, SEV metadata and
 * kernel-hashes table entries.
 */
static int
snpParseTable(virSEVSNPFirmware *fw,
              bool *haveMetadata,
              uint32_t *metadataOffset)
{
    size_t taillen = MIN(fw->size, SNP_TAIL_MAX);
    g_autofree unsigned char *tail = g_new0(unsigned char, taillen);
    const unsigned char *footer;
    bool haveReset = false;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);
    size_t pos;
    size_t remaining;
    uint16_t total;

    if (snpReadAt(fw, fw->size - taillen, tail, taillen) < 0)
        return -1;

    /* Offsets below are into @tail, which ends where the file ends. */
    pos = taillen - 32 - SNP_FOOTER_ENTRY_LEN;
    footer = tail + pos;

    if (memcmp(footer + 2, snpGuidFooter, 16) != 0) {
        if (memcmp(footer + 2, snpGuidResetBlock, 16) == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': it has the legacy layout without an OVMF GUID table, which no SEV-SNP capable firmware has"),
                           fw->path);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': it has no OVMF GUID table, so no SEV-ES reset block"),
                           fw->path);
        }
        return -1;
    }

    total = snpGet16(footer);
    if (total < SNP_FOOTER_ENTRY_LEN || total - SNP_FOOTER_ENTRY_LEN > pos) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure firmware '%s': malformed OVMF GUID table: length %u does not fit the file"),
                       fw->path, total);
        return -1;
    }

    remaining = total - SNP_FOOTER_ENTRY_LEN;
    while (remaining > 0) {
        const unsigned char *entry;
        const unsigned char *data;
        uint16_t len;
        GBytes *guid;

        if (remaining < SNP_FOOTER_ENTRY_LEN) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': malformed OVMF GUID table: %zu stray bytes at its start"),
                           fw->path, remaining);
            return -1;
        }

        entry = tail + pos - SNP_FOOTER_ENTRY_LEN;
        len = snpGet16(entry);
        if (len < SNP_FOOTER_ENTRY_LEN || len > remaining) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': malformed OVMF GUID table: entry length %u is out of bounds"),
                           fw->path, len);
            return -1;
        }

        guid = g_bytes_new(entry + 2, 16);
        if (!g_hash_table_add(seen, guid)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': malformed OVMF GUID table: an entry appears twice"),
                           fw->path);
            return -1;
        }

        data = tail + pos - len;
        len -= SNP_FOOTER_ENTRY_LEN;

        if (memcmp(entry + 2, snpGuidResetBlock, 16) == 0) {
            if (len < 4)
                goto short_entry;
            fw->resetEIP = snpGet32(data);
            haveReset = true;
        } else if (memcmp(entry + 2, snpGuidMetadata, 16) == 0) {
            if (len < 4)
                goto short_entry;
            *metadataOffset = snpGet32(data);
            *haveMetadata = true;
        } else if (memcmp(entry + 2, snpGuidHashTable, 16) == 0) {
            if (len < 8)
                goto short_entry;
            fw->hashTableBase = snpGet32(data);
            fw->hashTableSize = snpGet32(data + 4);
            fw->haveHashTable = true;
        }

        pos -= len + SNP_FOOTER_ENTRY_LEN;
        remaining -= len + SNP_FOOTER_ENTRY_LEN;
    }

    if (!haveReset || fw->resetEIP == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure firmware '%s': it has no usable SEV-ES reset block, which QEMU needs to start the vCPUs"),
                       fw->path);
        return -1;
    }

    return 0;

 short_entry:
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("cannot measure firmware '%s': malformed OVMF GUID table: an entry is too short for its data"),
                   fw->path);
    return -1;
}


static int
snpParseMetadata(virSEVSNPFirmware *fw,
                 uint32_t offset)
{
    unsigned char hdr[SNP_METADATA_HEADER_LEN];
    g_autofree unsigned char *descs = NULL;
    uint64_t start;
    uint32_t len;
    uint32_t num;
    uint64_t total = 0;
    size_t i;

    if (offset < SNP_METADATA_HEADER_LEN || offset > fw->size) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure firmware '%s': its SEV metadata offset %u points outside the file"),
                       fw->path, offset);
        return -1;
    }

    start = fw->size - offset;
    if (snpReadAt(fw, start, hdr, sizeof(hdr)) < 0)
        return -1;

    len = snpGet32(hdr + 4);
    num = snpGet32(hdr + 12);
    if (memcmp(hdr, "ASEV", 4) != 0 || snpGet32(hdr + 8) != 1 ||
        len < SNP_METADATA_HEADER_LEN || len > offset ||
        num > (len - SNP_METADATA_HEADER_LEN) / SNP_METADATA_DESC_LEN ||
        num > SNP_METADATA_MAX_SECTIONS) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure firmware '%s': malformed SEV metadata header"),
                       fw->path);
        return -1;
    }

    descs = g_new0(unsigned char, (size_t)num * SNP_METADATA_DESC_LEN + 1);
    if (snpReadAt(fw, start + SNP_METADATA_HEADER_LEN, descs,
                  (size_t)num * SNP_METADATA_DESC_LEN) < 0)
        return -1;

    fw->sections = g_new0(virSEVSNPSection, num);
    fw->nsections = num;

    for (i = 0; i < num; i++) {
        virSEVSNPSection *sec = &fw->sections[i];
        const unsigned char *d = descs + i * SNP_METADATA_DESC_LEN;

        sec->gpa = snpGet32(d);
        sec->size = snpGet32(d + 4);
        sec->type = snpGet32(d + 8);

        switch (sec->type) {
        case SNP_SECTION_SEC_MEM:
        case SNP_SECTION_SVSM_CAA:
        case SNP_SECTION_KERNEL_HASHES:
            if (sec->size % SNP_PAGE != 0)
                goto bad_section;
            break;
        case SNP_SECTION_SECRETS:
        case SNP_SECTION_CPUID:
            if (sec->size != SNP_PAGE)
                goto bad_section;
            break;
        default:
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure firmware '%s': SEV metadata section %zu has unknown type 0x%x"),
                           fw->path, i, sec->type);
            return -1;
        }

        /* Sections describe guest memory below 4 GiB; that bounds the work. */
        total += sec->size;
        if (sec->gpa % SNP_PAGE != 0 ||
            (uint64_t)sec->gpa + sec->size > SNP_4GIB || total > SNP_4GIB)
            goto bad_section;
    }

    return 0;

 bad_section:
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("cannot measure firmware '%s': SEV metadata section %zu (type 0x%x, address 0x%x, size 0x%x) is malformed"),
                   fw->path, i, fw->sections[i].type, fw->sections[i].gpa, fw->sections[i].size);
    return -1;
}


static int
snpOpenFirmware(virSEVSNPFirmware *fw,
                const char *path)
{
    struct stat sb;
    uint32_t offset = 0;

    fw->path = path;
    /* O_NONBLOCK: a FIFO must not block us before the check below. */
    if ((fw->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
        virReportSystemError(errno, _("cannot open firmware '%s'"), path);
        return -1;
    }

    if (fstat(fw->fd, &sb) < 0) {
        virReportSystemError(errno, _("cannot stat firmware '%s'"), path);
        return -1;
    }

    fw->size = sb.st_size;
    if (!S_ISREG(sb.st_mode) || fw->size == 0 || fw->size % SNP_PAGE != 0 ||
        fw->size > SNP_4GIB) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure firmware '%s': it must be a file of a non-zero multiple of 4096 bytes, up to 4 GiB"),
                       path);
        return -1;
    }

    if (snpParseTable(fw, &fw->haveMetadata, &offset) < 0)
        return -1;

    if (fw->haveMetadata && snpParseMetadata(fw, offset) < 0)
        return -1;

    return 0;
}


/* An image without SEV metadata has a defined digest, but QEMU stops at
 * launch finish without it; and -bios wants whole 64 KiB blocks. */
static int
snpCheckLaunchable(const virSEVSNPFirmware *fw)
{
    if (!fw->haveMetadata) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("firmware '%s' cannot launch SEV-SNP guests: it has no SEV metadata"),
                       fw->path);
        return -1;
    }

    if (fw->size % (64 * 1024) != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("firmware '%s' cannot launch SEV-SNP guests: QEMU loads it as ROM only in whole 64 KiB blocks"),
                       fw->path);
        return -1;
    }

    return 0;
}


static void
snpCloseFirmware(virSEVSNPFirmware *fw)
{
    VIR_FORCE_CLOSE(fw->fd);
    g_clear_pointer(&fw->sections, g_free);
}


/* SHA-256 of a file, read in pieces: kernels and initrds can be large. */
static int
snpHashFile(const char *path,
            unsigned char out[SNP_SHA256_SIZE])
{
    VIR_AUTOCLOSE fd = -1;
    g_autofree char *buf = g_new0(char, 1024 * 1024);
    gnutls_hash_hd_t hd;
    struct stat sb;
    ssize_t got;
    int err;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
        virReportSystemError(errno, _("cannot open '%s' to measure it"), path);
        return -1;
    }

    /* A device or FIFO could be read forever. */
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure '%s': it is not a regular file"), path);
        return -1;
    }

    if (gnutls_hash_init(&hd, GNUTLS_DIG_SHA256) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("cannot compute a hash for the SEV-SNP launch digest"));
        return -1;
    }

    while ((got = saferead(fd, buf, 1024 * 1024)) > 0) {
        if (gnutls_hash(hd, buf, got) < 0) {
            gnutls_hash_deinit(hd, out);
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           _("cannot compute a hash for the SEV-SNP launch digest"));
            return -1;
        }
    }
    err = errno;
    gnutls_hash_deinit(hd, out);

    if (got < 0) {
        virReportSystemError(err, _("cannot read '%s' to measure it"), path);
        return -1;
    }

    return 0;
}


static void
snpPutHashEntry(unsigned char *p,
                const unsigned char *guid,
                const unsigned char *hash)
{
    memcpy(p, guid, 16);
    snpPut(p + 16, SNP_HASH_ENTRY_LEN, 2);
    memcpy(p + 18, hash, SNP_SHA256_SIZE);
}


/* The page QEMU places in the kernel-hashes section: the hashes of the
 * command line (with its NUL), the initrd and the kernel. */
static int
snpBuildHashPage(const virSEVSNPFirmware *fw,
                 const virSEVSNPMeasureInput *input,
                 unsigned char *page)
{
    unsigned char kernel[SNP_SHA256_SIZE];
    unsigned char initrd[SNP_SHA256_SIZE];
    unsigned char cmdline[SNP_SHA256_SIZE];
    const char *cmd = input->cmdline ? input->cmdline : "";
    unsigned char *table = page + (fw->hashTableBase & (SNP_PAGE - 1));

    if (snpHashFile(input->kernel, kernel) < 0)
        return -1;

    if (input->initrd) {
        if (snpHashFile(input->initrd, initrd) < 0)
            return -1;
    } else if (snpHash(GNUTLS_DIG_SHA256, "", 0, initrd) < 0) {
        return -1;
    }

    if (snpHash(GNUTLS_DIG_SHA256, cmd, strlen(cmd) + 1, cmdline) < 0)
        return -1;

    memset(page, 0, SNP_PAGE);
    memcpy(table, snpGuidHashHeader, 16);
    snpPut(table + 16, SNP_HASH_TABLE_LEN, 2);
    snpPutHashEntry(table + 18, snpGuidHashCmdline, cmdline);
    snpPutHashEntry(table + 68, snpGuidHashInitrd, initrd);
    snpPutHashEntry(table + 118, snpGuidHashKernel, kernel);

    return 0;
}


/* Measured direct boot needs a kernel-hashes section of one page and a
 * hash-table area that QEMU accepts and that fits in that page. */
static int
snpCheckKernelHashes(const virSEVSNPFirmware *fw)
{
    size_t i;
    size_t found = 0;

    for (i = 0; i < fw->nsections; i++) {
        if (fw->sections[i].type != SNP_SECTION_KERNEL_HASHES)
            continue;
        if (fw->sections[i].size != SNP_PAGE) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("cannot measure direct kernel boot with firmware '%s': its kernel-hashes section is not one page"),
                           fw->path);
            return -1;
        }
        found++;
    }

    if (found == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure direct kernel boot with firmware '%s': it has no SEV-SNP kernel-hashes section"),
                       fw->path);
        return -1;
    }

    /* Each section would get the hashes again: refuse the extra work. */
    if (found > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure direct kernel boot with firmware '%s': it has %zu kernel-hashes sections"),
                       fw->path, found);
        return -1;
    }

    if (!fw->haveHashTable || fw->hashTableBase == 0 ||
        fw->hashTableSize < SNP_HASH_TABLE_PADDED ||
        (fw->hashTableBase & (SNP_PAGE - 1)) + SNP_HASH_TABLE_PADDED > SNP_PAGE) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot measure direct kernel boot with firmware '%s': its kernel hashes table area is missing or invalid"),
                       fw->path);
        return -1;
    }

    return 0;
}


/* Also hashes the firmware as a whole, from the same reads: the recorded
 * sha256 is that of the bytes measured. */
static int
snpMeasureFirmwarePages(const virSEVSNPFirmware *fw,
                        unsigned char *ld,
                        unsigned char *sha256)
{
    g_autofree unsigned char *page = g_new0(unsigned char, SNP_PAGE);
    uint64_t base = SNP_4GIB - fw->size;
    uint64_t off;
    gnutls_hash_hd_t hd;
    int ret = -1;

    if (gnutls_hash_init(&hd, GNUTLS_DIG_SHA256) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("cannot compute a hash for the SEV-SNP launch digest"));
        return -1;
    }

    for (off = 0; off < fw->size; off += SNP_PAGE) {
        if (snpReadAt(fw, off, page, SNP_PAGE) < 0 ||
            snpUpdatePage(ld, SNP_PAGE_NORMAL, base + off, page) < 0)
            goto cleanup;
        if (gnutls_hash(hd, page, SNP_PAGE) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           _("cannot compute a hash for the SEV-SNP launch digest"));
            goto cleanup;
        }
    }

    ret = 0;

 cleanup:
    gnutls_hash_deinit(hd, sha256);
    return ret;
}


static int
snpMeasureSections(const virSEVSNPFirmware *fw,
                   const virSEVSNPMeasureInput *input,
                   unsigned char *ld)
{
    size_t i;

    for (i = 0; i < fw->nsections; i++) {
        const virSEVSNPSection *sec = &fw->sections[i];
        int rc = 0;

        switch (sec->type) {
        case SNP_SECTION_SEC_MEM:
        case SNP_SECTION_SVSM_CAA:
            rc = snpUpdateRange(ld, SNP_PAGE_ZERO, sec->gpa, sec->size);
            break;
        case SNP_SECTION_SECRETS:
            rc = snpUpdate(ld, SNP_PAGE_SECRETS, sec->gpa, NULL);
            break;
        case SNP_SECTION_CPUID:
            rc = snpUpdate(ld, SNP_PAGE_CPUID, sec->gpa, NULL);
            break;
        case SNP_SECTION_KERNEL_HASHES:
            if (input->kernel) {
                g_autofree unsigned char *page = g_new0(unsigned char, SNP_PAGE);

                rc = snpBuildHashPage(fw, input, page);
                if (rc == 0)
                    rc = snpUpdatePage(ld, SNP_PAGE_NORMAL, sec->gpa, page);
            } else {
                rc = snpUpdateRange(ld, SNP_PAGE_ZERO, sec->gpa, sec->size);
            }
            break;
        }

        if (rc < 0)
            return -1;
    }

    return 0;
}


static void
snpPutSegment(unsigned char *vmsa,
              size_t offset,
              uint16_t selector,
              uint16_t attrib,
              uint32_t limit,
              uint64_t base)
{
    snpPut(vmsa + offset, selector, 2);
    snpPut(vmsa + offset + 2, attrib, 2);
    snpPut(vmsa + offset + 4, limit, 4);
    snpPut(vmsa + offset + 8, base, 8);
}


/* The reset state QEMU and KVM (KVM_SEV_INIT2) give a vCPU starting at @eip. */
static void
snpBuildVMSA(unsigned char *vmsa,
             uint32_t eip,
             uint32_t signature,
             uint64_t features)
{
    memset(vmsa, 0, SNP_PAGE);

    snpPutSegment(vmsa, 0x000, 0, 0x93, 0xffff, 0);                  /* ES */
    snpPutSegment(vmsa, 0x010, 0xf000, 0x9b, 0xffff, eip & 0xffff0000); /* CS */
    snpPutSegment(vmsa, 0x020, 0, 0x93, 0xffff, 0);                  /* SS */
    snpPutSegment(vmsa, 0x030, 0, 0x93, 0xffff, 0);                  /* DS */
    snpPutSegment(vmsa, 0x040, 0, 0x93, 0xffff, 0);                  /* FS */
    snpPutSegment(vmsa, 0x050, 0, 0x93, 0xffff, 0);                  /* GS */
    snpPutSegment(vmsa, 0x060, 0, 0, 0xffff, 0);                     /* GDTR */
    snpPutSegment(vmsa, 0x070, 0, 0x82, 0xffff, 0);                  /* LDTR */
    snpPutSegment(vmsa, 0x080, 0, 0, 0xffff, 0);                     /* IDTR */
    snpPutSegment(vmsa, 0x090, 0, 0x8b, 0xffff, 0);                  /* TR */

    snpPut(vmsa + 0x0d0, 0x1000, 8);                /* EFER: SVME */
    snpPut(vmsa + 0x148, 0x40, 8);                  /* CR4: MCE */
    snpPut(vmsa + 0x158, 0x10, 8);                  /* CR0 */
    snpPut(vmsa + 0x160, 0x400, 8);                 /* DR7 */
    snpPut(vmsa + 0x168, 0xffff0ff0, 8);            /* DR6 */
    snpPut(vmsa + 0x170, 0x2, 8);                   /* RFLAGS */
    snpPut(vmsa + 0x178, eip & 0xffff, 8);          /* RIP */
    snpPut(vmsa + 0x268, 0x0007040600070406ULL, 8); /* G_PAT */
    snpPut(vmsa + 0x310, signature, 8);             /* RDX */
    snpPut(vmsa + 0x3b0, features, 8);              /* SEV_FEATURES */
    snpPut(vmsa + 0x3e8, 0x1, 8);                   /* XCR0 */
    snpPut(vmsa + 0x408, 0x1f80, 4);                /* MXCSR */
    snpPut(vmsa + 0x410, 0x37f, 2);                 /* X87_FCW */
}


static int
snpMeasureVMSAs(const virSEVSNPFirmware *fw,
                const virSEVSNPMeasureInput *input,
                unsigned char *ld)
{
    g_autofree unsigned char *page = g_new0(unsigned char, SNP_PAGE);
    unsigned char bsp[VIR_SEV_SNP_DIGEST_SIZE];
    unsigned char ap[VIR_SEV_SNP_DIGEST_SIZE];
    size_t i;

    snpBuildVMSA(page, SNP_BSP_EIP, input->vcpuSignature, input->guestFeatures);
    if (snpHash(GNUTLS_DIG_SHA384, page, SNP_PAGE, bsp) < 0)
        return -1;

    snpBuildVMSA(page, fw->resetEIP, input->vcpuSignature, input->guestFeatures);
    if (snpHash(GNUTLS_DIG_SHA384, page, SNP_PAGE, ap) < 0)
        return -1;

    for (i = 0; i < input->nvcpus; i++) {
        if (snpUpdate(ld, SNP_PAGE_VMSA, SNP_VMSA_GPA, i == 0 ? bsp : ap) < 0)
            return -1;
    }

    return 0;
}


/**
 * virSEVSNPHexFormat:
 * @data: bytes, e.g. a launch digest
 * @len: their number
 *
 * Returns @data as lowercase hexadecimal, the usual text form of digests.
 */
char *
virSEVSNPHexFormat(const unsigned char *data,
                   size_t len)
{
    g_autoptr(GString) str = g_string_sized_new(len * 2 + 1);
    size_t i;

    for (i = 0; i < len; i++)
        g_string_append_printf(str, "%02x", data[i]);

    return g_string_free(g_steal_pointer(&str), FALSE);
}


/**
 * virSEVSNPHexParse:
 * @str: hexadecimal text
 * @data: filled with the bytes
 * @len: the number of bytes @str must have
 *
 * Returns 0 if @str is exactly @len bytes in hexadecimal, -1 otherwise
 * (without reporting an error).
 */
int
virSEVSNPHexParse(const char *str,
                  unsigned char *data,
                  size_t len)
{
    size_t i;

    if (!str || strlen(str) != len * 2)
        return -1;

    for (i = 0; i < len; i++) {
        int hi = g_ascii_xdigit_value(str[2 * i]);
        int lo = g_ascii_xdigit_value(str[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return -1;
        data[i] = hi << 4 | lo;
    }

    return 0;
}


/**
 * virSEVSNPVCPUSignature:
 * @family: CPU family
 * @model: CPU model
 * @stepping: CPU stepping
 *
 * Returns CPUID Fn0000_0001_EAX for the CPU, which QEMU puts in the RDX of
 * every vCPU's VMSA.
 */
uint32_t
virSEVSNPVCPUSignature(unsigned int family,
                       unsigned int model,
                       unsigned int stepping)
{
    unsigned int famLo = family > 0xf ? 0xf : family;
    unsigned int famHi = family > 0xf ? (family - 0xf) & 0xff : 0;

    return (famHi << 20) | (((model >> 4) & 0xf) << 16) | ((famLo & 0xf) << 8) |
        ((model & 0xf) << 4) | (stepping & 0xf);
}


/* QEMU's built-in AMD CPU models (builtin_x86_defs): family, model and
 * stepping, which make the signature.  Only names whose values are known are
 * listed: another version of a model may have another stepping. */
static const struct {
    const char *name;
    unsigned int family;
    unsigned int model;
    unsigned int stepping;
} snpCPUModels[] = {
    { "EPYC", 23, 1, 2 },
    { "EPYC-v1", 23, 1, 2 },
    { "EPYC-v2", 23, 1, 2 },
    { "EPYC-v3", 23, 1, 2 },
    { "EPYC-v4", 23, 1, 2 },
    { "EPYC-IBPB", 23, 1, 2 },
    { "EPYC-Rome", 23, 49, 0 },
    { "EPYC-Rome-v1", 23, 49, 0 },
    { "EPYC-Rome-v2", 23, 49, 0 },
    { "EPYC-Rome-v3", 23, 49, 0 },
    { "EPYC-Milan", 25, 1, 1 },
    { "EPYC-Milan-v1", 25, 1, 1 },
    { "EPYC-Milan-v2", 25, 1, 1 },
    { "EPYC-Genoa", 25, 17, 0 },
    { "EPYC-Genoa-v1", 25, 17, 0 },
    { "EPYC-Turin", 26, 0, 0 },
};


/**
 * virSEVSNPCPUModelSignature:
 * @model: a QEMU CPU model name
 * @signature: filled with the vCPU signature of @model
 *
 * Returns 0 if @model is a QEMU AMD model whose signature is known, -1 with
 * an error reported otherwise.
 */
int
virSEVSNPCPUModelSignature(const char *model,
                           uint32_t *signature)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(snpCPUModels); i++) {
        if (STREQ(model, snpCPUModels[i].name)) {
            *signature = virSEVSNPVCPUSignature(snpCPUModels[i].family,
                                                snpCPUModels[i].model,
                                                snpCPUModels[i].stepping);
            return 0;
        }
    }

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("the vCPU signature of CPU model '%s' is not known: SEV-SNP guests run on AMD EPYC models"),
                   model);
    return -1;
}


/**
 * virSEVSNPMeasure:
 * @input: what QEMU will launch
 * @result: filled with the expected launch digest and the firmware's sha256
 *
 * Computes the SEV-SNP launch digest of a guest launched by QEMU 9.1 or
 * newer (without IGVM) on KVM 6.11 or newer: the firmware pages, the SEV
 * metadata sections in file order (with the kernel hashes when
 * @input->kernel is set), then one VMSA per vCPU.  Nothing is measured
 * unless every input is usable.
 *
 * Returns 0 on success, -1 with an error reported otherwise.
 */
int
virSEVSNPMeasure(const virSEVSNPMeasureInput *input,
                 virSEVSNPMeasurement *result)
{
    virSEVSNPFirmware fw = { .fd = -1 };
    unsigned char ld[VIR_SEV_SNP_DIGEST_SIZE] = { 0 };
    int ret = -1;

    if (snpOpenFirmware(&fw, input->firmware) < 0)
        goto cleanup;

    if (input->launchable && snpCheckLaunchable(&fw) < 0)
        goto cleanup;

    if (input->kernel && snpCheckKernelHashes(&fw) < 0)
        goto cleanup;

    if (snpMeasureFirmwarePages(&fw, ld, result->firmwareSHA256) < 0 ||
        snpMeasureSections(&fw, input, ld) < 0 ||
        snpMeasureVMSAs(&fw, input, ld) < 0)
        goto cleanup;

    memcpy(result->digest, ld, VIR_SEV_SNP_DIGEST_SIZE);
    ret = 0;

 cleanup:
    snpCloseFirmware(&fw);
    return ret;
}
