/* disc-monitor-window-actions.c: the window's actions
 *
 * Promote, demote and demote permanently act on the monitor's own node;
 * they are enabled only when they would change something. Promote asks
 * first when it would take mastership from a live master; Demote gives
 * back the role the monitor joined with (not eligible, by default) and is
 * disabled, saying why, when no other node could take over. Their
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

/* The first live master that is not this monitor, if any. */
static DiscNode *
find_other_master (DiscMonitorWindow *self)
{
  GListModel *masters = disc_monitor_session_get_masters (self->session);
  guint n = g_list_model_get_n_items (masters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (masters, i);

      if (!disc_monitor_node_is_self (node))
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

static void
on_promote_response (GtkDialog         *dialog,
                     int                response,
                     DiscMonitorWindow *self)
{
  DiscDiscovery *discovery = get_discovery (self);

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT && discovery != NULL)
    disc_discovery_promote (discovery);
}

static void
promote_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);
  DiscDiscovery *discovery = get_discovery (self);
  DiscNode *master;
  GtkWidget *dialog;
  GtkWidget *button;

  if (discovery == NULL)
    return;
  master = find_other_master (self);
  if (master == NULL)
    {
      disc_discovery_promote (discovery);
      return;
    }

  /* Taking mastership from a running cluster is asked once, here. */
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   /* Translators: %s is the host name of the current master */
                                   _("Take mastership from %s?"),
                                   disc_node_get_host_name (master));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("This monitor becomes master of the cluster and the "
                                              "current master steps down. The cluster’s services may "
                                              "rely on their master."));
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), dialog_button (_("_Cancel")), GTK_RESPONSE_CANCEL);
  button = dialog_button (_("_Take Mastership"));
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), button, GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_promote_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demote_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DiscMonitorWindow *self = DISC_MONITOR_WINDOW (user_data);
  DiscDiscovery *discovery = get_discovery (self);

  /* A monitor that joined not eligible must not be elected again later:
   * a temporary demotion would leave it eligible. */
  if (discovery != NULL)
    disc_discovery_demote (discovery, !self->joined_eligible);
}

static void
demote_permanently_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  DiscDiscovery *discovery = get_discovery (DISC_MONITOR_WINDOW (user_data));

  if (discovery != NULL)
    disc_discovery_demote (discovery, TRUE);
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

void
_disc_monitor_window_actions_init (DiscMonitorWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  _disc_monitor_window_update_actions (self);
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

void
_disc_monitor_window_update_actions (DiscMonitorWindow *self)
{
  DiscDiscovery *discovery = get_discovery (self);
  gboolean running = discovery != NULL && disc_discovery_is_running (discovery);
  DiscNode *me = discovery ? disc_discovery_get_me (discovery) : NULL;
  gboolean is_master = me != NULL && disc_node_get_is_master (me);
  gboolean eligible = me != NULL && disc_node_get_is_master_eligible (me);
  gboolean successor = self->diagnosis != NULL &&
                       disc_monitor_diagnosis_get_has_eligible_peer (self->diagnosis);

  set_enabled (self, "promote", running && !is_master);
  set_enabled (self, "demote", running && is_master && successor);
  if (self->demote_button != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->demote_button),
                                 !is_master || successor
                                 ? _("Hand mastership to the best other eligible node (Ctrl+D)")
                                 : _("No other node is eligible to take over: Demote would leave the cluster without a master"));
  set_enabled (self, "demote-permanently", running && (is_master || eligible));
}
