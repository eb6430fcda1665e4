/* disc-drop-reason.h: why a received datagram was rejected
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
 * DiscDropReason:
 * @DISC_DROP_MALFORMED_FRAME: not a frame: wrong magic, truncated header,
 *   or a length or offset out of range
 * @DISC_DROP_CHECKSUM: the reassembled payload does not match its CRC-32
 * @DISC_DROP_DUPLICATE_BLOCK: a block overlaps or repeats one already received,
 *   or disagrees with the header of its message
 * @DISC_DROP_OVERSIZED: the datagram or message is over 64 KiB
 * @DISC_DROP_REASSEMBLY_TIMEOUT: a multi-block message was not complete
 *   within 5 seconds
 * @DISC_DROP_REASSEMBLY_LIMIT: a partial message was evicted because too many
 *   (or too large) were pending
 * @DISC_DROP_DECRYPT: the payload could not be decrypted (wrong key, bad padding)
 * @DISC_DROP_JSON: the payload is not UTF-8 JSON
 * @DISC_DROP_ENVELOPE: the JSON is not an envelope: not an object, or
 *   `event`, `pid`, `iid` or `hostName` missing, of the wrong type or too long
 * @DISC_DROP_HELLO: a hello whose data is not a valid hello
 * @DISC_DROP_NODE_LIMIT: a hello from a new node when the node table is full
 *   (see [property@Disc.Discovery:max-nodes])
 * @DISC_DROP_N_REASONS: the number of reasons; not a reason
 *
 * Why a received datagram, or the message it belongs to, was dropped.
 * Every drop is counted, see [method@Disc.Discovery.get_drop_count].
 */
typedef enum {
  DISC_DROP_MALFORMED_FRAME,
  DISC_DROP_CHECKSUM,
  DISC_DROP_DUPLICATE_BLOCK,
  DISC_DROP_OVERSIZED,
  DISC_DROP_REASSEMBLY_TIMEOUT,
  DISC_DROP_REASSEMBLY_LIMIT,
  DISC_DROP_DECRYPT,
  DISC_DROP_JSON,
  DISC_DROP_ENVELOPE,
  DISC_DROP_HELLO,
  DISC_DROP_NODE_LIMIT,
  DISC_DROP_N_REASONS,
} DiscDropReason;

G_END_DECLS
