/* test-service-discovery.c: DiscServiceDiscovery through its public API
 *
 * Several instances in one process on real loopback sockets (the loopback
 * broadcast address, a port of their own and a key of their own, so that
 * nothing else on the machine is heard). Waits poll the main loop up to a
 * generous deadline.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <unistd.h>

#include "test-util.h"

static DiscServiceDiscovery *
make_instance (guint port, const char *name)
{
  g_autofree char *key = g_strdup_printf ("test-service-discovery-%d", (int) getpid ());
  DiscServiceDiscovery *d = test_new_node (DISC_TYPE_SERVICE_DISCOVERY, port, 1000);

  g_object_set (d, "key", key, NULL);

  if (name != NULL)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"%s\",\"config\":{\"port\":6379}}", name);
      g_autoptr(JsonNode) info = json_from_string (json, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (disc_discovery_advertise (DISC_DISCOVERY (d), info, &error));
      g_assert_no_error (error);
    }
  return d;
}

static void
start_or_fail (DiscServiceDiscovery *d)
{
  test_start_or_fail (DISC_DISCOVERY (d));
}

static const char *
my_id (DiscServiceDiscovery *d)
{
  return disc_node_get_id (disc_discovery_get_me (DISC_DISCOVERY (d)));
}

/* Advertising */

static void
assert_refused (DiscServiceDiscovery *d, const char *json)
{
  g_autoptr(JsonNode) info = json ? json_from_string (json, NULL) : NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (disc_discovery_advertise (DISC_DISCOVERY (d), info, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_INFO);
}

static void
test_advertise_needs_name (void)
{
  g_autoptr(DiscServiceDiscovery) d = disc_service_discovery_new ();
  g_autoptr(JsonNode) good = json_from_string ("{\"name\":\"service.web\",\"ready\":false}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("advertise() takes only an object with a string name, and keeps the last good one");
  g_assert_true (DISC_IS_DISCOVERY (d));

  assert_refused (d, NULL);
  assert_refused (d, "{\"ready\":false}");
  assert_refused (d, "{\"name\":42}");
  assert_refused (d, "{\"name\":null}");
  assert_refused (d, "\"service.web\"");
  assert_refused (d, "[{\"name\":\"service.web\"}]");
  /* Nothing refused was taken. */
  g_assert_null (disc_node_get_info (disc_discovery_get_me (DISC_DISCOVERY (d))));

  g_assert_true (disc_discovery_advertise (DISC_DISCOVERY (d), good, &error));
  g_assert_no_error (error);
  text = disc_node_dup_info_json (disc_discovery_get_me (DISC_DISCOVERY (d)));
  g_assert_cmpstr (text, ==, "{\"name\":\"service.web\",\"ready\":false}");

  /* A refused one leaves the last good one in place. */
  assert_refused (d, "{\"title\":\"x\"}");
  g_free (text);
  text = disc_node_dup_info_json (disc_discovery_get_me (DISC_DISCOVERY (d)));
  g_assert_cmpstr (text, ==, "{\"name\":\"service.web\",\"ready\":false}");
}

/* Needs, before anything runs */

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static void
never_called (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  g_assert_not_reached ();
}

static void
test_needs_and_model (void)
{
  g_autoptr(DiscServiceDiscovery) d = disc_service_discovery_new ();
  const char * const names[] = { "service.database.redis", "service.database.mysql", NULL };
  GListModel *services = disc_service_discovery_get_services (d);
  g_autoptr(GListModel) from_property = NULL;
  g_autoptr(DiscService) first = NULL;

  g_test_summary ("need() fills the services model once per name; setup() needs too and frees its data");
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 0);
  g_assert_true (g_list_model_get_item_type (services) == DISC_TYPE_SERVICE);
  g_object_get (d, "services", &from_property, NULL);
  g_assert_true (from_property == services);

  disc_service_discovery_need (d, "service.database.mongo");
  disc_service_discovery_needv (d, names);
  disc_service_discovery_need (d, "service.database.mongo");
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 3);
  g_assert_true (disc_service_discovery_is_needed (d, "service.database.mysql"));
  g_assert_false (disc_service_discovery_is_needed (d, "service.web"));
  g_assert_false (disc_service_discovery_is_ready (d));

  first = g_list_model_get_item (services, 0);
  g_assert_cmpstr (disc_service_get_name (first), ==, "service.database.mongo");
  g_assert_true (disc_service_get_needed (first));
  g_assert_cmpuint (disc_service_get_n_candidates (first), ==, 0);
  g_assert_true (disc_service_get_candidates (first) == G_LIST_MODEL (first));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (first)) == DISC_TYPE_NODE);
  g_assert_true (disc_service_discovery_lookup_service (d, "service.database.mongo") == first);
  g_assert_null (disc_service_discovery_lookup_service (d, "service.web"));

  /* setup() needs too, and its hook's data is freed with the instance. */
  {
    DiscServiceDiscovery *other = disc_service_discovery_new ();
    guint destroyed = 0;

    disc_service_discovery_setup (other, "service.queue", never_called, &destroyed, count_destroy);
    g_assert_true (disc_service_discovery_is_needed (other, "service.queue"));
    g_assert_cmpuint (g_list_model_get_n_items (disc_service_discovery_get_services (other)), ==, 1);
    g_assert_cmpuint (destroyed, ==, 0);
    g_object_unref (other);
    g_assert_cmpuint (destroyed, ==, 1);
  }
}

/* web, db and cache on loopback */

typedef struct
{
  guint        ready;
  guint        notready_cache;
  guint        notready_other;
  guint        services;
  guint        errors;
  guint        setup_calls;
  guint        setup_completed;
  guint        is_ready_notifies;
  gint64       notready_at;
  GListModel  *ready_arg;
  GError      *last_error;
  char        *setup_node_id;
  char        *setup_name;
  char        *setup_info;
  gboolean     setup_running;    /* a db setup is in progress */
  gboolean     overlapped;       /* two db setups ran at once */
  char        *reject_id;        /* the db candidate the hook refuses */
} WebLog;

static void
on_ready (DiscServiceDiscovery *d, GListModel *services, WebLog *log)
{
  log->ready++;
  log->ready_arg = services;
  g_assert_true (disc_service_discovery_is_ready (d));
}

static void
on_notready (DiscServiceDiscovery *d, const char *name, WebLog *log)
{
  if (g_strcmp0 (name, "test.cache") == 0)
    {
      log->notready_cache++;
      log->notready_at = g_get_monotonic_time ();
    }
  else
    log->notready_other++;
  g_assert_false (disc_service_discovery_is_ready (d));
}

static void
on_service (DiscServiceDiscovery *d, const char *name, DiscNode *node, WebLog *log)
{
  DiscService *service = disc_service_discovery_lookup_service (d, name);

  log->services++;
  /* When announced, the candidate is already in its service's list. */
  g_assert_nonnull (service);
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (service)) >= 1);
}

static void
on_error (DiscDiscovery *d, GError *error, WebLog *log)
{
  log->errors++;
  g_clear_error (&log->last_error);
  log->last_error = g_error_copy (error);
}

static void
on_is_ready_notify (GObject *object, GParamSpec *pspec, WebLog *log)
{
  log->is_ready_notifies++;
}

typedef struct
{
  WebLog        *log;
  DiscSetupCall *call;
} Pending;

static gboolean
finish_setup (gpointer data)
{
  Pending *pending = data;
  DiscSetupCall *call = pending->call;

  pending->log->setup_running = FALSE;
  pending->log->setup_completed++;
  if (g_strcmp0 (disc_node_get_id (disc_setup_call_get_node (call)), pending->log->reject_id) == 0)
    disc_setup_call_return_error_literal (call, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                          "refused by the test");
  else
    disc_setup_call_return_success (call);
  g_assert_true (disc_setup_call_is_completed (call));
  g_object_unref (call);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

/* The db hook: checks what it is given, and completes 150 ms later. */
static void
setup_db (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  WebLog *log = user_data;
  Pending *pending = g_new0 (Pending, 1);
  JsonNode *info = disc_setup_call_get_info (call);

  if (log->setup_running)
    log->overlapped = TRUE;
  log->setup_running = TRUE;
  log->setup_calls++;
  g_free (log->setup_node_id);
  log->setup_node_id = g_strdup (disc_node_get_id (disc_setup_call_get_node (call)));
  g_free (log->setup_name);
  log->setup_name = g_strdup (disc_setup_call_get_service_name (call));
  g_free (log->setup_info);
  log->setup_info = disc_setup_call_dup_info_json (call);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (info));
  g_assert_false (disc_setup_call_is_completed (call));
  g_assert_false (g_cancellable_is_cancelled (disc_setup_call_get_cancellable (call)));

  pending->log = log;
  pending->call = g_object_ref (call);
  g_timeout_add (150, finish_setup, pending);
}

static void
web_log_clear (WebLog *log)
{
  g_clear_error (&log->last_error);
  g_free (log->setup_node_id);
  g_free (log->setup_name);
  g_free (log->setup_info);
  g_free (log->reject_id);
}

static gboolean
web_is_ready (gpointer data)
{
  return ((WebLog *) data)->ready > 0;
}

static gboolean
web_ready_twice (gpointer data)
{
  return ((WebLog *) data)->ready >= 2;
}

static gboolean
cache_notready (gpointer data)
{
  return ((WebLog *) data)->notready_cache > 0;
}

static void
test_web_db_cache (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) web = make_instance (port, "test.web");
  g_autoptr(DiscServiceDiscovery) db = make_instance (port, "test.db");
  g_autoptr(DiscServiceDiscovery) cache = make_instance (port, "test.cache");
  WebLog log = { 0, };
  GListModel *services;
  g_autoptr(DiscService) db_service = NULL;
  g_autoptr(DiscService) cache_service = NULL;
  g_autoptr(DiscNode) db_node = NULL;
  gint64 stopped_at;

  g_test_summary ("web needs db and cache: ready once with the hook "
                  "run, notready at cache's goodbye, ready again");
  /* Only the goodbye can tell web quickly that cache stopped. */
  g_object_set (web, "node-timeout", 8000, "master-timeout", 8000, NULL);

  g_signal_connect (web, "ready", G_CALLBACK (on_ready), &log);
  g_signal_connect (web, "notready", G_CALLBACK (on_notready), &log);
  g_signal_connect (web, "service", G_CALLBACK (on_service), &log);
  g_signal_connect (web, "error", G_CALLBACK (on_error), &log);
  g_signal_connect (web, "notify::is-ready", G_CALLBACK (on_is_ready_notify), &log);
  disc_service_discovery_setup (web, "test.db", setup_db, &log, NULL);
  disc_service_discovery_need (web, "test.cache");

  start_or_fail (web);
  start_or_fail (db);
  start_or_fail (cache);

  g_assert_true (test_wait_for (web_is_ready, &log));
  g_assert_cmpuint (log.ready, ==, 1);
  g_assert_cmpuint (log.errors, ==, 0);
  g_assert_true (disc_service_discovery_is_ready (web));
  g_assert_cmpuint (log.is_ready_notifies, ==, 1);

  /* The hook ran once, for db, and was told who and what. */
  g_assert_cmpuint (log.setup_calls, ==, 1);
  g_assert_cmpuint (log.setup_completed, ==, 1);
  g_assert_cmpstr (log.setup_node_id, ==, my_id (db));
  g_assert_cmpstr (log.setup_name, ==, "test.db");
  g_assert_cmpstr (log.setup_info, ==, "{\"name\":\"test.db\",\"config\":{\"port\":6379}}");

  /* ready's argument is the services model; it lists the needed
   * services in the order they were needed, each with its candidate. */
  services = disc_service_discovery_get_services (web);
  g_assert_true (log.ready_arg == services);
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 2);
  db_service = g_list_model_get_item (services, 0);
  cache_service = g_list_model_get_item (services, 1);
  g_assert_cmpstr (disc_service_get_name (db_service), ==, "test.db");
  g_assert_cmpstr (disc_service_get_name (cache_service), ==, "test.cache");
  g_assert_cmpuint (disc_service_get_n_candidates (db_service), ==, 1);
  db_node = g_list_model_get_item (G_LIST_MODEL (db_service), 0);
  g_assert_cmpstr (disc_node_get_id (db_node), ==, my_id (db));
  g_assert_cmpstr (disc_node_get_address (db_node), ==, "127.0.0.1");
  {
    g_autoptr(DiscNode) cache_node = g_list_model_get_item (G_LIST_MODEL (cache_service), 0);
    guint n = 0;

    g_assert_cmpstr (disc_node_get_id (cache_node), ==, my_id (cache));
    g_object_get (cache_service, "n-candidates", &n, NULL);
    g_assert_cmpuint (n, ==, 1);
  }
  /* The others see web as a service too, though they need nothing. */
  g_assert_nonnull (disc_service_discovery_lookup_service (db, "test.web"));
  g_assert_false (disc_service_discovery_is_ready (db));

  /* cache stops: its goodbye makes web not ready at once, far sooner than
   * web's node-timeout of 8 s. */
  stopped_at = g_get_monotonic_time ();
  disc_discovery_stop (DISC_DISCOVERY (cache));
  g_assert_true (test_wait_for (cache_notready, &log));
  g_assert_cmpint (log.notready_at - stopped_at, <, 3000 * 1000);
  g_assert_false (disc_service_discovery_is_ready (web));
  g_assert_cmpuint (log.is_ready_notifies, ==, 2);
  g_assert_cmpuint (disc_service_get_n_candidates (cache_service), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cache_service)), ==, 0);
  g_assert_cmpuint (disc_service_get_n_candidates (db_service), ==, 1);
  g_assert_cmpuint (log.notready_other, ==, 0);

  /* cache comes back: ready again; db's hook did not run again. */
  start_or_fail (cache);
  g_assert_true (test_wait_for (web_ready_twice, &log));
  g_assert_cmpuint (log.ready, ==, 2);
  g_assert_cmpuint (log.setup_calls, ==, 1);
  g_assert_cmpuint (disc_service_get_n_candidates (cache_service), ==, 1);
  g_assert_cmpuint (log.is_ready_notifies, ==, 3);
  web_log_clear (&log);
}

/* Two db candidates and a failing hook */

static gboolean
two_setups_done_and_ready (gpointer data)
{
  WebLog *log = data;

  return log->setup_completed >= 2 && log->ready > 0;
}

static void
test_failed_setup (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) web = make_instance (port, "test.web");
  g_autoptr(DiscServiceDiscovery) good = make_instance (port, "test.db");
  g_autoptr(DiscServiceDiscovery) bad = make_instance (port, "test.db");
  WebLog log = { 0, };
  DiscService *db_service;
  g_autoptr(DiscNode) active = NULL;

  g_test_summary ("Hooks run one at a time; a refused candidate "
                  "is reported and left out, the other is active");
  log.reject_id = g_strdup (my_id (bad));
  g_signal_connect (web, "ready", G_CALLBACK (on_ready), &log);
  g_signal_connect (web, "error", G_CALLBACK (on_error), &log);
  disc_service_discovery_setup (web, "test.db", setup_db, &log, NULL);

  start_or_fail (bad);
  start_or_fail (good);
  start_or_fail (web);

  g_assert_true (test_wait_for (two_setups_done_and_ready, &log));
  test_run_for_ms (300);
  /* One hook at a time, once per candidate. */
  g_assert_false (log.overlapped);
  g_assert_cmpuint (log.setup_calls, ==, 2);
  /* The refused candidate is reported and left out; the other is active. */
  g_assert_cmpuint (log.errors, ==, 1);
  g_assert_error (log.last_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (log.last_error->message, "test.db"));
  g_assert_nonnull (strstr (log.last_error->message, "refused by the test"));
  db_service = disc_service_discovery_lookup_service (web, "test.db");
  g_assert_cmpuint (disc_service_get_n_candidates (db_service), ==, 1);
  active = g_list_model_get_item (G_LIST_MODEL (db_service), 0);
  g_assert_cmpstr (disc_node_get_id (active), ==, my_id (good));
  g_assert_cmpuint (log.ready, ==, 1);
  web_log_clear (&log);
}

/* A node that changes its name moves between services */

static gboolean
has_candidates (gpointer data)
{
  return disc_service_get_n_candidates (data) > 0;
}

static gboolean
has_no_candidates (gpointer data)
{
  return disc_service_get_n_candidates (data) == 0;
}

static void
test_rename (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) web = make_instance (port, "test.web");
  g_autoptr(DiscServiceDiscovery) node = make_instance (port, "test.db");
  g_autoptr(JsonNode) renamed = json_from_string ("{\"name\":\"test.cache\"}", NULL);
  WebLog log = { 0, };
  DiscService *db_service, *cache_service;

  g_test_summary ("A node that advertises another name moves from one service to the other");
  disc_service_discovery_need (web, "test.db");
  disc_service_discovery_need (web, "test.cache");
  g_signal_connect (web, "notready", G_CALLBACK (on_notready), &log);
  db_service = disc_service_discovery_lookup_service (web, "test.db");
  cache_service = disc_service_discovery_lookup_service (web, "test.cache");
  start_or_fail (web);
  start_or_fail (node);

  g_assert_true (test_wait_for (has_candidates, db_service));
  g_assert_true (disc_discovery_advertise (DISC_DISCOVERY (node), renamed, NULL));
  g_assert_true (test_wait_for (has_candidates, cache_service));
  g_assert_true (test_wait_for (has_no_candidates, db_service));
  g_assert_cmpuint (log.notready_other, ==, 1);
  web_log_clear (&log);
}

/* Everything of DiscDiscovery works on the subclass */

typedef struct
{
  guint added;
  guint messages;
  guint promotions;
} BaseLog;

static void
on_added (DiscDiscovery *d, DiscNode *node, BaseLog *log)
{
  log->added++;
}

static void
on_message (DiscDiscovery *d, const char *channel, JsonNode *data, DiscNode *sender, BaseLog *log)
{
  log->messages++;
}

static void
on_promotion (DiscDiscovery *d, DiscNode *me, BaseLog *log)
{
  log->promotions++;
}

static gboolean
base_works (gpointer data)
{
  BaseLog *log = data;

  return log->added > 0 && log->messages > 0 && log->promotions > 0;
}

static gboolean
sees_one (gpointer data)
{
  return g_list_model_get_n_items (disc_discovery_get_nodes (data)) == 1;
}

static void
test_discovery_api (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) a = make_instance (port, "test.a");
  g_autoptr(DiscServiceDiscovery) b = make_instance (port, "test.b");
  g_autoptr(JsonNode) data = json_from_string ("{\"hello\":\"there\"}", NULL);
  BaseLog log = { 0, };
  gboolean running = FALSE;

  g_test_summary ("Every signal and call of DiscDiscovery works on the subclass");
  g_signal_connect (a, "added", G_CALLBACK (on_added), &log);
  g_signal_connect (a, "message::updates", G_CALLBACK (on_message), &log);
  g_signal_connect (a, "promotion", G_CALLBACK (on_promotion), &log);
  g_assert_true (disc_discovery_join (DISC_DISCOVERY (a), "updates"));
  start_or_fail (a);
  start_or_fail (b);
  g_object_get (a, "running", &running, NULL);
  g_assert_true (running);
  g_assert_true (test_wait_for (sees_one, a));
  g_assert_true (disc_discovery_send (DISC_DISCOVERY (b), "updates", data, NULL));
  disc_discovery_promote (DISC_DISCOVERY (a));
  g_assert_true (test_wait_for (base_works, &log));
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (DISC_DISCOVERY (a))));
}

/* Setup calls that outlive their candidate or their discovery */

typedef struct
{
  DiscSetupCall *kept;
  guint          cancelled;
  guint          calls;
} KeepLog;

static void
on_cancelled (GCancellable *cancellable, KeepLog *log)
{
  log->cancelled++;
}

static void
setup_keep (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  KeepLog *log = user_data;

  log->calls++;
  g_assert_null (log->kept);
  log->kept = g_object_ref (call);
  g_signal_connect (disc_setup_call_get_cancellable (call), "cancelled",
                    G_CALLBACK (on_cancelled), log);
}

static void
setup_drop (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  /* Neither completes the call nor keeps it. */
  (*(guint *) user_data)++;
}

static gboolean
kept_a_call (gpointer data)
{
  return ((KeepLog *) data)->kept != NULL;
}

static gboolean
has_errored (gpointer data)
{
  return ((WebLog *) data)->errors > 0;
}

static gboolean
was_cancelled (gpointer data)
{
  return ((KeepLog *) data)->cancelled > 0;
}

static void
test_call_lifetimes (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) web = make_instance (port, "test.web");
  g_autoptr(DiscServiceDiscovery) db = make_instance (port, "test.db");
  g_autoptr(DiscServiceDiscovery) cache = make_instance (port, "test.cache");
  KeepLog keep = { 0, };
  WebLog log = { 0, };
  guint dropped = 0;

  g_test_summary ("A dropped setup call fails; a kept one is "
                  "cancelled when its candidate or the discovery goes");
  disc_service_discovery_setup (web, "test.db", setup_keep, &keep, NULL);
  disc_service_discovery_setup (web, "test.cache", setup_drop, &dropped, NULL);
  g_signal_connect (web, "error", G_CALLBACK (on_error), &log);
  start_or_fail (web);
  start_or_fail (db);
  start_or_fail (cache);

  /* A hook that lets go of its call without completing it fails it. */
  g_assert_true (test_wait_for (has_errored, &log));
  g_assert_cmpuint (dropped, ==, 1);
  g_assert_nonnull (strstr (log.last_error->message, "test.cache"));
  g_assert_cmpuint (disc_service_get_n_candidates (disc_service_discovery_lookup_service (web, "test.cache")), ==, 0);

  /* The candidate of a kept call says goodbye: the call is cancelled,
   * and completing it then does nothing. */
  g_assert_true (test_wait_for (kept_a_call, &keep));
  disc_discovery_stop (DISC_DISCOVERY (db));
  g_assert_true (test_wait_for (was_cancelled, &keep));
  g_assert_true (disc_setup_call_is_completed (keep.kept));
  disc_setup_call_return_success (keep.kept);
  g_assert_cmpuint (disc_service_get_n_candidates (disc_service_discovery_lookup_service (web, "test.db")), ==, 0);
  g_clear_object (&keep.kept);

  /* db comes back: a new call; web goes away while it is kept. */
  keep.cancelled = 0;
  start_or_fail (db);
  g_assert_true (test_wait_for (kept_a_call, &keep));
  g_assert_cmpuint (keep.calls, ==, 2);
  g_clear_object (&web);
  g_assert_cmpuint (keep.cancelled, ==, 1);
  disc_setup_call_return_error_literal (keep.kept, G_IO_ERROR, G_IO_ERROR_FAILED, "too late");
  g_clear_object (&keep.kept);
  web_log_clear (&log);
}

typedef struct
{
  gboolean in_hook;
  guint    hook_calls;
  guint    destroyed;
  gboolean destroyed_in_hook;
} DisposeLog;

static void
dispose_log_destroy (gpointer data)
{
  DisposeLog *log = data;

  log->destroyed++;
  if (log->in_hook)
    log->destroyed_in_hook = TRUE;
}

/* Disposes the discovery that runs it, then reads its own data. */
static void
setup_dispose (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  DisposeLog *log = user_data;

  log->in_hook = TRUE;
  log->hook_calls++;
  g_object_run_dispose (G_OBJECT (d));
  /* Completing a call of a disposed discovery does nothing. */
  disc_setup_call_return_success (call);
  log->in_hook = FALSE;
}

static gboolean
hook_ran (gpointer data)
{
  return ((DisposeLog *) data)->hook_calls > 0;
}

static void
test_dispose_in_hook (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscServiceDiscovery) web = make_instance (port, "test.web");
  g_autoptr(DiscServiceDiscovery) db = make_instance (port, "test.db");
  DisposeLog log = { 0, };

  g_test_bug ("breaker2-registry-free-in-hook");
  g_test_summary ("A setup hook may dispose its own discovery: the hook's "
                  "data is freed once it has returned, and nothing else runs");
  disc_service_discovery_setup (web, "test.db", setup_dispose, &log, dispose_log_destroy);
  start_or_fail (web);
  start_or_fail (db);

  g_assert_true (test_wait_for (hook_ran, &log));
  g_assert_cmpuint (log.hook_calls, ==, 1);
  g_assert_false (log.destroyed_in_hook);
  g_assert_cmpuint (log.destroyed, ==, 1);
  g_assert_false (disc_discovery_is_running (DISC_DISCOVERY (web)));
  g_assert_false (disc_service_discovery_is_ready (web));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-discovery/advertise-needs-name", test_advertise_needs_name);
  g_test_add_func ("/service-discovery/needs-and-model", test_needs_and_model);
  g_test_add_func ("/service-discovery/web-db-cache", test_web_db_cache);
  g_test_add_func ("/service-discovery/failed-setup", test_failed_setup);
  g_test_add_func ("/service-discovery/rename", test_rename);
  g_test_add_func ("/service-discovery/discovery-api", test_discovery_api);
  g_test_add_func ("/service-discovery/call-lifetimes", test_call_lifetimes);
  g_test_add_func ("/service-discovery/dispose-in-hook", test_dispose_in_hook);

  return g_test_run ();
}
