/* disc-monitor-service-group-model.c: nodes grouped by the service they advertise
 *
 * A list model of DiscMonitorServiceGroup, sorted by name, kept up to date from
 * the node list's items-changed and each node's notify::info: a hello that
 * changes nothing costs nothing here, a node that comes, goes or renames
 * its service moves between two groups, and a group list changes only
 * when a service appears or loses its last candidate. A node's service
 * is disc_node_get_service_name(): the rule DiscServiceDiscovery applies.
 * The nodes that advertise no name are in a group of their own, without
 * a name, after the others.
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

  GPtrArray      *groups;       /* of DiscMonitorServiceGroup, sorted by name, then unnamed */
  DiscMonitorServiceGroup *unnamed;   /* in groups (last) while it has candidates */
  GHashTable     *by_name;      /* name -> DiscMonitorServiceGroup (in groups) */
  GHashTable     *membership;   /* DiscNode -> DiscMonitorServiceGroup it is in */
  DiscMonitorNodeMirror *mirror;
};

static GType
disc_monitor_service_group_model_get_item_type (GListModel *model)
{
  return DISC_TYPE_MONITOR_SERVICE_GROUP;
}

static guint
disc_monitor_service_group_model_get_n_items (GListModel *model)
{
  return DISC_MONITOR_SERVICE_GROUP_MODEL (model)->groups->len;
}

static gpointer
disc_monitor_service_group_model_get_item (GListModel *model,
                                           guint       position)
{
  DiscMonitorServiceGroupModel *self = DISC_MONITOR_SERVICE_GROUP_MODEL (model);

  if (position >= self->groups->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->groups, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = disc_monitor_service_group_model_get_item_type;
  iface->get_n_items = disc_monitor_service_group_model_get_n_items;
  iface->get_item = disc_monitor_service_group_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DiscMonitorServiceGroupModel, disc_monitor_service_group_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Where @name is, or would go, in the sorted array. */
static guint
find_position (DiscMonitorServiceGroupModel *self,
               const char                   *name,
               gboolean                     *found)
{
  guint low = 0, high = self->groups->len - (self->unnamed != NULL ? 1 : 0);

  *found = FALSE;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      int cmp = strcmp (disc_monitor_service_group_get_name (g_ptr_array_index (self->groups, mid)), name);

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
      position = self->groups->len - 1;
      g_ptr_array_remove_index (self->groups, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      return;
    }
  position = find_position (self, disc_monitor_service_group_get_name (group), &found);
  g_return_if_fail (found);
  g_hash_table_remove (self->by_name, disc_monitor_service_group_get_name (group));
  g_ptr_array_remove_index (self->groups, position);   /* unrefs the group */
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
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
      self->unnamed = _disc_monitor_service_group_new (NULL);
      g_ptr_array_add (self->groups, self->unnamed);
      g_list_model_items_changed (G_LIST_MODEL (self), self->groups->len - 1, 0, 1);
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

      group = _disc_monitor_service_group_new (name);
      g_ptr_array_insert (self->groups, position, group);
      g_hash_table_insert (self->by_name, (char *) disc_monitor_service_group_get_name (group), group);
      _disc_monitor_service_group_add (group, node);
      g_hash_table_insert (self->membership, node, group);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
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
}

static void
on_node_removed (DiscNode *node,
                 gpointer  user_data)
{
  leave_group (user_data, node);
}

static void
disc_monitor_service_group_model_dispose (GObject *object)
{
  DiscMonitorServiceGroupModel *self = DISC_MONITOR_SERVICE_GROUP_MODEL (object);

  g_clear_pointer (&self->mirror, _disc_monitor_node_mirror_free);
  g_clear_pointer (&self->membership, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  self->unnamed = NULL;   /* held by groups */
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (disc_monitor_service_group_model_parent_class)->dispose (object);
}

static void
disc_monitor_service_group_model_class_init (DiscMonitorServiceGroupModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_service_group_model_dispose;
}

static void
disc_monitor_service_group_model_init (DiscMonitorServiceGroupModel *self)
{
  self->groups = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->membership = g_hash_table_new (NULL, NULL);
}

/**
 * disc_monitor_service_group_model_new:
 * @nodes: a list model of DiscNode
 *
 * Returns: (transfer full): a live list model of DiscMonitorServiceGroup, one
 *   per service name advertised in @nodes, sorted by name, then one without
 *   a name for the nodes that advertise none, if any
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

  return self->groups->len - (self->unnamed != NULL ? 1 : 0);
}
