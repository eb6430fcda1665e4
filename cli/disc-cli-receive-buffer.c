/* disc-cli-receive-buffer.c: what the kernel dropped before a node read it
 *
 * A listing that missed nodes because the socket's receive buffer
 * overflowed (a flood, a host too busy to run the node) must not look
 * complete: this says how many packets were lost so, and what to do
 * about it (DISC_DROP_RECEIVE_BUFFER).
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include "disc-cli-output.h"
#include "disc-cli-receive-buffer.h"

char *
disc_cli_receive_buffer_message (guint64 packets)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT " packet%s lost before %s read: the receive "
                          "buffer was full; raise net.core.rmem_max (sysctl), or find why the "
                          "node reads too slowly",
                          packets, packets == 1 ? " was" : "s were",
                          packets == 1 ? "it was" : "they were");
}

/* On standard error, if the kernel dropped any: a sentence, or with
 * --json one JSON object {"event": "receive-buffer", "packets",
 * "message"}. Returns whether it did. */
gboolean
disc_cli_receive_buffer_print (DiscDiscovery *discovery,
                               gboolean       json)
{
  guint64 packets = disc_discovery_get_drop_count (discovery, DISC_DROP_RECEIVE_BUFFER);
  g_autofree char *message = NULL;

  if (packets == 0)
    return FALSE;
  message = disc_cli_receive_buffer_message (packets);
  disc_cli_print_notice (json, "receive-buffer", packets, NULL, 0, message);
  return TRUE;
}
