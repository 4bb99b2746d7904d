/*
 * virbase64.c: strict base64 validation
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * glib's decoder skips characters outside the alphabet and accepts any
 * padding, so it cannot tell a well-formed blob from a damaged one.  This
 * checks RFC 4648 base64 (standard alphabet, padded, no line breaks, zero
 * pad bits) without decoding, so callers can refuse bad input with a
 * precise reason before anything reaches QEMU or the firmware.
 */

#include <config.h>

#include "virbase64.h"


static int
virBase64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}


/**
 * virBase64Validate:
 * @str: the text to check
 * @errpos: set to the offset of the offending character, for
 *          VIR_BASE64_ERR_CHARACTER and VIR_BASE64_ERR_PADDING
 * @decodedLen: set to the number of bytes @str decodes to, on success
 *
 * Checks that @str is canonical base64. The empty string is valid and
 * decodes to zero bytes.
 *
 * Returns VIR_BASE64_OK or the first problem found.
 */
virBase64Status
virBase64Validate(const char *str,
                  size_t *errpos,
                  size_t *decodedLen)
{
    size_t len = strlen(str);
    size_t npad = 0;
    size_t i;
    int last;

    *errpos = 0;

    for (i = 0; i < len; i++) {
        if (str[i] != '=' && virBase64Value(str[i]) < 0) {
            *errpos = i;
            return VIR_BASE64_ERR_CHARACTER;
        }
    }

    if (len % 4 != 0)
        return VIR_BASE64_ERR_LENGTH;

    while (npad < len && str[len - 1 - npad] == '=')
        npad++;

    for (i = 0; i < len - npad; i++) {
        if (str[i] == '=') {
            *errpos = i;
            return VIR_BASE64_ERR_PADDING;
        }
    }

    if (npad > 2) {
        *errpos = len - npad;
        return VIR_BASE64_ERR_PADDING;
    }

    /* The last character before the padding carries bits beyond the final
     * byte: 4 of them with two '=', 2 with one. They must be zero. */
    if (npad > 0) {
        last = virBase64Value(str[len - npad - 1]);
        if (last & (npad == 2 ? 0x0f : 0x03))
            return VIR_BASE64_ERR_TRAILING_BITS;
    }

    *decodedLen = len / 4 * 3 - npad;
    return VIR_BASE64_OK;
}
