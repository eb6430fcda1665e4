/* test-monitor-services.c: how the monitor groups and writes services
 *
 * The group model puts the nodes that advertise no name in a group of
 * their own, last, and moves a node between groups when its info
 * changes; a candidate's endpoint is the one its info advertises; a
 * search that hits the info is shown where a narrow column shows it, and
 * the search follows nodes that join, leave or change their info.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "test-monitor-services"

#include "config.h"

#include "disc-node-private.h"
#include "disc-monitor-node-format.h"
#include "disc-monitor-service-group-model.h"
#include "disc-monitor-service-search.h"

static DiscNode *
node_new (const char *id,
          const char *address,
          const char *info_json)
{
  DiscNode *node = _disc_node_new (id, id);

  _disc_node_set_address (node, address);
  _disc_node_set_port (node, 12345);
  _disc_node_set_host_name (node, id);
  if (info_json != NULL)
    {
      g_autoptr(JsonNode) info = json_from_string (info_json, NULL);

      g_assert_nonnull (info);
      _disc_node_set_info (node, info);
    }
  return node;
}

static const char *
group_name_at (GListModel *model,
               guint       position)
{
  g_autoptr(DiscMonitorServiceGroup) group = g_list_model_get_item (model, position);

  return disc_monitor_service_group_get_name (group);
}

static void
test_unnamed_group (void)
{
  g_autoptr(GListStore) nodes = g_list_store_new (DISC_TYPE_NODE);
  g_autoptr(DiscMonitorServiceGroupModel) model = disc_monitor_service_group_model_new (G_LIST_MODEL (nodes));
  GListModel *groups = disc_monitor_service_group_model_get_model (model);
  g_autoptr(DiscNode) api = node_new ("api-1", "10.0.0.1", "{\"name\":\"api\",\"port\":8080}");
  g_autoptr(DiscNode) worker = node_new ("worker-1", "10.0.0.2", "{\"queue\":\"images\"}");
  g_autoptr(DiscNode) bare = node_new ("bare-1", "10.0.0.3", NULL);
  g_autoptr(DiscNode) web = node_new ("web-1", "10.0.0.4", "{\"name\":\"web\"}");
  g_autoptr(JsonNode) renamed = json_from_string ("{\"name\":\"api\"}", NULL);
  DiscMonitorServiceGroup *unnamed;

  g_test_summary ("Nodes without a service name are in one unnamed group, after the named ones");

  g_list_store_append (nodes, worker);
  g_list_store_append (nodes, api);
  g_list_store_append (nodes, bare);
  g_list_store_append (nodes, web);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 3);
  g_assert_cmpuint (disc_monitor_service_group_model_get_n_named (model), ==, 2);
  g_assert_cmpstr (group_name_at (groups, 0), ==, "api");
  g_assert_cmpstr (group_name_at (groups, 1), ==, "web");
  g_assert_null (group_name_at (groups, 2));
  unnamed = g_list_model_get_item (groups, 2);
  g_assert_cmpuint (disc_monitor_service_group_get_n_candidates (unnamed), ==, 2);

  /* A service named "zzz" still goes before the unnamed group. */
  {
    g_autoptr(DiscNode) last = node_new ("zzz-1", "10.0.0.5", "{\"name\":\"zzz\"}");

    g_list_store_append (nodes, last);
    g_assert_cmpstr (group_name_at (groups, 2), ==, "zzz");
    g_assert_null (group_name_at (groups, 3));
    g_list_store_remove (nodes, 4);
  }

  /* The worker names itself: it leaves the unnamed group for api's. */
  _disc_node_set_info (worker, renamed);
  g_assert_cmpuint (disc_monitor_service_group_get_n_candidates (unnamed), ==, 1);
  g_assert_cmpuint (disc_monitor_service_group_get_n_candidates (
                      disc_monitor_service_group_model_lookup (model, "api")), ==, 2);

  /* The last unnamed node goes: so does the group. */
  g_list_store_remove (nodes, 2);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 2);
  g_assert_cmpuint (disc_monitor_service_group_model_get_n_named (model), ==, 2);
  g_object_unref (unnamed);
}

static void
test_endpoint (void)
{
  static const struct { const char *info; const char *endpoint; } cases[] = {
    { "{\"name\":\"api\",\"port\":8080,\"version\":\"1.2\"}", "10.0.0.1:8080 · version 1.2" },
    { "{\"name\":\"api\",\"host\":\"api.example\",\"port\":\"443\"}", "api.example:443" },
    { "{\"name\":\"db\",\"address\":\"10.9.9.9\",\"port\":5432,\"version\":2}", "10.9.9.9:5432 · version 2" },
    { "{\"name\":\"v6\",\"host\":\"fd00::1\",\"port\":80}", "[fd00::1]:80" },
    { "{\"name\":\"bare\"}", "10.0.0.1" },
    { "{\"name\":\"odd\",\"port\":{\"x\":1},\"host\":\"\"}", "10.0.0.1" },
    { "[1,2]", "10.0.0.1" },
  };

  g_test_summary ("A candidate's endpoint is the host, port and version its info advertises, "
                  "never the discovery port");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DiscNode) node = node_new ("n", "10.0.0.1", cases[i].info);
      g_autofree char *endpoint = disc_monitor_node_describe_endpoint (node);

      g_assert_cmpstr (endpoint, ==, cases[i].endpoint);
    }
}

static void
test_info_markup (void)
{
  g_autoptr(DiscNode) node = node_new ("n", "10.0.0.1",
                                       "{\"name\":\"api\",\"port\":8080,\"notes\":\"a note about <things>\","
                                       "\"tags\":[\"Zeta-Canary\"]}");
  g_autoptr(DiscNode) long_node = node_new ("n", "10.0.0.1",
                                            "{\"name\":\"api\",\"notes\":\"a long note that goes on and on, "
                                            "past the summary's hundred and twenty characters, which are all a "
                                            "cell shows\",\"tags\":[\"Zeta-Canary\"]}");
  g_autofree char *plain = disc_monitor_node_markup_info (node, NULL);
  g_autofree char *early = disc_monitor_node_markup_info (node, "API");
  g_autofree char *late = disc_monitor_node_markup_info (node, "zeta");
  g_autofree char *missing = disc_monitor_node_markup_info (node, "nowhere");
  g_autofree char *cut = disc_monitor_node_markup_info (long_node, "zeta");

  g_test_summary ("The info cell shows a summary, and a search's match in bold where it can be seen");

  g_assert_cmpstr (plain, ==, "name: api · port: 8080 · notes: a note about &lt;things&gt; · tags: [&quot;Zeta-Canary&quot;]");
  g_assert_cmpstr (missing, ==, plain);
  /* Near the start: in place, in bold, in the case the node sent. */
  g_assert_true (g_str_has_prefix (early, "name: <b>api</b> · port: 8080"));
  /* Further on: the match first, after a little context. */
  g_assert_cmpstr (late, ==, "…gs: [&quot;<b>Zeta</b>-Canary&quot;]");
  /* Past the summary's cut: from the JSON, then the summary. */
  g_assert_true (g_str_has_prefix (cut, "…gs&quot;:[&quot;<b>Zeta</b>-Canary&quot;]} · name: api · notes: a long"));
}

static void
wait_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
n_candidates_shown (GListModel               *shown_groups,
                    DiscMonitorServiceSearch *search)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (shown_groups); i++)
    {
      g_autoptr(DiscMonitorServiceGroup) group = g_list_model_get_item (shown_groups, i);
      g_autoptr(GtkFilterListModel) candidates =
        gtk_filter_list_model_new (g_object_ref (disc_monitor_service_group_get_candidates (group)),
                                   g_object_ref (disc_monitor_service_search_get_candidate_filter (search)));

      n += g_list_model_get_n_items (G_LIST_MODEL (candidates));
    }
  return n;
}

static void
test_search_follows_changes (void)
{
  g_autoptr(GListStore) nodes = g_list_store_new (DISC_TYPE_NODE);
  g_autoptr(DiscMonitorServiceGroupModel) model = disc_monitor_service_group_model_new (G_LIST_MODEL (nodes));
  g_autoptr(DiscMonitorServiceSearch) search = disc_monitor_service_search_new ();
  g_autoptr(GtkFilterListModel) shown = NULL;
  g_autoptr(DiscNode) api = node_new ("api-1", "10.0.0.1", "{\"name\":\"api\",\"port\":8080}");
  g_autoptr(DiscNode) web = node_new ("web-1", "10.0.0.2", "{\"name\":\"web\",\"port\":80}");
  g_autoptr(DiscNode) api2 = node_new ("api-2", "10.0.0.3", "{\"name\":\"api\",\"port\":8081}");
  g_autoptr(JsonNode) moved = json_from_string ("{\"name\":\"web\",\"port\":8081}", NULL);
  GListModel *groups = disc_monitor_service_group_model_get_model (model);

  g_test_summary ("The services search is re-run when a node joins, leaves or changes the "
                  "endpoint it advertises, not only when its text is typed");
  g_test_bug ("issues/15");

  shown = gtk_filter_list_model_new (g_object_ref (groups),
                                     g_object_ref (disc_monitor_service_search_get_group_filter (search)));
  disc_monitor_service_search_set_services (search, model);
  g_list_store_append (nodes, api);
  g_list_store_append (nodes, web);
  disc_monitor_service_search_set_text (search, ":8081");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 0);

  /* A second candidate of api, on the port searched for: api shows, with it alone. */
  g_list_store_append (nodes, api2);
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 1);
  g_assert_cmpuint (n_candidates_shown (G_LIST_MODEL (shown), search), ==, 1);

  /* web moves to that port: it shows too. */
  _disc_node_set_info (web, moved);
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 2);
  g_assert_cmpuint (n_candidates_shown (G_LIST_MODEL (shown), search), ==, 2);

  /* api-2 leaves: api no longer matches. */
  g_list_store_remove (nodes, 2);
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 1);

  /* No search: everything, at once. */
  disc_monitor_service_search_set_text (search, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 2);
  g_assert_cmpuint (n_candidates_shown (G_LIST_MODEL (shown), search), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");
  g_test_add_func ("/monitor/services/unnamed-group", test_unnamed_group);
  g_test_add_func ("/monitor/services/endpoint", test_endpoint);
  g_test_add_func ("/monitor/services/info-markup", test_info_markup);
  g_test_add_func ("/monitor/services/search-follows-changes", test_search_follows_changes);
  return g_test_run ();
}
