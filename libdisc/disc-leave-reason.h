/* disc-leave-reason.h: why a node left the table
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
 * DiscLeaveReason:
 * @DISC_LEAVE_NONE: the node has not left: it is in the table
 * @DISC_LEAVE_GOODBYE: the node said goodbye (it stopped cleanly; protocol.md,
 *   "Goodbye")
 * @DISC_LEAVE_TIMEOUT: no hello arrived from it within
 *   [property@Disc.Discovery:node-timeout] (or master-timeout for a master):
 *   it crashed, was killed, or the network lost its hellos
 * @DISC_LEAVE_STOPPED: this node stopped, which clears its table
 *
 * Why a node left the table, see [property@Disc.Node:leave-reason]. Set
 * before [signal@Disc.Discovery::removed] is emitted.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_LEAVE_NONE,
  DISC_LEAVE_GOODBYE,
  DISC_LEAVE_TIMEOUT,
  DISC_LEAVE_STOPPED,
} DiscLeaveReason;

G_END_DECLS
