/* disc-monitor-service-search.c: the services tree's search, kept live
 *
 * Two filters over the service groups and their candidates: a service
 * stays when its name, or one of its candidates' host, endpoint, version
 * or short id, holds the search text (what the rows show); under a
 * service whose name matches, all candidates stay, else those that match.
 *
 * Both are re-run when the text changes, and while searching also when a
 * node joins, leaves or changes its info (the group model's
 * ::candidate-changed): a candidate that starts advertising the port
 * searched for appears without the search being typed again. Those
 * re-runs wait for an idle moment, so a burst of joins costs one.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-service-search"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "disc-monitor-node-format.h"
#include "disc-monitor-service-search.h"

struct _DiscMonitorServiceSearch
{
  GObject       parent_instance;

  char         *folded;            /* casefolded text; NULL when not searching */
  GtkFilter    *group_filter;
  GtkFilter    *candidate_filter;
  GSignalGroup *services_signals;
  guint         refilter_id;
};

G_DEFINE_FINAL_TYPE (DiscMonitorServiceSearch, disc_monitor_service_search, G_TYPE_OBJECT)

static gboolean
text_matches (const char *text,
              const char *folded_search)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_search) != NULL;
}

static gboolean
group_name_matches (const char *name,
                    const char *folded_search)
{
  /* The unnamed group matches what its heading says. */
  return text_matches (name ? name : _("No name"), folded_search);
}

static gboolean
node_matches (DiscNode   *node,
              const char *folded_search)
{
  g_autofree char *endpoint = disc_monitor_node_describe_endpoint (node);
  g_autofree char *short_id = disc_monitor_node_short_id (node);

  return text_matches (disc_node_get_host_name (node), folded_search) ||
         text_matches (endpoint, folded_search) ||
         text_matches (short_id, folded_search);
}

static gboolean
group_filter (gpointer item,
              gpointer user_data)
{
  DiscMonitorServiceSearch *self = user_data;
  DiscMonitorServiceGroup *group = item;
  GListModel *candidates;

  if (self->folded == NULL || group_name_matches (disc_monitor_service_group_get_name (group), self->folded))
    return TRUE;
  candidates = disc_monitor_service_group_get_candidates (group);
  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (candidates, i);

      if (node_matches (node, self->folded))
        return TRUE;
    }
  return FALSE;
}

static gboolean
candidate_filter (gpointer item,
                  gpointer user_data)
{
  DiscMonitorServiceSearch *self = user_data;

  return self->folded == NULL ||
         group_name_matches (disc_node_get_service_name (item), self->folded) ||
         node_matches (item, self->folded);
}

static void
refilter (DiscMonitorServiceSearch *self)
{
  g_clear_handle_id (&self->refilter_id, g_source_remove);
  gtk_filter_changed (self->group_filter, GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (self->candidate_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static gboolean
on_refilter_idle (gpointer user_data)
{
  DiscMonitorServiceSearch *self = user_data;

  self->refilter_id = 0;
  refilter (self);
  return G_SOURCE_REMOVE;
}

static void
on_candidate_changed (DiscMonitorServiceGroupModel *services,
                      DiscNode                     *node,
                      DiscMonitorServiceSearch     *self)
{
  if (self->folded != NULL && self->refilter_id == 0)
    self->refilter_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_refilter_idle, self, NULL);
}

static void
disc_monitor_service_search_dispose (GObject *object)
{
  DiscMonitorServiceSearch *self = DISC_MONITOR_SERVICE_SEARCH (object);

  g_clear_handle_id (&self->refilter_id, g_source_remove);
  g_clear_object (&self->services_signals);
  /* Views may hold the filters longer than the search lives. */
  if (self->group_filter != NULL)
    {
      gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (self->group_filter), NULL, NULL, NULL);
      gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (self->candidate_filter), NULL, NULL, NULL);
    }
  g_clear_object (&self->group_filter);
  g_clear_object (&self->candidate_filter);
  g_clear_pointer (&self->folded, g_free);

  G_OBJECT_CLASS (disc_monitor_service_search_parent_class)->dispose (object);
}

static void
disc_monitor_service_search_class_init (DiscMonitorServiceSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_service_search_dispose;
}

static void
disc_monitor_service_search_init (DiscMonitorServiceSearch *self)
{
  self->group_filter = GTK_FILTER (gtk_custom_filter_new (group_filter, self, NULL));
  self->candidate_filter = GTK_FILTER (gtk_custom_filter_new (candidate_filter, self, NULL));
  self->services_signals = g_signal_group_new (DISC_TYPE_MONITOR_SERVICE_GROUP_MODEL);
  g_signal_group_connect (self->services_signals, "candidate-changed",
                          G_CALLBACK (on_candidate_changed), self);
}

/**
 * disc_monitor_service_search_new:
 *
 * Returns: (transfer full): a search that keeps everything, until
 *   disc_monitor_service_search_set_text() gives it a text
 */
DiscMonitorServiceSearch *
disc_monitor_service_search_new (void)
{
  return g_object_new (DISC_TYPE_MONITOR_SERVICE_SEARCH, NULL);
}

/**
 * disc_monitor_service_search_set_text:
 * @self: a service search
 * @text: (nullable): what to look for, in any case; %NULL or "" keeps all
 *
 * Re-runs both filters at once.
 */
void
disc_monitor_service_search_set_text (DiscMonitorServiceSearch *self,
                                      const char               *text)
{
  g_return_if_fail (DISC_IS_MONITOR_SERVICE_SEARCH (self));

  g_clear_pointer (&self->folded, g_free);
  if (text != NULL && *text != '\0')
    self->folded = g_utf8_casefold (text, -1);
  refilter (self);
}

/**
 * disc_monitor_service_search_set_services:
 * @self: a service search
 * @services: (nullable): the groups the filters run over, followed for
 *   changes to their candidates
 */
void
disc_monitor_service_search_set_services (DiscMonitorServiceSearch     *self,
                                          DiscMonitorServiceGroupModel *services)
{
  g_return_if_fail (DISC_IS_MONITOR_SERVICE_SEARCH (self));
  g_return_if_fail (services == NULL || DISC_IS_MONITOR_SERVICE_GROUP_MODEL (services));

  g_signal_group_set_target (self->services_signals, services);
}

/**
 * disc_monitor_service_search_get_group_filter:
 * @self: a service search
 *
 * Returns: (transfer none): the filter of DiscMonitorServiceGroup items
 */
GtkFilter *
disc_monitor_service_search_get_group_filter (DiscMonitorServiceSearch *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_SEARCH (self), NULL);

  return self->group_filter;
}

/**
 * disc_monitor_service_search_get_candidate_filter:
 * @self: a service search
 *
 * Returns: (transfer none): the filter of a group's DiscNode candidates
 */
GtkFilter *
disc_monitor_service_search_get_candidate_filter (DiscMonitorServiceSearch *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_SEARCH (self), NULL);

  return self->candidate_filter;
}
