/* disc-monitor-window.c: the monitor's main window
 *
 * The header shows the network the monitor is on; under it a bar always
 * shows the current master(s) and this monitor's own role with Promote
 * and Demote; the stack holds the node table, the services and the
 * channel console. A new master or a change of this monitor's role also
 * slides in a banner for a few seconds, which never takes the focus.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-window"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-application.h"
#include "disc-monitor-window-private.h"
#include "disc-monitor-node-format.h"

#define BANNER_SECONDS 8
#define STATUS_INTERVAL_MS 250
#define MAX_EVENTS 2000

static GQuark found_as_master_quark;

G_DEFINE_FINAL_TYPE (DiscMonitorWindow, disc_monitor_window, GTK_TYPE_APPLICATION_WINDOW)

static char *
describe_node (DiscNode *node)
{
  g_autofree char *short_id = disc_monitor_node_short_id (node);

  if (disc_monitor_node_is_self (node))
    /* Translators: a node in the master bar: host (address, id); this one is the monitor */
    return g_strdup_printf (_("%s (this monitor, id %s)"), disc_node_get_host_name (node), short_id);
  /* Translators: a node in the master bar: host (address, id) */
  return g_strdup_printf (_("%s (%s, id %s)"), disc_node_get_host_name (node),
                          disc_node_get_address (node), short_id);
}

/* The banner */

static gboolean
on_banner_timeout (gpointer user_data)
{
  DiscMonitorWindow *self = user_data;

  self->banner_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_banner (DiscMonitorWindow *self,
             const char        *text)
{
  gtk_label_set_text (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  self->banner_timeout_id = g_timeout_add_seconds (BANNER_SECONDS, on_banner_timeout, self);
}

static gboolean
on_status_timeout (gpointer user_data)
{
  DiscMonitorWindow *self = user_data;

  self->status_timeout_id = 0;
  if (self->pending_status != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->pending_status_time_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *time = g_date_time_format (local, "%H:%M:%S");
      /* Translators: the status bar: time, then what happened last */
      g_autofree char *text = g_strdup_printf (_("Last event at %s: %s"), time, self->pending_status);

      gtk_label_set_text (self->status_label, text);
    }
  g_clear_pointer (&self->pending_status, g_free);
  return G_SOURCE_REMOVE;
}

/* Thousands of nodes may come or go in a second: the status bar shows the
 * last event, a few times a second at most, not one relayout per event. */
static void
set_status (DiscMonitorWindow *self,
            const char        *event)
{
  /* Only the last event is formatted, when shown: looking up the local
   * time zone for each of a thousand events costs a readlink() each. */
  g_free (self->pending_status);
  self->pending_status = g_strdup (event);
  self->pending_status_time_us = g_get_real_time ();
  if (self->status_timeout_id == 0)
    self->status_timeout_id = g_timeout_add (STATUS_INTERVAL_MS, on_status_timeout, self);
}

void
_disc_monitor_window_show_banner (DiscMonitorWindow *self,
                                  const char        *text)
{
  show_banner (self, text);
}

void
_disc_monitor_window_set_status (DiscMonitorWindow *self,
                                 const char        *event)
{
  set_status (self, event);
}

/* The master bar */

static void
update_masters (DiscMonitorWindow *self)
{
  GListModel *masters = disc_monitor_session_get_masters (self->session);
  guint n = g_list_model_get_n_items (masters);
  g_autoptr(GString) text = g_string_new (NULL);

  if (n == 0)
    {
      gtk_label_set_text (self->master_label, _("No master"));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (masters, i);
      g_autofree char *description = describe_node (node);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, description);
    }
  {
    /* Translators: %s lists the masters, each as host (address, id) */
    g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Master: %s", "Masters: %s", n),
                                              text->str);
    gtk_label_set_text (self->master_label, label);
  }
}

static void
on_masters_changed (GListModel        *masters,
                    guint              position,
                    guint              removed,
                    guint              added,
                    DiscMonitorWindow *self)
{
  update_masters (self);
}

static void
update_self (DiscMonitorWindow *self)
{
  DiscNode *me = disc_monitor_session_get_me (self->session);
  g_autofree char *role = disc_monitor_node_describe_role (me);
  g_autofree char *short_id = disc_monitor_node_short_id (me);
  g_autofree char *text = NULL;

  /* Translators: the monitor's own node: role and id */
  text = g_strdup_printf (_("This monitor: %s · id %s"), role, short_id);
  gtk_label_set_text (self->self_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->self_label), disc_node_get_id (me));
  _disc_monitor_window_update_actions (self);
}

static void
on_me_notify (DiscNode          *me,
              GParamSpec        *pspec,
              DiscMonitorWindow *self)
{
  update_self (self);
}

static void
on_running_notify (DiscDiscovery     *discovery,
                   GParamSpec        *pspec,
                   DiscMonitorWindow *self)
{
  _disc_monitor_window_update_actions (self);
}

/* Discovery events */

/* Role changes show in the banner and stay in the status bar. */
static void
announce (DiscMonitorWindow *self,
          const char        *text)
{
  show_banner (self, text);
  set_status (self, text);
}

/* Arrivals and departures differ only in the words around the node:
 * @format is translated and has one %s, the node's description. */
static void
set_node_status (DiscMonitorWindow *self,
                 const char        *format,
                 DiscNode          *node)
{
  g_autofree char *description = describe_node (node);
  g_autofree char *text = g_strdup_printf (format, description);

  set_status (self, text);
}

static void
on_master (DiscDiscovery     *discovery,
           DiscNode          *node,
           DiscMonitorWindow *self)
{
  g_autofree char *description = describe_node (node);
  g_autofree char *text = NULL;

  /* A node already master when first heard is no news: ::master follows
   * its ::added at once. The event log still records it. */
  if (g_object_steal_qdata (G_OBJECT (node), found_as_master_quark) != NULL)
    return;

  /* Translators: banner shown when a node becomes master */
  text = g_strdup_printf (_("New master: %s"), description);
  announce (self, text);
}

static void
on_promotion (DiscDiscovery     *discovery,
              DiscNode          *me,
              DiscMonitorWindow *self)
{
  announce (self, _("This monitor was promoted to master"));
}

static void
on_demotion (DiscDiscovery     *discovery,
             DiscNode          *me,
             DiscMonitorWindow *self)
{
  announce (self, _("This monitor is no longer master"));
}

static void
on_added (DiscDiscovery     *discovery,
          DiscNode          *node,
          DiscMonitorWindow *self)
{
  /* Translators: status bar: a node was discovered */
  if (disc_node_get_is_master (node))
    g_object_set_qdata (G_OBJECT (node), found_as_master_quark, GINT_TO_POINTER (TRUE));
  set_node_status (self, _("%s appeared"), node);
}

static void
on_removed (DiscDiscovery     *discovery,
            DiscNode          *node,
            DiscMonitorWindow *self)
{
  switch (disc_node_get_leave_reason (node))
    {
    case DISC_LEAVE_GOODBYE:
      /* Translators: status bar: a node stopped cleanly */
      set_node_status (self, _("%s said goodbye"), node);
      break;
    case DISC_LEAVE_TIMEOUT:
      /* Translators: status bar: a node went silent */
      set_node_status (self, _("%s timed out"), node);
      break;
    default:
      /* Translators: status bar: a node left the table */
      set_node_status (self, _("%s left"), node);
      break;
    }
}

/* Who asked this monitor's node to do what: the event log keeps it. */
static void
on_control_request (DiscDiscovery     *discovery,
                    const char        *sender_id,
                    const char        *sender_address,
                    DiscControlAction  action,
                    gboolean           accepted,
                    DiscMonitorWindow *self)
{
  g_autofree char *text = disc_monitor_describe_control_request (discovery, sender_id, sender_address,
                                                                 action, accepted);

  show_banner (self, text);
  set_status (self, text);
}

static void
on_error (DiscDiscovery     *discovery,
          GError            *error,
          DiscMonitorWindow *self)
{
  set_status (self, error->message);
}

static void
on_session_error (DiscMonitorSession *session,
                  GParamSpec         *pspec,
                  DiscMonitorWindow  *self)
{
  const char *error = disc_monitor_session_get_error (session);

  if (error != NULL)
    {
      /* Translators: %s says why the monitor's node could not start */
      g_autofree char *text = g_strdup_printf (_("The monitor could not join the network: %s"), error);

      gtk_label_set_text (self->error_label, text);
      /* Not "Listening…": nothing is. */
      g_clear_handle_id (&self->status_timeout_id, g_source_remove);
      g_clear_pointer (&self->pending_status, g_free);
      gtk_label_set_text (self->status_label, _("Not on the network: the monitor’s node did not start"));
      if (self->events != NULL)
        {
          g_autoptr(DiscMonitorEvent) event = disc_monitor_event_new (DISC_MONITOR_EVENT_ERROR, text, NULL);

          disc_monitor_event_list_add (self->events, event);
        }
    }
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

/* The diagnosis line */

static void
on_diagnosis_notify (DiscMonitorDiagnosis *diagnosis,
                     GParamSpec           *pspec,
                     DiscMonitorWindow    *self)
{
  const char *text = disc_monitor_diagnosis_get_text (diagnosis);
  DiscMonitorDiagnosisLevel level = disc_monitor_diagnosis_get_level (diagnosis);
  GtkWidget *bar = self->diagnosis_bar;

  /* Cleared, not only hidden: a hidden label is still read by screen
   * readers, and must not say what is no longer true. */
  gtk_label_set_text (self->diagnosis_label, text ? text : "");
  gtk_widget_remove_css_class (bar, "info");
  gtk_widget_remove_css_class (bar, "warning");
  gtk_widget_remove_css_class (bar, "error");
  switch (level)
    {
    case DISC_MONITOR_DIAGNOSIS_INFO:
      gtk_widget_add_css_class (bar, "info");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-information-symbolic");
      break;
    case DISC_MONITOR_DIAGNOSIS_WARNING:
      gtk_widget_add_css_class (bar, "warning");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-warning-symbolic");
      break;
    case DISC_MONITOR_DIAGNOSIS_ERROR:
      gtk_widget_add_css_class (bar, "error");
      gtk_image_set_from_icon_name (self->diagnosis_icon, "dialog-error-symbolic");
      break;
    case DISC_MONITOR_DIAGNOSIS_NONE:
    default:
      break;
    }
  gtk_revealer_set_reveal_child (self->diagnosis_revealer, text != NULL);
}

static void
on_eligible_peer_notify (DiscMonitorDiagnosis *diagnosis,
                         GParamSpec           *pspec,
                         DiscMonitorWindow    *self)
{
  _disc_monitor_window_update_actions (self);
}

/* GObject */

/* The window follows its session through groups, the way GNOME Text
 * Editor's status bar follows a page: nothing to disconnect by hand. */
static void
create_groups (DiscMonitorWindow *self)
{
  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "summary", self->subtitle_label, "label",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "summary", self->subtitle_label, "tooltip-text",
                        G_BINDING_SYNC_CREATE);

  self->session_signals = g_signal_group_new (DISC_TYPE_MONITOR_SESSION);
  g_signal_group_connect (self->session_signals, "notify::error", G_CALLBACK (on_session_error), self);

  self->masters_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->masters_signals, "items-changed", G_CALLBACK (on_masters_changed), self);

  self->me_signals = g_signal_group_new (DISC_TYPE_NODE);
  g_signal_group_connect (self->me_signals, "notify::is-master", G_CALLBACK (on_me_notify), self);
  g_signal_group_connect (self->me_signals, "notify::is-master-eligible", G_CALLBACK (on_me_notify), self);
  g_signal_group_connect (self->me_signals, "notify::host-name", G_CALLBACK (on_me_notify), self);
  g_signal_group_connect (self->me_signals, "notify::address", G_CALLBACK (on_me_notify), self);

  self->discovery_signals = g_signal_group_new (DISC_TYPE_DISCOVERY);
  g_signal_group_connect (self->discovery_signals, "notify::running", G_CALLBACK (on_running_notify), self);
  g_signal_group_connect (self->discovery_signals, "master", G_CALLBACK (on_master), self);
  g_signal_group_connect (self->discovery_signals, "promotion", G_CALLBACK (on_promotion), self);
  g_signal_group_connect (self->discovery_signals, "demotion", G_CALLBACK (on_demotion), self);
  g_signal_group_connect (self->discovery_signals, "added", G_CALLBACK (on_added), self);
  g_signal_group_connect (self->discovery_signals, "removed", G_CALLBACK (on_removed), self);
  g_signal_group_connect (self->discovery_signals, "error", G_CALLBACK (on_error), self);
  g_signal_group_connect (self->discovery_signals, "control-request", G_CALLBACK (on_control_request), self);
}

static void
bind_session (DiscMonitorWindow *self)
{
  g_binding_group_set_source (self->session_bindings, self->session);
  g_signal_group_set_target (self->session_signals, self->session);
  g_signal_group_set_target (self->masters_signals, disc_monitor_session_get_masters (self->session));
  g_signal_group_set_target (self->me_signals, disc_monitor_session_get_me (self->session));
  g_signal_group_set_target (self->discovery_signals, disc_monitor_session_get_discovery (self->session));

  /* Demote gives back the role the monitor joined with. */
  self->joined_eligible = disc_node_get_is_master_eligible (disc_monitor_session_get_me (self->session));
  self->events = disc_monitor_event_list_new (disc_monitor_session_get_discovery (self->session), MAX_EVENTS);
  disc_monitor_event_log_set_model (self->event_log, disc_monitor_event_list_get_model (self->events));
  self->diagnosis = disc_monitor_diagnosis_new (self->session);
  g_signal_connect_object (self->diagnosis, "notify::text", G_CALLBACK (on_diagnosis_notify), self, 0);
  g_signal_connect_object (self->diagnosis, "notify::level", G_CALLBACK (on_diagnosis_notify), self, 0);
  g_signal_connect_object (self->diagnosis, "notify::has-eligible-peer",
                           G_CALLBACK (on_eligible_peer_notify), self, 0);

  disc_monitor_nodes_view_bind_session (self->nodes_view, self->session);
  disc_monitor_services_view_bind_session (self->services_view, self->session);
  disc_monitor_channel_console_bind_session (self->channel_console, self->session);

  on_session_error (self->session, NULL, self);
  on_diagnosis_notify (self->diagnosis, NULL, self);
  update_masters (self);
  update_self (self);
}

static void
disc_monitor_window_constructed (GObject *object)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (object);
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  G_OBJECT_CLASS (disc_monitor_window_parent_class)->constructed (object);

  if (DISC_IS_MONITOR_APPLICATION (application))
    {
      self->settings = g_object_ref (disc_monitor_application_get_settings (DISC_MONITOR_APPLICATION (application)));
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
}

static void
disc_monitor_window_dispose (GObject *object)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (object);

  g_clear_handle_id (&self->banner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->status_timeout_id, g_source_remove);
  g_clear_pointer (&self->pending_status, g_free);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->masters_signals);
  g_clear_object (&self->me_signals);
  g_clear_object (&self->discovery_signals);
  _disc_monitor_window_actions_dispose (self);
  g_clear_object (&self->diagnosis);
  g_clear_object (&self->events);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (disc_monitor_window_parent_class)->dispose (object);
}

static void
disc_monitor_window_class_init (DiscMonitorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = disc_monitor_window_constructed;
  object_class->dispose = disc_monitor_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, master_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, self_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, diagnosis_revealer);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, diagnosis_bar);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, diagnosis_icon);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, diagnosis_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, demote_button);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, event_log);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, nodes_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, services_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, channel_console);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, remote_lans_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, promote_button);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorWindow, demote_permanently_button);

  found_as_master_quark = g_quark_from_static_string ("disc-monitor-window-found-as-master");

}

static void
disc_monitor_window_init (DiscMonitorWindow *self)
{
  g_type_ensure (DISC_TYPE_MONITOR_NODES_VIEW);
  g_type_ensure (DISC_TYPE_MONITOR_SERVICES_VIEW);
  g_type_ensure (DISC_TYPE_MONITOR_CHANNEL_CONSOLE);
  g_type_ensure (DISC_TYPE_MONITOR_REMOTE_LANS_VIEW);
  g_type_ensure (DISC_TYPE_MONITOR_EVENT_LOG);

  gtk_widget_init_template (GTK_WIDGET (self));
  create_groups (self);
  _disc_monitor_window_actions_init (self);
}

/**
 * disc_monitor_window_new:
 * @application: the monitor application
 * @session: the session to show
 *
 * Returns: (transfer full): a new main window
 */
DiscMonitorWindow *
disc_monitor_window_new (GtkApplication     *application,
                         DiscMonitorSession *session)
{
  DiscMonitorWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (session), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_WINDOW, "application", application, NULL);
  self->session = g_object_ref (session);
  bind_session (self);
  return self;
}

/**
 * disc_monitor_window_set_remote_lans:
 * @self: the window
 * @model: (nullable): every LAN's nodes, read from etcd
 *
 * Shows the LANs page with @model, beside the local LAN's live pages; or
 * hides it when @model is %NULL.
 */
void
disc_monitor_window_set_remote_lans (DiscMonitorWindow   *self,
                                     DiscMonitorRemoteLansModel *model)
{
  GtkStackPage *page;

  g_return_if_fail (DISC_IS_MONITOR_WINDOW (self));
  disc_monitor_remote_lans_view_bind_model (self->remote_lans_view, model);
  page = gtk_stack_get_page (self->stack, GTK_WIDGET (self->remote_lans_view));
  gtk_stack_page_set_visible (page, model != NULL);
}
