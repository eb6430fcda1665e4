/* disc-monitor-master-list.c: the nodes that are master now, as a list model
 *
 * Follows every node's notify::is-master (a detailed signal: it fires on
 * a change of role, not on every hello), so the list is right without
 * ever scanning the node table. The list is a GListStore, which views
 * take from disc_monitor_master_list_get_model().
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-master-list"

#include "config.h"

#include "disc-monitor-master-list.h"
#include "disc-monitor-node-mirror.h"

struct _DiscMonitorMasterList
{
  GObject         parent_instance;

  GListStore     *masters;   /* of DiscNode, in the order they became master */
  DiscMonitorNodeMirror *mirror;
};

G_DEFINE_FINAL_TYPE (DiscMonitorMasterList, disc_monitor_master_list, G_TYPE_OBJECT)

static void
track (DiscMonitorMasterList *self,
       DiscNode              *node)
{
  guint position;
  gboolean listed = g_list_store_find (self->masters, node, &position);

  if (disc_node_get_is_master (node) && !listed)
    g_list_store_append (self->masters, node);
  else if (!disc_node_get_is_master (node) && listed)
    g_list_store_remove (self->masters, position);
}

static void
on_node_added (DiscNode *node,
               gpointer  user_data)
{
  track (user_data, node);
}

static void
on_node_removed (DiscNode *node,
                 gpointer  user_data)
{
  DiscMonitorMasterList *self = user_data;
  guint position;

  if (g_list_store_find (self->masters, node, &position))
    g_list_store_remove (self->masters, position);
}

static void
disc_monitor_master_list_dispose (GObject *object)
{
  DiscMonitorMasterList *self = DISC_MONITOR_MASTER_LIST (object);

  g_clear_pointer (&self->mirror, _disc_monitor_node_mirror_free);
  g_clear_object (&self->masters);

  G_OBJECT_CLASS (disc_monitor_master_list_parent_class)->dispose (object);
}

static void
disc_monitor_master_list_class_init (DiscMonitorMasterListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_master_list_dispose;
}

static void
disc_monitor_master_list_init (DiscMonitorMasterList *self)
{
  self->masters = g_list_store_new (DISC_TYPE_NODE);
}

/**
 * disc_monitor_master_list_new:
 * @nodes: a list model of DiscNode
 *
 * Returns: (transfer full): an object that keeps the list of the nodes of
 *   @nodes that are master
 */
DiscMonitorMasterList *
disc_monitor_master_list_new (GListModel *nodes)
{
  static const char * const watched[] = { "notify::is-master", NULL };
  DiscMonitorMasterList *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (nodes), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_MASTER_LIST, NULL);
  self->mirror = _disc_monitor_node_mirror_new (nodes, watched, on_node_added, on_node_added,
                                                on_node_removed, self);
  return self;
}

/**
 * disc_monitor_master_list_get_model:
 * @self: a master list
 *
 * Returns: (transfer none): the DiscNode items of the nodes that are master
 *   now, in the order they became master
 */
GListModel *
disc_monitor_master_list_get_model (DiscMonitorMasterList *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_MASTER_LIST (self), NULL);
  return G_LIST_MODEL (self->masters);
}
