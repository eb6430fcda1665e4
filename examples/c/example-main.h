/* example-main.h: start an example's node, print its events, and run its
 * main loop until it is asked to stop
 *
 * Every example runs until Ctrl-C (SIGINT) or SIGTERM, then returns from
 * main so that it can say goodbye to its peers (disc_discovery_stop()).
 * The service examples print one line an event: its name, then its JSON.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <stdio.h>
#include <glib-unix.h>
#include <disc.h>

static inline void
example_print_event (const char *event, JsonNode *json)
{
  g_autofree char *text = json_to_string (json, FALSE);

  printf ("%s %s\n", event, text);
}

static inline void
example_print_node (const char *event, DiscNode *node)
{
  g_autoptr(JsonNode) json = disc_node_to_json (node);

  example_print_event (event, json);
}

/* One handler for the signals that carry a node (promotion, demotion,
 * master): connected with the event's name as @event, which it prints. */
static inline void
example_on_node_event (DiscDiscovery *d, DiscNode *node, gpointer event)
{
  example_print_node (event, node);
}

/* Prints the promotion, demotion and master events of @d. */
static inline void
example_print_master_events (DiscDiscovery *d)
{
  g_signal_connect (d, "promotion", G_CALLBACK (example_on_node_event), "promotion");
  g_signal_connect (d, "demotion", G_CALLBACK (example_on_node_event), "demotion");
  g_signal_connect (d, "master", G_CALLBACK (example_on_node_event), "master");
}

/* Starts @d and prints "started" with this node; on failure, says why. */
static inline gboolean
example_start (DiscDiscovery *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) me = NULL;

  if (!disc_discovery_start (d, &error))
    {
      fprintf (stderr, "start: %s\n", error->message);
      return FALSE;
    }
  me = disc_node_to_json (disc_discovery_get_me (d));
  example_print_event ("started", me);
  return TRUE;
}

static gboolean
example_on_quit_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Returns once SIGINT or SIGTERM arrived, not on the default action's
 * abrupt exit, so that the caller's cleanup runs. */
static inline void
example_run_until_signal (GMainLoop *loop)
{
  g_unix_signal_add (SIGINT, example_on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, example_on_quit_signal, loop);
  g_main_loop_run (loop);
}
