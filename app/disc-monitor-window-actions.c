/* disc-monitor-window-actions.c: the window's actions
 *
 * Promote, demote and demote permanently act on the node of the selected
 * row: the monitor's own node directly, another node by remote control
 * (disc_discovery_control_async(), aes-256-gcm only), whose answer goes to
 * the status bar and the event log and, when refused, to the banner. They
 * are enabled only when they would change something, and for another node
 * only when it accepts remote control (and, for Promote, is eligible); the
 * buttons' tooltips say why not. Promote asks
 * first when it would take mastership from a live master. The monitor's
 * own Demote gives back the role it joined with (not eligible, by
 * default) and is disabled, saying why, when no other node could take
 * over. Their
 * accelerators are set by the application, so menus and the shortcuts
 * window show them.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-window-private.h"

static DiscDiscovery *
get_discovery (DiscMonitorWindow *self)
{
  return self->session ? disc_monitor_session_get_discovery (self->session) : NULL;
}

/* The selected row's node when it is another node; NULL for this
 * monitor's own node (or no selection). */
static DiscNode *
get_target (DiscMonitorWindow *self)
{
  DiscNode *node = disc_monitor_nodes_view_get_selected_node (self->nodes_view);

  if (node == NULL || self->session == NULL || node == disc_monitor_session_get_me (self->session))
    return NULL;
  return node;
}

static gboolean
is_authenticated (DiscDiscovery *discovery)
{
  g_autofree char *algorithm = NULL;

  g_object_get (discovery, "algorithm", &algorithm, NULL);
  return g_strcmp0 (algorithm, "aes-256-gcm") == 0;
}

typedef struct
{
  DiscMonitorWindow *window;   /* owned: the answer comes within 3 s */
  char              *name;
  DiscControlAction  action;
} ControlCall;

/* The answers stay in the event log, which the status bar does not. */
static void
log_answer (DiscMonitorWindow    *self,
            DiscMonitorEventKind  kind,
            const char           *text)
{
  g_autoptr(DiscMonitorEvent) event = NULL;

  if (self->events == NULL)
    return;
  event = disc_monitor_event_new (kind, text, NULL);
  disc_monitor_event_list_add (self->events, event);
}

static void
on_control_answer (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ControlCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (disc_discovery_control_finish (DISC_DISCOVERY (source), result, &error))
    {
      /* Translators: status bar: an action (promotion...), then a host name */
      text = g_strdup_printf (_("Remote %s of %s accepted"),
                              disc_monitor_describe_control_action (call->action), call->name);
      _disc_monitor_window_set_status (call->window, text);
      log_answer (call->window, DISC_MONITOR_EVENT_CONTROL, text);
    }
  else
    {
      /* Translators: banner: an action (promotion...), a host name, and why it failed */
      text = g_strdup_printf (_("Remote %s of %s failed: %s"),
                              disc_monitor_describe_control_action (call->action), call->name,
                              error->message);
      _disc_monitor_window_set_status (call->window, text);
      _disc_monitor_window_show_banner (call->window, text);
      log_answer (call->window, DISC_MONITOR_EVENT_ERROR, text);
    }
  g_object_unref (call->window);
  g_free (call->name);
  g_free (call);
}

/* Asks the node @node_id (@name for people) to do @action. */
static void
control_remote (DiscMonitorWindow *self,
                DiscDiscovery     *discovery,
                const char        *node_id,
                const char        *name,
                DiscControlAction  action)
{
  ControlCall *call = g_new0 (ControlCall, 1);
  g_autofree char *text = NULL;

  call->window = g_object_ref (self);
  call->name = g_strdup (name);
  call->action = action;
  /* Translators: status bar: an action (promotion...), then a host name */
  text = g_strdup_printf (_("Remote %s of %s requested"),
                          disc_monitor_describe_control_action (action), call->name);
  _disc_monitor_window_set_status (self, text);
  disc_discovery_control_async (discovery, node_id, action, NULL, on_control_answer, call);
}

/* The first live master other than @target (NULL: other than this
 * monitor), if any: the one a promotion of @target would displace. */
static DiscNode *
find_other_master (DiscMonitorWindow *self,
                   DiscNode          *target)
{
  GListModel *masters = disc_monitor_session_get_masters (self->session);
  guint n = g_list_model_get_n_items (masters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (masters, i);

      if (target == NULL ? !disc_monitor_node_is_self (node) : node != target)
        return node;
    }
  return NULL;
}

/* A button whose label is its mnemonic widget's, as in the window's
 * template: GTK 4.8 names gtk_dialog_add_button()'s buttons "_Label Label"
 * on the accessibility bus. */
static GtkWidget *
dialog_button (const char *text)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), button);
  gtk_button_set_child (GTK_BUTTON (button), label);
  return button;
}

/* Promotes the node the dialog was asked for: its id and name are set on
 * the dialog for another node, absent for this monitor. */
static void
promote (DiscMonitorWindow *self,
         const char        *target_id,
         const char        *target_name)
{
  DiscDiscovery *discovery = get_discovery (self);

  if (discovery == NULL)
    return;
  if (target_id == NULL)
    disc_discovery_promote (discovery);
  else
    control_remote (self, discovery, target_id, target_name, DISC_CONTROL_ACTION_PROMOTE);
}

static void
on_promote_response (GtkDialog         *dialog,
                     int                response,
                     DiscMonitorWindow *self)
{
  g_autofree char *target_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "target-id"));
  g_autofree char *target_name = g_strdup (g_object_get_data (G_OBJECT (dialog), "target-name"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    promote (self, target_id, target_name);
}

static void
promote_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);
  DiscDiscovery *discovery = get_discovery (self);
  DiscNode *target;
  DiscNode *master;
  GtkWidget *dialog;
  GtkWidget *button;

  if (discovery == NULL)
    return;
  target = get_target (self);
  master = find_other_master (self, target);
  if (master == NULL)
    {
      promote (self, target ? disc_node_get_id (target) : NULL,
               target ? disc_node_get_host_name (target) : NULL);
      return;
    }

  /* Taking mastership from a running cluster is asked once, here. */
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   /* Translators: %s is the host name of the current master */
                                   _("Take mastership from %s?"),
                                   disc_node_get_host_name (master));
  if (target == NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                              _("This monitor becomes master of the cluster and the "
                                                "current master steps down. The cluster’s services may "
                                                "rely on their master."));
  else
    {
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                /* Translators: %s is the host name of the node to promote */
                                                _("%s becomes master of the cluster by remote control and "
                                                  "the current master steps down. The cluster’s services "
                                                  "may rely on their master."),
                                                disc_node_get_host_name (target));
      g_object_set_data_full (G_OBJECT (dialog), "target-id", g_strdup (disc_node_get_id (target)), g_free);
      g_object_set_data_full (G_OBJECT (dialog), "target-name",
                              g_strdup (disc_node_get_host_name (target)), g_free);
    }
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), dialog_button (_("_Cancel")), GTK_RESPONSE_CANCEL);
  button = dialog_button (_("_Take Mastership"));
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), button, GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_promote_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Demote and Demote Permanently differ only in what they ask: @remote of
 * another node, or of this monitor's own node a demotion that is
 * @permanent or not. */
static void
demote (DiscMonitorWindow *self,
        DiscControlAction  remote,
        gboolean           permanent)
{
  DiscDiscovery *discovery = get_discovery (self);
  DiscNode *target = get_target (self);

  if (discovery == NULL)
    return;
  if (target != NULL)
    control_remote (self, discovery, disc_node_get_id (target), disc_node_get_host_name (target), remote);
  else
    disc_discovery_demote (discovery, permanent);
}

static void
demote_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);

  /* A monitor that joined not eligible must not be elected again later:
   * a temporary demotion would leave it eligible. */
  demote (self, DISC_CONTROL_ACTION_DEMOTE, !self->joined_eligible);
}

static void
demote_permanently_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  demote (DISC_MONITOR_WINDOW (user_data), DISC_CONTROL_ACTION_DEMOTE_PERMANENT, TRUE);
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->stack, "nodes");
  disc_monitor_nodes_view_focus_search (self->nodes_view);
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->stack, g_variant_get_string (parameter, NULL));
}

static const GActionEntry window_actions[] = {
  { "promote", promote_action },
  { "demote", demote_action },
  { "demote-permanently", demote_permanently_action },
  { "search", search_action },
  { "show-page", show_page_action, "s" },
};

static void
on_selected_node_notify (DiscMonitorNodesView *view,
                         GParamSpec           *pspec,
                         DiscMonitorWindow    *self)
{
  g_signal_group_set_target (self->selected_signals, disc_monitor_nodes_view_get_selected_node (view));
  _disc_monitor_window_update_actions (self);
}

void
_disc_monitor_window_actions_init (DiscMonitorWindow *self)
{
  GtkButton *buttons[] = { self->promote_button, self->demote_button, self->demote_permanently_button };

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    self->own_tooltips[i] = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (buttons[i])));

  /* The actions follow the selected node's role and its acceptsControl. */
  self->selected_signals = g_signal_group_new (DISC_TYPE_NODE);
  g_signal_group_connect_swapped (self->selected_signals, "notify::is-master",
                                  G_CALLBACK (_disc_monitor_window_update_actions), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::is-master-eligible",
                                  G_CALLBACK (_disc_monitor_window_update_actions), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::accepts-control",
                                  G_CALLBACK (_disc_monitor_window_update_actions), self);
  g_signal_connect_object (self->nodes_view, "notify::selected-node",
                           G_CALLBACK (on_selected_node_notify), self, 0);
  _disc_monitor_window_update_actions (self);
}

void
_disc_monitor_window_actions_dispose (DiscMonitorWindow *self)
{
  g_clear_object (&self->selected_signals);
  for (guint i = 0; i < G_N_ELEMENTS (self->own_tooltips); i++)
    g_clear_pointer (&self->own_tooltips[i], g_free);
}

static void
set_enabled (DiscMonitorWindow *self,
             const char        *name,
             gboolean           enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_tooltips (DiscMonitorWindow *self,
              const char        *why_not)
{
  GtkButton *buttons[] = { self->promote_button, self->demote_button, self->demote_permanently_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (buttons[i] != NULL)
      gtk_widget_set_tooltip_text (GTK_WIDGET (buttons[i]), why_not ? why_not : self->own_tooltips[i]);
}

void
_disc_monitor_window_update_actions (DiscMonitorWindow *self)
{
  DiscDiscovery *discovery = get_discovery (self);
  gboolean running = discovery != NULL && disc_discovery_is_running (discovery);
  DiscNode *target = self->nodes_view != NULL ? get_target (self) : NULL;
  DiscNode *node = target != NULL ? target : (discovery ? disc_discovery_get_me (discovery) : NULL);
  gboolean is_master = node != NULL && disc_node_get_is_master (node);
  gboolean eligible = node != NULL && disc_node_get_is_master_eligible (node);
  gboolean successor = self->diagnosis != NULL &&
                       disc_monitor_diagnosis_get_has_eligible_peer (self->diagnosis);
  gboolean can = running;
  gboolean can_promote;
  g_autofree char *why_not = NULL;

  if (target != NULL)
    {
      if (!disc_node_get_accepts_control (target))
        /* Translators: tooltip of Promote and Demote; %s is a host name */
        why_not = g_strdup_printf (_("%s does not accept remote control"),
                                   disc_node_get_host_name (target));
      else if (!is_authenticated (discovery))
        why_not = g_strdup (_("Remote control needs the aes-256-gcm algorithm and a key"));
      else if (!eligible && !is_master)
        /* Translators: tooltip of Promote and Demote; %s is a host name */
        why_not = g_strdup_printf (_("%s is not eligible to be master: it refuses a promotion"),
                                   disc_node_get_host_name (target));
      else
        /* Translators: tooltip of Promote and Demote; %s is a host name */
        why_not = g_strdup_printf (_("Acts on %s by remote control"), disc_node_get_host_name (target));
      can = running && disc_node_get_accepts_control (target) && is_authenticated (discovery);
      /* The target's own election finds its successor, this monitor included. */
      successor = TRUE;
    }
  set_tooltips (self, why_not);

  /* Another node refuses a promotion while it is not eligible; this
   * monitor's own node becomes eligible to be promoted. */
  can_promote = can && !is_master && (target == NULL || eligible);
  set_enabled (self, "promote", can_promote);
  set_enabled (self, "demote", can && is_master && successor);
  if (target == NULL && self->demote_button != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->demote_button),
                                 !is_master || successor
                                 ? _("Hand mastership to the best other eligible node (Ctrl+D)")
                                 : _("No other node is eligible to take over: Demote would leave the cluster without a master"));
  set_enabled (self, "demote-permanently", can && (is_master || eligible));
}
