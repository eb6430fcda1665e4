/* basic-advert.c: the seed's basic-advert.js in C
 *
 * Advertise something, and print nodes as they join and leave, who is
 * master, and every message on the "config-updates" channel. It uses only
 * the public API and the seed's default options, so run it on a LAN (or in
 * a network namespace), not on a shared network you do not own.
 *
 *   cc basic-advert.c $(pkg-config --cflags --libs disc-1) -o basic-advert
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <glib-unix.h>
#include <disc.h>

static void
print_node (const char *event, DiscNode *node)
{
  g_autoptr(JsonNode) json = disc_node_to_json (node);
  g_autofree char *text = json_to_string (json, FALSE);

  printf ("%s %s\n", event, text);
}

/* One handler for every node event: user_data is the word it prints. */
static void
on_node_event (DiscDiscovery *d, DiscNode *node, gpointer event)
{
  print_node (event, node);
}

static void
on_config_update (DiscDiscovery *d, const char *channel, JsonNode *data,
                  DiscNode *sender, gpointer user_data)
{
  g_autofree char *text = data ? json_to_string (data, FALSE) : g_strdup ("null");

  printf ("message %s %s\n", channel, text);
}

static gboolean
on_quit_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonNode) info = json_from_string ("{\"http\":\"80\"}", NULL);
  g_autoptr(GError) error = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);

  if (!disc_discovery_advertise (d, info, &error))
    {
      fprintf (stderr, "advertise: %s\n", error->message);
      return 1;
    }

  g_signal_connect (d, "added", G_CALLBACK (on_node_event), "added");
  g_signal_connect (d, "removed", G_CALLBACK (on_node_event), "removed");
  g_signal_connect (d, "master", G_CALLBACK (on_node_event), "master");
  g_signal_connect (d, "promotion", G_CALLBACK (on_node_event), "promotion");
  g_signal_connect (d, "demotion", G_CALLBACK (on_node_event), "demotion");
  g_signal_connect (d, "message::config-updates", G_CALLBACK (on_config_update), NULL);
  disc_discovery_join (d, "config-updates");

  if (!disc_discovery_start (d, &error))
    {
      fprintf (stderr, "start: %s\n", error->message);
      return 1;
    }
  print_node ("started", disc_discovery_get_me (d));

  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_main_loop_run (loop);

  /* Peers drop us at once instead of after node-timeout. */
  disc_discovery_stop (d);
  return 0;
}
