/* disc-ignore.h: which of its own packets a node ignores
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * DiscIgnore:
 * @DISC_IGNORE_SELF: channel messages this instance sent itself (the seed's
 *   `ignore: "self"`)
 * @DISC_IGNORE_PROCESS: everything from any instance in this process, hellos
 *   included (`ignore: "process"`)
 * @DISC_IGNORE_NONE: nothing: this instance hears its own channel messages
 *
 * Which packets of its own a node ignores, see
 * [property@Disc.Discovery:ignore]. A node never counts itself as a peer,
 * whatever this says.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_IGNORE_SELF,
  DISC_IGNORE_PROCESS,
  DISC_IGNORE_NONE,
} DiscIgnore;

G_END_DECLS
