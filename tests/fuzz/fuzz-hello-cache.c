/* fuzz-hello-cache.c: the unchanged-hello fast path against the full path
 *
 * Two receivers read the same datagrams: "fast" goes through
 * core/disc-hello-cache.c as DiscDiscovery does, "full" always decodes in
 * full. After every datagram both must agree on everything the full path
 * decides: counters (received and each drop reason), HELLO events, the
 * node table and every field of every node, pending reassemblies. So the
 * fast path never accepts a datagram the full path would reject, nor
 * reads one differently.
 *
 * Input: the first byte picks the mode (as fuzz-codec: clear, legacy
 * aes256, aes-256-gcm sealed by the fuzzer; wrap or plain dialect). Then
 * records (fuzz-common.h), each a control byte and data:
 *   bits 0-1  0: the data is a new datagram; 1: the previous one again;
 *             2: the previous one with one byte changed (data[0..1] is
 *             the position, data[2] the XOR); 3: the previous one with
 *             data[0..15] as its WRAP id
 *   bits 2-3  the source: three addresses, two sharing an IP
 *   bit 4     (sealed modes) send the previous sealed packet as it was:
 *             a replay
 *   bits 5-7  time passes: that many times 700 ms, so nodes expire
 * Repeated, slightly altered and forged datagrams from one source are
 * what the seed corpus (make-corpus.py) starts from.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "disc-aead.h"
#include "disc-codec.h"
#include "disc-frame.h"
#include "disc-hello.h"
#include "disc-hello-cache.h"
#include "disc-membership.h"
#include "fuzz-common.h"
#include "hello-receiver.h"

#define T0 G_GINT64_CONSTANT (1700000000000)
#define MAX_NODES 8
#define MAX_SOURCES 2   /* fewer than the sources: eviction is exercised */
#define N_SOURCES 3

enum {
  MODE_CLEAR_WRAP,
  MODE_CLEAR_PLAIN,
  MODE_LEGACY_WRAP,
  MODE_LEGACY_PLAIN,
  MODE_GCM_SEALED,
  MODE_GCM_SEALED_PLAIN,
  N_MODES
};

static const struct {
  const char *ip;
  guint16     port;
} sources[N_SOURCES] = {
  { "10.0.0.1", 4000 },
  { "10.0.0.2", 4000 },
  { "10.0.0.1", 4001 },
};

typedef HelloReceiver Receiver;

static DiscAeadKey gcm_key;


int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  disc_aead_derive_key ("secret", &gcm_key);
  return 0;
}

static gboolean
is_plain (guint mode)
{
  return mode == MODE_CLEAR_PLAIN || mode == MODE_LEGACY_PLAIN || mode == MODE_GCM_SEALED_PLAIN;
}

static DiscCodec *
make_codec (guint mode)
{
  DiscDialect dialect = is_plain (mode) ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP;
  DiscCodec *codec;

  if (mode == MODE_LEGACY_WRAP || mode == MODE_LEGACY_PLAIN)
    codec = disc_codec_new (dialect, "aes256", "secret", NULL);
  else if (mode == MODE_GCM_SEALED || mode == MODE_GCM_SEALED_PLAIN)
    codec = disc_codec_new_aead (dialect, &gcm_key, 1, NULL);
  else
    codec = disc_codec_new (dialect, NULL, NULL, NULL);
  FUZZ_CHECK (codec != NULL);
  return codec;
}

static gint64
fake_wall_clock (gpointer data)
{
  return T0 + *(const gint64 *) data;
}

static void
receiver_init (Receiver *r, guint mode, gboolean fast, gint64 *now)
{
  DiscMembershipConfig config = { 1000, 2000, 3000, 1, MAX_NODES };
  DiscCodec *codec = make_codec (mode);

  disc_codec_set_wall_clock (codec, fake_wall_clock, now);
  hello_receiver_init (r, codec, "fuzz-me", &config, fast ? MAX_SOURCES : 0);
}

/* What DiscDiscovery does with one datagram. */
static void
receive (Receiver            *r,
         const DiscSourceKey *from,
         guint                source,
         const guint8        *datagram,
         gsize                len,
         gint64               now)
{
  hello_receiver_receive (r, from, sources[source].ip, sources[source].port, datagram, len,
                          now, T0 + now);
}

static void
check_same_nodes (Receiver *fast,
                  Receiver *full)
{
  GListModel *model = G_LIST_MODEL (disc_membership_get_store (full->membership));
  guint n = g_list_model_get_n_items (model);

  FUZZ_CHECK (disc_membership_get_n_nodes (fast->membership) == disc_membership_get_n_nodes (full->membership));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) b = g_list_model_get_item (model, i);
      DiscNode *a = disc_membership_lookup (fast->membership, b->id);

      FUZZ_CHECK (a != NULL);
      FUZZ_CHECK (g_strcmp0 (a->process_id, b->process_id) == 0);
      FUZZ_CHECK (g_strcmp0 (a->host_name, b->host_name) == 0);
      FUZZ_CHECK (g_strcmp0 (a->address, b->address) == 0);
      FUZZ_CHECK (a->port == b->port);
      FUZZ_CHECK (a->is_master == b->is_master);
      FUZZ_CHECK (a->is_master_eligible == b->is_master_eligible);
      FUZZ_CHECK (a->weight == b->weight);
      FUZZ_CHECK ((a->info == NULL) == (b->info == NULL));
      FUZZ_CHECK (a->info == NULL || json_node_equal (a->info, b->info));
      FUZZ_CHECK (a->last_seen == b->last_seen);
      FUZZ_CHECK (a->last_seen_mono_ms == b->last_seen_mono_ms);
      FUZZ_CHECK (a->promoted_at == b->promoted_at);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Receiver fast, full;
  g_autoptr(DiscAead) sealer = NULL;
  g_autoptr(GBytes) previous = NULL;         /* the last clear datagram */
  g_autoptr(GBytes) previous_sealed = NULL;
  DiscSourceKey keys[N_SOURCES];
  FuzzReader reader;
  const uint8_t *record;
  size_t len;
  guint mode;
  gint64 now = 1000;

  fuzz_initialize_once (gcm_key.id[0] != 0 || gcm_key.id[1] != 0);
  if (!fuzz_start (data, size, N_MODES, &mode, &reader))
    return 0;

  for (guint i = 0; i < N_SOURCES; i++)
    {
      struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (sources[i].port) };

      inet_pton (AF_INET, sources[i].ip, &sin.sin_addr);
      FUZZ_CHECK (disc_source_key_from_sockaddr (&keys[i], &sin, sizeof sin));
    }
  receiver_init (&fast, mode, TRUE, &now);
  receiver_init (&full, mode, FALSE, &now);
  if (mode == MODE_GCM_SEALED || mode == MODE_GCM_SEALED_PLAIN)
    {
      sealer = disc_aead_new ();
      FUZZ_CHECK (disc_aead_set_keys (sealer, &gcm_key, 1, NULL));
    }

  while (fuzz_next_record (&reader, &record, &len))
    {
      guint8 control = len > 0 ? record[0] : 0;
      guint source = ((control >> 2) & 3) % N_SOURCES;
      g_autoptr(GBytes) datagram = NULL;
      const guint8 *bytes;
      gsize bytes_len;

      if (len > 0)
        {
          record++;
          len--;
        }
      now += (control >> 5) * 700;

      switch (control & 3)
        {
        case 0:
          datagram = g_bytes_new (record, len);
          break;
        case 1:
          datagram = previous ? g_bytes_ref (previous) : g_bytes_new (NULL, 0);
          break;
        case 2:
        case 3:
          {
            gsize plen = previous ? g_bytes_get_size (previous) : 0;
            guint8 *copy = plen ? g_memdup2 (g_bytes_get_data (previous, NULL), plen) : NULL;

            if ((control & 3) == 2 && plen > 0 && len >= 3)
              copy[((record[0] << 8) | record[1]) % plen] ^= record[2] ? record[2] : 1;
            else if ((control & 3) == 3 && plen >= 4 + DISC_FRAME_ID_SIZE)
              memcpy (copy + 4, record, MIN (len, DISC_FRAME_ID_SIZE));
            datagram = g_bytes_new_take (copy, plen);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      g_clear_pointer (&previous, g_bytes_unref);
      previous = g_bytes_ref (datagram);

      if (sealer != NULL)
        {
          if (!(control & 0x10) || previous_sealed == NULL)
            {
              GBytes *sealed = disc_aead_seal (sealer, g_bytes_get_data (datagram, NULL),
                                               g_bytes_get_size (datagram), T0 + now);

              FUZZ_CHECK (sealed != NULL);
              g_clear_pointer (&previous_sealed, g_bytes_unref);
              previous_sealed = sealed;
            }
          g_clear_pointer (&datagram, g_bytes_unref);
          datagram = g_bytes_ref (previous_sealed);
        }

      bytes = g_bytes_get_data (datagram, &bytes_len);
      receive (&fast, &keys[source], source, bytes, bytes_len, now);
      receive (&full, &keys[source], source, bytes, bytes_len, now);

      FUZZ_CHECK (memcmp (&fast.stats, &full.stats, sizeof fast.stats) == 0);
      FUZZ_CHECK (fast.hello_events == full.hello_events);
      FUZZ_CHECK (fast.other_events == full.other_events);
      FUZZ_CHECK (disc_codec_get_pending (fast.codec) == disc_codec_get_pending (full.codec));
      FUZZ_CHECK (disc_hello_cache_get_size (fast.cache) <= MAX_SOURCES);
      check_same_nodes (&fast, &full);

      disc_membership_check (fast.membership, now);
      disc_membership_check (full.membership, now);
      FUZZ_CHECK (fast.other_events == full.other_events);
    }

  hello_receiver_clear (&fast);
  hello_receiver_clear (&full);
  return 0;
}
