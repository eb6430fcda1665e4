/* disc-etcd-watch.c: follow every key under an etcd prefix
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-etcd"

#include "config.h"

#include <string.h>

#include "disc-etcd-watch.h"
#include "disc-etcd-client-private.h"

/**
 * DiscEtcdWatch:
 *
 * Every key under a prefix of etcd, followed live: first one range
 * ([signal@Disc.EtcdWatch::reset]), then a watch from the next revision
 * ([signal@Disc.EtcdWatch::put], [signal@Disc.EtcdWatch::delete]).
 *
 * The watch is a newline-delimited stream of the JSON gateway, one
 * connection for as long as it lasts. When it ends (an etcd member
 * killed answers EOF) it resumes on the next endpoint from the last
 * revision seen + 1, so no change is lost or seen twice. When that
 * revision was compacted meanwhile, etcd cancels the watch with
 * `compact_revision`: the prefix is ranged again and
 * [signal@Disc.EtcdWatch::reset] says what is there now; the same when
 * the store is found behind the revision seen (its data wiped or
 * restored), where a watch from the old revision would say nothing until
 * the store caught up. While etcd
 * cannot be reached it tries again every second and says so once by
 * [signal@Disc.EtcdWatch::error].
 *
 * It runs until [method@Disc.EtcdWatch.cancel]; pending I/O holds a
 * reference, so dropping the last one of the caller's is not enough.
 *
 * Since: 0.2
 */

#define RETRY_MS 1000
/* One event line of ours is small; a range of 1,000 nodes is read by the
 * range call, not here. A line this long is not etcd's. */
#define MAX_LINE_BYTES (8 * 1024 * 1024)
#define READ_CHUNK 16384

struct _DiscEtcdWatch
{
  GObject         parent_instance;

  DiscEtcdClient *client;
  char           *prefix;
  gint64          revision;      /* the last one seen; 0 before the first range */
  GCancellable   *cancellable;
  GInputStream   *stream;
  GByteArray     *line;
  guint           retry_id;
  gboolean        failing;       /* said by ::error, not said again until it works */
};

enum {
  PROP_0,
  PROP_PREFIX,
  PROP_REVISION,
  N_PROPS
};

enum {
  SIGNAL_RESET,
  SIGNAL_PUT,
  SIGNAL_DELETE,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DiscEtcdWatch, disc_etcd_watch, G_TYPE_OBJECT)

static void start_range (DiscEtcdWatch *self);
static void start_watch (DiscEtcdWatch *self);

static void
set_revision (DiscEtcdWatch *self,
              gint64         revision)
{
  if (revision <= self->revision)
    return;
  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

static gboolean
on_retry (gpointer user_data)
{
  DiscEtcdWatch *self = user_data;

  self->retry_id = 0;
  if (self->revision == 0)
    start_range (self);
  else
    start_watch (self);
  return G_SOURCE_REMOVE;
}

static void
fail (DiscEtcdWatch *self,
      GError        *error)
{
  g_clear_object (&self->stream);
  g_byte_array_set_size (self->line, 0);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!self->failing)
    {
      self->failing = TRUE;
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (RETRY_MS, on_retry, self);
}

static void
on_range (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DiscEtcdWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kvs = NULL;
  gint64 revision = 0;

  kvs = disc_etcd_client_range_finish (DISC_ETCD_CLIENT (source), result, &revision, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (kvs == NULL)
    {
      fail (self, error);
      return;
    }
  self->failing = FALSE;
  /* A range resets the revision, even backwards (a restored etcd). */
  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  g_signal_emit (self, signals[SIGNAL_RESET], 0, kvs);
  start_watch (self);
}

static void
start_range (DiscEtcdWatch *self)
{
  disc_etcd_client_range_async (self->client, self->prefix, TRUE, self->cancellable,
                                on_range, g_object_ref (self));
}

/* One line of the stream: {"result": {...}} or {"error": {...}}.
 * Returns FALSE when the stream must be dropped (and says why). */
static gboolean
handle_line (DiscEtcdWatch  *self,
             const char     *text,
             gsize           len,
             GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *result;
  JsonArray *events;

  if (len == 0)
    return TRUE;
  if (!json_parser_load_from_data (parser, text, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                           "the watch stream sent a line that is not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  result = _disc_etcd_json_object (root, "result");
  if (result == NULL)
    {
      JsonObject *err = _disc_etcd_json_object (root, "error");
      const char *message = NULL;

      if (err != NULL)
        message = _disc_etcd_json_string (err, "message", NULL);
      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_REJECTED,
                   "etcd ended the watch: %s", message != NULL ? message : "no reason given");
      return FALSE;
    }

  if (_disc_etcd_json_boolean (result, "canceled"))
    {
      gint64 compacted = _disc_etcd_json_int64 (result, "compact_revision");

      if (compacted > 0)
        {
          /* Changes between our revision and the compaction are gone:
           * read what is there now instead. */
          g_debug ("watch of %s: revision %" G_GINT64_FORMAT " compacted (at %" G_GINT64_FORMAT
                   "), ranging again", self->prefix, self->revision + 1, compacted);
          self->revision = 0;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "compacted");
          return FALSE;
        }
      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_REJECTED, "etcd cancelled the watch: %s",
                   _disc_etcd_json_string (result, "cancel_reason", "no reason given"));
      return FALSE;
    }

  events = _disc_etcd_json_array (result, "events");
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *event_node = json_array_get_element (events, i);
      JsonObject *event, *kv_object;
      g_autoptr(DiscEtcdKeyValue) kv = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (event_node))
        continue;
      event = json_node_get_object (event_node);
      kv_object = _disc_etcd_json_object (event, "kv");
      if (kv_object == NULL)
        continue;
      kv = _disc_etcd_key_value_from_json (kv_object, NULL);
      if (kv == NULL)
        continue;
      set_revision (self, kv->mod_revision);
      /* The type is left out when it is PUT, protobuf's default. */
      if (g_strcmp0 (_disc_etcd_json_string (event, "type", "PUT"), "DELETE") == 0)
        g_signal_emit (self, signals[SIGNAL_DELETE], 0, kv->key);
      else
        g_signal_emit (self, signals[SIGNAL_PUT], 0, kv);
      if (g_cancellable_is_cancelled (self->cancellable))
        return TRUE;
    }

  /* The creation message carries the store's revision: nothing under the
   * prefix changed up to it, so a resume may start after it. */
  if (events == NULL)
    {
      gint64 store = _disc_etcd_json_revision (result);

      /* A store behind what we saw was wiped or restored: a watch from our
       * revision + 1 would stay silent until it caught up, so read what is
       * there now instead, as after a compaction. */
      if (store > 0 && store < self->revision)
        {
          g_debug ("watch of %s: the store is at revision %" G_GINT64_FORMAT ", behind %"
                   G_GINT64_FORMAT ", ranging again", self->prefix, store, self->revision);
          self->revision = 0;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "store went back");
          return FALSE;
        }
      set_revision (self, store);
    }
  return TRUE;
}

static void read_more (DiscEtcdWatch *self);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DiscEtcdWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size, start = 0;
  const guint8 *data;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (bytes == NULL)
    {
      fail (self, error);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      /* EOF: the member went away. Resume from revision + 1 (on the
       * next endpoint, when this one refuses the connection). */
      g_debug ("watch of %s ended; resuming at %" G_GINT64_FORMAT, self->prefix, self->revision + 1);
      g_clear_object (&self->stream);
      g_byte_array_set_size (self->line, 0);
      start_watch (self);
      return;
    }

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] != '\n')
        continue;
      g_byte_array_append (self->line, data + start, i - start);
      if (!handle_line (self, (const char *) self->line->data, self->line->len, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              /* Compacted: range again at once. */
              g_clear_object (&self->stream);
              g_byte_array_set_size (self->line, 0);
              start_range (self);
              return;
            }
          fail (self, error);
          return;
        }
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      g_byte_array_set_size (self->line, 0);
      start = i + 1;
    }
  if (self->line->len + (size - start) > MAX_LINE_BYTES)
    {
      g_set_error (&error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                   "the watch stream sent a line longer than %d bytes", MAX_LINE_BYTES);
      fail (self, error);
      return;
    }
  g_byte_array_append (self->line, data + start, size - start);
  read_more (self);
}

static void
read_more (DiscEtcdWatch *self)
{
  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->cancellable, on_read, g_object_ref (self));
}

static void
on_stream_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DiscEtcdWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  GInputStream *stream;

  stream = _disc_etcd_client_open_stream_finish (DISC_ETCD_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&stream);
      return;
    }
  if (stream == NULL)
    {
      fail (self, error);
      return;
    }
  self->failing = FALSE;
  self->stream = stream;
  read_more (self);
}

static void
start_watch (DiscEtcdWatch *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "create_request");
  json_builder_begin_object (b);
  _disc_etcd_json_add_range (b, self->prefix, TRUE);
  _disc_etcd_json_add_int64 (b, "start_revision", self->revision + 1);
  /* Catching up, etcd puts up to 1,000 revisions in one message: ten
   * values of 1 MiB would make a line past MAX_LINE_BYTES, refused again
   * at every retry. Fragments stay near etcd's request limit (1.5 MiB). */
  json_builder_set_member_name (b, "fragment");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  body = _disc_etcd_json_object_node (b);
  _disc_etcd_client_open_stream_async (self->client, "/v3/watch", body, self->cancellable,
                                       on_stream_opened, g_object_ref (self));
}

/**
 * disc_etcd_watch_new:
 * @client: a client
 * @prefix: the prefix to follow
 *
 * Starts following every key under @prefix: a range first, then the
 * changes.
 *
 * Returns: (transfer full): a new watch, running
 *
 * Since: 0.2
 */
DiscEtcdWatch *
disc_etcd_watch_new (DiscEtcdClient *client,
                     const char     *prefix)
{
  DiscEtcdWatch *self;

  g_return_val_if_fail (DISC_IS_ETCD_CLIENT (client), NULL);
  g_return_val_if_fail (prefix != NULL && *prefix != '\0', NULL);

  self = g_object_new (DISC_TYPE_ETCD_WATCH, NULL);
  self->client = g_object_ref (client);
  self->prefix = g_strdup (prefix);
  start_range (self);
  return self;
}

/**
 * disc_etcd_watch_get_prefix:
 * @self: a watch
 *
 * Gets [property@Disc.EtcdWatch:prefix].
 *
 * Returns: the prefix followed
 *
 * Since: 0.2
 */
const char *
disc_etcd_watch_get_prefix (DiscEtcdWatch *self)
{
  g_return_val_if_fail (DISC_IS_ETCD_WATCH (self), NULL);
  return self->prefix;
}

/**
 * disc_etcd_watch_get_revision:
 * @self: a watch
 *
 * Gets [property@Disc.EtcdWatch:revision].
 *
 * Returns: the last store revision seen, 0 before the first range
 *
 * Since: 0.2
 */
gint64
disc_etcd_watch_get_revision (DiscEtcdWatch *self)
{
  g_return_val_if_fail (DISC_IS_ETCD_WATCH (self), 0);
  return self->revision;
}

/**
 * disc_etcd_watch_cancel:
 * @self: a watch
 *
 * Stops following: the connection is closed and no signal is emitted
 * any more.
 *
 * Since: 0.2
 */
void
disc_etcd_watch_cancel (DiscEtcdWatch *self)
{
  g_return_if_fail (DISC_IS_ETCD_WATCH (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static void
disc_etcd_watch_dispose (GObject *object)
{
  DiscEtcdWatch *self = DISC_ETCD_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_object (&self->stream);
  G_OBJECT_CLASS (disc_etcd_watch_parent_class)->dispose (object);
}

static void
disc_etcd_watch_finalize (GObject *object)
{
  DiscEtcdWatch *self = DISC_ETCD_WATCH (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_byte_array_unref (self->line);
  g_free (self->prefix);
  G_OBJECT_CLASS (disc_etcd_watch_parent_class)->finalize (object);
}

static void
disc_etcd_watch_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DiscEtcdWatch *self = DISC_ETCD_WATCH (object);

  switch (prop_id)
    {
    case PROP_PREFIX:
      g_value_set_string (value, self->prefix);
      break;
    case PROP_REVISION:
      g_value_set_int64 (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_etcd_watch_class_init (DiscEtcdWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = disc_etcd_watch_dispose;
  object_class->finalize = disc_etcd_watch_finalize;
  object_class->get_property = disc_etcd_watch_get_property;

  /**
   * DiscEtcdWatch:prefix:
   *
   * The key prefix followed.
   *
   * Since: 0.2
   */
  properties[PROP_PREFIX] =
    g_param_spec_string ("prefix", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * DiscEtcdWatch:revision:
   *
   * The last revision of the store seen: the watch resumes after it.
   *
   * Since: 0.2
   */
  properties[PROP_REVISION] =
    g_param_spec_int64 ("revision", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DiscEtcdWatch::reset:
   * @self: the watch
   * @kvs: (element-type DiscEtcdKeyValue): every key under the prefix now
   *
   * The prefix was ranged: at the start, and again when the watch's
   * revision was compacted. What the caller knew is replaced by @kvs.
   *
   * Since: 0.2
   */
  signals[SIGNAL_RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /**
   * DiscEtcdWatch::put:
   * @self: the watch
   * @kv: the key as it is now
   *
   * A key under the prefix was created or changed.
   *
   * Since: 0.2
   */
  signals[SIGNAL_PUT] =
    g_signal_new ("put", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DISC_TYPE_ETCD_KEY_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DiscEtcdWatch::delete:
   * @self: the watch
   * @key: the key
   *
   * A key under the prefix was deleted (or its lease expired).
   *
   * Since: 0.2
   */
  signals[SIGNAL_DELETE] =
    g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DiscEtcdWatch::error:
   * @self: the watch
   * @error: what failed
   *
   * etcd could not be read; the watch tries again every second. Emitted
   * once until it works again.
   *
   * Since: 0.2
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
disc_etcd_watch_init (DiscEtcdWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->line = g_byte_array_new ();
}
