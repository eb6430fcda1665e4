/* disc-types.h: the closed sets of libdisc's properties
 *
 * Small enums that properties of DiscDiscovery and DiscNode take, kept in
 * one header as GIO keeps gioenums.h; glib-mkenums registers their GTypes.
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
 * DiscDialect:
 * @DISC_DIALECT_WRAP: node-discovery 0.2's framed packets (protocol.md,
 *   "Frames"): messages of up to 64 KiB over several datagrams
 * @DISC_DIALECT_PLAIN: node-discover 1.x's bare JSON (protocol.md,
 *   "The plain dialect"): one datagram per message
 *
 * What a node sends, see [property@Disc.Discovery:dialect]. Both are
 * always understood on receipt.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_DIALECT_WRAP,
  DISC_DIALECT_PLAIN,
} DiscDialect;

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
