/* service-web.c: the seed's examples/service/service-web.js in C
 *
 * A web front end that advertises service.web, and needs two databases
 * before it can serve: service.database.redis and service.database.mongo.
 * Each candidate database is "set up" by a hook that completes a moment
 * later, as a real connection would (run service-register with one of
 * those names to offer one). When both are there the web service is
 * ready, and says so in its advertisement; when one goes away it is not.
 *
 * One line per event on stdout: a word, then JSON.
 *
 *   service-web
 *   service-register service.database.redis
 *   service-register service.database.mongo
 *
 * It uses the seed's default options, so run it on a LAN you own (or in a
 * network namespace); see example-env.h to run it on loopback.
 *
 *   cc service-web.c $(pkg-config --cflags --libs disc-1) -o service-web
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <disc.h>

#include "example-env.h"
#include "example-main.h"

#define SETUP_DELAY_MS 200

static JsonNode *
service_node_json (const char *name, DiscNode *node)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, name);
  if (node != NULL)
    {
      json_builder_set_member_name (builder, "node");
      json_builder_add_value (builder, disc_node_to_json (node));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
advertise (DiscServiceDiscovery *d, gboolean ready)
{
  g_autofree char *json = g_strdup_printf ("{\"name\":\"service.web\",\"ready\":%s}",
                                           ready ? "true" : "false");
  g_autoptr(JsonNode) info = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  if (!disc_discovery_advertise (DISC_DISCOVERY (d), info, &error))
    g_printerr ("advertise: %s\n", error->message);
}

/* Setup hooks: pretend to connect, and finish a little later. */

static gboolean
finish_setup (gpointer data)
{
  DiscSetupCall *call = data;

  /* If the database left meanwhile the call was cancelled, and this
   * does nothing. */
  disc_setup_call_return_success (call);
  return G_SOURCE_REMOVE;
}

static void
setup_database (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
{
  g_autoptr(JsonNode) json = service_node_json (disc_setup_call_get_service_name (call),
                                                disc_setup_call_get_node (call));

  example_print_event ("setup", json);
  g_timeout_add_full (G_PRIORITY_DEFAULT, SETUP_DELAY_MS, finish_setup,
                      g_object_ref (call), g_object_unref);
}

/* Events */

/* The seed's `services` argument: each needed service's name, mapped to
 * the nodes that offer it. */
static JsonNode *
services_json (GListModel *services)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(DiscService) service = g_list_model_get_item (services, i);

      json_builder_set_member_name (builder, disc_service_get_name (service));
      json_builder_begin_array (builder);
      for (guint j = 0; j < disc_service_get_n_candidates (service); j++)
        {
          g_autoptr(DiscNode) node = g_list_model_get_item (G_LIST_MODEL (service), j);

          json_builder_add_value (builder, disc_node_to_json (node));
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_ready (DiscServiceDiscovery *d, GListModel *services, gpointer user_data)
{
  g_autoptr(JsonNode) json = services_json (services);

  example_print_event ("ready", json);
  /* Now we would start listening for requests, and tell the load
   * balancers: */
  advertise (d, TRUE);
}

static void
on_notready (DiscServiceDiscovery *d, const char *name, gpointer user_data)
{
  g_autoptr(JsonNode) json = service_node_json (name, NULL);

  example_print_event ("notready", json);
  advertise (d, FALSE);
}

static void
on_service (DiscServiceDiscovery *d, const char *name, DiscNode *node, gpointer user_data)
{
  g_autoptr(JsonNode) json = service_node_json (name, node);

  example_print_event ("service", json);
}

static void
on_error (DiscDiscovery *d, GError *error, gpointer user_data)
{
  g_autoptr(JsonNode) json = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (json, error->message);
  example_print_event ("error", json);
}

int
main (int argc, char *argv[])
{
  g_autoptr(DiscServiceDiscovery) d = disc_service_discovery_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);
  example_apply_env (DISC_DISCOVERY (d));

  advertise (d, FALSE);
  disc_service_discovery_setup (d, "service.database.redis", setup_database, NULL, NULL);
  disc_service_discovery_setup (d, "service.database.mongo", setup_database, NULL, NULL);

  g_signal_connect (d, "ready", G_CALLBACK (on_ready), NULL);
  g_signal_connect (d, "notready", G_CALLBACK (on_notready), NULL);
  g_signal_connect (d, "service", G_CALLBACK (on_service), NULL);
  g_signal_connect (d, "error", G_CALLBACK (on_error), NULL);
  example_print_master_events (DISC_DISCOVERY (d));

  if (!example_start (DISC_DISCOVERY (d)))
    return 1;

  example_run_until_signal (loop);

  /* The goodbye: peers that need us hear at once that we are gone. */
  disc_discovery_stop (DISC_DISCOVERY (d));
  return 0;
}
