/*
 * virt-host-validate-snp.h: AMD SEV-SNP host checks
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "virt-host-validate-common.h"

int virHostValidateSEVSNP(const char *hvname,
                          virHostValidateLevel level);
