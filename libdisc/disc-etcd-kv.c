/* disc-etcd-kv.c: the key-value calls of DiscEtcdClient:
 * range and txn, with DiscEtcdTxn (the transaction builder) and its JSON
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-etcd"

#include "config.h"

#include <json-glib/json-glib.h>

#include "disc-etcd-client.h"
#include "disc-etcd-client-private.h"

/* ---- Keys and values ------------------------------------------------ */

/**
 * disc_etcd_key_value_copy:
 * @self: a key and its value
 *
 * Copies a key and its value.
 *
 * Returns: (transfer full): the copy
 *
 * Since: 0.2
 */
DiscEtcdKeyValue *
disc_etcd_key_value_copy (const DiscEtcdKeyValue *self)
{
  DiscEtcdKeyValue *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_new0 (DiscEtcdKeyValue, 1);
  *copy = *self;
  copy->key = g_strdup (self->key);
  copy->value = self->value != NULL ? g_bytes_ref (self->value) : NULL;
  return copy;
}

/**
 * disc_etcd_key_value_free:
 * @self: (transfer full): a key and its value
 *
 * Frees a key and its value.
 *
 * Since: 0.2
 */
void
disc_etcd_key_value_free (DiscEtcdKeyValue *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_clear_pointer (&self->value, g_bytes_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DiscEtcdKeyValue, disc_etcd_key_value,
                     disc_etcd_key_value_copy, disc_etcd_key_value_free)

/* ---- Transactions --------------------------------------------------- */

typedef enum { OP_PUT, OP_DELETE } OpKind;

typedef struct {
  OpKind    kind;
  char     *key;
  GBytes   *value;
  gint64    lease;
  gboolean  prefix;
} TxnOp;

typedef struct {
  char   *key;
  gint64  create_revision;
} TxnCompare;

struct _DiscEtcdTxn
{
  gatomicrefcount  ref_count;
  GArray          *compares;   /* of TxnCompare */
  GArray          *ops;        /* of TxnOp */
};

static void
txn_op_clear (gpointer data)
{
  TxnOp *op = data;

  g_free (op->key);
  g_clear_pointer (&op->value, g_bytes_unref);
}

static void
txn_compare_clear (gpointer data)
{
  TxnCompare *compare = data;

  g_free (compare->key);
}

/**
 * disc_etcd_txn_new:
 *
 * Makes an empty transaction.
 *
 * Returns: (transfer full): a new transaction
 *
 * Since: 0.2
 */
DiscEtcdTxn *
disc_etcd_txn_new (void)
{
  DiscEtcdTxn *self = g_new0 (DiscEtcdTxn, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->compares = g_array_new (FALSE, TRUE, sizeof (TxnCompare));
  g_array_set_clear_func (self->compares, txn_compare_clear);
  self->ops = g_array_new (FALSE, TRUE, sizeof (TxnOp));
  g_array_set_clear_func (self->ops, txn_op_clear);
  return self;
}

/**
 * disc_etcd_txn_ref:
 * @self: a transaction
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.2
 */
DiscEtcdTxn *
disc_etcd_txn_ref (DiscEtcdTxn *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * disc_etcd_txn_unref:
 * @self: (transfer full): a transaction
 *
 * Drops a reference.
 *
 * Since: 0.2
 */
void
disc_etcd_txn_unref (DiscEtcdTxn *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->compares);
  g_array_unref (self->ops);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DiscEtcdTxn, disc_etcd_txn, disc_etcd_txn_ref, disc_etcd_txn_unref)

/**
 * disc_etcd_txn_compare_create_revision:
 * @self: a transaction
 * @key: a key
 * @revision: the revision that must have created @key; 0 for "@key does
 *   not exist"
 *
 * Adds a compare: the operations are done only if @key was created at
 * @revision. This is how a leader fences its writes on its election key.
 *
 * Since: 0.2
 */
void
disc_etcd_txn_compare_create_revision (DiscEtcdTxn *self,
                                       const char  *key,
                                       gint64       revision)
{
  TxnCompare compare = { g_strdup (key), revision };

  g_return_if_fail (self != NULL && key != NULL);
  g_array_append_val (self->compares, compare);
}

/**
 * disc_etcd_txn_put:
 * @self: a transaction
 * @key: a key
 * @value: its value
 * @lease: the lease to attach it to, or 0
 *
 * Adds a put.
 *
 * Since: 0.2
 */
void
disc_etcd_txn_put (DiscEtcdTxn *self,
                   const char  *key,
                   GBytes      *value,
                   gint64       lease)
{
  TxnOp op = { OP_PUT, g_strdup (key), g_bytes_ref (value), lease, FALSE };

  g_return_if_fail (self != NULL && key != NULL && value != NULL);
  g_array_append_val (self->ops, op);
}

/**
 * disc_etcd_txn_delete:
 * @self: a transaction
 * @key: a key, or a prefix
 * @prefix: whether to delete every key that starts with @key
 *
 * Adds a delete.
 *
 * Since: 0.2
 */
void
disc_etcd_txn_delete (DiscEtcdTxn *self,
                      const char  *key,
                      gboolean     prefix)
{
  TxnOp op = { OP_DELETE, g_strdup (key), NULL, 0, prefix };

  g_return_if_fail (self != NULL && key != NULL);
  g_array_append_val (self->ops, op);
}

/**
 * disc_etcd_txn_get_n_ops:
 * @self: a transaction
 *
 * Counts the operations (not the compares).
 *
 * Returns: how many puts and deletes @self holds
 *
 * Since: 0.2
 */
guint
disc_etcd_txn_get_n_ops (DiscEtcdTxn *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->ops->len;
}

/* etcd answers 400 to a txn that names one key twice, and refuses more
 * than 128 operations: say so before sending. */
static gboolean
txn_check (DiscEtcdTxn  *self,
           GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->ops->len > DISC_ETCD_MAX_TXN_OPS || self->compares->len > DISC_ETCD_MAX_TXN_OPS)
    {
      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_TXN,
                   "a transaction takes at most %d operations, not %u",
                   DISC_ETCD_MAX_TXN_OPS, MAX (self->ops->len, self->compares->len));
      return FALSE;
    }
  for (guint i = 0; i < self->ops->len; i++)
    {
      TxnOp *op = &g_array_index (self->ops, TxnOp, i);

      if (!g_hash_table_add (seen, op->key))
        {
          g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_TXN,
                       "a transaction writes key “%s” twice", op->key);
          return FALSE;
        }
    }
  return TRUE;
}

/* The members of the request's object, which @b has open. */
static void
txn_add_members (DiscEtcdTxn *self,
                 JsonBuilder *b)
{
  json_builder_set_member_name (b, "compare");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->compares->len; i++)
    {
      TxnCompare *c = &g_array_index (self->compares, TxnCompare, i);

      json_builder_begin_object (b);
      _disc_etcd_json_add_key (b, "key", c->key);
      json_builder_set_member_name (b, "target");
      json_builder_add_string_value (b, "CREATE");
      json_builder_set_member_name (b, "result");
      json_builder_add_string_value (b, "EQUAL");
      _disc_etcd_json_add_int64 (b, "create_revision", c->create_revision);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "success");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->ops->len; i++)
    {
      TxnOp *op = &g_array_index (self->ops, TxnOp, i);

      json_builder_begin_object (b);
      if (op->kind == OP_PUT)
        {
          json_builder_set_member_name (b, "request_put");
          json_builder_begin_object (b);
          _disc_etcd_json_add_key (b, "key", op->key);
          _disc_etcd_json_add_bytes (b, "value", op->value);
          if (op->lease != 0)
            _disc_etcd_json_add_int64 (b, "lease", op->lease);
          json_builder_end_object (b);
        }
      else
        {
          json_builder_set_member_name (b, "request_delete_range");
          json_builder_begin_object (b);
          _disc_etcd_json_add_range (b, op->key, op->prefix);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* ---- Calls ---------------------------------------------------------- */

/**
 * disc_etcd_client_range_async:
 * @self: a client
 * @key: a key, or a prefix
 * @prefix: whether to read every key that starts with @key
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Reads a key, or every key under a prefix, at one revision.
 *
 * Since: 0.2
 */
void
disc_etcd_client_range_async (DiscEtcdClient      *self,
                              const char          *key,
                              gboolean             prefix,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (key != NULL && *key != '\0');

  json_builder_begin_object (b);
  _disc_etcd_json_add_range (b, key, prefix);
  _disc_etcd_client_call (self, "/v3/kv/range", b, TRUE, cancellable,
                          disc_etcd_client_range_async, callback, user_data);
}

/**
 * disc_etcd_client_range_finish:
 * @self: a client
 * @result: the result given to the callback
 * @revision: (out) (optional): the store's revision the answer is from
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.range_async]. Keys that are not text
 * are left out.
 *
 * Returns: (transfer container) (element-type DiscEtcdKeyValue) (nullable):
 *   the keys in order, or %NULL on error
 *
 * Since: 0.2
 */
GPtrArray *
disc_etcd_client_range_finish (DiscEtcdClient  *self,
                               GAsyncResult    *result,
                               gint64          *revision,
                               GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);
  GPtrArray *kvs;
  JsonArray *array;

  if (answer == NULL)
    return NULL;

  if (revision != NULL)
    *revision = _disc_etcd_json_revision (answer);
  kvs = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_etcd_key_value_free);
  array = _disc_etcd_json_array (answer, "kvs");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      DiscEtcdKeyValue *kv;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      kv = _disc_etcd_key_value_from_json (json_node_get_object (node), NULL);
      if (kv != NULL)
        g_ptr_array_add (kvs, kv);
    }
  return kvs;
}

/**
 * disc_etcd_client_txn_async:
 * @self: a client
 * @txn: the transaction
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Sends a transaction. One that etcd would refuse (more than
 * %DISC_ETCD_MAX_TXN_OPS operations, a key written twice) fails with
 * %DISC_ETCD_ERROR_INVALID_TXN without being sent.
 *
 * Since: 0.2
 */
void
disc_etcd_client_txn_async (DiscEtcdClient      *self,
                            DiscEtcdTxn         *txn,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GError *error = NULL;

  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (txn != NULL);

  if (!txn_check (txn, &error))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, disc_etcd_client_txn_async);
      g_task_return_error (task, error);
      return;
    }
  json_builder_begin_object (b);
  txn_add_members (txn, b);
  _disc_etcd_client_call (self, "/v3/kv/txn", b, TRUE, cancellable,
                          disc_etcd_client_txn_async, callback, user_data);
}

/**
 * disc_etcd_client_txn_finish:
 * @self: a client
 * @result: the result given to the callback
 * @succeeded: (out) (optional): whether every compare held, so the
 *   operations were done
 * @revision: (out) (optional): the store's revision after the transaction
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.txn_async].
 *
 * Returns: %TRUE when etcd answered, whether or not the compares held
 *
 * Since: 0.2
 */
gboolean
disc_etcd_client_txn_finish (DiscEtcdClient  *self,
                             GAsyncResult    *result,
                             gboolean        *succeeded,
                             gint64          *revision,
                             GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);

  if (answer == NULL)
    return FALSE;
  if (succeeded != NULL)
    *succeeded = _disc_etcd_json_boolean (answer, "succeeded");
  if (revision != NULL)
    *revision = _disc_etcd_json_revision (answer);
  return TRUE;
}
