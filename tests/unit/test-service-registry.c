/* test-service-registry.c: the service bookkeeping, without sockets
 *
 * The registry is driven by plain function calls (a node appeared, its
 * info changed, it left, a hook completed) and every callback is written
 * to a log of short lines, so each test states the exact sequence of
 * events it expects.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "core/disc-service-registry.h"

typedef struct
{
  DiscServiceRegistry *registry;
  GPtrArray           *log;        /* of char *, one line per callback */
  GArray              *pending;    /* guint64 call ids, in the order started */
  GHashTable          *call_node;  /* call id -> node id (char *) */
  guint                ready;
  guint                destroyed;  /* hook data freed */
  /* When set, run_hook completes the call at once, with this outcome. */
  gboolean             complete_at_once;
  gboolean             fail_at_once;
  /* When set, run_hook frees the registry, as an owner disposed from
   * its setup hook does. */
  gboolean             free_at_once;
} Fixture;

static void
log_line (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
log_line (Fixture *f, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (f->log, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
on_needed (const char *name, guint position, gpointer user_data)
{
  log_line (user_data, "needed %s %u", name, position);
}

static void
on_activated (const char *name, DiscNode *node, guint n_active, gpointer user_data)
{
  log_line (user_data, "activated %s %s %u", name, disc_node_get_id (node), n_active);
}

static void
on_deactivated (const char *name, DiscNode *node, guint n_active, gpointer user_data)
{
  log_line (user_data, "deactivated %s %s %u", name, disc_node_get_id (node), n_active);
}

static void
on_run_hook (const char *name, DiscNode *node, gpointer hook, guint64 call_id, gpointer user_data)
{
  Fixture *f = user_data;

  log_line (f, "run %s %s %s", (const char *) hook, name, disc_node_get_id (node));
  if (f->free_at_once)
    {
      g_clear_pointer (&f->registry, disc_service_registry_free);
      /* The hook that runs must outlive its call. */
      g_assert_cmpuint (f->destroyed, ==, 0);
      return;
    }
  if (f->complete_at_once)
    {
      g_autoptr(GError) error = NULL;

      if (f->fail_at_once)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "refused at once");
      g_assert_true (disc_service_registry_complete (f->registry, call_id, error));
      return;
    }
  g_array_append_val (f->pending, call_id);
  g_hash_table_insert (f->call_node, g_memdup2 (&call_id, sizeof call_id),
                       g_strdup (disc_node_get_id (node)));
}

static void
on_cancel_hook (guint64 call_id, gpointer user_data)
{
  Fixture *f = user_data;

  log_line (f, "cancel %s", (const char *) g_hash_table_lookup (f->call_node, &call_id));
  for (guint i = 0; i < f->pending->len; i++)
    if (g_array_index (f->pending, guint64, i) == call_id)
      {
        g_array_remove_index (f->pending, i);
        break;
      }
}

static void
on_hook_failed (const char *name, DiscNode *node, const GError *error, gpointer user_data)
{
  log_line (user_data, "failed %s %s: %s", name, disc_node_get_id (node), error->message);
}

static void
on_ready (gpointer user_data)
{
  Fixture *f = user_data;

  f->ready++;
  log_line (f, "ready");
}

static void
on_notready (const char *name, gpointer user_data)
{
  log_line (user_data, "notready %s", name);
}

static const DiscServiceRegistryCallbacks callbacks = {
  .needed = on_needed,
  .activated = on_activated,
  .deactivated = on_deactivated,
  .run_hook = on_run_hook,
  .cancel_hook = on_cancel_hook,
  .hook_failed = on_hook_failed,
  .ready = on_ready,
  .notready = on_notready,
};

/* The hook data of these tests is a static label; its frees are counted
 * through the fixture, kept in a global for this one purpose. */
static Fixture *current_fixture;

static void
counting_hook_destroy (gpointer data)
{
  current_fixture->destroyed++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->pending = g_array_new (FALSE, FALSE, sizeof (guint64));
  f->call_node = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  current_fixture = f;
  f->registry = disc_service_registry_new (&callbacks, counting_hook_destroy, f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->registry, disc_service_registry_free);
  g_ptr_array_unref (f->log);
  g_array_unref (f->pending);
  g_hash_table_unref (f->call_node);
  current_fixture = NULL;
}

/* Checks the log since the last call against @expected (NULL-terminated),
 * then clears it. */
static void
assert_log (Fixture *f, const char * const *expected)
{
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  g_ptr_array_add (f->log, NULL);
  got = g_strjoinv ("\n", (char **) f->log->pdata);
  want = g_strjoinv ("\n", (char **) expected);
  g_assert_cmpstr (got, ==, want);
  g_ptr_array_set_size (f->log, 0);
}

#define ASSERT_LOG(f, ...) assert_log ((f), (const char * const[]) { __VA_ARGS__, NULL })
#define ASSERT_LOG_EMPTY(f) assert_log ((f), (const char * const[]) { NULL })

static DiscNode *
make_node (const char *id, const char *info_json)
{
  DiscNode *node = _disc_node_new (id, "pid");

  if (info_json != NULL)
    {
      g_autoptr(JsonNode) info = json_from_string (info_json, NULL);

      g_assert_nonnull (info);
      _disc_node_set_info (node, info);
    }
  return node;
}

static DiscNode *
service_node (const char *id, const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"name\":\"%s\",\"config\":{\"port\":6379}}", name);

  return make_node (id, json);
}

static void
set_info (DiscNode *node, const char *info_json)
{
  g_autoptr(JsonNode) info = info_json ? json_from_string (info_json, NULL) : NULL;

  _disc_node_set_info (node, info);
}

static guint64
pending_call (Fixture *f, guint index)
{
  g_assert_cmpuint (f->pending->len, >, index);
  return g_array_index (f->pending, guint64, index);
}

/* Completes the oldest pending call. */
static void
complete_first (Fixture *f, const char *error_message)
{
  g_autoptr(GError) error = NULL;
  guint64 call_id = pending_call (f, 0);

  g_array_remove_index (f->pending, 0);
  if (error_message != NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, error_message);
  g_assert_true (disc_service_registry_complete (f->registry, call_id, error));
}

static void
test_name_of (void)
{
  static const struct { const char *json; const char *name; } cases[] = {
    { "{\"name\":\"service.web\",\"ready\":false}", "service.web" },
    { "{\"name\":\"\"}", "" },
    { "{\"name\":42}", NULL },
    { "{\"name\":null}", NULL },
    { "{\"name\":{\"first\":\"x\"}}", NULL },
    { "{\"title\":\"service.web\"}", NULL },
    { "[\"service.web\"]", NULL },
    { "\"service.web\"", NULL },
    { "null", NULL },
  };

  g_test_summary ("A node's service name is its info's string \"name\" member, and nothing else");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) info = json_from_string (cases[i].json, NULL);

      g_assert_cmpstr (disc_service_registry_name_of (info), ==, cases[i].name);
    }
  g_assert_null (disc_service_registry_name_of (NULL));
}

/* The public accessor applies the registry's rule, not a copy of it. */
static void
test_node_service_name (void)
{
  g_autoptr(DiscNode) web = service_node ("web1", "service.web");
  g_autoptr(DiscNode) bare = make_node ("bare1", "{\"name\":42}");

  g_test_summary ("disc_node_get_service_name() follows the node's info by the registry's rule");
  g_assert_cmpstr (disc_node_get_service_name (web), ==, "service.web");
  g_assert_null (disc_node_get_service_name (bare));
  set_info (web, NULL);
  g_assert_null (disc_node_get_service_name (web));
  set_info (web, "{\"name\":\"service.db\"}");
  g_assert_cmpstr (disc_node_get_service_name (web), ==, "service.db");
}

static void
test_ready_once (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db = service_node ("db1", "db");
  g_autoptr(DiscNode) cache = service_node ("cache1", "cache");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");
  g_autoptr(DiscNode) other = service_node ("web1", "web");
  g_autoptr(DiscNode) plain = make_node ("plain", "{\"http\":\"80\"}");

  g_test_summary ("ready is emitted once when every needed service has a candidate");
  g_assert_true (disc_service_registry_need (f->registry, "db"));
  g_assert_true (disc_service_registry_need (f->registry, "cache"));
  g_assert_false (disc_service_registry_need (f->registry, "db"));
  ASSERT_LOG (f, "needed db 0", "needed cache 1");
  g_assert_false (disc_service_registry_is_ready (f->registry));

  /* Nodes without a service name are not candidates; services nobody
   * needs are activated (the seed's `service` event) but change nothing. */
  disc_service_registry_node_changed (f->registry, plain);
  disc_service_registry_node_changed (f->registry, other);
  ASSERT_LOG (f, "activated web web1 1");
  g_assert_cmpint (disc_service_registry_get_state (f->registry, plain), ==, DISC_CANDIDATE_NONE);

  disc_service_registry_node_changed (f->registry, db);
  ASSERT_LOG (f, "activated db db1 1");
  g_assert_false (disc_service_registry_is_ready (f->registry));

  disc_service_registry_node_changed (f->registry, cache);
  ASSERT_LOG (f, "activated cache cache1 1", "ready");
  g_assert_true (disc_service_registry_is_ready (f->registry));

  /* More candidates, or the same ones again, do not make it ready twice. */
  disc_service_registry_node_changed (f->registry, db2);
  disc_service_registry_node_changed (f->registry, db);
  disc_service_registry_node_changed (f->registry, cache);
  ASSERT_LOG (f, "activated db db2 2");
  g_assert_cmpuint (f->ready, ==, 1);
  g_assert_cmpuint (disc_service_registry_get_n_active (f->registry, "db"), ==, 2);
}

static void
test_hooks_serial (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");
  g_autoptr(DiscNode) db3 = service_node ("db3", "db");
  g_autoptr(DiscNode) cache = service_node ("cache1", "cache");

  g_test_summary ("Setup hooks of one service run one at a time, each call "
                  "completing once; services do not wait on each other");
  disc_service_registry_add_hook (f->registry, "db", "connect");
  disc_service_registry_add_hook (f->registry, "db", "auth");
  disc_service_registry_add_hook (f->registry, "cache", "warm");
  ASSERT_LOG (f, "needed db 0", "needed cache 1");

  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_changed (f->registry, db2);
  disc_service_registry_node_changed (f->registry, db3);
  /* Only the first candidate's first hook has started. */
  ASSERT_LOG (f, "run connect db db1");
  g_assert_cmpuint (f->pending->len, ==, 1);
  g_assert_cmpint (disc_service_registry_get_state (f->registry, db1), ==, DISC_CANDIDATE_SETTING_UP);
  g_assert_cmpint (disc_service_registry_get_state (f->registry, db2), ==, DISC_CANDIDATE_WAITING);

  /* Another service has its own queue: it does not wait for db. */
  disc_service_registry_node_changed (f->registry, cache);
  ASSERT_LOG (f, "run warm cache cache1");
  g_assert_cmpuint (f->pending->len, ==, 2);
  {
    /* complete cache's call (the second pending) */
    guint64 call_id = pending_call (f, 1);

    g_array_remove_index (f->pending, 1);
    g_assert_true (disc_service_registry_complete (f->registry, call_id, NULL));
    ASSERT_LOG (f, "activated cache cache1 1");
    /* A call completes once. */
    g_assert_false (disc_service_registry_complete (f->registry, call_id, NULL));
  }

  /* A hello repeating the same info changes nothing. */
  disc_service_registry_node_changed (f->registry, db1);
  ASSERT_LOG_EMPTY (f);

  complete_first (f, NULL);
  ASSERT_LOG (f, "run auth db db1");
  complete_first (f, NULL);
  ASSERT_LOG (f, "activated db db1 1", "ready", "run connect db db2");
  complete_first (f, NULL);
  ASSERT_LOG (f, "run auth db db2");
  complete_first (f, NULL);
  ASSERT_LOG (f, "activated db db2 2", "run connect db db3");
  complete_first (f, NULL);
  complete_first (f, NULL);
  ASSERT_LOG (f, "run auth db db3", "activated db db3 3");
  g_assert_cmpuint (f->pending->len, ==, 0);
  g_assert_cmpuint (f->ready, ==, 1);
  g_assert_false (disc_service_registry_complete (f->registry, 12345, NULL));
}

static void
test_hook_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");

  g_test_summary ("A candidate whose hook fails is left out and not retried until it leaves and comes back");
  disc_service_registry_add_hook (f->registry, "db", "connect");
  disc_service_registry_add_hook (f->registry, "db", "auth");
  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_changed (f->registry, db2);
  ASSERT_LOG (f, "needed db 0", "run connect db db1");

  /* db1 fails its first hook: never activated, its second hook never
   * runs, and db2 gets its turn. */
  complete_first (f, "connection refused");
  ASSERT_LOG (f, "failed db db1: connection refused", "run connect db db2");
  g_assert_cmpint (disc_service_registry_get_state (f->registry, db1), ==, DISC_CANDIDATE_FAILED);
  g_assert_false (disc_service_registry_is_ready (f->registry));

  complete_first (f, NULL);
  complete_first (f, NULL);
  ASSERT_LOG (f, "run auth db db2", "activated db db2 1", "ready");
  g_assert_cmpuint (disc_service_registry_get_n_active (f->registry, "db"), ==, 1);

  /* A failed candidate is not retried on its next hellos... */
  disc_service_registry_node_changed (f->registry, db1);
  ASSERT_LOG_EMPTY (f);
  /* ...but is when it comes back after leaving. */
  disc_service_registry_node_removed (f->registry, db1);
  ASSERT_LOG_EMPTY (f);
  disc_service_registry_node_changed (f->registry, db1);
  ASSERT_LOG (f, "run connect db db1");
  complete_first (f, NULL);
  complete_first (f, NULL);
  ASSERT_LOG (f, "run auth db db1", "activated db db1 2");
}

static void
test_notready_and_back (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");
  g_autoptr(DiscNode) cache = service_node ("cache1", "cache");
  g_autoptr(DiscNode) db1_again = service_node ("db1", "db");

  g_test_summary ("notready when a needed service loses its last candidate, ready again when one comes back");
  disc_service_registry_need (f->registry, "db");
  disc_service_registry_need (f->registry, "cache");
  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_changed (f->registry, db2);
  disc_service_registry_node_changed (f->registry, cache);
  ASSERT_LOG (f, "needed db 0", "needed cache 1",
              "activated db db1 1", "activated db db2 2", "activated cache cache1 1", "ready");

  /* One of two candidates leaves (a goodbye): still ready. */
  disc_service_registry_node_removed (f->registry, db1);
  ASSERT_LOG (f, "deactivated db db1 1");
  g_assert_true (disc_service_registry_is_ready (f->registry));

  /* The last one leaves: notready at once. */
  disc_service_registry_node_removed (f->registry, db2);
  ASSERT_LOG (f, "deactivated db db2 0", "notready db");
  g_assert_false (disc_service_registry_is_ready (f->registry));

  /* Losing another needed service while not ready is reported too. */
  disc_service_registry_node_removed (f->registry, cache);
  ASSERT_LOG (f, "deactivated cache cache1 0", "notready cache");

  /* Removing an unknown node, or again, does nothing. */
  disc_service_registry_node_removed (f->registry, cache);
  ASSERT_LOG_EMPTY (f);

  /* The services come back (as new node objects, as after a restart):
   * ready again, once. */
  disc_service_registry_node_changed (f->registry, db1_again);
  ASSERT_LOG (f, "activated db db1 1");
  disc_service_registry_node_changed (f->registry, cache);
  ASSERT_LOG (f, "activated cache cache1 1", "ready");
  g_assert_cmpuint (f->ready, ==, 2);
  g_assert_true (disc_service_registry_is_ready (f->registry));
}

static void
test_removal_during_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");
  guint64 first;

  g_test_summary ("A candidate leaving while its hook runs cancels the call; the next one is tried");
  disc_service_registry_add_hook (f->registry, "db", "connect");
  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_changed (f->registry, db2);
  ASSERT_LOG (f, "needed db 0", "run connect db db1");
  first = pending_call (f, 0);

  /* db1 says goodbye while its hook runs: the call is cancelled and db2
   * does not wait for it. */
  disc_service_registry_node_removed (f->registry, db1);
  ASSERT_LOG (f, "cancel db1", "run connect db db2");
  /* Completing the cancelled call now does nothing. */
  g_assert_false (disc_service_registry_complete (f->registry, first, NULL));
  ASSERT_LOG_EMPTY (f);

  /* A waiting candidate that leaves is simply dropped. */
  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_removed (f->registry, db1);
  ASSERT_LOG_EMPTY (f);

  complete_first (f, NULL);
  ASSERT_LOG (f, "activated db db2 1", "ready");
}

static void
test_name_change (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) node = service_node ("n1", "db");

  g_test_summary ("A node that advertises another name moves between services, cancelling a running hook");
  disc_service_registry_need (f->registry, "db");
  disc_service_registry_need (f->registry, "cache");
  disc_service_registry_add_hook (f->registry, "cache", "warm");
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG (f, "needed db 0", "needed cache 1", "activated db n1 1");

  /* Same name, other details: still the same candidate. */
  set_info (node, "{\"name\":\"db\",\"config\":{\"port\":6380}}");
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG_EMPTY (f);

  /* It now advertises cache: it leaves db (the last one: notready) and
   * goes through cache's hook. */
  set_info (node, "{\"name\":\"cache\"}");
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG (f, "deactivated db n1 0", "notready db", "run warm cache n1");
  g_assert_cmpstr (disc_service_registry_get_service_of (f->registry, node), ==, "cache");

  /* It changes again while the hook runs: the call is cancelled. */
  set_info (node, "{\"name\":\"db\"}");
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG (f, "cancel n1", "activated db n1 1");
  g_assert_cmpuint (disc_service_registry_get_n_active (f->registry, "db"), ==, 1);

  /* No name any more (or no info at all): a candidate of nothing. */
  set_info (node, "{\"http\":\"80\"}");
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG (f, "deactivated db n1 0", "notready db");
  g_assert_null (disc_service_registry_get_service_of (f->registry, node));
  set_info (node, NULL);
  disc_service_registry_node_changed (f->registry, node);
  ASSERT_LOG_EMPTY (f);
  g_assert_cmpint (disc_service_registry_get_state (f->registry, node), ==, DISC_CANDIDATE_NONE);
}

static void
test_need_later (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db = service_node ("db1", "db");

  g_test_summary ("Needing a service later makes the registry ready or not ready at once");
  disc_service_registry_node_changed (f->registry, db);
  ASSERT_LOG (f, "activated db db1 1");
  g_assert_false (disc_service_registry_is_ready (f->registry));

  /* Needing a service that is already there makes us ready at once. */
  disc_service_registry_need (f->registry, "db");
  ASSERT_LOG (f, "needed db 0", "ready");
  g_assert_true (disc_service_registry_is_ready (f->registry));

  /* Needing one that is not there makes us not ready. */
  disc_service_registry_need (f->registry, "cache");
  ASSERT_LOG (f, "needed cache 1", "notready cache");
  g_assert_false (disc_service_registry_is_ready (f->registry));
}

static void
test_hook_added_later (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");

  g_test_summary ("A hook added later runs for the active candidates too, one at a time");
  disc_service_registry_need (f->registry, "db");
  disc_service_registry_node_changed (f->registry, db1);
  disc_service_registry_node_changed (f->registry, db2);
  ASSERT_LOG (f, "needed db 0", "activated db db1 1", "ready", "activated db db2 2");

  /* A new hook runs for the active candidates too, one at a time; they
   * stay active meanwhile, and one that fails it is dropped. */
  disc_service_registry_add_hook (f->registry, "db", "check");
  ASSERT_LOG (f, "run check db db1");
  g_assert_cmpint (disc_service_registry_get_state (f->registry, db1), ==, DISC_CANDIDATE_SETTING_UP);
  g_assert_cmpint (disc_service_registry_get_state (f->registry, db2), ==, DISC_CANDIDATE_ACTIVE);
  complete_first (f, "too old");
  ASSERT_LOG (f, "failed db db1: too old", "deactivated db db1 1", "run check db db2");
  complete_first (f, "too old too");
  ASSERT_LOG (f, "failed db db2: too old too", "deactivated db db2 0", "notready db");
  g_assert_false (disc_service_registry_is_ready (f->registry));
}

static void
test_complete_at_once (Fixture *f, gconstpointer data)
{
  enum { N = 2000 };
  DiscNode *nodes[N];

  g_test_summary ("Hooks that complete before returning are followed "
                  "in a loop: 2,000 candidates do not grow the stack");
  /* Hooks that complete before returning are followed in a loop, not by
   * recursion: thousands of candidates cannot grow the stack. */
  f->complete_at_once = TRUE;
  disc_service_registry_add_hook (f->registry, "db", "a");
  disc_service_registry_add_hook (f->registry, "db", "b");
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *id = g_strdup_printf ("db%u", i);

      nodes[i] = service_node (id, "db");
      disc_service_registry_node_changed (f->registry, nodes[i]);
    }
  g_assert_cmpuint (disc_service_registry_get_n_active (f->registry, "db"), ==, N);
  g_assert_cmpuint (f->ready, ==, 1);
  /* needed, then per node: run a, run b, activated; and one ready */
  g_assert_cmpuint (f->log->len, ==, 1 + 3 * N + 1);
  g_assert_cmpstr (f->log->pdata[1], ==, "run a db db0");
  g_assert_cmpstr (f->log->pdata[2], ==, "run b db db0");
  g_assert_cmpstr (f->log->pdata[3], ==, "activated db db0 1");
  g_assert_cmpstr (f->log->pdata[4], ==, "ready");
  g_ptr_array_set_size (f->log, 0);

  /* And failing at once: the next candidate still runs. */
  f->fail_at_once = TRUE;
  {
    g_autoptr(DiscNode) bad = service_node ("bad", "cache");
    g_autoptr(DiscNode) bad2 = service_node ("bad2", "cache");

    disc_service_registry_add_hook (f->registry, "cache", "c");
    disc_service_registry_node_changed (f->registry, bad);
    disc_service_registry_node_changed (f->registry, bad2);
    ASSERT_LOG (f, "needed cache 1", "notready cache",
                "run c cache bad", "failed cache bad: refused at once",
                "run c cache bad2", "failed cache bad2: refused at once");
  }

  for (guint i = 0; i < N; i++)
    g_object_unref (nodes[i]);
}

static void
test_hooks_freed (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");

  g_test_summary ("Freeing the registry with a call running frees every hook's data once and calls nothing");
  disc_service_registry_add_hook (f->registry, "db", "a");
  disc_service_registry_add_hook (f->registry, "cache", "b");
  disc_service_registry_node_changed (f->registry, db1);
  g_assert_cmpuint (f->pending->len, ==, 1);
  /* Freed with a call running: no callback, every hook freed once. */
  g_ptr_array_set_size (f->log, 0);
  g_clear_pointer (&f->registry, disc_service_registry_free);
  ASSERT_LOG_EMPTY (f);
  g_assert_cmpuint (f->destroyed, ==, 2);
}

static void
test_free_from_hook (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  g_autoptr(DiscNode) db2 = service_node ("db2", "db");
  DiscServiceRegistry *registry = f->registry;

  g_test_bug ("breaker2-registry-free-in-hook");
  g_test_summary ("Freeing the registry from inside a run_hook callback frees "
                  "the hooks only once that call has returned, and calls nothing more");
  disc_service_registry_add_hook (registry, "db", "a");
  disc_service_registry_add_hook (registry, "db", "b");
  disc_service_registry_node_changed (registry, db1);
  ASSERT_LOG (f, "needed db 0", "run a db db1");
  g_assert_cmpuint (f->pending->len, ==, 1);

  /* Completing the call runs hook b, which frees the registry. */
  f->free_at_once = TRUE;
  g_assert_true (disc_service_registry_complete (registry, pending_call (f, 0), NULL));
  g_assert_null (f->registry);
  ASSERT_LOG (f, "run b db db1");
  g_assert_cmpuint (f->destroyed, ==, 2);
}

static void
test_free_from_first_hook (Fixture *f, gconstpointer data)
{
  g_autoptr(DiscNode) db1 = service_node ("db1", "db");
  DiscServiceRegistry *registry = f->registry;

  g_test_bug ("breaker2-registry-free-in-hook");
  g_test_summary ("Freeing the registry from the run_hook of a node that just "
                  "appeared leaves node_changed() with nothing to touch");
  disc_service_registry_add_hook (registry, "db", "a");
  f->free_at_once = TRUE;
  disc_service_registry_node_changed (registry, db1);
  g_assert_null (f->registry);
  ASSERT_LOG (f, "needed db 0", "run a db db1");
  g_assert_cmpuint (f->destroyed, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-registry/name-of", test_name_of);
  g_test_add_func ("/service-registry/node-service-name", test_node_service_name);
#define ADD(path, func) \
  g_test_add ("/service-registry/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("ready-once", test_ready_once);
  ADD ("hooks-serial", test_hooks_serial);
  ADD ("hook-failure", test_hook_failure);
  ADD ("notready-and-back", test_notready_and_back);
  ADD ("removal-during-setup", test_removal_during_setup);
  ADD ("name-change", test_name_change);
  ADD ("need-later", test_need_later);
  ADD ("hook-added-later", test_hook_added_later);
  ADD ("complete-at-once", test_complete_at_once);
  ADD ("hooks-freed", test_hooks_freed);
  ADD ("free-from-hook", test_free_from_hook);
  ADD ("free-from-first-hook", test_free_from_first_hook);
#undef ADD

  return g_test_run ();
}
