/* disc-monitor-service-group-model.c: nodes grouped by the service they advertise
 *
 * A GListStore of DiscMonitorServiceGroup, sorted by name, kept up to date from
 * the node list's items-changed and each node's notify::info: a hello that
 * changes nothing costs nothing here, a node that comes, goes or renames
 * its service moves between two groups, and a group list changes only
 * when a service appears or loses its last candidate. A node's service
 * is disc_node_get_service_name(): the rule DiscServiceDiscovery applies.
 * The nodes that advertise no name are in a group of their own, without
 * a name, after the others. ::candidate-changed tells a search that what
 * it matched against may have changed.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-service-group-model"

#include "config.h"

#include <string.h>

#include "disc-monitor-node-mirror.h"
#include "disc-monitor-service-group-model.h"
#include "disc-monitor-service-group-private.h"

struct _DiscMonitorServiceGroupModel
{
  GObject         parent_instance;

  GListStore     *groups;       /* of DiscMonitorServiceGroup, sorted by name, then unnamed */
  DiscMonitorServiceGroup *unnamed;   /* in groups (last) while it has candidates */
  GHashTable     *by_name;      /* name -> DiscMonitorServiceGroup (in groups) */
  GHashTable     *membership;   /* DiscNode -> DiscMonitorServiceGroup it is in */
  DiscMonitorNodeMirror *mirror;
};

G_DEFINE_FINAL_TYPE (DiscMonitorServiceGroupModel, disc_monitor_service_group_model, G_TYPE_OBJECT)

enum {
  SIGNAL_CANDIDATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where @name is, or would go, in the sorted array. */
static guint
find_position (DiscMonitorServiceGroupModel *self,
               const char                   *name,
               gboolean                     *found)
{
  guint low = 0, high = disc_monitor_service_group_model_get_n_named (self);

  *found = FALSE;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      g_autoptr(DiscMonitorServiceGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), mid);
      int cmp = strcmp (disc_monitor_service_group_get_name (group), name);

      if (cmp == 0)
        {
          *found = TRUE;
          return mid;
        }
      if (cmp < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static void
leave_group (DiscMonitorServiceGroupModel *self,
             DiscNode                     *node)
{
  DiscMonitorServiceGroup *group = g_hash_table_lookup (self->membership, node);
  gboolean found;
  guint position;

  if (group == NULL)
    return;
  g_hash_table_remove (self->membership, node);
  _disc_monitor_service_group_remove (group, node);
  if (disc_monitor_service_group_get_n_candidates (group) > 0)
    return;

  if (group == self->unnamed)
    {
      self->unnamed = NULL;
      g_list_store_remove (self->groups, g_list_model_get_n_items (G_LIST_MODEL (self->groups)) - 1);
      return;
    }
  position = find_position (self, disc_monitor_service_group_get_name (group), &found);
  g_return_if_fail (found);
  g_hash_table_remove (self->by_name, disc_monitor_service_group_get_name (group));
  g_list_store_remove (self->groups, position);   /* unrefs the group */
}

static void
place (DiscMonitorServiceGroupModel *self,
       DiscNode                     *node)
{
  const char *name = disc_node_get_service_name (node);
  DiscMonitorServiceGroup *current = g_hash_table_lookup (self->membership, node);
  DiscMonitorServiceGroup *group;

  if (current != NULL && g_strcmp0 (disc_monitor_service_group_get_name (current), name) == 0)
    return;
  leave_group (self, node);
  if (name == NULL && self->unnamed == NULL)
    {
      g_autoptr(DiscMonitorServiceGroup) unnamed = _disc_monitor_service_group_new (NULL);

      self->unnamed = unnamed;
      g_list_store_append (self->groups, unnamed);
    }
  if (name == NULL)
    {
      _disc_monitor_service_group_add (self->unnamed, node);
      g_hash_table_insert (self->membership, node, self->unnamed);
      return;
    }

  group = g_hash_table_lookup (self->by_name, name);
  if (group == NULL)
    {
      gboolean found;
      guint position = find_position (self, name, &found);

      g_autoptr(DiscMonitorServiceGroup) created = _disc_monitor_service_group_new (name);

      /* Views see the group with its first candidate. */
      _disc_monitor_service_group_add (created, node);
      g_hash_table_insert (self->membership, node, created);
      g_hash_table_insert (self->by_name, (char *) disc_monitor_service_group_get_name (created), created);
      g_list_store_insert (self->groups, position, created);
      return;
    }
  _disc_monitor_service_group_add (group, node);
  g_hash_table_insert (self->membership, node, group);
}

static void
on_node_placed (DiscNode *node,
                gpointer  user_data)
{
  place (user_data, node);
  g_signal_emit (user_data, signals[SIGNAL_CANDIDATE_CHANGED], 0, node);
}

static void
on_node_removed (DiscNode *node,
                 gpointer  user_data)
{
  leave_group (user_data, node);
  g_signal_emit (user_data, signals[SIGNAL_CANDIDATE_CHANGED], 0, node);
}

static void
disc_monitor_service_group_model_dispose (GObject *object)
{
  DiscMonitorServiceGroupModel *self = DISC_MONITOR_SERVICE_GROUP_MODEL (object);

  g_clear_pointer (&self->mirror, _disc_monitor_node_mirror_free);
  g_clear_pointer (&self->membership, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  self->unnamed = NULL;   /* held by groups */
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (disc_monitor_service_group_model_parent_class)->dispose (object);
}

static void
disc_monitor_service_group_model_class_init (DiscMonitorServiceGroupModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_service_group_model_dispose;

  /**
   * DiscMonitorServiceGroupModel::candidate-changed:
   * @self: the model
   * @node: the node that joined, left, or changed its info
   *
   * Emitted after the groups have taken the change, also when @node stays
   * in its group: its endpoint or version may be what a search matches.
   */
  signals[SIGNAL_CANDIDATE_CHANGED] =
    g_signal_new ("candidate-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DISC_TYPE_NODE);
}

static void
disc_monitor_service_group_model_init (DiscMonitorServiceGroupModel *self)
{
  self->groups = g_list_store_new (DISC_TYPE_MONITOR_SERVICE_GROUP);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->membership = g_hash_table_new (NULL, NULL);
}

/**
 * disc_monitor_service_group_model_new:
 * @nodes: a list model of DiscNode
 *
 * Returns: (transfer full): an object that keeps the service groups of
 *   @nodes, in disc_monitor_service_group_model_get_model()
 */
DiscMonitorServiceGroupModel *
disc_monitor_service_group_model_new (GListModel *nodes)
{
  static const char * const watched[] = { "notify::info", NULL };
  DiscMonitorServiceGroupModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (nodes), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_SERVICE_GROUP_MODEL, NULL);
  self->mirror = _disc_monitor_node_mirror_new (nodes, watched, on_node_placed, on_node_placed,
                                                on_node_removed, self);
  return self;
}

/**
 * disc_monitor_service_group_model_lookup:
 * @self: a service group model
 * @name: a service name
 *
 * Returns: (transfer none) (nullable): the group of @name, if any node
 *   advertises it
 */
DiscMonitorServiceGroup *
disc_monitor_service_group_model_lookup (DiscMonitorServiceGroupModel *self,
                                         const char                   *name)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

/**
 * disc_monitor_service_group_model_get_n_named:
 * @self: a service group model
 *
 * Returns: how many service names are advertised: the groups but the one
 *   of the nodes that advertise no name
 */
guint
disc_monitor_service_group_model_get_n_named (DiscMonitorServiceGroupModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP_MODEL (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->groups)) - (self->unnamed != NULL ? 1 : 0);
}

/**
 * disc_monitor_service_group_model_get_model:
 * @self: a service group model
 *
 * Returns: (transfer none): a live list model of DiscMonitorServiceGroup,
 *   one per service name advertised, sorted by name, then one without a
 *   name for the nodes that advertise none, if any
 */
GListModel *
disc_monitor_service_group_model_get_model (DiscMonitorServiceGroupModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP_MODEL (self), NULL);
  return G_LIST_MODEL (self->groups);
}
