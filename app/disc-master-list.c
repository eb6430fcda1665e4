/* disc-master-list.c: the nodes that are master now, as a list model
 *
 * Follows every node's notify::is-master (a detailed signal: it fires on
 * a change of role, not on every hello), so the list is right without
 * ever scanning the node table.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-master-list"

#include "config.h"

#include "disc-master-list.h"
#include "disc-node-mirror.h"

struct _DiscMasterList
{
  GObject         parent_instance;

  GListStore     *masters;   /* of DiscNode, in the order they became master */
  DiscNodeMirror *mirror;
};

static GType
disc_master_list_get_item_type (GListModel *model)
{
  return DISC_TYPE_NODE;
}

static guint
disc_master_list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (DISC_MASTER_LIST (model)->masters));
}

static gpointer
disc_master_list_get_item (GListModel *model,
                           guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (DISC_MASTER_LIST (model)->masters), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = disc_master_list_get_item_type;
  iface->get_n_items = disc_master_list_get_n_items;
  iface->get_item = disc_master_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DiscMasterList, disc_master_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
on_masters_changed (GListModel     *store,
                    guint           position,
                    guint           removed,
                    guint           added,
                    DiscMasterList *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
track (DiscMasterList *self,
       DiscNode       *node)
{
  guint position;
  gboolean listed = g_list_store_find (self->masters, node, &position);

  if (disc_node_get_is_master (node) && !listed)
    g_list_store_append (self->masters, node);
  else if (!disc_node_get_is_master (node) && listed)
    g_list_store_remove (self->masters, position);
}

static void
on_is_master_changed (DiscNode       *node,
                      GParamSpec     *pspec,
                      DiscMasterList *self)
{
  track (self, node);
}

static void
on_node_added (DiscNode *node,
               gpointer  user_data)
{
  DiscMasterList *self = user_data;

  g_signal_connect (node, "notify::is-master", G_CALLBACK (on_is_master_changed), self);
  track (self, node);
}

static void
on_node_removed (DiscNode *node,
                 gpointer  user_data)
{
  DiscMasterList *self = user_data;
  guint position;

  g_signal_handlers_disconnect_by_func (node, on_is_master_changed, self);
  if (g_list_store_find (self->masters, node, &position))
    g_list_store_remove (self->masters, position);
}

static void
disc_master_list_dispose (GObject *object)
{
  DiscMasterList *self = DISC_MASTER_LIST (object);

  if (self->masters != NULL)
    g_signal_handlers_disconnect_by_func (self->masters, on_masters_changed, self);
  g_clear_pointer (&self->mirror, _disc_node_mirror_free);
  g_clear_object (&self->masters);

  G_OBJECT_CLASS (disc_master_list_parent_class)->dispose (object);
}

static void
disc_master_list_class_init (DiscMasterListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_master_list_dispose;
}

static void
disc_master_list_init (DiscMasterList *self)
{
  self->masters = g_list_store_new (DISC_TYPE_NODE);
  g_signal_connect (self->masters, "items-changed", G_CALLBACK (on_masters_changed), self);
}

/**
 * disc_master_list_new:
 * @nodes: a list model of DiscNode
 *
 * Returns: (transfer full): a live list of the nodes of @nodes that are
 *   master
 */
DiscMasterList *
disc_master_list_new (GListModel *nodes)
{
  DiscMasterList *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (nodes), NULL);

  self = g_object_new (DISC_TYPE_MASTER_LIST, NULL);
  self->mirror = _disc_node_mirror_new (nodes, on_node_added, on_node_removed, self);
  return self;
}
