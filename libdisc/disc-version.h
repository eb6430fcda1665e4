/* disc-version.h: symbol visibility for libdisc
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

/* The library is built with -fvisibility=hidden; only symbols marked with
 * this are part of the ABI. */
#if defined(DISC_COMPILATION) && defined(__GNUC__)
# define DISC_AVAILABLE_IN_ALL __attribute__((visibility("default"))) extern
#else
# define DISC_AVAILABLE_IN_ALL extern
#endif
