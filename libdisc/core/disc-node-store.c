/* disc-node-store.c: nodes in order of discovery
 *
 * A GSequence (a balanced tree) gives O(log n) positional access and
 * removal, so a node leaving a table of 100,000 costs no scan, and views
 * get one items-changed per node added or removed, never a rebuild.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-node-store"

#include "config.h"

#include "disc-node-store.h"

struct _DiscNodeStore
{
  GObject    parent_instance;
  GSequence *nodes;
};

static GType
disc_node_store_get_item_type (GListModel *model)
{
  return DISC_TYPE_NODE;
}

static guint
disc_node_store_get_n_items (GListModel *model)
{
  return g_sequence_get_length (DISC_NODE_STORE (model)->nodes);
}

static gpointer
disc_node_store_get_item (GListModel *model,
                          guint       position)
{
  DiscNodeStore *self = DISC_NODE_STORE (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->nodes, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = disc_node_store_get_item_type;
  iface->get_n_items = disc_node_store_get_n_items;
  iface->get_item = disc_node_store_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DiscNodeStore, disc_node_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
disc_node_store_finalize (GObject *object)
{
  DiscNodeStore *self = DISC_NODE_STORE (object);

  g_sequence_free (self->nodes);
  G_OBJECT_CLASS (disc_node_store_parent_class)->finalize (object);
}

static void
disc_node_store_class_init (DiscNodeStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = disc_node_store_finalize;
}

static void
disc_node_store_init (DiscNodeStore *self)
{
  self->nodes = g_sequence_new (g_object_unref);
}

DiscNodeStore *
disc_node_store_new (void)
{
  return g_object_new (DISC_TYPE_NODE_STORE, NULL);
}

void
disc_node_store_append (DiscNodeStore *self,
                        DiscNode      *node)
{
  guint position = g_sequence_get_length (self->nodes);

  g_return_if_fail (node->store_iter == NULL);
  node->store_iter = g_sequence_append (self->nodes, g_object_ref (node));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
disc_node_store_remove (DiscNodeStore *self,
                        DiscNode      *node)
{
  GSequenceIter *iter = node->store_iter;
  guint position;

  g_return_if_fail (iter != NULL);
  position = g_sequence_iter_get_position (iter);
  node->store_iter = NULL;
  g_sequence_remove (iter);  /* drops the store's reference */
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}
