/*
 * testutilssnp.c: helpers shared by libvirt-snp's tests
 *
 * Copyright (C) 2026 The libvirt-snp authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "testutilssnp.h"
#include "virerror.h"


/**
 * testSNPCheckError:
 * @what: what was tried, for the debug output
 * @rc: what it returned: negative on failure
 * @expect: the error message it must have reported
 *
 * Returns 0, with the error reset, when the call failed with exactly
 * @expect, -1 otherwise.
 */
int
testSNPCheckError(const char *what,
                  int rc,
                  const char *expect)
{
    const char *msg = virGetLastErrorMessage();

    if (rc >= 0) {
        VIR_TEST_DEBUG("%s: succeeded, expected '%s'", what, expect);
        return -1;
    }

    if (STRNEQ(msg, expect)) {
        VIR_TEST_DEBUG("%s: '%s', expected '%s'", what, msg, expect);
        return -1;
    }

    virResetLastError();
    return 0;
}
