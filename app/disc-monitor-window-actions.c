/* disc-monitor-window-actions.c: the window's actions
 *
 * Promote, demote and demote permanently act on the monitor's own node;
 * they are enabled only when they would change something. Their
 * accelerators are set by the application, so menus and the shortcuts
 * window show them.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-window-actions"

#include "config.h"

#include "disc-monitor-window-private.h"

static DiscDiscovery *
get_discovery (DiscMonitorWindow *self)
{
  return self->session ? disc_monitor_session_get_discovery (self->session) : NULL;
}

/* Promote and both demotes differ only in the call they make, so one
 * handler serves them all, keyed by the action's name. */
static void
discovery_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DiscDiscovery *discovery = get_discovery (DISC_MONITOR_WINDOW (user_data));
  const char *name = g_action_get_name (G_ACTION (action));

  if (discovery == NULL)
    return;
  if (g_str_equal (name, "promote"))
    disc_discovery_promote (discovery);
  else
    disc_discovery_demote (discovery, g_str_equal (name, "demote-permanently"));
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
  { "promote", discovery_action },
  { "demote", discovery_action },
  { "demote-permanently", discovery_action },
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

  set_enabled (self, "promote", running && !is_master);
  set_enabled (self, "demote", running && is_master);
  set_enabled (self, "demote-permanently", running && (is_master || eligible));
}
