/* disc-stats.c
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-stats"

#include "config.h"

#include "disc-stats.h"

const char *
disc_drop_reason_describe (DiscDropReason reason)
{
  switch (reason)
    {
    case DISC_DROP_MALFORMED_FRAME: return "malformed frame";
    case DISC_DROP_CHECKSUM: return "checksum mismatch";
    case DISC_DROP_DUPLICATE_BLOCK: return "duplicate or overlapping block";
    case DISC_DROP_OVERSIZED: return "message over 64 KiB";
    case DISC_DROP_REASSEMBLY_TIMEOUT: return "incomplete message timed out";
    case DISC_DROP_REASSEMBLY_LIMIT: return "too many partial messages";
    case DISC_DROP_DECRYPT: return "could not decrypt (wrong key?)";
    case DISC_DROP_JSON: return "not UTF-8 JSON";
    case DISC_DROP_ENVELOPE: return "not a valid envelope";
    case DISC_DROP_HELLO: return "not a valid hello";
    case DISC_DROP_NODE_LIMIT: return "node table full";
    case DISC_DROP_AUTHENTICATION: return "not authentic (altered, forged, or not aes-256-gcm)";
    case DISC_DROP_REPLAY: return "replayed or stale (sequence or timestamp)";
    case DISC_DROP_RATE_LIMIT: return "too many new nodes from one address";
    case DISC_DROP_CONTROL: return "remote-control packet malformed or not authenticated";
    case DISC_DROP_RECEIVE_BUFFER: return "receive buffer full (raise net.core.rmem_max, or the node reads too slowly)";
    case DISC_DROP_N_REASONS: break;
    }
  return "unknown";
}

guint64
disc_stats_drop_total (const DiscStats *stats)
{
  guint64 total = 0;

  for (guint i = 0; i < DISC_DROP_N_REASONS; i++)
    total += stats->drops[i];
  return total;
}

/* The reason of the last drop counted between @before and @after (the
 * highest reason whose count moved), or -1: what one datagram caused. */
int
disc_stats_last_drop (const DiscStats *before,
                      const DiscStats *after)
{
  int last = -1;

  for (int i = 0; i < DISC_DROP_N_REASONS; i++)
    if (after->drops[i] != before->drops[i])
      last = i;
  return last;
}
