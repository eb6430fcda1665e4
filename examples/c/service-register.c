/* service-register.c: the seed's examples/service/service-register.js in C
 *
 * Advertises one named service, given on the command line, and optionally
 * needs others (the seed's registration service needs service.queue):
 *
 *   service-register service.database.redis
 *   service-register service.register service.queue
 *
 * One line per event on stdout: a word, then JSON. Use it as a stand-in
 * for the databases service-web needs.
 *
 * It uses the seed's default options, so run it on a LAN you own (or in a
 * network namespace); see example-env.h to run it on loopback.
 *
 *   cc service-register.c $(pkg-config --cflags --libs disc-1) -o service-register
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <unistd.h>
#include <disc.h>

#include "example-env.h"
#include "example-main.h"

static JsonNode *
name_json (const char *name)
{
  JsonNode *json = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (json, name);
  return json;
}

static void
on_ready (DiscServiceDiscovery *d, GListModel *services, gpointer user_data)
{
  g_autoptr(JsonNode) json = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(DiscService) service = g_list_model_get_item (services, i);

      json_array_add_string_element (array, disc_service_get_name (service));
    }
  json_node_set_array (json, array);
  example_print_event ("ready", json);
}

static void
on_notready (DiscServiceDiscovery *d, const char *name, gpointer user_data)
{
  g_autoptr(JsonNode) json = name_json (name);

  example_print_event ("notready", json);
}

static void
on_service (DiscServiceDiscovery *d, const char *name, DiscNode *node, gpointer user_data)
{
  example_print_node ("service", node);
}

int
main (int argc, char *argv[])
{
  g_autoptr(DiscServiceDiscovery) d = disc_service_discovery_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s SERVICE-NAME [NEEDED-SERVICE...]\n", argv[0]);
      return 2;
    }

  setvbuf (stdout, NULL, _IOLBF, 0);
  example_apply_env (DISC_DISCOVERY (d));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, argv[1]);
  json_builder_set_member_name (builder, "config");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  info = json_builder_get_root (builder);
  if (!disc_discovery_advertise (DISC_DISCOVERY (d), info, &error))
    {
      fprintf (stderr, "advertise: %s\n", error->message);
      return 1;
    }
  disc_service_discovery_needv (d, (const char * const *) argv + 2);

  g_signal_connect (d, "ready", G_CALLBACK (on_ready), NULL);
  g_signal_connect (d, "notready", G_CALLBACK (on_notready), NULL);
  g_signal_connect (d, "service", G_CALLBACK (on_service), NULL);

  if (!example_start (DISC_DISCOVERY (d)))
    return 1;

  example_run_until_signal (loop);

  /* The goodbye: whoever needs this service hears at once that it left. */
  disc_discovery_stop (DISC_DISCOVERY (d));
  return 0;
}
