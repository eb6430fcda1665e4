/* disc-bench-core.c: the protocol core at 1,000 to 100,000 peers
 *
 * Drives libdisc's private core (codec, hello, membership) with a fake
 * clock, no sockets, and times, in thread CPU time:
 *
 *   add_ns          a hello from a new node (the table grows by one)
 *   hello_ns        a hello from a known node: membership only
 *                   (disc_membership_handle_hello), in a fixed shuffled
 *                   order so every round touches every peer once
 *   hello_full_ns   the whole core path of a hello from a known node:
 *                   disc_codec_decode (WRAP frame, JSON, envelope),
 *                   disc_hello_parse, disc_membership_handle_hello
 *   check_ns        disc_membership_check when nothing has expired and a
 *                   master is alive: the periodic "missing node check"
 *   expire_ns       disc_membership_check removing every peer at once
 *                   (all timed out), per node removed
 *   heap_bytes_per_peer  malloc'd bytes (mallinfo2) the table holds per peer
 *   election_ns     one check with no master alive and the whole table
 *                   eligible-less: the election scan, which runs once per
 *                   master loss (then this node is master)
 *
 *   disc-bench-core [--peers 1000,10000,100000] [--hellos N]
 *                   [--full-hellos N] [--repeat R] [--order shuffled|insertion]
 *
 * Hellos come in a fixed shuffled order, like peers whose timers are not in
 * step; --order insertion sends them in the order the peers were added
 * (and allocated), to tell cache misses from algorithmic cost.
 *
 * --ciphers N instead times the whole core path of N hellos at 1,000 peers
 * in the clear, with the legacy aes256 and with aes-256-gcm (when this
 * build of libdisc has it; else {"na": "not built"}), each datagram sealed
 * anew.
 *
 * One JSON object per table size on stdout. Each figure is the best of
 * --repeat runs (default 3).
 *
 * SPDX-License-Identifier: MIT
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disc-codec.h"
#include "disc-hello.h"
#include "disc-membership.h"

static guint64 n_events;
static gboolean sequential;  /* --order insertion: no shuffle (to show cache effects) */

static void
on_event (DiscMembershipEvent event, DiscNode *node, gpointer user_data)
{
  n_events++;
}

static void
on_announce (gpointer user_data)
{
}

static const DiscMembershipCallbacks callbacks = { on_event, on_announce };

static double
heap_bytes (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return (double) mi.uordblks + (double) mi.hblkhd;
}

static double
cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

typedef struct
{
  guint       n;
  char      **iids;
  char      **pids;
  char      **hosts;
  guint      *order;     /* a fixed shuffle of 0 .. n-1 */
  GBytes    **datagrams; /* the WRAP hello of each peer */
} Peers;

static JsonNode *
hello_data (guint i, gboolean is_master)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "isMaster");
  json_builder_add_boolean_value (builder, is_master);
  json_builder_set_member_name (builder, "isMasterEligible");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_double_value (builder, (double) (1 + i % 1023) / 1024.0);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, "127.0.0.1");
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
peers_init (Peers *p, guint n, DiscCodec *codec)
{
  GRand *rand = g_rand_new_with_seed (42);

  p->n = n;
  p->iids = g_new (char *, n);
  p->pids = g_new (char *, n);
  p->hosts = g_new (char *, n);
  p->order = g_new (guint, n);
  p->datagrams = g_new (GBytes *, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) data = hello_data (i, i == 0);
      g_autoptr(DiscEnvelope) envelope = NULL;
      g_autoptr(GPtrArray) datagrams = NULL;

      p->iids[i] = g_strdup_printf ("%016x%016x", 0x1dbe0c4u, i);
      p->pids[i] = g_strdup_printf ("%016x%016x", 0xbe0c4u, i);
      p->hosts[i] = g_strdup_printf ("bench-host-%06u", i);
      p->order[i] = i;
      envelope = disc_envelope_new ("hello", p->pids[i], p->iids[i], p->hosts[i], data);
      datagrams = disc_codec_encode (codec, envelope, NULL);
      g_assert (datagrams != NULL && datagrams->len == 1);
      p->datagrams[i] = g_bytes_ref (datagrams->pdata[0]);
    }
  for (guint i = n - 1; i > 0 && !sequential; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      guint t = p->order[i];

      p->order[i] = p->order[j];
      p->order[j] = t;
    }
  g_rand_free (rand);
}

static void
peers_clear (Peers *p)
{
  for (guint i = 0; i < p->n; i++)
    {
      g_free (p->iids[i]);
      g_free (p->pids[i]);
      g_free (p->hosts[i]);
      g_bytes_unref (p->datagrams[i]);
    }
  g_free (p->iids);
  g_free (p->pids);
  g_free (p->hosts);
  g_free (p->order);
  g_free (p->datagrams);
}

/* Time runs from 0 (start) to START_MS (the first hello), so the start-up
 * grace (master-timeout) is over; nodes never time out unless asked. */
#define BIG_TIMEOUT     G_GINT64_CONSTANT (1000000000000)
#define MASTER_TIMEOUT  G_GINT64_CONSTANT (1000000000)
#define START_MS        G_GINT64_CONSTANT (2000000000)

static DiscMembership *
make_membership (guint n, DiscNode **me_out, gint64 node_timeout, gint64 master_timeout)
{
  DiscMembershipConfig config = {
    .check_interval_ms = 1000,
    .node_timeout_ms = node_timeout,
    .master_timeout_ms = master_timeout,
    .masters_required = 1,
    .max_nodes = n + 16,
  };
  DiscNode *me = _disc_node_new ("bench-me-iid", "bench-me-pid");
  DiscMembership *m;

  _disc_node_set_is_master_eligible (me, TRUE);
  _disc_node_set_weight (me, 0.5);
  m = disc_membership_new (&config, me, &callbacks, NULL);
  disc_membership_start (m, 0);
  *me_out = me;
  return m;
}

/* Fill a table with @n peers (peer 0 is master when @with_master); returns
 * ns per add. */
static double
populate (DiscMembership *m, Peers *p, gint64 now, gboolean with_master)
{
  DiscHello hello = { .is_master = FALSE, .is_master_eligible = FALSE, .weight = 0.25,
                      .address = (char *) "127.0.0.1" };
  double t0 = cpu_ns ();

  for (guint k = 0; k < p->n; k++)
    {
      guint i = p->order[k];

      hello.is_master = with_master && i == 0;
      if (!disc_membership_handle_hello (m, p->iids[i], p->pids[i], p->hosts[i], "127.0.0.1",
                                         12345, &hello, now, now + 1700000000000))
        g_error ("table full at %u", k);
    }
  return (cpu_ns () - t0) / p->n;
}

typedef struct
{
  guint  peers;
  double add_ns, hello_ns, hello_full_ns, check_ns, expire_ns, election_ns;
  double bytes_per_peer;
} Result;

static double
min_d (double a, double b)
{
  return a < b ? a : b;
}

static void
run_size (guint n, guint64 hellos, guint64 full_hellos, guint repeat, Result *r)
{
  g_autoptr(DiscCodec) codec = disc_codec_new (DISC_DIALECT_WRAP, NULL, NULL, NULL);
  Peers p;

  memset (r, 0, sizeof *r);
  r->peers = n;
  r->add_ns = r->hello_ns = r->hello_full_ns = r->check_ns = r->expire_ns = r->election_ns = 1e300;
  peers_init (&p, n, codec);

  for (guint rep = 0; rep < repeat; rep++)
    {
      DiscNode *me;
      double heap_before = heap_bytes ();
      DiscMembership *m = make_membership (n, &me, BIG_TIMEOUT, MASTER_TIMEOUT);
      DiscHello hello = { .is_master = FALSE, .is_master_eligible = FALSE, .weight = 0.25,
                          .address = (char *) "127.0.0.1" };
      gint64 now = START_MS;
      double t0;
      guint64 k;
      g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
      DiscStats stats = { 0 };

      r->add_ns = min_d (r->add_ns, populate (m, &p, now, TRUE));
      if (rep == 0)  /* later runs reuse GSlice's cached chunks, which malloc does not see */
        r->bytes_per_peer = (heap_bytes () - heap_before) / n;
      g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, n);

      /* Known peers, membership only. */
      t0 = cpu_ns ();
      for (k = 0; k < hellos; k++)
        {
          guint i = p.order[k % n];

          if (k % n == 0)
            now++;
          hello.is_master = i == 0;
          disc_membership_handle_hello (m, p.iids[i], p.pids[i], p.hosts[i], "127.0.0.1",
                                        12345, &hello, now, now + 1700000000000);
        }
      r->hello_ns = min_d (r->hello_ns, (cpu_ns () - t0) / hellos);

      /* Known peers, the whole core path from the datagram. */
      t0 = cpu_ns ();
      for (k = 0; k < full_hellos; k++)
        {
          guint i = p.order[k % n];
          gsize len;
          const guint8 *bytes = g_bytes_get_data (p.datagrams[i], &len);

          if (k % n == 0)
            now++;
          g_ptr_array_set_size (envelopes, 0);
          disc_codec_decode (codec, bytes, len, now, envelopes, &stats);
          for (guint e = 0; e < envelopes->len; e++)
            {
              DiscEnvelope *env = envelopes->pdata[e];
              DiscHello parsed;

              if (strcmp (env->event, "hello") != 0 || !disc_hello_parse (env->data, &parsed))
                g_error ("bad hello");
              disc_membership_handle_hello (m, env->iid, env->pid, env->host_name, "127.0.0.1",
                                            12345, &parsed, now, now + 1700000000000);
              disc_hello_clear (&parsed);
            }
        }
      r->hello_full_ns = min_d (r->hello_full_ns, (cpu_ns () - t0) / full_hellos);
      g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
      g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, n);

      /* The periodic check: nothing expires, a master is alive. */
      {
        guint checks = 200000;

        now += 1000;  /* the master was heard a second ago */
        t0 = cpu_ns ();
        for (guint c = 0; c < checks; c++)
          disc_membership_check (m, now + c);
        r->check_ns = min_d (r->check_ns, (cpu_ns () - t0) / checks);
        g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, n);
        g_assert_false (me->is_master);
      }

      /* Everyone times out at once. */
      t0 = cpu_ns ();
      disc_membership_check (m, now + 2 * BIG_TIMEOUT);
      r->expire_ns = min_d (r->expire_ns, (cpu_ns () - t0) / n);
      g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 0);

      disc_membership_free (m);
      g_object_unref (me);

      /* The election scan: n peers, none master and none eligible; this
       * node is eligible, so one check scans the table and promotes it. */
      m = make_membership (n, &me, BIG_TIMEOUT, 1000);
      now = START_MS;
      populate (m, &p, now, FALSE);
      {
        double best = 1e300;

        for (guint s = 0; s < 5; s++)
          {
            _disc_node_set_is_master (me, FALSE);
            t0 = cpu_ns ();
            disc_membership_check (m, now + 10 + s);
            best = min_d (best, cpu_ns () - t0);
            g_assert_true (me->is_master);
          }
        r->election_ns = min_d (r->election_ns, best);
      }
      disc_membership_free (m);
      g_object_unref (me);
    }
  peers_clear (&p);
}

/* --ciphers: the whole core path of a hello at 1,000 peers, per cipher.
 * Every datagram is sealed anew (aes-256-gcm refuses replays), by one
 * sending codec, and decoded by another. */
static void
run_ciphers (guint n, guint64 hellos)
{
  const char *algorithms[] = { NULL, "aes256", "aes-256-gcm" };

  for (guint a = 0; a < G_N_ELEMENTS (algorithms); a++)
    {
      const char *algorithm = algorithms[a];
      g_autoptr(GError) error = NULL;
      g_autoptr(DiscCodec) sender = disc_codec_new (DISC_DIALECT_WRAP, algorithm ? algorithm : "aes256",
                                                    algorithm ? "bench-secret" : NULL, &error);
      g_autoptr(DiscCodec) receiver = NULL;
      g_autoptr(GPtrArray) datagrams = NULL;
      g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
      DiscStats stats = { 0 };
      DiscMembership *m;
      DiscNode *me;
      Peers p;
      double t0, ns;
      gsize bytes = 0;

      if (sender == NULL)
        {
          printf ("{\"cipher\": \"%s\", \"na\": \"not built\"}\n", algorithm);
          fflush (stdout);
          continue;
        }
      receiver = disc_codec_new (DISC_DIALECT_WRAP, algorithm ? algorithm : "aes256",
                                 algorithm ? "bench-secret" : NULL, &error);
      g_assert_no_error (error);
      peers_init (&p, n, sender);
      m = make_membership (n, &me, BIG_TIMEOUT, MASTER_TIMEOUT);
      populate (m, &p, START_MS, TRUE);

      datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint64 k = 0; k < hellos; k++)
        {
          guint i = p.order[k % n];
          g_autoptr(JsonNode) data = hello_data (i, i == 0);
          g_autoptr(DiscEnvelope) envelope = disc_envelope_new ("hello", p.pids[i], p.iids[i], p.hosts[i], data);
          g_autoptr(GPtrArray) out = disc_codec_encode (sender, envelope, &error);

          g_assert_no_error (error);
          g_assert (out->len == 1);
          bytes += g_bytes_get_size (out->pdata[0]);
          g_ptr_array_add (datagrams, g_bytes_ref (out->pdata[0]));
        }

      t0 = cpu_ns ();
      for (guint64 k = 0; k < hellos; k++)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (datagrams->pdata[k], &len);
          gint64 now = START_MS + 1 + (gint64) (k / n);

          g_ptr_array_set_size (envelopes, 0);
          disc_codec_decode (receiver, data, len, now, envelopes, &stats);
          for (guint e = 0; e < envelopes->len; e++)
            {
              DiscEnvelope *env = envelopes->pdata[e];
              DiscHello parsed;

              if (!disc_hello_parse (env->data, &parsed))
                g_error ("bad hello");
              disc_membership_handle_hello (m, env->iid, env->pid, env->host_name, "127.0.0.1",
                                            12345, &parsed, now, now + 1700000000000);
              disc_hello_clear (&parsed);
            }
        }
      ns = (cpu_ns () - t0) / hellos;
      if (disc_stats_drop_total (&stats) != 0)
        printf ("{\"cipher\": \"%s\", \"error\": \"%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " dropped\"}\n",
                algorithm ? algorithm : "none", disc_stats_drop_total (&stats), hellos);
      else
        printf ("{\"cipher\": \"%s\", \"peers\": %u, \"hello_full_ns\": %.1f, \"datagram_bytes\": %.1f}\n",
                algorithm ? algorithm : "none", n, ns, (double) bytes / hellos);
      fflush (stdout);
      disc_membership_free (m);
      g_object_unref (me);
      peers_clear (&p);
    }
}

int
main (int argc, char **argv)
{
  const char *sizes = "1000,10000,100000";
  guint64 hellos = 2000000, full_hellos = 300000;
  guint repeat = 3;
  guint64 cipher_hellos = 0;
  g_auto(GStrv) parts = NULL;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--peers") == 0)
        sizes = argv[i + 1];
      else if (strcmp (argv[i], "--hellos") == 0)
        hellos = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--full-hellos") == 0)
        full_hellos = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--repeat") == 0)
        repeat = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--ciphers") == 0)
        cipher_hellos = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--order") == 0 && strcmp (argv[i + 1], "insertion") == 0)
        sequential = TRUE;
      else if (strcmp (argv[i], "--order") == 0 && strcmp (argv[i + 1], "shuffled") == 0)
        sequential = FALSE;
      else
        {
          fprintf (stderr, "usage: disc-bench-core [--peers 1000,10000,100000] [--hellos N] "
                           "[--full-hellos N] [--repeat R] [--order shuffled|insertion] [--ciphers N]\n");
          return 2;
        }
    }
  if (argc % 2 == 0 || hellos == 0 || full_hellos == 0 || repeat == 0 || repeat > 100)
    {
      fprintf (stderr, "disc-bench-core: bad arguments\n");
      return 2;
    }

  if (cipher_hellos > 0)
    {
      if (cipher_hellos > 1000000)
        return fprintf (stderr, "disc-bench-core: --ciphers at most 1000000\n"), 2;
      run_ciphers (1000, cipher_hellos);
      return 0;
    }

  parts = g_strsplit (sizes, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint n = (guint) g_ascii_strtoull (parts[i], NULL, 10);
      Result r;

      if (n < 2 || n > 1000000)
        {
          fprintf (stderr, "disc-bench-core: bad table size %s\n", parts[i]);
          return 2;
        }
      run_size (n, hellos, full_hellos, repeat, &r);
      printf ("{\"peers\": %u, \"add_ns\": %.1f, \"hello_ns\": %.1f, \"hello_full_ns\": %.1f, "
              "\"check_ns\": %.1f, \"expire_ns\": %.1f, \"election_ns\": %.0f, \"heap_bytes_per_peer\": %.0f}\n",
              r.peers, r.add_ns, r.hello_ns, r.hello_full_ns, r.check_ns, r.expire_ns, r.election_ns,
              r.bytes_per_peer);
      fflush (stdout);
    }
  return 0;
}
