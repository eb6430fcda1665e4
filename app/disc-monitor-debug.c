/* disc-monitor-debug.c: a JSON-lines debug log, for tests and profiling
 *
 * With DISC_MONITOR_DEBUG set in the environment, the monitor writes one
 * JSON object per line to standard error: "started" (its own id, once
 * the node's first start was tried, after the keyring's answer, see the
 * application: "running" says whether it runs), the
 * role changes of its node, and once a second "latency": how late a
 * 10 ms main-loop timeout was dispatched at worst during that second
 * (max_ms), and since the start (max_total_ms), with the longest gap
 * between two frames of the window (frame_max_ms), the node count and
 * the service count.
 * A main loop that keeps up dispatches the timeout within a few ms.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-debug"

#include "config.h"

#include <stdio.h>

#include "disc-monitor-debug.h"

#define PROBE_INTERVAL_MS 10

typedef struct
{
  DiscMonitorSession *session;
  gint64              expected_us;
  gint64              max_us;
  gint64              max_total_us;
  gint64              window_start_us;
  gint64              last_frame_us;
  gint64              frame_max_us;
  guint               frames;
} Probe;

static void
emit (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = json_to_string (root, FALSE);

  fprintf (stderr, "%s\n", line);
  fflush (stderr);
}

static gboolean
on_probe (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - probe->expected_us;

  probe->max_us = MAX (probe->max_us, late);
  probe->max_total_us = MAX (probe->max_total_us, late);
  probe->expected_us = now + PROBE_INTERVAL_MS * 1000;

  if (now - probe->window_start_us >= G_USEC_PER_SEC)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      GListModel *services;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "debug");
      json_builder_add_string_value (builder, "latency");
      json_builder_set_member_name (builder, "max_ms");
      json_builder_add_double_value (builder, probe->max_us / 1000.0);
      json_builder_set_member_name (builder, "max_total_ms");
      json_builder_add_double_value (builder, probe->max_total_us / 1000.0);
      json_builder_set_member_name (builder, "frame_max_ms");
      json_builder_add_double_value (builder, probe->frame_max_us / 1000.0);
      json_builder_set_member_name (builder, "frames");
      json_builder_add_int_value (builder, probe->frames);
      json_builder_set_member_name (builder, "nodes");
      json_builder_add_int_value (builder, g_list_model_get_n_items (disc_monitor_session_get_nodes (probe->session)));
      json_builder_set_member_name (builder, "services");
      services = disc_monitor_service_group_model_get_model (disc_monitor_session_get_services (probe->session));
      json_builder_add_int_value (builder, g_list_model_get_n_items (services));
      json_builder_end_object (builder);
      emit (builder);

      probe->max_us = 0;
      probe->frame_max_us = 0;
      probe->frames = 0;
      probe->window_start_us = now;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last_frame_us != 0)
    probe->frame_max_us = MAX (probe->frame_max_us, now - probe->last_frame_us);
  probe->last_frame_us = now;
  probe->frames++;
  return G_SOURCE_CONTINUE;
}

static void
log_node_event (DiscDiscovery *discovery,
                DiscNode      *node,
                const char    *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "debug");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, disc_node_get_id (node));
  json_builder_set_member_name (builder, "running");
  json_builder_add_boolean_value (builder, disc_discovery_is_running (discovery));
  json_builder_end_object (builder);
  emit (builder);
}

static void
on_promotion (DiscDiscovery *discovery,
              DiscNode      *me,
              gpointer       user_data)
{
  log_node_event (discovery, me, "promotion");
}

static void
on_demotion (DiscDiscovery *discovery,
             DiscNode      *me,
             gpointer       user_data)
{
  log_node_event (discovery, me, "demotion");
}

/* Once: when the node first runs, or its first start fails. */
static void
maybe_log_started (DiscMonitorSession *session)
{
  DiscDiscovery *discovery = disc_monitor_session_get_discovery (session);

  if (g_object_get_data (G_OBJECT (session), "disc-monitor-debug-started") != NULL)
    return;
  if (!disc_discovery_is_running (discovery) && disc_monitor_session_get_error (session) == NULL)
    return;
  g_object_set_data (G_OBJECT (session), "disc-monitor-debug-started", GINT_TO_POINTER (TRUE));
  log_node_event (discovery, disc_monitor_session_get_me (session), "started");
}

static void
on_start_tried (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  maybe_log_started (DISC_MONITOR_SESSION (user_data));
}

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  g_clear_object (&probe->session);
  g_free (probe);
}

/*
 * _disc_monitor_debug_start:
 * @session: the monitor's session
 * @window: its main window
 *
 * Starts the debug log if $DISC_MONITOR_DEBUG is set; does nothing
 * otherwise. The probe lives as long as @window.
 */
void
_disc_monitor_debug_start (DiscMonitorSession *session,
                           GtkWidget          *window)
{
  DiscDiscovery *discovery;
  Probe *probe;
  GSource *source;

  if (g_getenv ("DISC_MONITOR_DEBUG") == NULL)
    return;

  discovery = disc_monitor_session_get_discovery (session);
  probe = g_new0 (Probe, 1);
  probe->session = g_object_ref (session);
  probe->expected_us = g_get_monotonic_time () + PROBE_INTERVAL_MS * 1000;
  probe->window_start_us = g_get_monotonic_time ();

  g_signal_connect_object (discovery, "notify::running", G_CALLBACK (on_start_tried), session, 0);
  g_signal_connect_object (session, "notify::error", G_CALLBACK (on_start_tried), session, 0);
  maybe_log_started (session);
  g_signal_connect_object (discovery, "promotion", G_CALLBACK (on_promotion), NULL, 0);
  g_signal_connect_object (discovery, "demotion", G_CALLBACK (on_demotion), NULL, 0);

  source = g_timeout_source_new (PROBE_INTERVAL_MS);
  g_source_set_callback (source, on_probe, probe, NULL);
  g_source_set_static_name (source, "[disc-monitor] latency probe");
  g_source_attach (source, NULL);
  /* The probe goes with the window. */
  g_object_set_data_full (G_OBJECT (window), "disc-monitor-debug-source", source,
                          (GDestroyNotify) g_source_destroy);
  g_source_unref (source);
  gtk_widget_add_tick_callback (window, on_tick, probe, probe_free);
}
