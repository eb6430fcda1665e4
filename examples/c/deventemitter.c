/* deventemitter.c: the seed's examples/deventemitter in C
 *
 * A distributed event emitter: an event emitted in one process reaches
 * the listeners of every process in the cluster. The seed relays events
 * through the master over dnode connections; here the discovery's own
 * channel carries them: every member joins the "deventemitter" channel,
 * sends what it emits there, and re-emits locally every event it
 * receives. As in the seed's deventemitter-test2.js, each process emits
 * "ready::hello" every second and listens for "*::hello"; it also reports
 * the seed's self::promoted, self::demoted, node::added, node::removed and
 * connection::ready events.
 *
 * One line per event on stdout: the word "event", then JSON
 * {"event": name, "data": value, "from": sender id or null if local}.
 *
 * It uses the seed dEventEmitter's defaults (port 5553, key
 * "dEventEmitter"), broadcasting on every interface, so run it on a LAN you
 * own (or in a network namespace); see example-env.h to run it on loopback.
 *
 *   cc deventemitter.c $(pkg-config --cflags --libs disc-1) -o deventemitter
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <disc.h>

#include "example-env.h"
#include "example-main.h"

#define CHANNEL      "deventemitter"
#define DELIMITER    "::"
#define DEFAULT_PORT 5553
#define DEFAULT_KEY  "dEventEmitter"

typedef struct _DEventEmitter DEventEmitter;

typedef void (*Listener) (DEventEmitter *dee,
                          const char    *event,
                          JsonNode      *data,
                          DiscNode      *from,
                          gpointer       user_data);

typedef struct
{
  char     **pattern;   /* split at DELIMITER; "*" matches any one part */
  Listener   func;
  gpointer   user_data;
} Listen;

struct _DEventEmitter
{
  DiscDiscovery *disc;
  GPtrArray     *listeners;
  guint          sent;
};

static void
listen_free (gpointer data)
{
  Listen *listen = data;

  g_strfreev (listen->pattern);
  g_free (listen);
}

static gboolean
pattern_matches (char **pattern, const char *event)
{
  g_auto(GStrv) parts = g_strsplit (event, DELIMITER, -1);

  if (g_strv_length (pattern) != g_strv_length (parts))
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_strcmp0 (pattern[i], "*") != 0 && g_strcmp0 (pattern[i], parts[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
dee_on (DEventEmitter *dee, const char *pattern, Listener func, gpointer user_data)
{
  Listen *listen = g_new0 (Listen, 1);

  listen->pattern = g_strsplit (pattern, DELIMITER, -1);
  listen->func = func;
  listen->user_data = user_data;
  g_ptr_array_add (dee->listeners, listen);
}

/* Only to the listeners of this process (the seed's emitLocal). */
static void
dee_emit_local (DEventEmitter *dee, const char *event, JsonNode *data, DiscNode *from)
{
  for (guint i = 0; i < dee->listeners->len; i++)
    {
      Listen *listen = dee->listeners->pdata[i];

      if (pattern_matches (listen->pattern, event))
        listen->func (dee, event, data, from, listen->user_data);
    }
}

/* To every process in the cluster, this one included (the seed's emit). */
static void
dee_emit (DEventEmitter *dee, const char *event, JsonNode *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, data ? json_node_copy (data) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (builder);
  message = json_builder_get_root (builder);
  if (!disc_discovery_send (dee->disc, CHANNEL, message, &error))
    g_printerr ("send: %s\n", error->message);
  dee_emit_local (dee, event, data, NULL);
}

static void
on_channel_message (DiscDiscovery *disc, const char *channel, JsonNode *message,
                    DiscNode *sender, gpointer user_data)
{
  DEventEmitter *dee = user_data;
  JsonObject *object;
  const char *event;

  if (message == NULL || !JSON_NODE_HOLDS_OBJECT (message))
    return;
  object = json_node_get_object (message);
  event = json_object_get_string_member_with_default (object, "event", NULL);
  if (event == NULL)
    return;
  /* Re-emit here what another process emitted. */
  dee_emit_local (dee, event, json_object_get_member (object, "data"), sender);
}

static void
emit_node_event (DEventEmitter *dee, const char *event, DiscNode *node)
{
  g_autoptr(JsonNode) data = disc_node_to_json (node);

  dee_emit_local (dee, event, data, NULL);
}

static void
on_promotion (DiscDiscovery *disc, DiscNode *me, gpointer dee)
{
  emit_node_event (dee, "self" DELIMITER "promoted", me);
}

static void
on_demotion (DiscDiscovery *disc, DiscNode *me, gpointer dee)
{
  emit_node_event (dee, "self" DELIMITER "demoted", me);
}

static void
on_added (DiscDiscovery *disc, DiscNode *node, gpointer dee)
{
  emit_node_event (dee, "node" DELIMITER "added", node);
}

static void
on_removed (DiscDiscovery *disc, DiscNode *node, gpointer dee)
{
  emit_node_event (dee, "node" DELIMITER "removed", node);
}

/* The application: deventemitter-test2.js */

static void
print_event (DEventEmitter *dee, const char *event, JsonNode *data, DiscNode *from, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) line = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, data ? json_node_copy (data) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (builder, "from");
  if (from != NULL)
    json_builder_add_string_value (builder, disc_node_get_id (from));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  line = json_builder_get_root (builder);
  text = json_to_string (line, FALSE);
  printf ("event %s\n", text);
}

static gboolean
send_hello (gpointer user_data)
{
  DEventEmitter *dee = user_data;
  g_autofree char *text = g_strdup_printf ("Hello there, I send this every second. %u", dee->sent++);
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (data, text);
  dee_emit (dee, "ready" DELIMITER "hello", data);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  DEventEmitter dee = { 0, };
  guint timer;

  setvbuf (stdout, NULL, _IOLBF, 0);

  dee.disc = g_object_new (DISC_TYPE_DISCOVERY, "port", DEFAULT_PORT, "key", DEFAULT_KEY, NULL);
  example_apply_env (dee.disc);
  dee.listeners = g_ptr_array_new_with_free_func (listen_free);

  dee_on (&dee, "connection" DELIMITER "ready", print_event, NULL);
  dee_on (&dee, "self" DELIMITER "*", print_event, NULL);
  dee_on (&dee, "node" DELIMITER "*", print_event, NULL);
  dee_on (&dee, "*" DELIMITER "hello", print_event, NULL);

  g_signal_connect (dee.disc, "message::" CHANNEL, G_CALLBACK (on_channel_message), &dee);
  g_signal_connect (dee.disc, "promotion", G_CALLBACK (on_promotion), &dee);
  g_signal_connect (dee.disc, "demotion", G_CALLBACK (on_demotion), &dee);
  g_signal_connect (dee.disc, "added", G_CALLBACK (on_added), &dee);
  g_signal_connect (dee.disc, "removed", G_CALLBACK (on_removed), &dee);
  disc_discovery_join (dee.disc, CHANNEL);

  if (!disc_discovery_start (dee.disc, &error))
    {
      fprintf (stderr, "start: %s\n", error->message);
      return 1;
    }
  dee_emit_local (&dee, "connection" DELIMITER "ready", NULL, NULL);
  timer = g_timeout_add_seconds (1, send_hello, &dee);

  example_run_until_signal (loop);

  g_source_remove (timer);
  disc_discovery_stop (dee.disc);
  g_object_unref (dee.disc);
  g_ptr_array_unref (dee.listeners);
  return 0;
}
