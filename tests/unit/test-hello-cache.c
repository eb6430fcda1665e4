/* test-hello-cache.c: the unchanged-hello fast path, on a fake clock
 *
 * Each test feeds datagrams made by a sending codec to two receivers: one
 * that goes through core/disc-hello-cache.c as DiscDiscovery does, and one
 * that always decodes in full. They must end up alike (the node's fields,
 * counters, HELLO events); and the fast one must take the shortcut exactly
 * where the hello is unchanged. No sockets.
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
#include "hello-receiver.h"

#define T0 G_GINT64_CONSTANT (1700000000000)

typedef HelloReceiver Receiver;

typedef struct
{
  Receiver fast;
  Receiver full;
  DiscCodec *sender;
  guint8     next_id;
  gint64     now;           /* monotonic, ms */
} Fixture;

static void
counting_id (guint8 *id, gpointer data)
{
  guint8 *next = data;

  memset (id, 0, DISC_FRAME_ID_SIZE);
  id[0] = ++*next;   /* a new WRAP id for every message, as the seed draws */
}

static DiscCodec *
make_codec (DiscDialect dialect, const char *algorithm, const char *key)
{
  g_autoptr(GError) error = NULL;
  DiscCodec *codec = disc_codec_new (dialect, algorithm, key, &error);

  g_assert_no_error (error);
  return codec;
}

static void
receiver_init (Receiver *r, DiscDialect dialect, const char *algorithm, const char *key, gboolean fast)
{
  DiscMembershipConfig config = { 1000, 5000, 5000, 1, 100 };

  hello_receiver_init (r, make_codec (dialect, algorithm, key), "receiver", &config, fast ? 100 : 0);
}

static void
fixture_init (Fixture *f, DiscDialect dialect, const char *algorithm, const char *key)
{
  memset (f, 0, sizeof *f);
  receiver_init (&f->fast, dialect, algorithm, key, TRUE);
  receiver_init (&f->full, dialect, algorithm, key, FALSE);
  f->sender = make_codec (dialect, algorithm, key);
  disc_codec_set_frame_id_func (f->sender, counting_id, &f->next_id);
  f->now = 1000;
}

static void
fixture_clear (Fixture *f)
{
  hello_receiver_clear (&f->fast);
  hello_receiver_clear (&f->full);
  g_clear_pointer (&f->sender, disc_codec_free);
}

static DiscSourceKey
source (const char *ip, guint16 port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  DiscSourceKey key;

  g_assert_cmpint (inet_pton (AF_INET, ip, &sin.sin_addr), ==, 1);
  g_assert_true (disc_source_key_from_sockaddr (&key, &sin, sizeof sin));
  return key;
}

/* What DiscDiscovery does with one datagram; TRUE if the fast path took it. */
static gboolean
receive (Receiver *r, const DiscSourceKey *from, const guint8 *datagram, gsize len, gint64 now)
{
  return hello_receiver_receive (r, from, "10.0.0.1", 4000, datagram, len, now, T0 + now);
}

/* A hello from @iid, as its own codec would send it; one datagram. */
static GBytes *
make_hello (Fixture *f, const char *iid, double weight, gboolean is_master)
{
  DiscHello hello = { .is_master = is_master, .is_master_eligible = TRUE, .weight = weight,
                      .address = (char *) "10.0.0.1" };
  g_autoptr(JsonNode) data = disc_hello_build (&hello, disc_codec_get_dialect (f->sender));
  g_autoptr(DiscEnvelope) envelope = disc_envelope_new ("hello", "pid-1", iid, "host-1", data);
  g_autoptr(GPtrArray) datagrams = disc_codec_encode (f->sender, envelope, NULL);

  g_assert_nonnull (datagrams);
  g_assert_cmpuint (datagrams->len, ==, 1);
  return g_bytes_ref (datagrams->pdata[0]);
}

static void
assert_same_node (Fixture *f, const char *iid)
{
  DiscNode *a = disc_membership_lookup (f->fast.membership, iid);
  DiscNode *b = disc_membership_lookup (f->full.membership, iid);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (disc_node_get_host_name (a), ==, disc_node_get_host_name (b));
  g_assert_cmpstr (disc_node_get_address (a), ==, disc_node_get_address (b));
  g_assert_cmpint (disc_node_get_is_master (a), ==, disc_node_get_is_master (b));
  g_assert_cmpfloat (disc_node_get_weight (a), ==, disc_node_get_weight (b));
  g_assert_cmpint (disc_node_get_last_seen (a), ==, disc_node_get_last_seen (b));
  g_assert_cmpint (a->last_seen_mono_ms, ==, b->last_seen_mono_ms);
}

static void
assert_same (Fixture *f)
{
  g_assert_cmpmem (&f->fast.stats, sizeof f->fast.stats, &f->full.stats, sizeof f->full.stats);
  g_assert_cmpuint (f->fast.hello_events, ==, f->full.hello_events);
  g_assert_cmpuint (disc_membership_get_n_nodes (f->fast.membership), ==,
                    disc_membership_get_n_nodes (f->full.membership));
  g_assert_cmpuint (disc_codec_get_pending (f->fast.codec), ==, disc_codec_get_pending (f->full.codec));
}

/* Feeds @datagram to both; returns whether the fast one took the shortcut. */
static gboolean
feed (Fixture *f, const DiscSourceKey *from, GBytes *datagram)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (datagram, &len);
  gboolean hit;

  f->now += 100;
  hit = receive (&f->fast, from, data, len, f->now);
  g_assert_false (receive (&f->full, from, data, len, f->now));
  assert_same (f);
  return hit;
}

static void
check_unchanged_hits (DiscDialect dialect, const char *algorithm, const char *key)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);

  fixture_init (&f, dialect, algorithm, key);
  for (guint i = 0; i < 5; i++)
    {
      /* encoded anew each time: new WRAP id, new gcm nonce and sequence */
      g_autoptr(GBytes) hello = make_hello (&f, "peer-a", 1, FALSE);

      g_assert_cmpint (feed (&f, &from, hello), ==, i > 0);
      assert_same_node (&f, "peer-a");
    }
  g_assert_cmpuint (disc_hello_cache_get_hits (f.fast.cache), ==, 4);
  g_assert_cmpuint (f.fast.hello_events, ==, 5);
  g_assert_cmpuint (f.fast.stats.received, ==, 5);
  fixture_clear (&f);
}

static void
test_unchanged_clear (void)
{
  g_test_summary ("An unchanged hello only refreshes its node, in every mode, as the full decode would");
  check_unchanged_hits (DISC_DIALECT_WRAP, NULL, NULL);
  check_unchanged_hits (DISC_DIALECT_PLAIN, NULL, NULL);
}

static void
test_unchanged_legacy (void)
{
  g_test_summary ("Legacy aes256 ciphertext of an unchanged hello is unchanged: refreshed without decrypting");
  check_unchanged_hits (DISC_DIALECT_WRAP, "aes256", "secret");
  check_unchanged_hits (DISC_DIALECT_PLAIN, "aes256", "secret");
}

static void
test_unchanged_gcm (void)
{
  g_test_summary ("Under aes-256-gcm every packet is authenticated first; a replay is still dropped");
  check_unchanged_hits (DISC_DIALECT_WRAP, "aes-256-gcm", "secret");
  check_unchanged_hits (DISC_DIALECT_PLAIN, "aes-256-gcm", "secret");

  {
    Fixture f;
    DiscSourceKey from = source ("10.0.0.1", 4000);
    g_autoptr(GBytes) hello = NULL;

    fixture_init (&f, DISC_DIALECT_WRAP, "aes-256-gcm", "secret");
    hello = make_hello (&f, "peer-a", 1, FALSE);
    g_assert_false (feed (&f, &from, hello));
    /* the very same sealed packet again: a replay, not an unchanged hello */
    g_assert_false (feed (&f, &from, hello));
    g_assert_cmpuint (f.fast.stats.drops[DISC_DROP_REPLAY], ==, 1);
    g_assert_cmpuint (f.fast.hello_events, ==, 1);
    fixture_clear (&f);
  }
}

static void
test_changed_misses (void)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);
  DiscSourceKey other = source ("10.0.0.2", 4000);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) a_master = NULL;

  g_test_summary ("A changed hello, the same hello from elsewhere, or a node changed since, are decoded in full");
  fixture_init (&f, DISC_DIALECT_WRAP, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  b = make_hello (&f, "peer-a", 2, FALSE);
  a_master = make_hello (&f, "peer-a", 1, TRUE);

  g_assert_false (feed (&f, &from, a));
  g_assert_true (feed (&f, &from, a));
  g_assert_false (feed (&f, &from, b));          /* weight changed */
  g_assert_cmpfloat (disc_node_get_weight (disc_membership_lookup (f.fast.membership, "peer-a")), ==, 2);
  g_assert_false (feed (&f, &from, a));          /* and back */
  g_assert_true (feed (&f, &from, a));
  g_assert_false (feed (&f, &from, a_master));   /* became master */
  g_assert_true (disc_node_get_is_master (disc_membership_lookup (f.fast.membership, "peer-a")));
  g_assert_true (feed (&f, &from, a_master));

  /* The same iid says something else from another address: the cached
   * hello from the first no longer describes the node. */
  g_assert_false (feed (&f, &other, b));
  g_assert_false (feed (&f, &from, a_master));
  assert_same_node (&f, "peer-a");
  g_assert_true (disc_node_get_is_master (disc_membership_lookup (f.fast.membership, "peer-a")));
  g_assert_cmpfloat (disc_node_get_weight (disc_membership_lookup (f.fast.membership, "peer-a")), ==, 1);
  fixture_clear (&f);
}

static void
test_removed_node_misses (void)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);
  g_autoptr(GBytes) a = NULL;
  guint removed_before;

  g_test_summary ("A hello from a node that expired adds it again, through the full path");
  fixture_init (&f, DISC_DIALECT_WRAP, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  g_assert_false (feed (&f, &from, a));
  g_assert_true (feed (&f, &from, a));

  f.now += 10000;
  disc_membership_check (f.fast.membership, f.now);
  disc_membership_check (f.full.membership, f.now);
  g_assert_null (disc_membership_lookup (f.fast.membership, "peer-a"));
  removed_before = f.fast.hello_events;
  g_assert_false (feed (&f, &from, a));
  g_assert_nonnull (disc_membership_lookup (f.fast.membership, "peer-a"));
  g_assert_cmpuint (f.fast.hello_events, ==, removed_before + 1);
  g_assert_true (feed (&f, &from, a));
  fixture_clear (&f);
}

static void
test_bad_crc_misses (void)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) forged = NULL;
  guint8 *bytes;
  gsize len;

  g_test_summary ("The same payload under a wrong WRAP CRC is dropped as the full path drops it");
  fixture_init (&f, DISC_DIALECT_WRAP, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  g_assert_false (feed (&f, &from, a));
  len = g_bytes_get_size (a);
  bytes = g_memdup2 (g_bytes_get_data (a, NULL), len);
  bytes[23] ^= 1;
  forged = g_bytes_new_take (bytes, len);
  g_assert_false (feed (&f, &from, forged));
  g_assert_cmpuint (f.fast.stats.drops[DISC_DROP_CHECKSUM], ==, 1);
  /* The forged block changed nothing: the good one is still recognised,
   * and the forged one is still dropped. */
  g_assert_true (feed (&f, &from, a));
  g_assert_false (feed (&f, &from, forged));
  g_assert_cmpuint (f.fast.stats.drops[DISC_DROP_CHECKSUM], ==, 2);
  fixture_clear (&f);
}

static void
test_partial_same_id_misses (void)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);
  g_autoptr(GBytes) a = NULL;
  guint8 block[DISC_FRAME_HEADER_SIZE + 4];
  gsize len;
  const guint8 *data;

  g_test_summary ("A whole block whose WRAP id a partial message waits for is read by the reassembler");
  fixture_init (&f, DISC_DIALECT_WRAP, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  g_assert_false (feed (&f, &from, a));

  /* The start of a longer message under the id the next hello will have */
  data = g_bytes_get_data (a, &len);
  memcpy (block, data, DISC_FRAME_HEADER_SIZE);
  memset (block + 4, 0, DISC_FRAME_ID_SIZE);
  block[4] = f.next_id + 1;
  block[24] = 0; block[25] = 0; block[26] = 0x10; block[27] = 0;   /* total 4096 */
  block[28] = 0; block[29] = 0; block[30] = 0; block[31] = sizeof block;
  memset (block + 32, 0, 4);
  memcpy (block + DISC_FRAME_HEADER_SIZE, "{\"ev", 4);
  {
    g_autoptr(GBytes) partial = g_bytes_new (block, sizeof block);
    g_autoptr(GBytes) again = NULL;

    g_assert_false (feed (&f, &from, partial));
    g_assert_cmpuint (disc_codec_get_pending (f.fast.codec), ==, 1);
    again = make_hello (&f, "peer-a", 1, FALSE);
    g_assert_false (feed (&f, &from, again));
    g_assert_cmpuint (f.fast.stats.drops[DISC_DROP_DUPLICATE_BLOCK], ==, 1);
  }
  fixture_clear (&f);
}

static void
test_unconfirmed_misses (void)
{
  Fixture f;
  DiscSourceKey from = source ("10.0.0.1", 4000);
  g_autoptr(GBytes) a = NULL;
  gsize len;
  const guint8 *data;

  g_test_summary ("Bytes never confirmed as an accepted hello are never a shortcut");
  fixture_init (&f, DISC_DIALECT_PLAIN, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  data = g_bytes_get_data (a, &len);
  /* remembered, but nobody confirms (as when the rate limit drops it) */
  g_assert_false (disc_hello_cache_refresh (f.fast.cache, &from, data, len, f.fast.codec,
                                            f.fast.membership, 0, T0, &f.fast.stats));
  g_assert_false (disc_hello_cache_refresh (f.fast.cache, &from, data, len, f.fast.codec,
                                            f.fast.membership, 0, T0, &f.fast.stats));
  /* nor may a confirmation for other bytes vouch for them */
  disc_hello_cache_confirm (f.fast.cache, &from, (const guint8 *) "{}", 2, f.fast.membership,
                            "receiver", 1);
  g_assert_false (disc_hello_cache_refresh (f.fast.cache, &from, data, len, f.fast.codec,
                                            f.fast.membership, 0, T0, &f.fast.stats));
  g_assert_cmpuint (f.fast.hello_events, ==, 0);
  fixture_clear (&f);
}

static void
test_bounded (void)
{
  Fixture f;
  g_autoptr(GBytes) big = NULL;
  DiscSourceKey from = source ("10.0.0.1", 4000);

  g_test_summary ("At most max-sources entries; messages over one block are never kept");
  fixture_init (&f, DISC_DIALECT_PLAIN, NULL, NULL);
  disc_hello_cache_set_max_sources (f.fast.cache, 4);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *ip = g_strdup_printf ("10.0.1.%u", i);
      g_autofree char *iid = g_strdup_printf ("peer-%u", i);
      DiscSourceKey key = source (ip, 4000);
      g_autoptr(GBytes) hello = make_hello (&f, iid, 1, FALSE);

      g_assert_false (feed (&f, &key, hello));
      g_assert_cmpuint (disc_hello_cache_get_size (f.fast.cache), <=, 4);
    }
  {
    /* the most recent sources are still recognised */
    g_autoptr(GBytes) hello = make_hello (&f, "peer-19", 1, FALSE);
    DiscSourceKey key = source ("10.0.1.19", 4000);

    g_assert_true (feed (&f, &key, hello));
  }

  {
    g_autoptr(GString) info = g_string_new ("\"");
    DiscHello hello = { .address = (char *) "10.0.0.1" };
    g_autoptr(JsonNode) data = NULL;
    g_autoptr(DiscEnvelope) envelope = NULL;
    g_autoptr(GPtrArray) datagrams = NULL;

    for (guint i = 0; i < DISC_HELLO_CACHE_MAX_BYTES; i++)
      g_string_append_c (info, 'x');
    g_string_append_c (info, '"');
    hello.info = json_from_string (info->str, NULL);
    data = disc_hello_build (&hello, DISC_DIALECT_PLAIN);
    json_node_unref (hello.info);
    envelope = disc_envelope_new ("hello", "pid-1", "peer-big", "host-1", data);
    datagrams = disc_codec_encode (f.sender, envelope, NULL);
    big = g_bytes_ref (datagrams->pdata[0]);
  }
  g_assert_false (feed (&f, &from, big));
  g_assert_false (feed (&f, &from, big));
  g_assert_nonnull (disc_membership_lookup (f.fast.membership, "peer-big"));
  fixture_clear (&f);
}

static void
test_shared_source (void)
{
  Fixture f;
  DiscSourceKey from = source ("127.0.0.1", 4000);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) a2 = NULL;

  g_test_summary ("Instances sharing one source address (reuse-address) each keep their unchanged hello");
  fixture_init (&f, DISC_DIALECT_WRAP, NULL, NULL);
  a = make_hello (&f, "peer-a", 1, FALSE);
  b = make_hello (&f, "peer-b", 2, FALSE);
  a2 = make_hello (&f, "peer-a", 3, FALSE);
  g_assert_false (feed (&f, &from, a));
  g_assert_false (feed (&f, &from, b));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (feed (&f, &from, a));
      g_assert_true (feed (&f, &from, b));
    }
  /* peer-a changes: its old hello from this source is forgotten */
  g_assert_false (feed (&f, &from, a2));
  g_assert_true (feed (&f, &from, a2));
  g_assert_true (feed (&f, &from, b));
  g_assert_false (feed (&f, &from, a));
  assert_same_node (&f, "peer-a");
  assert_same_node (&f, "peer-b");
  fixture_clear (&f);
}

static void
test_source_key (void)
{
  struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons (1) };
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (1) };
  DiscSourceKey a, b, c;

  g_test_summary ("Source keys tell port, address and family apart, and refuse other families");
  g_assert_true (disc_source_key_from_sockaddr (&a, &sin, sizeof sin));
  sin.sin_port = htons (2);
  g_assert_true (disc_source_key_from_sockaddr (&b, &sin, sizeof sin));
  g_assert_true (disc_source_key_from_sockaddr (&c, &sin6, sizeof sin6));
  g_assert_true (memcmp (&a, &b, sizeof a) != 0);
  g_assert_true (memcmp (&a, &c, sizeof a) != 0);
  g_assert_false (disc_source_key_from_sockaddr (&a, &sin, 1));
  sin.sin_family = AF_UNIX;
  g_assert_false (disc_source_key_from_sockaddr (&a, &sin, sizeof sin));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hello-cache/unchanged/clear", test_unchanged_clear);
  g_test_add_func ("/hello-cache/unchanged/legacy", test_unchanged_legacy);
  g_test_add_func ("/hello-cache/unchanged/aes-256-gcm", test_unchanged_gcm);
  g_test_add_func ("/hello-cache/changed", test_changed_misses);
  g_test_add_func ("/hello-cache/removed-node", test_removed_node_misses);
  g_test_add_func ("/hello-cache/bad-crc", test_bad_crc_misses);
  g_test_add_func ("/hello-cache/partial-same-id", test_partial_same_id_misses);
  g_test_add_func ("/hello-cache/unconfirmed", test_unconfirmed_misses);
  g_test_add_func ("/hello-cache/bounded", test_bounded);
  g_test_add_func ("/hello-cache/shared-source", test_shared_source);
  g_test_add_func ("/hello-cache/source-key", test_source_key);
  return g_test_run ();
}
