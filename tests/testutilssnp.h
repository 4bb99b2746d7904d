/*
 * testutilssnp.h: helpers shared by libvirt-snp's tests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

int
testSNPCheckError(const char *what,
                  int rc,
                  const char *expect);
