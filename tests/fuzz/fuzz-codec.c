/* fuzz-codec.c: the whole packet decoder, in every mode
 *
 * The first byte picks the codec: clear, legacy aes256 or aes-256-gcm, in
 * the wrap or plain dialect; the rest are datagram records (fuzz-common.h).
 * In the "sealed" modes each record is first sealed with the receiver's
 * key, so the fuzzer reaches what lies behind the tag: WRAP blocks and
 * JSON inside aes-256-gcm, and the replay window (the record's first byte
 * moves the sealing clock and may rewind the sequence).
 *
 * Decoded hellos go into a membership table with a small max-nodes.
 * Invariants: the drop counters account for every datagram that produced
 * no envelope, pending reassemblies stay within their limits, the node
 * table within max-nodes.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-aead.h"
#include "disc-codec.h"
#include "disc-frame.h"
#include "disc-hello.h"
#include "disc-membership.h"
#include "fuzz-common.h"

#define T0 G_GINT64_CONSTANT (1700000000000)
#define MAX_NODES 16

enum {
  MODE_CLEAR_WRAP,
  MODE_CLEAR_PLAIN,
  MODE_LEGACY_WRAP,
  MODE_LEGACY_PLAIN,
  MODE_GCM_RAW,
  MODE_GCM_SEALED,
  MODE_GCM_SEALED_PLAIN,
  N_MODES
};

static DiscAeadKey gcm_key;
static gint64 fake_now;

static gint64
fake_clock (gpointer data)
{
  return fake_now;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  disc_aead_derive_key ("secret", &gcm_key);
  return 0;
}

static DiscCodec *
make_codec (guint mode)
{
  DiscDialect dialect = (mode == MODE_CLEAR_PLAIN || mode == MODE_LEGACY_PLAIN ||
                         mode == MODE_GCM_SEALED_PLAIN) ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP;
  DiscCodec *codec;

  switch (mode)
    {
    case MODE_LEGACY_WRAP:
    case MODE_LEGACY_PLAIN:
      codec = disc_codec_new (dialect, "aes256", "secret", NULL);
      break;
    case MODE_GCM_RAW:
    case MODE_GCM_SEALED:
    case MODE_GCM_SEALED_PLAIN:
      codec = disc_codec_new_aead (dialect, &gcm_key, 1, NULL);
      break;
    default:
      codec = disc_codec_new (dialect, NULL, NULL, NULL);
    }
  FUZZ_CHECK (codec != NULL);
  disc_codec_set_wall_clock (codec, fake_clock, NULL);
  return codec;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(DiscCodec) codec = NULL;
  g_autoptr(DiscAead) sealer = NULL;
  DiscMembership *membership;
  g_autoptr(DiscNode) me = NULL;
  DiscMembershipConfig config = { 1000, 2000, 2000, 1, MAX_NODES };
  FuzzReader reader;
  const uint8_t *record;
  size_t len;
  guint mode;
  gint64 now = 0;
  DiscStats stats = { 0 };

  fuzz_initialize_once (gcm_key.id[0] != 0 || gcm_key.id[1] != 0);
  if (!fuzz_start (data, size, N_MODES, &mode, &reader))
    return 0;
  fake_now = T0;

  codec = make_codec (mode);
  if (mode == MODE_GCM_SEALED || mode == MODE_GCM_SEALED_PLAIN)
    {
      sealer = disc_aead_new ();
      FUZZ_CHECK (disc_aead_set_keys (sealer, &gcm_key, 1, NULL));
    }
  me = _disc_node_new ("fuzz-me", "fuzz-process");
  membership = disc_membership_new (&config, me, NULL, NULL);
  disc_membership_start (membership, 0);

  while (fuzz_next_record (&reader, &record, &len))
    {
      g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
      g_autoptr(GBytes) sealed = NULL;
      guint64 drops_before = disc_stats_drop_total (&stats);
      int drop;

      if (len > 0)
        now += record[0] * 10;
      if (sealer != NULL)
        {
          guint8 control = len > 0 ? record[0] : 0;

          /* some records rewind the sender (replays), some are late */
          if (control & 0x80)
            {
              guint8 sender[DISC_AEAD_SENDER_SIZE] = { 1, };

              disc_aead_set_sender (sealer, sender, control & 0x0f);
            }
          sealed = disc_aead_seal (sealer, record + (len > 0), len - (len > 0),
                                   T0 + ((control & 0x40) ? 40000 : 0));
          FUZZ_CHECK (sealed != NULL);
          record = g_bytes_get_data (sealed, &len);
        }

      drop = disc_codec_decode (codec, record, len, now, envelopes, &stats);
      FUZZ_CHECK (drop < DISC_DROP_N_REASONS);
      FUZZ_CHECK ((drop >= 0) == (disc_stats_drop_total (&stats) > drops_before));
      FUZZ_CHECK (disc_codec_get_pending (codec) <= DISC_FRAME_MAX_PENDING);

      for (guint i = 0; i < envelopes->len; i++)
        {
          DiscEnvelope *envelope = envelopes->pdata[i];
          DiscHello hello;

          if (strcmp (envelope->event, "hello") == 0 && disc_hello_parse (envelope->data, &hello))
            {
              disc_membership_handle_hello (membership, envelope->iid, envelope->pid,
                                            envelope->host_name, "10.0.0.1", 12345,
                                            &hello, now, T0 + now);
              disc_hello_clear (&hello);
            }
          else if (strcmp (envelope->event, "goodbye") == 0)
            disc_membership_handle_goodbye (membership, envelope->iid, now);
          FUZZ_CHECK (disc_membership_get_n_nodes (membership) <= MAX_NODES);
        }
      disc_membership_check (membership, now);
    }
  disc_codec_expire (codec, now + DISC_FRAME_TIMEOUT_MS, &stats);
  FUZZ_CHECK (disc_codec_get_pending (codec) == 0);
  disc_membership_free (membership);
  return 0;
}
