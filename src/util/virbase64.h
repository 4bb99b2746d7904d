/*
 * virbase64.h: strict base64 validation
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef enum {
    VIR_BASE64_OK = 0,
    VIR_BASE64_ERR_CHARACTER,     /* a character outside the alphabet */
    VIR_BASE64_ERR_LENGTH,        /* the length is not a multiple of 4 */
    VIR_BASE64_ERR_PADDING,       /* '=' anywhere but the last one or two places */
    VIR_BASE64_ERR_TRAILING_BITS, /* bits below the padding are not zero */
} virBase64Status;

virBase64Status
virBase64Validate(const char *str,
                  size_t *errpos,
                  size_t *decodedLen);
