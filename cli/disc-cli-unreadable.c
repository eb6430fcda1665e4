/* disc-cli-unreadable.c: what a node heard and could not read
 *
 * "No nodes found" on a port full of packets under another key is the
 * wrong answer: this counts the packets that could not be decrypted (or,
 * without a key, not read at all) and the addresses they came from, and
 * says so in one sentence.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include "disc-cli-output.h"
#include "disc-cli-unreadable.h"

static const DiscDropReason undecryptable[] = { DISC_DROP_DECRYPT, DISC_DROP_AUTHENTICATION };
/* Encrypted packets read without a key fail as JSON. */
static const DiscDropReason unreadable[] = {
  DISC_DROP_DECRYPT, DISC_DROP_AUTHENTICATION, DISC_DROP_JSON,
};

/* Returns whether anything was heard and not read. The addresses are
 * those the library remembers (256 per reason), counted once across the
 * reasons. */
gboolean
disc_cli_unreadable_get (DiscDiscovery     *discovery,
                         DiscCliUnreadable *out)
{
  g_autoptr(GHashTable) addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 decrypt = 0;

  for (guint i = 0; i < G_N_ELEMENTS (undecryptable); i++)
    decrypt += disc_discovery_get_drop_count (discovery, undecryptable[i]);
  out->encrypted = decrypt > 0;
  out->packets = decrypt + disc_discovery_get_drop_count (discovery, DISC_DROP_JSON);
  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_auto(GStrv) sources = disc_discovery_list_drop_sources (discovery, unreadable[i]);

      for (guint j = 0; sources[j] != NULL; j++)
        g_hash_table_add (addresses, g_steal_pointer (&sources[j]));
    }
  out->addresses = g_hash_table_size (addresses);
  return out->packets > 0;
}

static gboolean
has_key (DiscDiscovery *discovery)
{
  g_auto(GStrv) keys = disc_discovery_list_keys (discovery);

  return keys != NULL && keys[0] != NULL;
}

char *
disc_cli_unreadable_message (DiscDiscovery           *discovery,
                             const DiscCliUnreadable *u)
{
  const char *why;

  if (has_key (discovery))
    why = u->encrypted ? "could not be decrypted: wrong key or algorithm?"
                       : "could not be read: not JSON, or sent without encryption?";
  else
    why = u->encrypted ? "could not be decrypted: the cluster is encrypted; give its --key "
                         "(and --algorithm)"
                       : "could not be read: encrypted? give the cluster's --key (and --algorithm)";
  return g_strdup_printf ("%" G_GUINT64_FORMAT " packet%s from %u address%s %s",
                          u->packets, u->packets == 1 ? "" : "s",
                          u->addresses, u->addresses == 1 ? "" : "es", why);
}

/* On standard error: a sentence, or with --json one JSON object
 * {"event": "unreadable", "packets", "addresses", "message"}. */
void
disc_cli_unreadable_print (DiscDiscovery           *discovery,
                           const DiscCliUnreadable *unreadable,
                           gboolean                 json)
{
  g_autofree char *message = disc_cli_unreadable_message (discovery, unreadable);

  disc_cli_print_notice (json, "unreadable", unreadable->packets, "addresses",
                         unreadable->addresses, message);
}
