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
 * @DISC_DROP_DECRYPT: the payload could not be decrypted (wrong key, bad padding;
 *   for aes-256-gcm, a key id that is not in the keyring)
 * @DISC_DROP_JSON: the payload is not UTF-8 JSON
 * @DISC_DROP_ENVELOPE: the JSON is not an envelope: not an object, or
 *   `event`, `pid`, `iid` or `hostName` missing, of the wrong type or too long
 * @DISC_DROP_HELLO: a hello whose data is not a valid hello
 * @DISC_DROP_NODE_LIMIT: a hello from a new node when the node table is full
 *   (see [property@Disc.Discovery:max-nodes])
 * @DISC_DROP_AUTHENTICATION: with [property@Disc.Discovery:algorithm]
 *   "aes-256-gcm": the packet's tag does not verify (it was altered, or
 *   forged without the key), or the datagram is not an aes-256-gcm packet
 *   at all (clear text, or the legacy cipher).
 * @DISC_DROP_REPLAY: an authentic aes-256-gcm packet that is not fresh: its
 *   timestamp is more than 30 seconds from this host's clock, or its
 *   sequence number was already received from its sender (or is too far
 *   behind the newest one).
 * @DISC_DROP_RATE_LIMIT: a hello from a new node, from a source address
 *   that announced more new nodes than [property@Disc.Discovery:new-node-rate]
 *   allows.
 * @DISC_DROP_CONTROL: a remote-control packet (event `disc-control`) that is
 *   malformed, or that did not come in an aes-256-gcm packet and so is
 *   never read (doc/protocol.md, section 9). Since: 0.2
 * @DISC_DROP_RECEIVE_BUFFER: datagrams the kernel dropped before this node
 *   read them, because the socket's receive buffer was full: traffic came
 *   faster than the node read it, so hellos and messages were lost unseen.
 *   Counted exactly (the kernel's own count for the socket), learnt with
 *   the next datagram read or at the next check
 *   ([property@Disc.Discovery:check-interval]); no source address is known.
 *   Raise `net.core.rmem_max` (the node asks for a 4 MiB buffer, which
 *   the kernel caps at that limit), or find why the process is too slow to
 *   read: a busy main loop, a slow signal handler. Since: 0.2
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
  DISC_DROP_AUTHENTICATION,
  DISC_DROP_REPLAY,
  DISC_DROP_RATE_LIMIT,
  DISC_DROP_CONTROL,
  DISC_DROP_RECEIVE_BUFFER,
  DISC_DROP_N_REASONS,
} DiscDropReason;

G_END_DECLS
