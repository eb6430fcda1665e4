/* test-membership.c: the node table and master election, on a fake clock
 *
 * Each simulated node is one DiscMembership with its own "me" DiscNode;
 * hellos are built with disc_membership_fill_hello() and handed to the
 * other members by hand. Nothing here sleeps or touches the network.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "disc-membership.h"

#define HELLO_INTERVAL  1000
#define CHECK_INTERVAL   500
#define NODE_TIMEOUT    2500
#define MASTER_TIMEOUT  5000
#define WALL_OFFSET     G_GINT64_CONSTANT (1700000000000)
#define SETTLE_MS       20000

static DiscMembershipConfig
test_config (void)
{
  return (DiscMembershipConfig) {
    .check_interval_ms = CHECK_INTERVAL,
    .node_timeout_ms = NODE_TIMEOUT,
    .master_timeout_ms = MASTER_TIMEOUT,
    .masters_required = 1,
    .max_nodes = 1000,
  };
}

/* ------------------------------------------------------------------ */
/* The simulated cluster                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint               member;     /* who saw it */
  DiscMembershipEvent kind;
  char               *iid;        /* the node it is about */
  gboolean            node_is_master;
  gint64              time;
} Event;

typedef struct _Sim Sim;

typedef struct
{
  Sim            *sim;
  guint           index;
  char           *iid;
  char           *pid;
  char           *host;
  char           *address;
  guint           port;
  DiscNode       *me;
  DiscMembership *m;
  gboolean        started;
  gboolean        alive;          /* sends hellos and runs checks */
  guint           group;          /* partition: only the same group hears */
  gint64          hello_phase;
  gint64          check_phase;
  gint64          next_hello;
  gint64          next_check;
  gint64         *last_heard;     /* [sender] time of the last hello delivered, -1 never */
  guint           n_announces;
} Member;

struct _Sim
{
  gint64               now;
  gint64               hello_interval;
  DiscMembershipConfig config;
  guint                n;
  Member              *members;
  GArray              *events;         /* of Event */
  GQueue               pending;        /* announcing members, index + 1 */
  guint                max_masters;    /* since sim_mark_masters() */
  gboolean             check_events;   /* consistency checks in the callback */
  /* Runs inside the event callback, like a signal handler would. */
  void               (*hook) (Member *member, DiscMembershipEvent kind, DiscNode *node);
};

static void
event_clear (gpointer data)
{
  Event *ev = data;

  g_free (ev->iid);
}

static void
on_event (DiscMembershipEvent  kind,
          DiscNode            *node,
          gpointer             user_data)
{
  Member *member = user_data;
  Sim *sim = member->sim;
  Event ev = {
    .member = member->index,
    .kind = kind,
    .iid = g_strdup (node->id),
    .node_is_master = node->is_master,
    .time = sim->now,
  };

  g_assert_true (DISC_IS_NODE (node));
  switch (kind)
    {
    case DISC_MEMBERSHIP_PROMOTION:
      g_assert_true (node == member->me);
      g_assert_true (node->is_master);
      break;
    case DISC_MEMBERSHIP_DEMOTION:
      g_assert_true (node == member->me);
      g_assert_false (node->is_master);
      break;
    case DISC_MEMBERSHIP_ADDED:
    case DISC_MEMBERSHIP_HELLO:
      g_assert_true (node != member->me);
      if (sim->check_events)
        g_assert_true (disc_membership_lookup (member->m, node->id) == node);
      break;
    case DISC_MEMBERSHIP_MASTER:
      g_assert_true (node != member->me);
      g_assert_true (node->is_master);
      if (sim->check_events)
        g_assert_true (disc_membership_lookup (member->m, node->id) == node);
      break;
    case DISC_MEMBERSHIP_REMOVED:
      g_assert_true (node != member->me);
      if (sim->check_events)
        g_assert_null (disc_membership_lookup (member->m, node->id));
      break;
    default:
      g_assert_not_reached ();
    }

  g_array_append_val (sim->events, ev);
  if (sim->hook != NULL)
    sim->hook (member, kind, node);
}

/* "Send a hello now": queued, delivered by sim_flush(), never recursively. */
static void
on_announce (gpointer user_data)
{
  Member *member = user_data;

  member->n_announces++;
  g_queue_push_tail (&member->sim->pending, GUINT_TO_POINTER (member->index + 1));
}

static const DiscMembershipCallbacks sim_callbacks = {
  .event = on_event,
  .announce = on_announce,
};

/* Instance ids whose order is unrelated to the member index. */
static char *
make_iid (guint i)
{
  guint32 h = (i + 1) * 2654435761u;

  return g_strdup_printf ("%08x%024x", h, i);
}

static Sim *
sim_new (guint                        n,
         const DiscMembershipConfig  *config,
         const double                *weights,
         const gboolean              *eligible)
{
  Sim *sim = g_new0 (Sim, 1);

  sim->hello_interval = HELLO_INTERVAL;
  sim->config = *config;
  sim->n = n;
  sim->members = g_new0 (Member, n);
  sim->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (sim->events, event_clear);
  sim->check_events = TRUE;
  g_queue_init (&sim->pending);

  for (guint i = 0; i < n; i++)
    {
      Member *member = &sim->members[i];

      member->sim = sim;
      member->index = i;
      member->iid = make_iid (i);
      member->pid = g_strdup_printf ("%u", 1000 + i);
      member->host = g_strdup_printf ("host-%u", i);
      member->address = g_strdup_printf ("10.213.0.%u", i + 1);
      member->port = 12345;
      member->me = _disc_node_new (member->iid, member->pid);
      _disc_node_set_host_name (member->me, member->host);
      _disc_node_set_weight (member->me, weights ? weights[i] : g_random_double ());
      _disc_node_set_is_master_eligible (member->me, eligible ? eligible[i] : TRUE);
      member->m = disc_membership_new (config, member->me, &sim_callbacks, member);
      /* Staggered timers, like independent processes. */
      member->hello_phase = 1 + (i * 397) % HELLO_INTERVAL;
      member->check_phase = 1 + (i * 211) % config->check_interval_ms;
      member->last_heard = g_new (gint64, n);
      for (guint j = 0; j < n; j++)
        member->last_heard[j] = -1;
    }
  return sim;
}

static void
sim_free (Sim *sim)
{
  for (guint i = 0; i < sim->n; i++)
    {
      Member *member = &sim->members[i];

      disc_membership_free (member->m);
      g_object_unref (member->me);
      g_free (member->iid);
      g_free (member->pid);
      g_free (member->host);
      g_free (member->address);
      g_free (member->last_heard);
    }
  g_free (sim->members);
  g_array_unref (sim->events);
  g_queue_clear (&sim->pending);
  g_free (sim);
}

static guint
sim_count_masters (Sim   *sim,
                   guint *out_first)
{
  guint count = 0;

  for (guint i = 0; i < sim->n; i++)
    if (sim->members[i].alive && sim->members[i].me->is_master)
      {
        if (count == 0 && out_first != NULL)
          *out_first = i;
        count++;
      }
  return count;
}

/* Exactly one live member is master, and it is @expected. */
static void
assert_sole_master (Sim   *sim,
                    guint  expected)
{
  guint master = G_MAXUINT;

  g_assert_cmpuint (sim_count_masters (sim, &master), ==, 1);
  g_assert_cmpuint (master, ==, expected);
}

/* Exactly two live members are masters, and they are @a and @b
 * (masters-required 2, or one master in each half of a partition). */
static void
assert_two_masters (Sim   *sim,
                    guint  a,
                    guint  b)
{
  g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 2);
  g_assert_true (sim->members[a].me->is_master);
  g_assert_true (sim->members[b].me->is_master);
}

static void
sim_mark_masters (Sim *sim)
{
  sim->max_masters = sim_count_masters (sim, NULL);
}

static gboolean
sim_deliver (Sim    *sim,
             Member *from,
             Member *to)
{
  DiscHello hello = { 0, };
  gboolean ok;

  if (from == to || !from->alive || !to->alive || from->group != to->group)
    return FALSE;
  disc_membership_fill_hello (from->m, &hello);
  ok = disc_membership_handle_hello (to->m, from->iid, from->pid, from->host,
                                     from->address, from->port, &hello,
                                     sim->now, sim->now + WALL_OFFSET);
  disc_hello_clear (&hello);
  g_assert_true (ok);
  to->last_heard[from->index] = sim->now;
  return ok;
}

static void
sim_broadcast (Sim    *sim,
               Member *from)
{
  for (guint i = 0; i < sim->n; i++)
    sim_deliver (sim, from, &sim->members[i]);
}

/* Deliver the hellos that announce callbacks asked for. */
static void
sim_flush (Sim *sim)
{
  gpointer p;
  guint guard = 0;

  while ((p = g_queue_pop_head (&sim->pending)) != NULL)
    {
      Member *from = &sim->members[GPOINTER_TO_UINT (p) - 1];

      if (from->alive)
        sim_broadcast (sim, from);
      /* Announces must settle, not ping-pong forever. */
      g_assert_cmpuint (++guard, <, 10000);
    }
  sim->max_masters = MAX (sim->max_masters, sim_count_masters (sim, NULL));
}

static void
sim_start_member (Sim   *sim,
                  guint  i)
{
  Member *member = &sim->members[i];

  g_assert_false (member->started);
  member->started = TRUE;
  member->alive = TRUE;
  disc_membership_start (member->m, sim->now);
  member->next_hello = sim->now + member->hello_phase;
  member->next_check = sim->now + member->check_phase;
  /* DiscDiscovery says hello at once on start. */
  g_queue_push_tail (&sim->pending, GUINT_TO_POINTER (i + 1));
  sim_flush (sim);
}

static void
sim_start (Sim *sim)
{
  for (guint i = 0; i < sim->n; i++)
    sim_start_member (sim, i);
}

/* Advance the clock to @until, firing each live member's hello timer every
 * hello-interval and check timer every check-interval, in time order. */
static void
sim_run_until (Sim    *sim,
               gint64  until)
{
  g_assert_cmpint (until, >=, sim->now);
  for (;;)
    {
      gint64 next = G_MAXINT64;

      for (guint i = 0; i < sim->n; i++)
        if (sim->members[i].alive)
          next = MIN (next, MIN (sim->members[i].next_hello, sim->members[i].next_check));
      if (next > until)
        break;
      sim->now = next;

      for (guint i = 0; i < sim->n; i++)
        {
          Member *member = &sim->members[i];

          if (member->alive && member->next_hello == sim->now)
            {
              sim_broadcast (sim, member);
              member->next_hello += sim->hello_interval;
              sim_flush (sim);
            }
          if (member->alive && member->next_check == sim->now)
            {
              disc_membership_check (member->m, sim->now);
              member->next_check += sim->config.check_interval_ms;
              sim_flush (sim);
            }
        }
    }
  sim->now = until;
}

static void
sim_run_for (Sim    *sim,
             gint64  ms)
{
  sim_run_until (sim, sim->now + ms);
}

/* Simulated SIGKILL: no goodbye, no more hellos or checks. */
static void
sim_kill (Sim   *sim,
          guint  i)
{
  sim->members[i].alive = FALSE;
}

static void
sim_set_groups (Sim         *sim,
                const guint *groups)
{
  for (guint i = 0; i < sim->n; i++)
    sim->members[i].group = groups ? groups[i] : 0;
}

static guint
sim_count (Sim                 *sim,
           int                  member,
           DiscMembershipEvent  kind,
           const char          *iid,
           gint64               since)
{
  guint count = 0;

  for (guint i = 0; i < sim->events->len; i++)
    {
      Event *ev = &g_array_index (sim->events, Event, i);

      if ((member < 0 || ev->member == (guint) member) && ev->kind == kind &&
          (iid == NULL || strcmp (ev->iid, iid) == 0) && ev->time >= since)
        count++;
    }
  return count;
}

/* Time of the first matching event at or after @since, or -1. */
static gint64
sim_first (Sim                 *sim,
           int                  member,
           DiscMembershipEvent  kind,
           const char          *iid,
           gint64               since)
{
  for (guint i = 0; i < sim->events->len; i++)
    {
      Event *ev = &g_array_index (sim->events, Event, i);

      if ((member < 0 || ev->member == (guint) member) && ev->kind == kind &&
          (iid == NULL || strcmp (ev->iid, iid) == 0) && ev->time >= since)
        return ev->time;
    }
  return -1;
}

/* Every live member knows exactly the other live members of its group,
 * with what they say about themselves. */
static void
assert_tables_complete (Sim *sim)
{
  for (guint i = 0; i < sim->n; i++)
    {
      Member *member = &sim->members[i];
      guint expected = 0;

      if (!member->alive)
        continue;
      for (guint j = 0; j < sim->n; j++)
        {
          Member *other = &sim->members[j];
          DiscNode *node;

          if (j == i || !other->alive || other->group != member->group)
            continue;
          expected++;
          node = disc_membership_lookup (member->m, other->iid);
          g_assert_nonnull (node);
          g_assert_cmpstr (node->id, ==, other->iid);
          g_assert_cmpstr (node->address, ==, other->address);
          g_assert_cmpfloat (node->weight, ==, other->me->weight);
          g_assert_cmpint (node->is_master, ==, other->me->is_master);
        }
      g_assert_cmpuint (disc_membership_get_n_nodes (member->m), ==, expected);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (disc_membership_get_store (member->m))),
                        ==, expected);
    }
}

/* Hand a hello to one member from a node that is not simulated. */
static gboolean
inject_hello (Sim        *sim,
              guint       to,
              const char *iid,
              gboolean    is_master,
              gboolean    eligible,
              double      weight)
{
  DiscHello hello = {
    .is_master = is_master,
    .is_master_eligible = eligible,
    .weight = weight,
  };

  return disc_membership_handle_hello (sim->members[to].m, iid, "4242", "outsider",
                                       "10.213.0.200", 12345, &hello,
                                       sim->now, sim->now + WALL_OFFSET);
}

/* ------------------------------------------------------------------ */
/* Promotion timing                                                    */
/* ------------------------------------------------------------------ */

/* A listen-only node (observer) is never heard, so it must never elect
 * itself, however long it runs alone. */
static void
test_observer_never_promotes (void)
{
  DiscMembershipConfig config = test_config ();
  double weight[] = { 0.9 };
  Sim *sim;

  g_test_summary ("A listen-only node (observer) is never heard, so it never elects itself");
  g_test_bug ("commit/61c0acc");
  config.observer = TRUE;
  sim = sim_new (1, &config, weight, NULL);
  sim_start (sim);
  sim_run_for (sim, 60000);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 0);
  sim_free (sim);
}

static void
test_promotion_timing (void)
{
  DiscMembershipConfig config = test_config ();
  gboolean not_eligible[] = { FALSE };
  double weight[] = { 0.5 };
  Sim *sim;
  gint64 start = 1000;

  g_test_summary ("A lone eligible node promotes itself at the first "
                  "check after master-timeout, an ineligible one never");
  /* Checks every 700 ms from start, master-timeout 5000: checks at
   * 1700, ..., 5900 must not promote; the one at 6600 must. */
  config.check_interval_ms = 700;
  sim = sim_new (1, &config, weight, NULL);
  sim->members[0].check_phase = 700;
  sim->now = start;
  sim_start (sim);
  sim_run_until (sim, start + MASTER_TIMEOUT - 1);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 0);
  sim_run_until (sim, start + 8 * 700 - 1);
  g_assert_false (sim->members[0].me->is_master);
  sim_run_until (sim, start + 8 * 700);
  g_assert_true (sim->members[0].me->is_master);
  g_assert_cmpint (sim_first (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, start + 8 * 700);
  /* Promotion is announced, and the hello says so. */
  g_assert_cmpuint (sim->members[0].n_announces, ==, 1);
  {
    DiscHello hello = { 0, };

    disc_membership_fill_hello (sim->members[0].m, &hello);
    g_assert_true (hello.is_master);
    g_assert_true (hello.is_master_eligible);
    g_assert_cmpfloat (hello.weight, ==, 0.5);
    g_assert_cmpint (hello.promoted_at, ==, 0);
    disc_hello_clear (&hello);
  }
  sim_run_for (sim, 60000);
  g_assert_true (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);
  sim_free (sim);

  /* The boundary, with explicit check times. */
  sim = sim_new (1, &config, weight, NULL);
  sim->now = start;
  sim_start (sim);
  sim->members[0].alive = FALSE; /* no timers: checks by hand */
  disc_membership_check (sim->members[0].m, start);
  disc_membership_check (sim->members[0].m, start + MASTER_TIMEOUT - 1);
  g_assert_false (sim->members[0].me->is_master);
  disc_membership_check (sim->members[0].m, start + MASTER_TIMEOUT);
  g_assert_true (sim->members[0].me->is_master);
  sim_free (sim);

  /* A node that is not eligible never promotes, even alone. */
  sim = sim_new (1, &config, weight, not_eligible);
  sim->now = start;
  sim_start (sim);
  sim_run_for (sim, 100000);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 0);
  {
    DiscHello hello = { 0, };

    disc_membership_fill_hello (sim->members[0].m, &hello);
    g_assert_false (hello.is_master);
    g_assert_false (hello.is_master_eligible);
    disc_hello_clear (&hello);
  }
  sim_free (sim);

  /* Nor does one that only has ineligible peers... while an eligible
   * peer with a lower weight promotes though ranked below them. */
  {
    double weights[] = { 0.9, 0.8, 0.1 };
    gboolean eligible[] = { FALSE, FALSE, TRUE };

    config = test_config ();
    sim = sim_new (3, &config, weights, eligible);
    sim_start (sim);
    sim_run_for (sim, MASTER_TIMEOUT - 1);
    g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 0);
    sim_run_for (sim, SETTLE_MS);
    g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 1);
    g_assert_true (sim->members[2].me->is_master);
    g_assert_cmpint (sim_first (sim, 2, DISC_MEMBERSHIP_PROMOTION, NULL, 0), >=, MASTER_TIMEOUT);
    g_assert_cmpint (sim_first (sim, 2, DISC_MEMBERSHIP_PROMOTION, NULL, 0), <, MASTER_TIMEOUT + CHECK_INTERVAL);
    g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
    sim_free (sim);
  }
}

/* ------------------------------------------------------------------ */
/* Five nodes                                                          */
/* ------------------------------------------------------------------ */

static const double five_weights[] = { 0.3, 0.9, 0.1, 0.7, 0.5 };

static void
test_five_nodes (void)
{
  DiscMembershipConfig config = test_config ();
  Sim *sim = sim_new (5, &config, five_weights, NULL);
  guint master = G_MAXUINT;

  g_test_summary ("Five nodes elect exactly one master, the heaviest, and not before master-timeout");
  sim_start (sim);
  sim_run_for (sim, 2 * SETTLE_MS);

  g_assert_cmpuint (sim_count_masters (sim, &master), ==, 1);
  g_assert_cmpuint (master, ==, 1);
  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_tables_complete (sim);

  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[i].m), ==, 4);
      g_assert_cmpuint (disc_membership_count_masters (sim->members[i].m), ==, 1);
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_ADDED, NULL, 0), ==, 4);
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, 0);
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_MASTER, NULL, 0), ==, (i == master ? 0 : 1));
      if (i != master)
        {
          g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_MASTER, sim->members[master].iid, 0), ==, 1);
          g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 0);
          g_assert_true (disc_node_get_is_master (disc_membership_lookup (sim->members[i].m,
                                                                          sim->members[master].iid)));
        }
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);
      /* About 40 s of hellos from each of 4 peers. */
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_HELLO, NULL, 0), >=, 4 * 39);
    }
  g_assert_cmpuint (sim_count (sim, master, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
  /* Nobody promotes before master-timeout has passed since start. */
  g_assert_cmpint (sim_first (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, 0), >=, MASTER_TIMEOUT);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* Master loss                                                         */
/* ------------------------------------------------------------------ */

static void
test_master_loss (void)
{
  DiscMembershipConfig config = test_config ();
  Sim *sim = sim_new (5, &config, five_weights, NULL);
  gint64 heard[5], kill;

  g_test_summary ("A member leaves after node-timeout; when the master goes, the next best takes over once");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_sole_master (sim, 1);

  /* A node that is not master leaves after node-timeout. */
  sim_run_for (sim, 123);
  kill = sim->now;
  for (guint i = 0; i < 5; i++)
    heard[i] = sim->members[i].last_heard[2];
  sim_kill (sim, 2);
  sim_run_for (sim, MASTER_TIMEOUT + 2 * CHECK_INTERVAL);
  for (guint i = 0; i < 5; i++)
    {
      gint64 t;

      if (i == 2)
        continue;
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, 1);
      t = sim_first (sim, i, DISC_MEMBERSHIP_REMOVED, sim->members[2].iid, kill);
      g_assert_cmpint (heard[i], >, kill - HELLO_INTERVAL);
      g_assert_cmpint (t, >, heard[i] + NODE_TIMEOUT);
      g_assert_cmpint (t, <=, heard[i] + NODE_TIMEOUT + CHECK_INTERVAL);
      g_assert_null (disc_membership_lookup (sim->members[i].m, sim->members[2].iid));
    }
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, kill), ==, 0);
  g_assert_true (sim->members[1].me->is_master);

  /* The master goes: the next best takes over, once, and the dead master
   * is removed after master-timeout. */
  sim_run_for (sim, 377);
  kill = sim->now;
  for (guint i = 0; i < 5; i++)
    heard[i] = sim->members[i].last_heard[1];
  sim_kill (sim, 1);
  sim_mark_masters (sim);

  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 3);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, kill), ==, 1);
  g_assert_cmpint (sim_first (sim, 3, DISC_MEMBERSHIP_PROMOTION, NULL, kill), >, kill - HELLO_INTERVAL + MASTER_TIMEOUT);
  g_assert_cmpint (sim_first (sim, 3, DISC_MEMBERSHIP_PROMOTION, NULL, kill), <=, kill + MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);

  for (guint i = 0; i < 5; i++)
    {
      gint64 t;

      if (i == 1 || i == 2)
        continue;
      t = sim_first (sim, i, DISC_MEMBERSHIP_REMOVED, sim->members[1].iid, kill);
      g_assert_cmpint (t, >, heard[i] + MASTER_TIMEOUT);
      g_assert_cmpint (t, <=, heard[i] + MASTER_TIMEOUT + CHECK_INTERVAL);
      if (i != 3)
        g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_MASTER, sim->members[3].iid, kill), ==, 1);
    }

  sim_run_for (sim, 60000);
  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_sole_master (sim, 3);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, kill), ==, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);
  assert_tables_complete (sim);
  for (guint i = 0; i < 5; i++)
    if (sim->members[i].alive)
      g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[i].m), ==, 2);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* Tie-break on equal weights                                          */
/* ------------------------------------------------------------------ */

static void
test_tie_break (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[6] = { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 };
  Sim *sim = sim_new (6, &config, weights, NULL);
  guint best = 0;
  gint64 t0;

  g_test_summary ("Among equal weights the greatest id wins, once, and stays master");
  for (guint i = 1; i < 6; i++)
    if (strcmp (sim->members[i].iid, sim->members[best].iid) > 0)
      best = i;
  /* The ids are scrambled: the winner is neither first nor last. */
  g_assert_cmpuint (best, !=, 0);
  g_assert_cmpuint (best, !=, 5);

  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_sole_master (sim, best);
  t0 = sim->now;
  sim_mark_masters (sim);
  sim_run_for (sim, 100000);

  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_sole_master (sim, best);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_MASTER, NULL, t0), ==, 0);
  for (guint i = 0; i < 6; i++)
    if (i != best)
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_MASTER, NULL, 0), ==, 1);
  assert_tables_complete (sim);
  sim_free (sim);
}

/* A better node joining later does not unseat a live master. */
static void
test_late_joiner (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.2, 0.5, 0.9 };
  Sim *sim = sim_new (3, &config, weights, NULL);

  g_test_summary ("A better node joining later does not unseat a live master");
  sim_start_member (sim, 0);
  sim_start_member (sim, 1);
  sim_run_for (sim, SETTLE_MS);
  assert_sole_master (sim, 1);
  sim_mark_masters (sim);
  sim_start_member (sim, 2);
  sim_run_for (sim, 60000);
  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_sole_master (sim, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
  assert_tables_complete (sim);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* masters-required 2                                                  */
/* ------------------------------------------------------------------ */

static void
test_masters_required (void)
{
  DiscMembershipConfig config = test_config ();
  Sim *sim;
  gint64 kill;

  g_test_summary ("With masters-required 2 the two best are masters, and the next best fills a gap");
  config.masters_required = 2;
  sim = sim_new (5, &config, five_weights, NULL);
  sim_start (sim);
  sim_run_for (sim, 2 * SETTLE_MS);

  /* The two best: 0.9 (1) and 0.7 (3). */
  assert_two_masters (sim, 1, 3);
  g_assert_cmpuint (sim->max_masters, ==, 2);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 2);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);
  assert_tables_complete (sim);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (disc_membership_count_masters (sim->members[i].m), ==, 2);

  /* Kill the best: the third best (0.5, 4) joins 3. */
  kill = sim->now;
  sim_kill (sim, 1);
  sim_mark_masters (sim);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_two_masters (sim, 3, 4);
  sim_run_for (sim, 60000);
  g_assert_cmpuint (sim->max_masters, ==, 2);
  assert_two_masters (sim, 3, 4);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, kill), ==, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 0);

  /* Kill one more master: 0 (0.3) is now among the two best. */
  kill = sim->now;
  sim_kill (sim, 3);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_two_masters (sim, 4, 0);
  g_assert_false (sim->members[2].me->is_master);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, kill), ==, 1);
  assert_tables_complete (sim);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* Partition and heal                                                  */
/* ------------------------------------------------------------------ */

static void
test_partition_heal (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.6, 0.2, 0.9, 0.4, 0.8, 0.1 };
  guint halves[] = { 0, 0, 0, 1, 1, 1 };
  Sim *sim = sim_new (6, &config, weights, NULL);
  gint64 split, heal;

  g_test_summary ("Each half of a partition has its own master; on heal the worse one steps down");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_sole_master (sim, 2);

  split = sim->now;
  sim_set_groups (sim, halves);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  /* Each half has its own master: 2 kept it, 4 took it. */
  assert_two_masters (sim, 2, 4);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, split), ==, 1);
  sim_run_for (sim, 30000);
  assert_tables_complete (sim);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[i].m), ==, 2);
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_REMOVED, NULL, split), ==, 3);
    }

  /* Heal: the halves hear each other, and the worse master steps down. */
  heal = sim->now;
  sim_set_groups (sim, NULL);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 2);
  g_assert_cmpuint (sim_count (sim, 4, DISC_MEMBERSHIP_DEMOTION, NULL, heal), ==, 1);
  g_assert_cmpint (sim_first (sim, 4, DISC_MEMBERSHIP_DEMOTION, NULL, heal), <=, heal + HELLO_INTERVAL);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, heal), ==, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, heal), ==, 0);

  sim_mark_masters (sim);
  sim_run_for (sim, 60000);
  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_sole_master (sim, 2);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, heal), ==, 1);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, heal), ==, 0);
  assert_tables_complete (sim);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (disc_membership_count_masters (sim->members[i].m), ==, 1);
  sim_free (sim);
}

/* Both halves elect from scratch; on heal the better one stays. */
static void
test_partition_from_start (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.6, 0.2, 0.7, 0.4, 0.8, 0.1 };
  guint halves[] = { 0, 0, 0, 1, 1, 1 };
  Sim *sim = sim_new (6, &config, weights, NULL);
  gint64 heal;

  g_test_summary ("Both halves elect from scratch; on heal the better master stays");
  sim_set_groups (sim, halves);
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_two_masters (sim, 2, 4);

  heal = sim->now;
  sim_set_groups (sim, NULL);
  sim_mark_masters (sim);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 4);
  g_assert_cmpuint (sim_count (sim, 2, DISC_MEMBERSHIP_DEMOTION, NULL, heal), ==, 1);
  sim_run_for (sim, 60000);
  assert_sole_master (sim, 4);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, heal), ==, 0);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, heal), ==, 1);
  assert_tables_complete (sim);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* Manual promote                                                      */
/* ------------------------------------------------------------------ */

static void
assert_stable (Sim    *sim,
               gint64  ms,
               guint   expected_master)
{
  gint64 since = sim->now + 1;   /* timers at now have fired already */

  sim_mark_masters (sim);
  sim_run_for (sim, ms);
  g_assert_cmpuint (sim->max_masters, ==, 1);
  assert_sole_master (sim, expected_master);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, since), ==, 0);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_DEMOTION, NULL, since), ==, 0);
  for (guint i = 0; i < sim->n; i++)
    if (sim->members[i].alive)
      g_assert_cmpuint (disc_membership_count_masters (sim->members[i].m), ==, 1);
}

static void
manual_promote (Sim   *sim,
                guint  who,
                guint  old_master)
{
  gint64 t = sim->now;
  DiscHello hello = { 0, };

  disc_membership_promote (sim->members[who].m, sim->now + WALL_OFFSET);
  g_assert_true (sim->members[who].me->is_master);
  g_assert_cmpuint (sim_count (sim, who, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 1);
  disc_membership_fill_hello (sim->members[who].m, &hello);
  g_assert_true (hello.is_master);
  g_assert_cmpint (hello.promoted_at, ==, t + WALL_OFFSET);
  disc_hello_clear (&hello);

  /* The old master has not heard it yet. */
  g_assert_true (sim->members[old_master].me->is_master);
  sim_flush (sim);
  /* Now it has, and stepped down. */
  g_assert_false (sim->members[old_master].me->is_master);
  g_assert_cmpuint (sim_count (sim, old_master, DISC_MEMBERSHIP_DEMOTION, NULL, t), ==, 1);
  g_assert_true (sim->members[who].me->is_master);
  for (guint i = 0; i < sim->n; i++)
    if (i != who)
      g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_MASTER, sim->members[who].iid, t), ==, 1);
}

static void
test_manual_promote (void)
{
  DiscMembershipConfig config = test_config ();
  Sim *sim = sim_new (5, &config, five_weights, NULL);

  g_test_summary ("A manual promotion sticks over weight, the latest "
                  "one wins, and a dead manual master is replaced");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_sole_master (sim, 1);

  /* The lightest node (2, 0.1) is promoted by hand. */
  sim_run_for (sim, 111);
  manual_promote (sim, 2, 1);
  assert_stable (sim, 60000, 2);

  /* A later manual promotion of another node wins. */
  sim_run_for (sim, 222);
  manual_promote (sim, 3, 2);
  assert_stable (sim, 60000, 3);

  /* And so does the old automatic master, promoted by hand later. */
  sim_run_for (sim, 333);
  manual_promote (sim, 1, 3);
  assert_stable (sim, 60000, 1);
  assert_tables_complete (sim);

  /* The manual master dies: the best remaining takes over automatically. */
  sim_kill (sim, 1);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 3);
  assert_stable (sim, 60000, 3);
  sim_free (sim);
}

/* A manual promotion made on the far side of a partition wins on heal
 * over the automatic master. */
static void
test_manual_promote_partition (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1, 0.3 };
  guint halves[] = { 0, 0, 1, 1 };
  Sim *sim = sim_new (4, &config, weights, NULL);

  g_test_summary ("A manual promotion on the far side of a partition wins over the automatic master on heal");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);
  sim_set_groups (sim, halves);
  sim_run_for (sim, 1000);
  disc_membership_promote (sim->members[2].m, sim->now + WALL_OFFSET);
  sim_flush (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 2);
  sim_set_groups (sim, NULL);
  sim_run_for (sim, HELLO_INTERVAL + CHECK_INTERVAL);
  assert_sole_master (sim, 2);
  assert_stable (sim, 60000, 2);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* demote                                                              */
/* ------------------------------------------------------------------ */

static gboolean
hello_says_eligible (Member *member)
{
  DiscHello hello = { 0, };
  gboolean eligible;

  disc_membership_fill_hello (member->m, &hello);
  eligible = hello.is_master_eligible;
  disc_hello_clear (&hello);
  return eligible;
}

static void
test_demote_handover (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1 };
  Sim *sim = sim_new (3, &config, weights, NULL);
  gint64 t;

  g_test_summary ("demote(FALSE) hands mastership to the next "
                  "eligible node without making this one ineligible");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);

  sim_run_for (sim, 77);
  t = sim->now;
  disc_membership_demote (sim->members[0].m, FALSE, sim->now);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_DEMOTION, NULL, t), ==, 1);
  g_assert_true (disc_membership_is_yielding (sim->members[0].m));
  g_assert_false (hello_says_eligible (&sim->members[0]));
  /* Still eligible in itself: demote(FALSE) is not permanent. */
  g_assert_true (sim->members[0].me->is_master_eligible);
  sim_flush (sim);
  g_assert_false (disc_membership_lookup (sim->members[1].m, sim->members[0].iid)->is_master_eligible);

  /* 1 takes over at its next check, and 0 stops yielding once it sees it. */
  sim_run_for (sim, CHECK_INTERVAL);
  assert_sole_master (sim, 1);
  g_assert_cmpint (sim_first (sim, 1, DISC_MEMBERSHIP_PROMOTION, NULL, t), <=, t + CHECK_INTERVAL);
  g_assert_false (disc_membership_is_yielding (sim->members[0].m));
  g_assert_true (hello_says_eligible (&sim->members[0]));

  /* 0 is the best-ranked but does not take it back. */
  assert_stable (sim, 60000, 1);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 0);
  g_assert_true (disc_membership_lookup (sim->members[1].m, sim->members[0].iid)->is_master_eligible);

  /* And it is next in line when 1 goes. */
  sim_kill (sim, 1);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 0);
  sim_free (sim);
}

static void
test_demote_only_eligible (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.1, 0.9, 0.8 };
  gboolean eligible[] = { TRUE, FALSE, FALSE };
  Sim *sim = sim_new (3, &config, weights, eligible);
  gint64 t, again;

  g_test_summary ("Demoting a node that is not master, or that is alone, changes nothing");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);

  sim_run_for (sim, 55);
  t = sim->now;
  disc_membership_demote (sim->members[0].m, FALSE, sim->now);
  sim_flush (sim);
  g_assert_false (sim->members[0].me->is_master);
  sim_run_until (sim, t + MASTER_TIMEOUT + CHECK_INTERVAL - 1);
  g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 0);
  g_assert_true (disc_membership_is_yielding (sim->members[0].m));
  g_assert_false (hello_says_eligible (&sim->members[0]));
  g_assert_false (disc_membership_lookup (sim->members[1].m, sim->members[0].iid)->is_master_eligible);

  sim_run_until (sim, t + MASTER_TIMEOUT + 2 * CHECK_INTERVAL);
  g_assert_true (sim->members[0].me->is_master);
  again = sim_first (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, t);
  g_assert_cmpint (again, >=, t + MASTER_TIMEOUT + CHECK_INTERVAL);
  g_assert_cmpint (again, <, t + MASTER_TIMEOUT + 2 * CHECK_INTERVAL);
  g_assert_false (disc_membership_is_yielding (sim->members[0].m));
  g_assert_true (hello_says_eligible (&sim->members[0]));
  assert_stable (sim, 60000, 0);

  /* Demoting a node that is not master does not make it yield. */
  disc_membership_demote (sim->members[1].m, FALSE, sim->now);
  g_assert_false (disc_membership_is_yielding (sim->members[1].m));
  sim_free (sim);

  /* Alone, too. */
  {
    double w[] = { 0.5 };

    sim = sim_new (1, &config, w, NULL);
    sim_start (sim);
    sim_run_for (sim, SETTLE_MS);
    g_assert_true (sim->members[0].me->is_master);
    t = sim->now;
    disc_membership_demote (sim->members[0].m, FALSE, sim->now);
    sim_run_until (sim, t + MASTER_TIMEOUT + CHECK_INTERVAL - 1);
    g_assert_false (sim->members[0].me->is_master);
    sim_run_until (sim, t + MASTER_TIMEOUT + 2 * CHECK_INTERVAL);
    g_assert_true (sim->members[0].me->is_master);
    sim_free (sim);
  }
}

static void
test_demote_permanent (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1 };
  Sim *sim = sim_new (3, &config, weights, NULL);
  gint64 t;

  g_test_summary ("demote(TRUE) makes a node ineligible until promote() or set_eligible(TRUE)");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);

  t = sim->now;
  disc_membership_demote (sim->members[0].m, TRUE, sim->now);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_false (sim->members[0].me->is_master_eligible);
  g_assert_false (disc_membership_is_yielding (sim->members[0].m));
  g_assert_false (hello_says_eligible (&sim->members[0]));
  sim_flush (sim);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  assert_sole_master (sim, 1);
  g_assert_false (disc_membership_lookup (sim->members[1].m, sim->members[0].iid)->is_master_eligible);
  assert_stable (sim, 30000, 1);

  /* Alone, it still never promotes. */
  sim_kill (sim, 1);
  sim_kill (sim, 2);
  sim_run_for (sim, 100000);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 0);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 0);

  /* promote() makes it master and eligible again. */
  disc_membership_promote (sim->members[0].m, sim->now + WALL_OFFSET);
  g_assert_true (sim->members[0].me->is_master);
  g_assert_true (sim->members[0].me->is_master_eligible);
  g_assert_true (hello_says_eligible (&sim->members[0]));
  sim_flush (sim);
  sim_run_for (sim, 30000);
  g_assert_true (sim->members[0].me->is_master);

  /* demote(TRUE) again; then set_eligible(TRUE) lets it promote by itself. */
  t = sim->now;
  disc_membership_demote (sim->members[0].m, TRUE, sim->now);
  sim_run_for (sim, 30000);
  g_assert_false (sim->members[0].me->is_master);
  disc_membership_set_eligible (sim->members[0].m, TRUE);
  sim_run_for (sim, CHECK_INTERVAL);
  g_assert_true (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 1);

  /* set_eligible(FALSE) on a master demotes it. */
  t = sim->now;
  disc_membership_set_eligible (sim->members[0].m, FALSE);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_DEMOTION, NULL, t), ==, 1);
  sim_run_for (sim, 30000);
  g_assert_false (sim->members[0].me->is_master);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* goodbye                                                             */
/* ------------------------------------------------------------------ */

static void
sim_goodbye (Sim   *sim,
             guint  who,
             gint64 now)
{
  for (guint i = 0; i < sim->n; i++)
    if (i != who && sim->members[i].alive)
      {
        g_assert_true (disc_membership_handle_goodbye (sim->members[i].m, sim->members[who].iid, now));
        sim_flush (sim);
      }
}

static void
test_goodbye (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1, 0.7 };
  Sim *sim = sim_new (4, &config, weights, NULL);
  gint64 t, promoted;

  g_test_summary ("A goodbye removes its node at once everywhere, "
                  "once; the master's goodbye elects a new one at once");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);

  /* An unknown iid: nothing happens. */
  g_assert_false (disc_membership_handle_goodbye (sim->members[1].m, "0123456789abcdef0123456789abcdef", sim->now));
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, 0);

  /* A node that is not master: removed at once, everywhere. */
  sim_run_for (sim, 10);
  t = sim->now;
  sim_kill (sim, 2);
  sim_goodbye (sim, 2, sim->now);
  for (guint i = 0; i < 4; i++)
    if (i != 2)
      {
        g_assert_cmpuint (sim_count (sim, i, DISC_MEMBERSHIP_REMOVED, sim->members[2].iid, t), ==, 1);
        g_assert_cmpint (sim_first (sim, i, DISC_MEMBERSHIP_REMOVED, sim->members[2].iid, t), ==, t);
        g_assert_null (disc_membership_lookup (sim->members[i].m, sim->members[2].iid));
        g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[i].m), ==, 2);
        /* Twice is nothing. */
        g_assert_false (disc_membership_handle_goodbye (sim->members[i].m, sim->members[2].iid, sim->now));
      }
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 0);

  /* The master: removed at once, and a new master right away, well
   * before master-timeout. */
  sim_run_for (sim, 10);
  t = sim->now;
  sim_kill (sim, 0);
  sim_goodbye (sim, 0, sim->now);
  for (guint i = 1; i < 4; i++)
    if (i != 2)
      g_assert_cmpint (sim_first (sim, i, DISC_MEMBERSHIP_REMOVED, sim->members[0].iid, t), ==, t);
  sim_run_for (sim, CHECK_INTERVAL);
  assert_sole_master (sim, 3);
  promoted = sim_first (sim, 3, DISC_MEMBERSHIP_PROMOTION, NULL, t);
  g_assert_cmpint (promoted, >=, t);
  g_assert_cmpint (promoted, <=, t + CHECK_INTERVAL);
  g_assert_cmpuint (sim_count (sim, -1, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 1);
  assert_stable (sim, 30000, 3);
  assert_tables_complete (sim);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* max-nodes                                                           */
/* ------------------------------------------------------------------ */

static void
test_max_nodes (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.5 };
  Sim *sim;
  DiscNode *a;

  g_test_summary ("The node table is bounded: new ids past the limit are refused, "
                  "known ones still update, a freed place is taken again");
  config.max_nodes = 3;
  sim = sim_new (1, &config, weights, NULL);
  sim_start (sim);
  sim_run_for (sim, 100);
  g_assert_true (inject_hello (sim, 0, "aaaa", FALSE, TRUE, 0.1));
  g_assert_true (inject_hello (sim, 0, "bbbb", FALSE, TRUE, 0.2));
  g_assert_true (inject_hello (sim, 0, "cccc", FALSE, TRUE, 0.3));
  g_assert_false (inject_hello (sim, 0, "dddd", FALSE, TRUE, 0.4));
  g_assert_false (inject_hello (sim, 0, "eeee", TRUE, TRUE, 0.9));
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 3);
  g_assert_null (disc_membership_lookup (sim->members[0].m, "dddd"));
  g_assert_null (disc_membership_lookup (sim->members[0].m, "eeee"));
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0), ==, 3);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_HELLO, NULL, 0), ==, 3);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_MASTER, NULL, 0), ==, 0);
  g_assert_cmpuint (disc_membership_count_masters (sim->members[0].m), ==, 0);

  /* Known nodes still update. */
  sim_run_for (sim, 100);
  g_assert_true (inject_hello (sim, 0, "aaaa", TRUE, TRUE, 0.15));
  a = disc_membership_lookup (sim->members[0].m, "aaaa");
  g_assert_nonnull (a);
  g_assert_true (a->is_master);
  g_assert_cmpfloat (a->weight, ==, 0.15);
  g_assert_cmpint (a->last_seen, ==, sim->now + WALL_OFFSET);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_MASTER, "aaaa", 0), ==, 1);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 3);

  /* A place frees up: the next new one gets in. */
  g_assert_true (disc_membership_handle_goodbye (sim->members[0].m, "bbbb", sim->now));
  g_assert_true (inject_hello (sim, 0, "dddd", FALSE, TRUE, 0.4));
  g_assert_false (inject_hello (sim, 0, "ffff", FALSE, TRUE, 0.4));
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (disc_membership_get_store (sim->members[0].m))), ==, 3);
  sim_free (sim);

  /* A flood of distinct iids. */
  config.max_nodes = 1000;
  sim = sim_new (1, &config, weights, NULL);
  sim_start (sim);
  {
    guint accepted = 0;

    for (guint i = 0; i < 100000; i++)
      {
        char iid[33];

        g_snprintf (iid, sizeof iid, "%032x", i);
        if (inject_hello (sim, 0, iid, FALSE, TRUE, 0.1))
          accepted++;
        if (i % 10000 == 0)
          sim->now += 10;
      }
    g_assert_cmpuint (accepted, ==, 1000);
  }
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (disc_membership_get_store (sim->members[0].m))), ==, 1000);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0), ==, 1000);
  /* The first 1000 got in. */
  g_assert_nonnull (disc_membership_lookup (sim->members[0].m, "000000000000000000000000000003e7"));
  g_assert_null (disc_membership_lookup (sim->members[0].m, "000000000000000000000000000003e8"));
  /* They expire like any other, and room comes back. */
  sim_run_for (sim, NODE_TIMEOUT + CHECK_INTERVAL + 10);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 0);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, 1000);
  g_assert_true (inject_hello (sim, 0, "000000000000000000000000000003e8", FALSE, TRUE, 0.1));
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* The node list model                                                 */
/* ------------------------------------------------------------------ */

typedef struct
{
  GListModel *model;
  GPtrArray  *shadow;   /* what items-changed said, applied */
  guint       added;
  guint       removed;
  guint       signals;
} Shadow;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Shadow *shadow = user_data;

  g_assert_true (model == shadow->model);
  g_assert_cmpuint (position + removed, <=, shadow->shadow->len);
  shadow->signals++;
  shadow->added += added;
  shadow->removed += removed;
  g_ptr_array_remove_range (shadow->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (shadow->shadow, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (shadow->shadow->len, ==, g_list_model_get_n_items (model));
}

static void
assert_shadow (Shadow         *shadow,
               DiscMembership *m)
{
  guint n = g_list_model_get_n_items (shadow->model);

  g_assert_cmpuint (n, ==, disc_membership_get_n_nodes (m));
  g_assert_cmpuint (shadow->shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (shadow->model, i);

      g_assert_true (node == shadow->shadow->pdata[i]);
      g_assert_true (disc_membership_lookup (m, node->id) == node);
    }
  g_assert_null (g_list_model_get_item (shadow->model, n));
  g_assert_null (g_list_model_get_item (shadow->model, n + 100));
}

static void
test_list_model (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1, 0.7, 0.3, 0.6 };
  Sim *sim = sim_new (6, &config, weights, NULL);
  Shadow shadow = { 0, };
  DiscMembership *m = sim->members[0].m;
  gint64 t;

  g_test_summary ("The node list model is in order of discovery, "
                  "with one items-changed per node, never a rebuild");
  shadow.model = G_LIST_MODEL (disc_membership_get_store (m));
  shadow.shadow = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (shadow.model, "items-changed", G_CALLBACK (on_items_changed), &shadow);

  g_assert_true (G_IS_LIST_MODEL (shadow.model));
  g_assert_true (g_list_model_get_item_type (shadow.model) == DISC_TYPE_NODE);
  g_assert_cmpuint (g_list_model_get_n_items (shadow.model), ==, 0);

  /* Give member 3 something to advertise. */
  {
    g_autoptr(JsonNode) info = json_from_string ("{\"service\":\"db\",\"port\":5432}", NULL);

    _disc_node_set_info (sim->members[3].me, info);
  }

  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  assert_shadow (&shadow, m);
  g_assert_cmpuint (g_list_model_get_n_items (shadow.model), ==, 5);
  g_assert_cmpuint (shadow.added, ==, 5);
  g_assert_cmpuint (shadow.removed, ==, 0);
  g_assert_cmpuint (shadow.added, ==, sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0));

  /* Items are in order of discovery, and say what the nodes say. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (shadow.model, i);
      g_autofree char *id = NULL, *pid = NULL, *host = NULL, *address = NULL;
      g_autoptr(JsonNode) info = NULL;
      guint port;
      double weight;
      gboolean is_master, eligible;
      gint64 last_seen;
      Member *other = NULL;

      g_assert_true (DISC_IS_NODE (node));
      for (guint j = 1; j < 6; j++)
        if (strcmp (sim->members[j].iid, node->id) == 0)
          other = &sim->members[j];
      g_assert_nonnull (other);

      g_object_get (node,
                    "id", &id, "process-id", &pid, "host-name", &host,
                    "address", &address, "port", &port, "weight", &weight,
                    "is-master", &is_master, "is-master-eligible", &eligible,
                    "info", &info, "last-seen", &last_seen,
                    NULL);
      g_assert_cmpstr (id, ==, other->iid);
      g_assert_cmpstr (pid, ==, other->pid);
      g_assert_cmpstr (host, ==, other->host);
      g_assert_cmpstr (address, ==, other->address);
      g_assert_cmpuint (port, ==, 12345);
      g_assert_cmpfloat (weight, ==, weights[other->index]);
      g_assert_false (is_master);  /* member 0 (0.9) is master, and it is "me" */
      g_assert_true (eligible);
      g_assert_cmpint (last_seen, ==, sim->members[0].last_heard[other->index] + WALL_OFFSET);
      if (other->index == 3)
        {
          g_autofree char *text = NULL;

          g_assert_nonnull (info);
          text = json_to_string (info, FALSE);
          g_assert_true (json_node_equal (info, other->me->info));
          g_assert_nonnull (strstr (text, "\"service\":\"db\""));
        }
      else
        g_assert_null (info);
    }
  g_assert_true (sim->members[0].me->is_master);

  /* The master as seen by another member. */
  {
    GListModel *model1 = G_LIST_MODEL (disc_membership_get_store (sim->members[1].m));
    guint masters = 0;

    for (guint i = 0; i < g_list_model_get_n_items (model1); i++)
      {
        g_autoptr(DiscNode) node = g_list_model_get_item (model1, i);
        gboolean is_master;

        g_object_get (node, "is-master", &is_master, NULL);
        if (is_master)
          {
            masters++;
            g_assert_cmpstr (disc_node_get_id (node), ==, sim->members[0].iid);
          }
      }
    g_assert_cmpuint (masters, ==, 1);
  }

  /* Removals from the middle: by goodbye and by expiry. */
  t = sim->now;
  sim_kill (sim, 2);
  sim_goodbye (sim, 2, sim->now);
  assert_shadow (&shadow, m);
  g_assert_cmpuint (g_list_model_get_n_items (shadow.model), ==, 4);
  sim_kill (sim, 4);
  sim_run_for (sim, NODE_TIMEOUT + 2 * HELLO_INTERVAL);
  assert_shadow (&shadow, m);
  g_assert_cmpuint (g_list_model_get_n_items (shadow.model), ==, 3);
  g_assert_cmpuint (shadow.removed, ==, 2);
  g_assert_cmpuint (shadow.removed, ==, sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0));
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, t), ==, 2);
  /* One signal per node, never a rebuild. */
  g_assert_cmpuint (shadow.signals, ==, 7);

  /* Outsiders coming and going. */
  for (guint i = 0; i < 20; i++)
    {
      char iid[33];

      g_snprintf (iid, sizeof iid, "%032x", i);
      g_assert_true (inject_hello (sim, 0, iid, FALSE, i % 2, i / 20.0));
    }
  assert_shadow (&shadow, m);
  for (guint i = 0; i < 20; i += 3)
    {
      char iid[33];

      g_snprintf (iid, sizeof iid, "%032x", i);
      g_assert_true (disc_membership_handle_goodbye (m, iid, sim->now));
      assert_shadow (&shadow, m);
    }
  sim_run_for (sim, NODE_TIMEOUT + CHECK_INTERVAL + 1);
  assert_shadow (&shadow, m);
  g_assert_cmpuint (g_list_model_get_n_items (shadow.model), ==, 3);
  g_assert_cmpuint (shadow.added, ==, sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0));
  g_assert_cmpuint (shadow.removed, ==, sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0));
  g_assert_cmpuint (shadow.added, ==, 25);
  g_assert_cmpuint (shadow.removed, ==, 22);
  g_assert_cmpuint (shadow.signals, ==, 47);

  /* Nodes leave the model but live on while someone holds them. */
  {
    g_autoptr(DiscNode) held = g_list_model_get_item (shadow.model, 0);
    g_autofree char *iid = g_strdup (held->id);

    g_assert_true (disc_membership_handle_goodbye (m, iid, sim->now));
    g_assert_cmpstr (held->id, ==, iid);
    g_assert_null (held->store_iter);
    assert_shadow (&shadow, m);
  }

  g_signal_handlers_disconnect_by_func (shadow.model, on_items_changed, &shadow);
  g_ptr_array_unref (shadow.shadow);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* notify                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *names;
  gint64     expect_last_seen;  /* the node is fully updated when notified */
} Notes;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Notes *notes = user_data;

  g_assert_cmpint (DISC_NODE (object)->last_seen, ==, notes->expect_last_seen);
  g_ptr_array_add (notes->names, g_strdup (pspec->name));
}

static guint
notes_count (Notes      *notes,
             const char *name)
{
  guint count = 0;

  for (guint i = 0; i < notes->names->len; i++)
    if (name == NULL || strcmp (notes->names->pdata[i], name) == 0)
      count++;
  return count;
}

static gboolean
hello_from (Notes          *notes,
            DiscMembership *m,
            const char     *address,
            guint           port,
            gboolean        is_master,
            double          weight,
            JsonNode       *info,
            gint64          now,
            gint64          wall)
{
  DiscHello hello = {
    .is_master = is_master,
    .is_master_eligible = TRUE,
    .weight = weight,
    .info = info,
  };

  notes->expect_last_seen = wall;
  return disc_membership_handle_hello (m, "feedfacefeedfacefeedfacefeedface", "77", "peer",
                                       address, port, &hello, now, wall);
}

static void
test_notify (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.5 };
  Sim *sim = sim_new (1, &config, weights, NULL);
  DiscMembership *m = sim->members[0].m;
  Notes notes = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(JsonNode) info1 = json_from_string ("{\"a\":[1,2,{\"b\":\"c\"}]}", NULL);
  g_autoptr(JsonNode) info2 = json_from_string ("{\"a\":[1,2,{\"b\":\"c\"}]}", NULL);
  g_autoptr(JsonNode) info3 = json_from_string ("{\"a\":[1,2,{\"b\":\"d\"}]}", NULL);
  DiscNode *node;
  gint64 wall = 1000 + WALL_OFFSET;

  g_test_summary ("A hello notifies each changed property once, and nothing when only the time changed");
  sim_start (sim);
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, FALSE, 0.25, info1, 1000, wall));
  node = disc_membership_lookup (m, "feedfacefeedfacefeedfacefeedface");
  g_assert_nonnull (node);
  g_signal_connect (node, "notify", G_CALLBACK (on_notify), &notes);

  /* Nothing new but the time. */
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, FALSE, 0.25, info1, 2000, wall + 1000));
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "last-seen"), ==, 1);
  g_assert_cmpint (node->last_seen, ==, wall + 1000);

  /* An equal info in another JsonNode is no change either. */
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, FALSE, 0.25, info2, 3000, wall + 2000));
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 2);
  g_assert_cmpuint (notes_count (&notes, "last-seen"), ==, 2);

  /* Same wall time: no notify at all. */
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, FALSE, 0.25, info2, 3000, wall + 2000));
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 2);

  /* isMaster changes: notify::is-master once. */
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, TRUE, 0.25, info1, 4000, wall + 3000));
  g_assert_cmpuint (notes_count (&notes, "is-master"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "last-seen"), ==, 3);
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 4);
  g_assert_true (node->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_MASTER, NULL, 0), ==, 1);
  g_assert_true (hello_from (&notes, m, "10.213.0.9", 12345, TRUE, 0.25, info1, 5000, wall + 4000));
  g_assert_cmpuint (notes_count (&notes, "is-master"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 5);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_MASTER, NULL, 0), ==, 1);

  /* Several changes in one hello: each property once. */
  g_ptr_array_set_size (notes.names, 0);
  g_assert_true (hello_from (&notes, m, "10.213.0.10", 23456, FALSE, 0.75, info3, 6000, wall + 5000));
  g_assert_cmpuint (notes_count (&notes, "address"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "port"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "is-master"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "weight"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "info"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "last-seen"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 6);
  g_assert_cmpstr (node->address, ==, "10.213.0.10");
  g_assert_cmpuint (node->port, ==, 23456);
  g_assert_cmpfloat (node->weight, ==, 0.75);
  g_assert_true (json_node_equal (node->info, info3));

  /* Info gone. */
  g_ptr_array_set_size (notes.names, 0);
  g_assert_true (hello_from (&notes, m, "10.213.0.10", 23456, FALSE, 0.75, NULL, 7000, wall + 6000));
  g_assert_cmpuint (notes_count (&notes, "info"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 2);
  g_assert_null (node->info);
  g_ptr_array_set_size (notes.names, 0);
  g_assert_true (hello_from (&notes, m, "10.213.0.10", 23456, FALSE, 0.75, NULL, 8000, wall + 7000));
  g_assert_cmpuint (notes_count (&notes, NULL), ==, 1);

  g_signal_handlers_disconnect_by_func (node, on_notify, &notes);
  g_ptr_array_unref (notes.names);
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* reset                                                               */
/* ------------------------------------------------------------------ */

static void
test_reset (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.9, 0.5, 0.1, 0.7, 0.3 };
  Sim *sim = sim_new (5, &config, weights, NULL);
  GListModel *model;
  gint64 t;
  guint announces;

  g_test_summary ("reset() removes every node and demotes a master; a restart waits master-timeout again");
  sim_start (sim);
  sim_run_for (sim, SETTLE_MS);
  g_assert_true (sim->members[0].me->is_master);

  /* The master resets: every node REMOVED, and it demotes itself. */
  t = sim->now;
  announces = sim->members[0].n_announces;
  sim_kill (sim, 0);
  disc_membership_reset (sim->members[0].m);
  model = G_LIST_MODEL (disc_membership_get_store (sim->members[0].m));
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (disc_membership_count_masters (sim->members[0].m), ==, 0);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, t), ==, 4);
  for (guint i = 1; i < 5; i++)
    g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, sim->members[i].iid, t), ==, 1);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_DEMOTION, NULL, t), ==, 1);
  g_assert_cmpuint (sim->members[0].n_announces, ==, announces + 1);
  {
    DiscHello hello = { 0, };

    disc_membership_fill_hello (sim->members[0].m, &hello);
    g_assert_false (hello.is_master);
    g_assert_cmpint (hello.promoted_at, ==, 0);
    disc_hello_clear (&hello);
  }

  /* A member that is not master: REMOVED for each, no DEMOTION. */
  t = sim->now;
  disc_membership_reset (sim->members[1].m);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[1].m), ==, 0);
  g_assert_cmpuint (sim_count (sim, 1, DISC_MEMBERSHIP_REMOVED, NULL, t), ==, 4);
  g_assert_cmpuint (sim_count (sim, 1, DISC_MEMBERSHIP_DEMOTION, NULL, t), ==, 0);
  /* It learns the others again from their hellos. */
  sim_run_for (sim, HELLO_INTERVAL);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[1].m), ==, 3);

  /* A yielding master that resets stops yielding. */
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  g_assert_true (sim->members[3].me->is_master);
  disc_membership_demote (sim->members[3].m, FALSE, sim->now);
  g_assert_true (disc_membership_is_yielding (sim->members[3].m));
  sim_kill (sim, 3);
  disc_membership_reset (sim->members[3].m);
  g_assert_false (disc_membership_is_yielding (sim->members[3].m));
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[3].m), ==, 0);

  /* A reset member restarted later: a fresh start, no instant promotion. */
  sim->members[0].started = FALSE;
  sim->members[0].alive = FALSE;
  t = sim->now;
  sim_start_member (sim, 0);
  sim_run_for (sim, HELLO_INTERVAL + 1);
  g_assert_cmpuint (disc_membership_get_n_nodes (sim->members[0].m), ==, 3);
  g_assert_false (sim->members[0].me->is_master);
  sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
  g_assert_cmpuint (sim_count_masters (sim, NULL), ==, 1);
  sim_free (sim);
}

/* What DiscDiscovery does when a "removed" handler calls stop(): the
 * membership is reset from inside its own callback. Whatever it was doing
 * must not make the stopped instance master again. */
static void
reset_on_removed (Member              *member,
                  DiscMembershipEvent  kind,
                  DiscNode            *node)
{
  if (kind == DISC_MEMBERSHIP_REMOVED && member->index == 0)
    {
      member->sim->hook = NULL;
      member->alive = FALSE;  /* stopped: no more timers */
      disc_membership_reset (member->m);
    }
}

static void
test_reset_reentrant (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.5, 0.9 };
  Sim *sim;
  gint64 t;

  g_test_summary ("A reset from inside a \"removed\" handler never makes the stopped node master "
                  "again");
  g_test_bug ("commit/23c087a");
  for (guint via_goodbye = 0; via_goodbye < 2; via_goodbye++)
    {
      sim = sim_new (2, &config, weights, NULL);
      sim_start (sim);
      sim_run_for (sim, SETTLE_MS);
      g_assert_true (sim->members[1].me->is_master);
      g_assert_false (sim->members[0].me->is_master);

      /* The master goes away; member 0 is stopped by its "removed" handler. */
      t = sim->now;
      sim->hook = reset_on_removed;
      sim_kill (sim, 1);
      if (via_goodbye)
        g_assert_true (disc_membership_handle_goodbye (sim->members[0].m, sim->members[1].iid, sim->now));
      else
        sim_run_for (sim, MASTER_TIMEOUT + CHECK_INTERVAL + HELLO_INTERVAL);
      g_assert_null (sim->hook);
      g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, t), ==, 1);
      g_assert_false (sim->members[0].me->is_master);
      g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, t), ==, 0);

      /* Restarted later, it waits master-timeout like any fresh start. */
      sim_run_for (sim, 10000);
      sim->members[0].started = FALSE;
      t = sim->now;
      sim_start_member (sim, 0);
      sim_run_until (sim, t + MASTER_TIMEOUT - 1);
      g_assert_false (sim->members[0].me->is_master);
      sim_run_until (sim, t + MASTER_TIMEOUT + CHECK_INTERVAL);
      g_assert_true (sim->members[0].me->is_master);
      sim_free (sim);
    }
}

/* ------------------------------------------------------------------ */
/* Scale                                                               */
/* ------------------------------------------------------------------ */

#define SCALE_N 100000

static void
scale_iid (char  *buf,
           guint  i)
{
  g_snprintf (buf, 33, "%08x%024x", (i + 1) * 2654435761u, i);
}

static void
test_scale (void)
{
  DiscMembershipConfig config = test_config ();
  double weights[] = { 0.5 };
  Sim *sim;
  DiscMembership *m;
  GListModel *model;
  char iid[33], master_iid[33], better_iid[33];
  gint64 t;

  g_test_summary ("100,000 nodes: expiry, positions in the model, "
                  "hellos in place, elections and a reset stay right");
  config.max_nodes = 2 * SCALE_N;
  sim = sim_new (1, &config, weights, NULL);
  m = sim->members[0].m;
  model = G_LIST_MODEL (disc_membership_get_store (m));
  sim->check_events = FALSE;  /* keep the callback O(1) */
  sim->members[0].alive = TRUE;
  sim->members[0].started = TRUE;
  disc_membership_start (m, 0);

  /* Node 0 is a master; node 1 is better ranked than me; the rest are
   * below me, half of them eligible. */
  scale_iid (master_iid, 0);
  scale_iid (better_iid, 1);
#define SCALE_HELLO(i, now_)                                                  \
  G_STMT_START {                                                              \
    scale_iid (iid, (i));                                                     \
    sim->now = (now_);                                                        \
    g_assert_true (inject_hello (sim, 0, iid, (i) == 0, (i) % 2 == 1 || (i) == 0, \
                                 (i) == 1 ? 0.9 : (i) == 0 ? 0.05 : 0.4 * (i) / SCALE_N)); \
  } G_STMT_END

  for (guint i = 0; i < SCALE_N; i++)
    SCALE_HELLO (i, 1000);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, SCALE_N);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0), ==, SCALE_N);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_MASTER, master_iid, 0), ==, 1);
  g_assert_cmpuint (disc_membership_count_masters (m), ==, 1);

  /* Checks with everyone fresh remove nobody. */
  disc_membership_check (m, 1500);
  disc_membership_check (m, 3000);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, 0);

  /* Half of them fall silent: they go after node-timeout, the rest stay. */
  for (guint i = 0; i < SCALE_N; i++)
    if (i % 2 == 0 || i == 1)
      SCALE_HELLO (i, 3200);
  disc_membership_check (m, 1000 + NODE_TIMEOUT);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N);
  disc_membership_check (m, 1000 + NODE_TIMEOUT + 1);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0), ==, SCALE_N / 2 - 1);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N / 2 + 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, SCALE_N / 2 + 1);
  scale_iid (iid, 3);
  g_assert_null (disc_membership_lookup (m, iid));
  scale_iid (iid, 4);
  g_assert_nonnull (disc_membership_lookup (m, iid));
  g_assert_nonnull (disc_membership_lookup (m, better_iid));
  g_assert_nonnull (disc_membership_lookup (m, master_iid));

  /* Positions in the model follow: the survivors, in order. */
  {
    g_autoptr(DiscNode) first = g_list_model_get_item (model, 0);
    g_autoptr(DiscNode) second = g_list_model_get_item (model, 1);
    g_autoptr(DiscNode) third = g_list_model_get_item (model, 2);
    g_autoptr(DiscNode) last = g_list_model_get_item (model, SCALE_N / 2);

    g_assert_cmpstr (first->id, ==, master_iid);
    g_assert_cmpstr (second->id, ==, better_iid);
    scale_iid (iid, 2);
    g_assert_cmpstr (third->id, ==, iid);
    scale_iid (iid, SCALE_N - 2);
    g_assert_cmpstr (last->id, ==, iid);
  }

  /* A hello still updates in place. */
  scale_iid (iid, 4242);
  sim->now = 3600;
  g_assert_true (inject_hello (sim, 0, iid, FALSE, TRUE, 0.123));
  g_assert_cmpfloat (disc_membership_lookup (m, iid)->weight, ==, 0.123);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N / 2 + 1);

  /* The master goes silent, the others keep talking: after master-timeout
   * the master is removed; me does not promote, node 1 is better. */
  for (guint i = 1; i < SCALE_N; i += (i == 1 ? 1 : 2))
    SCALE_HELLO (i, 6000);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N / 2 + 1);
  disc_membership_check (m, 3200 + MASTER_TIMEOUT);
  g_assert_nonnull (disc_membership_lookup (m, master_iid));
  disc_membership_check (m, 3200 + MASTER_TIMEOUT + 1);
  g_assert_null (disc_membership_lookup (m, master_iid));
  g_assert_cmpuint (disc_membership_count_masters (m), ==, 0);
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N / 2);

  /* Node 1 says goodbye: me is now the best eligible, and promotes. */
  t = 8300;
  sim->now = t;
  g_assert_true (disc_membership_handle_goodbye (m, better_iid, t));
  disc_membership_check (m, t + 1);
  g_assert_true (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 1);
  g_assert_cmpuint (disc_membership_count_masters (m), ==, 1);

  /* A better master appears: me steps down. */
  scale_iid (iid, SCALE_N + 1);
  sim->now = t + 2;
  g_assert_true (inject_hello (sim, 0, iid, TRUE, TRUE, 0.95));
  g_assert_false (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_DEMOTION, NULL, 0), ==, 1);
  g_assert_cmpuint (disc_membership_count_masters (m), ==, 1);

  /* Everyone goes silent: all expire, the model empties. */
  disc_membership_check (m, t + 2 + MASTER_TIMEOUT + 1);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_REMOVED, NULL, 0),
                    ==, sim_count (sim, 0, DISC_MEMBERSHIP_ADDED, NULL, 0));
  g_assert_true (sim->members[0].me->is_master);
  g_assert_cmpuint (sim_count (sim, 0, DISC_MEMBERSHIP_PROMOTION, NULL, 0), ==, 2);

  /* And a table of 100,000 is cleared by reset. */
  sim->now = t + 10000;
  for (guint i = 0; i < SCALE_N; i++)
    SCALE_HELLO (i + SCALE_N, t + 10000);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, SCALE_N);
  disc_membership_reset (m);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_false (sim->members[0].me->is_master);
#undef SCALE_HELLO
  sim_free (sim);
}

/* ------------------------------------------------------------------ */
/* why a node left                                                     */
/* ------------------------------------------------------------------ */

static void
ignore_event (DiscMembershipEvent event, DiscNode *node, gpointer user_data)
{
}

static void
ignore_announce (gpointer user_data)
{
}

static DiscNode *
peer_hello (DiscMembership *m, const char *iid, gint64 now)
{
  DiscHello hello = { .is_master_eligible = FALSE, .weight = 0.5 };

  g_assert_true (disc_membership_handle_hello (m, iid, "pid", "host", "10.0.0.2", 12345,
                                               &hello, now, now + WALL_OFFSET));
  return g_object_ref (disc_membership_lookup (m, iid));
}

static void
test_leave_reason (void)
{
  static const DiscMembershipCallbacks callbacks = { ignore_event, ignore_announce };
  DiscMembershipConfig config = test_config ();
  g_autoptr(DiscNode) me = _disc_node_new ("ffff", "pid");
  DiscMembership *m = disc_membership_new (&config, me, &callbacks, NULL);
  g_autoptr(DiscNode) said_goodbye = NULL;
  g_autoptr(DiscNode) went_silent = NULL;
  g_autoptr(DiscNode) still_there = NULL;
  gint64 now = 1000;

  g_test_summary ("Every removal says why: a goodbye, a timeout, or this node stopping");
  disc_membership_start (m, now);
  said_goodbye = peer_hello (m, "aaaa", now);
  went_silent = peer_hello (m, "bbbb", now);
  still_there = peer_hello (m, "cccc", now);
  g_assert_cmpint (disc_node_get_leave_reason (said_goodbye), ==, DISC_LEAVE_NONE);

  g_assert_true (disc_membership_handle_goodbye (m, "aaaa", now));
  g_assert_cmpint (disc_node_get_leave_reason (said_goodbye), ==, DISC_LEAVE_GOODBYE);

  for (; now <= 1000 + NODE_TIMEOUT + CHECK_INTERVAL; now += CHECK_INTERVAL)
    {
      g_object_unref (peer_hello (m, "cccc", now));
      disc_membership_check (m, now);
    }
  g_assert_null (disc_membership_lookup (m, "bbbb"));
  g_assert_cmpint (disc_node_get_leave_reason (went_silent), ==, DISC_LEAVE_TIMEOUT);
  g_assert_cmpint (disc_node_get_leave_reason (still_there), ==, DISC_LEAVE_NONE);

  disc_membership_reset (m);
  g_assert_cmpint (disc_node_get_leave_reason (still_there), ==, DISC_LEAVE_STOPPED);
  disc_membership_free (m);
}


/* ------------------------------------------------------------------ */
/* mass expiry, a bounded number of removals per call                   */
/* ------------------------------------------------------------------ */

#define MASS_N 1000
#define SLICE  64

typedef struct
{
  GPtrArray *removed;    /* ids of the timed out, in order */
  guint      stopped;
  guint      promotions;
} ExpiryLog;

static void
on_expiry_event (DiscMembershipEvent event, DiscNode *node, gpointer user_data)
{
  ExpiryLog *log = user_data;

  if (event == DISC_MEMBERSHIP_REMOVED && disc_node_get_leave_reason (node) == DISC_LEAVE_STOPPED)
    log->stopped++;
  else if (event == DISC_MEMBERSHIP_REMOVED)
    {
      g_assert_cmpint (disc_node_get_leave_reason (node), ==, DISC_LEAVE_TIMEOUT);
      g_ptr_array_add (log->removed, g_strdup (node->id));
    }
  else if (event == DISC_MEMBERSHIP_PROMOTION)
    log->promotions++;
}

static const DiscMembershipCallbacks expiry_callbacks = { on_expiry_event, ignore_announce };

static void
mass_iid (char buf[33], guint i)
{
  g_snprintf (buf, 33, "%032u", i);
}

static void
mass_hello (DiscMembership *m, guint i, gboolean is_master, gboolean eligible,
            double weight, gint64 now)
{
  DiscHello hello = { .is_master = is_master, .is_master_eligible = eligible, .weight = weight };
  char iid[33];

  mass_iid (iid, i);
  g_assert_true (disc_membership_handle_hello (m, iid, "pid", "host", "10.0.0.2", 12345,
                                               &hello, now, now + WALL_OFFSET));
}

static void
test_expiry_slices (void)
{
  DiscMembershipConfig config = test_config ();
  g_autoptr(DiscNode) me = _disc_node_new ("ffff", "pid");
  ExpiryLog log = { g_ptr_array_new_with_free_func (g_free), 0, 0 };
  DiscMembership *m;
  gint64 now;
  guint calls = 0;
  gboolean more;
  char iid[33];

  g_test_summary ("1,000 nodes due at once: each call removes at most the bound, in the order "
                  "their timeouts ran out, the rest in later calls; a node heard again before "
                  "its turn stays, and a reset ends the expiry");
  g_test_bug ("issues/15");
  config.max_nodes = 2 * MASS_N;
  m = disc_membership_new (&config, me, &expiry_callbacks, &log);
  disc_membership_start (m, 0);
  /* Heard in reverse order of their ids, one per ms: node MASS_N - 1 is the
   * oldest; and a master, not due yet. */
  for (guint i = 0; i < MASS_N; i++)
    mass_hello (m, MASS_N - 1 - i, FALSE, FALSE, 0.1, 1000 + i);
  mass_hello (m, MASS_N, TRUE, FALSE, 0.1, 2000);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, MASS_N + 1);

  /* Every one of the 1,000 is due. */
  now = 1000 + MASS_N + NODE_TIMEOUT;
  more = disc_membership_check_some (m, now, SLICE);
  g_assert_true (more);
  g_assert_cmpuint (log.removed->len, ==, SLICE);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, MASS_N + 1 - SLICE);
  for (guint i = 0; i < SLICE; i++)
    {
      mass_iid (iid, MASS_N - 1 - i);
      g_assert_cmpstr (g_ptr_array_index (log.removed, i), ==, iid);
    }

  /* One of the later ones says hello again before its turn: it stays. */
  mass_hello (m, 3, FALSE, FALSE, 0.1, now);

  for (calls = 1; more; calls++)
    {
      guint before = log.removed->len;

      g_assert_cmpuint (calls, <, MASS_N);
      more = disc_membership_check_some (m, now, SLICE);
      g_assert_cmpuint (log.removed->len - before, <=, SLICE);
      if (more)
        g_assert_cmpuint (log.removed->len - before, ==, SLICE);
    }
  g_assert_cmpuint (calls, ==, (MASS_N - 1 + SLICE - 1) / SLICE);
  g_assert_cmpuint (log.removed->len, ==, MASS_N - 1);
  /* In the order their timeouts ran out, the refreshed one left out. */
  for (guint i = 0, k = 0; i < MASS_N; i++)
    {
      if (MASS_N - 1 - i == 3)
        continue;
      mass_iid (iid, MASS_N - 1 - i);
      g_assert_cmpstr (g_ptr_array_index (log.removed, k++), ==, iid);
    }
  mass_iid (iid, 3);
  g_assert_nonnull (disc_membership_lookup (m, iid));
  mass_iid (iid, MASS_N);
  g_assert_nonnull (disc_membership_lookup (m, iid));
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (disc_membership_get_store (m))), ==, 2);
  g_assert_false (disc_membership_check_some (m, now, SLICE));

  /* Again, and the node stops half way: the reset removes the rest at
   * once, as stopped, and leaves nothing to expire. */
  for (guint i = 0; i < MASS_N; i++)
    mass_hello (m, i, FALSE, FALSE, 0.1, now + i);
  now += MASS_N + MASTER_TIMEOUT;
  g_ptr_array_set_size (log.removed, 0);
  g_assert_true (disc_membership_check_some (m, now, SLICE));
  g_assert_cmpuint (log.removed->len, ==, SLICE);
  g_assert_cmpuint (log.stopped, ==, 0);
  disc_membership_reset (m);
  g_assert_cmpuint (log.stopped, ==, MASS_N + 1 - SLICE);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 0);
  g_assert_false (disc_membership_check_some (m, now, SLICE));
  g_assert_cmpuint (log.removed->len, ==, SLICE);
  g_ptr_array_unref (log.removed);
  log.removed = NULL;
  disc_membership_free (m);
}

static void
test_expiry_slices_election (void)
{
  DiscMembershipConfig config = test_config ();
  g_autoptr(DiscNode) me = _disc_node_new ("ffff", "pid");
  ExpiryLog log = { g_ptr_array_new_with_free_func (g_free), 0, 0 };
  DiscMembership *m;
  gint64 t0 = 1000, now;
  char master_iid[33];

  g_test_summary ("The master and 1,000 better-ranked nodes time out together: the master goes "
                  "first and this node is elected at once, not after the others are removed; "
                  "a better node still alive keeps it from promoting");
  g_test_bug ("issues/15");
  config.max_nodes = 2 * MASS_N;
  m = disc_membership_new (&config, me, &expiry_callbacks, &log);
  _disc_node_set_is_master_eligible (me, TRUE);
  _disc_node_set_weight (me, 0.5);
  disc_membership_start (m, 0);

  /* The master's and the others' timeouts run out at the same ms. */
  mass_hello (m, MASS_N, TRUE, TRUE, 0.1, t0);
  for (guint i = 0; i < MASS_N; i++)
    mass_hello (m, i, FALSE, TRUE, 0.9, t0 + MASTER_TIMEOUT - NODE_TIMEOUT);
  g_assert_cmpuint (disc_membership_count_masters (m), ==, 1);
  now = t0 + MASTER_TIMEOUT + 1;

  g_assert_true (disc_membership_check_some (m, now, SLICE));
  mass_iid (master_iid, MASS_N);
  g_assert_cmpstr (g_ptr_array_index (log.removed, 0), ==, master_iid);
  g_assert_true (me->is_master);
  g_assert_cmpuint (log.promotions, ==, 1);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, MASS_N + 1 - SLICE);

  while (disc_membership_check_some (m, now, SLICE))
    ;
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 0);
  g_assert_true (me->is_master);
  g_assert_cmpuint (log.promotions, ==, 1);
  disc_membership_reset (m);
  g_assert_false (me->is_master);

  /* The same, but one better node said hello in time: it is alive, so
   * this node does not promote, neither during the expiry nor after. */
  disc_membership_start (m, now);
  log.promotions = 0;
  g_ptr_array_set_size (log.removed, 0);
  t0 = now + MASTER_TIMEOUT;
  mass_hello (m, MASS_N, TRUE, TRUE, 0.1, t0);
  for (guint i = 0; i < MASS_N; i++)
    mass_hello (m, i, FALSE, TRUE, 0.9, t0 + MASTER_TIMEOUT - NODE_TIMEOUT);
  now = t0 + MASTER_TIMEOUT + 1;
  mass_hello (m, MASS_N - 1, FALSE, TRUE, 0.9, now);

  g_assert_true (disc_membership_check_some (m, now, SLICE));
  g_assert_cmpstr (g_ptr_array_index (log.removed, 0), ==, master_iid);
  g_assert_false (me->is_master);
  while (disc_membership_check_some (m, now, SLICE))
    g_assert_false (me->is_master);
  g_assert_cmpuint (disc_membership_get_n_nodes (m), ==, 1);
  g_assert_false (me->is_master);
  g_assert_cmpuint (log.promotions, ==, 0);

  g_ptr_array_unref (log.removed);
  log.removed = NULL;
  disc_membership_free (m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");

  g_test_add_func ("/membership/promotion-timing", test_promotion_timing);
  g_test_add_func ("/membership/leave-reason", test_leave_reason);
  g_test_add_func ("/membership/observer-never-promotes", test_observer_never_promotes);
  g_test_add_func ("/membership/five-nodes", test_five_nodes);
  g_test_add_func ("/membership/master-loss", test_master_loss);
  g_test_add_func ("/membership/tie-break", test_tie_break);
  g_test_add_func ("/membership/late-joiner", test_late_joiner);
  g_test_add_func ("/membership/masters-required", test_masters_required);
  g_test_add_func ("/membership/partition-heal", test_partition_heal);
  g_test_add_func ("/membership/partition-from-start", test_partition_from_start);
  g_test_add_func ("/membership/manual-promote", test_manual_promote);
  g_test_add_func ("/membership/manual-promote-partition", test_manual_promote_partition);
  g_test_add_func ("/membership/demote-handover", test_demote_handover);
  g_test_add_func ("/membership/demote-only-eligible", test_demote_only_eligible);
  g_test_add_func ("/membership/demote-permanent", test_demote_permanent);
  g_test_add_func ("/membership/goodbye", test_goodbye);
  g_test_add_func ("/membership/max-nodes", test_max_nodes);
  g_test_add_func ("/membership/list-model", test_list_model);
  g_test_add_func ("/membership/notify", test_notify);
  g_test_add_func ("/membership/reset", test_reset);
  g_test_add_func ("/membership/reset-reentrant", test_reset_reentrant);
  g_test_add_func ("/membership/scale", test_scale);
  g_test_add_func ("/membership/expiry-slices", test_expiry_slices);
  g_test_add_func ("/membership/expiry-slices-election", test_expiry_slices_election);

  return g_test_run ();
}
