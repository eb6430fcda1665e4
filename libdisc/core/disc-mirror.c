/* disc-mirror.c: a LAN's membership as etcd keys, and the writes that
 * keep etcd in step with it (no I/O)
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-mirror"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "disc-mirror.h"
#include "disc-envelope.h"
#include "disc-error.h"
#include "disc-frame.h"
#include "disc-node-private.h"

/* The key layout, under /disc/<cluster>/<lan>/:
 *
 *   nodes/<id>     the node as JSON (node-discovery's node object without
 *                  lastSeen, which changes with every hello)
 *   masters/<id>   the id of each master, as a JSON string
 *   bridges/<id>   each bridge of the LAN (written by DiscBridge)
 *
 * Every segment is escaped: bytes other than A-Z a-z 0-9 - _ are %XX, so
 * an id from the network ("../../x", "a/b", "") is one segment and its
 * key stays under nodes/. The mirror keeps what etcd must hold (desired),
 * what it is known to hold (confirmed), and the keys that differ (dirty);
 * a batch writes dirty keys only, so a steady LAN writes nothing. */

#define MAX_BACKOFF_MS 4000
#define FIRST_BACKOFF_MS 250

struct _DiscMirror
{
  char       *cluster;
  char       *lan;
  char       *prefix;
  guint       coalesce_ms;

  GHashTable *desired;        /* key -> value */
  GHashTable *confirmed;      /* key -> value */
  GHashTable *dirty;          /* key set */
  GHashTable *node_masters;   /* node id -> master key written for it */

  gint64      first_dirty_ms; /* -1 when nothing is dirty */
  gint64      not_before_ms;  /* backoff after a failed batch */
  guint       backoff_ms;
  gboolean    in_flight;
  guint       generation;     /* bumped by a resync: older batches are void */
  guint       in_flight_generation;
  gboolean    in_resync;
  guint64     ops_written;
};

static gboolean
is_plain (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* "." is escaped too, so that no segment is "." or "..". */
char *
disc_mirror_escape (const char *segment)
{
  GString *out = g_string_new (NULL);

  if (*segment == '\0')
    return g_string_free (g_string_append (out, "%"), FALSE);
  for (const guchar *p = (const guchar *) segment; *p != '\0'; p++)
    {
      if (is_plain (*p))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

/* NULL when @segment is not one that disc_mirror_escape() makes. */
char *
disc_mirror_unescape (const char *segment)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (strcmp (segment, "%") == 0)
    return g_strdup ("");
  for (const char *p = segment; *p != '\0'; p++)
    {
      if (is_plain ((guchar) *p))
        g_string_append_c (out, *p);
      else if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          int c = g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2]);

          if (c == 0 || is_plain ((guchar) c))
            return NULL;
          g_string_append_c (out, (char) c);
          p += 2;
        }
      else
        return NULL;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
disc_mirror_cluster_prefix (const char *cluster)
{
  g_autofree char *c = disc_mirror_escape (cluster);

  return g_strdup_printf ("/disc/%s/", c);
}

char *
disc_mirror_lan_prefix (const char *cluster,
                        const char *lan)
{
  g_autofree char *c = disc_mirror_escape (cluster);
  g_autofree char *l = disc_mirror_escape (lan);

  return g_strdup_printf ("/disc/%s/%s/", c, l);
}

DiscMirrorKeyKind
disc_mirror_parse_key (const char  *cluster,
                       const char  *key,
                       char       **lan,
                       char       **id)
{
  g_autofree char *prefix = disc_mirror_cluster_prefix (cluster);
  g_auto(GStrv) parts = NULL;
  g_autofree char *lan_name = NULL;
  g_autofree char *id_name = NULL;
  DiscMirrorKeyKind kind;

  if (!g_str_has_prefix (key, prefix))
    return DISC_MIRROR_KEY_OTHER;
  parts = g_strsplit (key + strlen (prefix), "/", 4);
  if (g_strv_length (parts) != 3)
    return DISC_MIRROR_KEY_OTHER;
  if (strcmp (parts[1], "nodes") == 0)
    kind = DISC_MIRROR_KEY_NODE;
  else if (strcmp (parts[1], "masters") == 0)
    kind = DISC_MIRROR_KEY_MASTER;
  else if (strcmp (parts[1], "bridges") == 0)
    kind = DISC_MIRROR_KEY_BRIDGE;
  else
    return DISC_MIRROR_KEY_OTHER;
  lan_name = disc_mirror_unescape (parts[0]);
  id_name = disc_mirror_unescape (parts[2]);
  if (lan_name == NULL || id_name == NULL)
    return DISC_MIRROR_KEY_OTHER;
  if (lan != NULL)
    *lan = g_steal_pointer (&lan_name);
  if (id != NULL)
    *id = g_steal_pointer (&id_name);
  return kind;
}

/* Anyone who can write to etcd chooses the values: the limits of a
 * datagram hold (doc/protocol.md, "Limits"), and json-glib recurses once
 * per level of nesting, so the depth is checked before parsing. */
JsonNode *
disc_mirror_parse_value (GBytes  *value,
                         GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len = 0;
  const char *text;

  text = g_bytes_get_data (value, &len);
  if (len > DISC_FRAME_MAX_MESSAGE)
    {
      g_set_error_literal (error, DISC_ERROR, DISC_ERROR_INVALID_DATA,
                           _("the value is larger than 64 KiB"));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (text == NULL || !disc_json_text_is_safe (text, len) ||
      !json_parser_load_from_data (parser, text, len, NULL))
    {
      g_set_error_literal (error, DISC_ERROR, DISC_ERROR_INVALID_DATA,
                           _("the value is not JSON, or nested more than 64 levels deep"));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* node-discovery's node object without lastSeen: it changes with every
 * hello, and etcd must only see real changes. */
char *
disc_mirror_node_value (DiscNode *node)
{
  g_autoptr(JsonNode) json = disc_node_to_json (node);

  json_object_remove_member (json_node_get_object (json), "lastSeen");
  return json_to_string (json, FALSE);
}

DiscMirror *
disc_mirror_new (const char *cluster,
                 const char *lan,
                 guint       coalesce_ms)
{
  DiscMirror *self = g_new0 (DiscMirror, 1);

  self->cluster = g_strdup (cluster);
  self->lan = g_strdup (lan);
  self->prefix = disc_mirror_lan_prefix (cluster, lan);
  self->coalesce_ms = coalesce_ms;
  self->desired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->node_masters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->first_dirty_ms = -1;
  return self;
}

void
disc_mirror_free (DiscMirror *self)
{
  if (self == NULL)
    return;
  g_free (self->cluster);
  g_free (self->lan);
  g_free (self->prefix);
  g_hash_table_unref (self->desired);
  g_hash_table_unref (self->confirmed);
  g_hash_table_unref (self->dirty);
  g_hash_table_unref (self->node_masters);
  g_free (self);
}

const char *
disc_mirror_get_prefix (DiscMirror *self)
{
  return self->prefix;
}

/* @kind is "nodes", "masters" or "bridges". */
char *
disc_mirror_key (DiscMirror *self,
                 const char *kind,
                 const char *id)
{
  g_autofree char *escaped = disc_mirror_escape (id);

  return g_strconcat (self->prefix, kind, "/", escaped, NULL);
}

static void
mark_dirty (DiscMirror *self,
            const char *key,
            gint64      now_ms)
{
  if (g_hash_table_size (self->dirty) == 0)
    self->first_dirty_ms = now_ms;
  g_hash_table_add (self->dirty, g_strdup (key));
}

/* Sets what @key must hold (NULL: must not exist). */
static void
want (DiscMirror *self,
      const char *key,
      const char *value,
      gint64      now_ms)
{
  const char *current = g_hash_table_lookup (self->desired, key);

  if (g_strcmp0 (current, value) == 0)
    return;
  if (value != NULL)
    g_hash_table_insert (self->desired, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (self->desired, key);
  mark_dirty (self, key, now_ms);
}

void
disc_mirror_set_node (DiscMirror *self,
                      DiscNode   *node,
                      gint64      now_ms)
{
  const char *id = disc_node_get_id (node);
  g_autofree char *key = disc_mirror_key (self, "nodes", id);
  g_autofree char *value = disc_mirror_node_value (node);
  const char *master_key = g_hash_table_lookup (self->node_masters, id);

  want (self, key, value, now_ms);
  if (disc_node_get_is_master (node) && master_key == NULL)
    {
      g_autofree char *mkey = disc_mirror_key (self, "masters", id);
      g_autoptr(JsonNode) id_json = json_node_init_string (json_node_alloc (), id);
      g_autofree char *id_value = json_to_string (id_json, FALSE);

      want (self, mkey, id_value, now_ms);
      g_hash_table_insert (self->node_masters, g_strdup (id), g_steal_pointer (&mkey));
    }
  else if (!disc_node_get_is_master (node) && master_key != NULL)
    {
      want (self, master_key, NULL, now_ms);
      g_hash_table_remove (self->node_masters, id);
    }
}

void
disc_mirror_remove_node (DiscMirror *self,
                         const char *id,
                         gint64      now_ms)
{
  g_autofree char *key = disc_mirror_key (self, "nodes", id);
  const char *master_key = g_hash_table_lookup (self->node_masters, id);

  want (self, key, NULL, now_ms);
  if (master_key != NULL)
    {
      want (self, master_key, NULL, now_ms);
      g_hash_table_remove (self->node_masters, id);
    }
}

guint
disc_mirror_get_n_nodes (DiscMirror *self)
{
  return g_hash_table_size (self->desired) - g_hash_table_size (self->node_masters);
}

void
disc_mirror_begin_resync (DiscMirror *self)
{
  self->in_resync = TRUE;
  self->generation++;
  g_hash_table_remove_all (self->confirmed);
}

void
disc_mirror_remote_put (DiscMirror *self,
                        const char *key,
                        const char *value)
{
  g_autofree char *lan = NULL;
  DiscMirrorKeyKind kind;

  g_return_if_fail (self->in_resync);
  if (!g_str_has_prefix (key, self->prefix))
    return;
  kind = disc_mirror_parse_key (self->cluster, key, &lan, NULL);
  /* Bridges' keys are the bridges' own business; anything else under the
   * LAN's nodes/ and masters/ that is not ours (a key of a bad form
   * included) is for deleting. */
  if (kind == DISC_MIRROR_KEY_BRIDGE)
    return;
  if (kind == DISC_MIRROR_KEY_OTHER &&
      !g_str_has_prefix (key + strlen (self->prefix), "nodes/") &&
      !g_str_has_prefix (key + strlen (self->prefix), "masters/"))
    return;
  g_hash_table_insert (self->confirmed, g_strdup (key), g_strdup (value));
}

void
disc_mirror_end_resync (DiscMirror *self,
                        gint64      now_ms)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self->in_resync);
  self->in_resync = FALSE;
  g_hash_table_remove_all (self->dirty);
  self->first_dirty_ms = -1;
  g_hash_table_iter_init (&iter, self->desired);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (self->confirmed, key), value) != 0)
      mark_dirty (self, key, now_ms);
  g_hash_table_iter_init (&iter, self->confirmed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->desired, key))
      mark_dirty (self, key, now_ms);
  /* A resync's writes go at once: they are repairs, not fresh news. */
  if (self->first_dirty_ms >= 0)
    self->first_dirty_ms = now_ms - self->coalesce_ms;
  self->not_before_ms = 0;
  self->backoff_ms = 0;
}

/* When the next batch should be sent, on the caller's clock; -1 when
 * nothing is to be written or a batch is on its way. */
gint64
disc_mirror_get_due (DiscMirror *self)
{
  if (self->in_flight || self->in_resync || g_hash_table_size (self->dirty) == 0)
    return -1;
  return MAX (self->first_dirty_ms + (gint64) self->coalesce_ms, self->not_before_ms);
}

static void
op_free (gpointer data)
{
  DiscMirrorOp *op = data;

  g_free (op->key);
  g_free (op->value);
  g_free (op);
}

/* Up to @max_ops writes, each key once (etcd refuses a txn that puts and
 * deletes one key). NULL when there is nothing to write or a batch is on
 * its way; the caller must then give it back to disc_mirror_batch_done(). */
GPtrArray *
disc_mirror_take_batch (DiscMirror *self,
                        guint       max_ops)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (op_free);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (max_ops > 0, NULL);
  if (self->in_flight || self->in_resync)
    return NULL;

  g_hash_table_iter_init (&iter, self->dirty);
  while (batch->len < max_ops && g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *want_value = g_hash_table_lookup (self->desired, key);
      const char *has_value = g_hash_table_lookup (self->confirmed, key);

      if (g_strcmp0 (want_value, has_value) != 0)
        {
          DiscMirrorOp *op = g_new0 (DiscMirrorOp, 1);

          op->key = g_strdup (key);
          op->value = g_strdup (want_value);
          g_ptr_array_add (batch, op);
        }
      g_hash_table_iter_remove (&iter);
    }
  if (g_hash_table_size (self->dirty) == 0)
    self->first_dirty_ms = -1;
  if (batch->len == 0)
    return NULL;
  self->in_flight = TRUE;
  self->in_flight_generation = self->generation;
  return g_steal_pointer (&batch);
}

void
disc_mirror_batch_done (DiscMirror *self,
                        GPtrArray  *batch,
                        gboolean    applied,
                        gint64      now_ms)
{
  gboolean current = self->in_flight_generation == self->generation;

  self->in_flight = FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      DiscMirrorOp *op = g_ptr_array_index (batch, i);

      if (applied && current)
        {
          if (op->value != NULL)
            g_hash_table_insert (self->confirmed, g_strdup (op->key), g_strdup (op->value));
          else
            g_hash_table_remove (self->confirmed, op->key);
          self->ops_written++;
          /* Changed again meanwhile: still dirty, and stays so. */
        }
      else if (!self->in_resync)
        mark_dirty (self, op->key, now_ms);
    }
  if (applied)
    {
      self->backoff_ms = 0;
      self->not_before_ms = 0;
    }
  else
    {
      self->backoff_ms = self->backoff_ms == 0 ? FIRST_BACKOFF_MS
                                               : MIN (2 * self->backoff_ms, MAX_BACKOFF_MS);
      self->not_before_ms = now_ms + self->backoff_ms;
    }
}

guint64
disc_mirror_get_ops_written (DiscMirror *self)
{
  return self->ops_written;
}
