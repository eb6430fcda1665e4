/* disc-etcd-client.c: an asynchronous client of etcd's v3 JSON gateway
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-etcd"

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "disc-etcd-client.h"
#include "disc-etcd-client-private.h"

/**
 * DiscEtcdClient:
 *
 * A client of etcd's v3 JSON gateway (`/v3/kv/range`, `/v3/kv/txn`,
 * `/v3/lease/…`, `/v3/watch`, `/v3/election/…`), on libsoup and the thread
 * default main context of its creation: nothing blocks.
 *
 * It is given a comma-separated list of endpoints, each `http://HOST:PORT`
 * or `unix:PATH` (etcd's unix-socket listener, which a process inside a
 * network namespace reaches where the root namespace's loopback is out of
 * reach). A request that no answer meets within
 * [property@Disc.EtcdClient:request-timeout] (a put sent while etcd has
 * no leader hangs for about 7 s) is cancelled and sent again to the next
 * endpoint, twice round the list at most; 5xx answers are retried the same
 * way, 4xx answers are not. Campaigns and watches wait as long as they
 * must, each on a connection of its own, so the sessions allow far more
 * than libsoup's default 2 connections per host.
 *
 * Keys are text here; on the wire keys and values are base64 and 64-bit
 * numbers JSON strings, as the gateway wants.
 *
 * Since: 0.2
 */

/* Connections per endpoint: a watch and a campaign hold one each for as
 * long as they last, and requests must not queue behind them. */
#define MAX_CONNS_PER_ENDPOINT 16
#define DEFAULT_REQUEST_TIMEOUT_MS 2000
/* After every endpoint failed once, wait this long before the next round. */
#define ROUND_PAUSE_MS 200

typedef struct {
  char        *name;     /* as given, for messages */
  GUri        *base;     /* http://HOST:PORT; http://localhost for unix */
  SoupSession *session;
} Endpoint;

struct _DiscEtcdClient
{
  GObject    parent_instance;

  char      *endpoints_text;
  GPtrArray *endpoints;            /* of Endpoint */
  guint      current;              /* the endpoint that answered last */
  guint      request_timeout_ms;
};

enum {
  PROP_0,
  PROP_ENDPOINTS,
  PROP_REQUEST_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * disc_etcd_error_quark:
 *
 * Gets the error domain of the etcd client, %DISC_ETCD_ERROR. Its codes
 * are those of [error@Disc.EtcdError].
 *
 * Returns: the quark of the domain, `disc-etcd-error-quark`
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (disc-etcd-error-quark, disc_etcd_error)
G_DEFINE_FINAL_TYPE (DiscEtcdClient, disc_etcd_client, G_TYPE_OBJECT)

/* ---- Encodings ------------------------------------------------------ */

static char *
encode_key (const char *key)
{
  return g_base64_encode ((const guchar *) key, strlen (key));
}

/* A prefix's range ends at the prefix with its last byte + 1 (bytes of
 * 0xff carried over; all 0xff means "to the end": "\0"). */
static char *
prefix_end (const char *prefix)
{
  g_autofree guchar *end = (guchar *) g_strdup (prefix);
  gsize len = strlen (prefix);

  while (len > 0)
    {
      if (end[len - 1] < 0xff)
        {
          end[len - 1]++;
          return g_base64_encode (end, len);
        }
      len--;
    }
  return g_base64_encode ((const guchar *) "", 1);
}

gint64
_disc_etcd_json_int64 (JsonObject *object,
                       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                     &value, NULL))
        return 0;
      return value;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return 0;
}

/* A member that is a string, else @fallback: an answer that is not
 * etcd's may hold anything, and json-glib's getters warn on other types. */
const char *
_disc_etcd_json_string (JsonObject *object,
                        const char *member,
                        const char *fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

/* A member that is true; anything else is false. */
gboolean
_disc_etcd_json_boolean (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

JsonObject *
_disc_etcd_json_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_disc_etcd_json_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The store's revision an answer is from (its header's), 0 if it has
 * none. */
gint64
_disc_etcd_json_revision (JsonObject *answer)
{
  JsonObject *header = _disc_etcd_json_object (answer, "header");

  return header != NULL ? _disc_etcd_json_int64 (header, "revision") : 0;
}

GBytes *
_disc_etcd_json_base64_member (JsonObject *object,
                               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *copy = NULL;
  gsize len = 0;
  guchar *data;

  /* Only a string is base64; anything else (not etcd's) reads as empty. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return g_bytes_new (NULL, 0);
  copy = g_strdup (json_node_get_string (node));
  if (*copy == '\0')
    return g_bytes_new (NULL, 0);
  data = g_base64_decode_inplace (copy, &len);
  return g_bytes_new (data, len);
}

DiscEtcdKeyValue *
_disc_etcd_key_value_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(GBytes) key = _disc_etcd_json_base64_member (object, "key");
  g_autoptr(DiscEtcdKeyValue) kv = g_new0 (DiscEtcdKeyValue, 1);
  gsize len;
  const char *data = g_bytes_get_data (key, &len);

  /* libdisc only writes UTF-8 keys without NULs; others are not ours. */
  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                           "a key that is not text");
      return NULL;
    }
  kv->key = g_strndup (data, len);
  kv->value = _disc_etcd_json_base64_member (object, "value");
  kv->create_revision = _disc_etcd_json_int64 (object, "create_revision");
  kv->mod_revision = _disc_etcd_json_int64 (object, "mod_revision");
  kv->lease = _disc_etcd_json_int64 (object, "lease");
  return g_steal_pointer (&kv);
}

/* ---- Endpoints ------------------------------------------------------ */

static void
endpoint_free (gpointer data)
{
  Endpoint *endpoint = data;

  g_free (endpoint->name);
  g_clear_pointer (&endpoint->base, g_uri_unref);
  g_clear_object (&endpoint->session);
  g_free (endpoint);
}

/* Requests go to the endpoint's host and port only: a user name and
 * password, a query or a fragment given with it would be dropped without
 * a word, and a user who gave them expects them to count. The message
 * never repeats the password. */
static gboolean
endpoint_check_extras (const char  *text,
                       GUri        *uri,
                       GError     **error)
{
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);

      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                   "etcd endpoint “%s” has user info before its host; libdisc does not send "
                   "it (etcd authentication is not supported): give http://HOST:PORT", shown);
      return FALSE;
    }
  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                   "etcd endpoint “%s” has a query (“?%s”); libdisc does not send it: "
                   "give http://HOST:PORT", text, g_uri_get_query (uri));
      return FALSE;
    }
  if (g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                   "etcd endpoint “%s” has a fragment (“#%s”), which means nothing to "
                   "etcd: give http://HOST:PORT", text, g_uri_get_fragment (uri));
      return FALSE;
    }
  return TRUE;
}

static Endpoint *
endpoint_parse (const char  *text,
                GError     **error)
{
  g_autoptr(GSocketAddress) unix_address = NULL;
  g_autoptr(GUri) base = NULL;
  Endpoint *endpoint;

  if (g_str_has_prefix (text, "unix:"))
    {
      const char *path = text + strlen ("unix:");

      if (g_str_has_prefix (path, "//"))
        path += 2;
      if (*path == '\0')
        {
          g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                       "etcd endpoint “%s” has no socket path", text);
          return NULL;
        }
      unix_address = g_unix_socket_address_new (path);
      base = g_uri_parse ("http://localhost", G_URI_FLAGS_NONE, NULL);
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      base = g_uri_parse (text, G_URI_FLAGS_NONE, &local_error);
      if (base != NULL && !endpoint_check_extras (text, base, error))
        return NULL;
      if (base == NULL || g_strcmp0 (g_uri_get_scheme (base), "http") != 0 ||
          g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0' ||
          (g_uri_get_path (base)[0] != '\0' && strcmp (g_uri_get_path (base), "/") != 0))
        {
          g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                       "etcd endpoint “%s” is neither http://HOST:PORT nor unix:PATH", text);
          return NULL;
        }
      /* Without a port libsoup would go to port 80; etcd listens on 2379. */
      if (g_uri_get_port (base) == -1)
        {
          g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                       "etcd endpoint “%s” has no port (etcd's own is 2379): give http://HOST:PORT",
                       text);
          return NULL;
        }
    }

  endpoint = g_new0 (Endpoint, 1);
  endpoint->name = g_strdup (text);
  endpoint->base = g_steal_pointer (&base);
  /* libsoup 3.0+ sends every request of a session to remote-connectable
   * when set: that is how an http:// URI reaches a unix socket. */
  endpoint->session = soup_session_new_with_options ("max-conns-per-host", MAX_CONNS_PER_ENDPOINT,
                                                     "max-conns", 2 * MAX_CONNS_PER_ENDPOINT,
                                                     "remote-connectable", unix_address,
                                                     "timeout", 0,
                                                     "idle-timeout", 60,
                                                     NULL);
  return endpoint;
}

static gboolean
parse_endpoints (DiscEtcdClient  *self,
                 const char      *text,
                 GError         **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func (endpoint_free);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                           "no etcd endpoint given");
      return FALSE;
    }
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      Endpoint *endpoint;

      if (*part == '\0')
        continue;
      endpoint = endpoint_parse (part, error);
      if (endpoint == NULL)
        return FALSE;
      g_ptr_array_add (endpoints, endpoint);
    }
  if (endpoints->len == 0)
    {
      g_set_error_literal (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT,
                           "no etcd endpoint given");
      return FALSE;
    }
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  self->endpoints = g_steal_pointer (&endpoints);
  return TRUE;
}

/* ---- Requests ------------------------------------------------------- */

typedef struct {
  char         *path;
  GBytes       *body;
  gboolean      with_deadline;
  gboolean      stream;
  guint         attempts_left;
  guint         tried_in_round;
  guint         endpoint;
  SoupMessage  *message;
  GCancellable *attempt_cancellable;
  gulong        cancelled_id;
  guint         timer_id;
  guint         pause_id;
  gboolean      timed_out;
  GError       *last_error;
} Request;

static void
request_clear_attempt (Request *request)
{
  g_clear_handle_id (&request->timer_id, g_source_remove);
  g_clear_object (&request->attempt_cancellable);
  g_clear_object (&request->message);
  request->timed_out = FALSE;
}

static void
request_free (gpointer data)
{
  Request *request = data;

  request_clear_attempt (request);
  g_clear_handle_id (&request->pause_id, g_source_remove);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_error (&request->last_error);
  g_free (request);
}

static void attempt (GTask *task);

static gboolean
on_attempt_deadline (gpointer user_data)
{
  Request *request = user_data;

  request->timer_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void request_finish_task (GTask *task);

static gboolean
on_round_pause_done (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  request->pause_id = 0;
  /* Cancelled during the pause: no attempt was running to be cancelled. */
  if (g_task_return_error_if_cancelled (task))
    {
      request_finish_task (task);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  attempt (task);
  return G_SOURCE_REMOVE;
}

static void
on_task_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  Request *request = user_data;

  if (request->attempt_cancellable != NULL)
    g_cancellable_cancel (request->attempt_cancellable);
}

static void
request_finish_task (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (request->cancelled_id != 0)
    {
      g_signal_handler_disconnect (cancellable, request->cancelled_id);
      request->cancelled_id = 0;
    }
  g_clear_handle_id (&request->timer_id, g_source_remove);
}

/* Records why this attempt failed and goes on with the next endpoint, or
 * gives up when every attempt is spent. */
static void
retry_elsewhere (GTask  *task,
                 GError *error)
{
  DiscEtcdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  Endpoint *endpoint = g_ptr_array_index (self->endpoints, request->endpoint);

  if (request->timed_out)
    {
      g_error_free (error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no answer from %s within %u ms",
                           endpoint->name, self->request_timeout_ms);
    }
  g_debug ("%s on %s: %s", request->path, endpoint->name, error->message);
  g_clear_error (&request->last_error);
  request->last_error = error;
  request_clear_attempt (request);

  if (--request->attempts_left == 0)
    {
      request_finish_task (task);
      g_task_return_new_error (task, DISC_ETCD_ERROR, DISC_ETCD_ERROR_UNAVAILABLE,
                               "etcd did not answer %s (%s, last: %s)",
                               request->path, self->endpoints_text, request->last_error->message);
      g_object_unref (task);
      return;
    }
  request->endpoint = (request->endpoint + 1) % self->endpoints->len;
  self->current = request->endpoint;
  if (++request->tried_in_round >= self->endpoints->len)
    {
      request->tried_in_round = 0;
      request->pause_id = g_timeout_add (ROUND_PAUSE_MS, on_round_pause_done, task);
      return;
    }
  attempt (task);
}

static GError *
error_from_answer (guint         status,
                   GBytes       *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *message = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL && json_parser_load_from_data (parser, data, len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    message = _disc_etcd_json_string (json_node_get_object (json_parser_get_root (parser)),
                                      "error", NULL);
  if (message == NULL)
    message = soup_status_get_phrase (status);
  if (message == NULL)
    message = "unknown";

  if (strstr (message, "lease already exists") != NULL)
    return g_error_new (DISC_ETCD_ERROR, DISC_ETCD_ERROR_LEASE_EXISTS, "%s", message);
  return g_error_new (DISC_ETCD_ERROR, DISC_ETCD_ERROR_REJECTED, "etcd: %s (HTTP %u)",
                      message, status);
}

/* Whether an attempt got an answer with status 200. Otherwise it settles
 * @task here: a cancelled call ends, a failed connection or a server error
 * (5xx) goes on to the next endpoint, another status is the answer's
 * error. Takes @error, the attempt's failure (%NULL if it got an answer);
 * @body is the answer's, when it has been read. */
static gboolean
attempt_answered (GTask  *task,
                  GError *error,
                  GBytes *body)
{
  Request *request = g_task_get_task_data (task);
  guint status;

  if (error != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        {
          g_error_free (error);
          request_finish_task (task);
          g_object_unref (task);
        }
      else
        retry_elsewhere (task, error);
      return FALSE;
    }
  status = soup_message_get_status (request->message);
  if (status >= 500 || status == 0)
    {
      retry_elsewhere (task, error_from_answer (status, body));
      return FALSE;
    }
  request_finish_task (task);
  if (status != 200)
    {
      g_task_return_error (task, error_from_answer (status, body));
      g_object_unref (task);
      return FALSE;
    }
  return TRUE;
}

/* The most an answer other than a watch's may be. A range of a whole
 * cluster's nodes is a few MiB; a server that sends more is not etcd, or
 * answers something else, and would otherwise be read into memory without
 * end. A power of two, as GMemoryOutputStream grows in powers of two. */
#define MAX_ANSWER_BYTES (64 * 1024 * 1024)

static gpointer
capped_realloc (gpointer data,
                gsize    size)
{
  /* NULL makes the memory stream's write fail with G_IO_ERROR_NO_SPACE. */
  if (size > MAX_ANSWER_BYTES)
    return NULL;
  return g_realloc (data, size);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gsize len;
  const char *data;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) >= 0)
    body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_clear_error (&error);
      error = g_error_new (DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                           "etcd answered %s with more than %d MiB", request->path,
                           MAX_ANSWER_BYTES / (1024 * 1024));
    }
  if (!attempt_answered (task, error, body))
    return;

  parser = json_parser_new ();
  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_task_return_new_error (task, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                             "etcd answered %s with something that is not a JSON object",
                             request->path);
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (json_parser_get_root (parser))),
                           (GDestroyNotify) json_object_unref);
  g_object_unref (task);
}

/* The headers of an answer are in: read its body, up to MAX_ANSWER_BYTES. */
static void
on_answer_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GOutputStream) sink = NULL;

  if (stream == NULL)
    {
      attempt_answered (task, error, NULL);
      return;
    }
  sink = g_memory_output_stream_new (NULL, 0, capped_realloc, g_free);
  g_output_stream_splice_async (sink, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, request->attempt_cancellable, on_body_read, task);
}

static void
on_stream_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (!attempt_answered (task, error, NULL))
    return;
  /* The headers are in: from now on the stream lasts as long as etcd
   * sends, and the caller's cancellable ends it. */
  g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
  g_object_unref (task);
}

static void
attempt (GTask *task)
{
  DiscEtcdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  Endpoint *endpoint = g_ptr_array_index (self->endpoints, request->endpoint);
  g_autoptr(GUri) uri = g_uri_parse_relative (endpoint->base, request->path, G_URI_FLAGS_NONE, NULL);

  request_clear_attempt (request);
  request->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_set_request_body_from_bytes (request->message, "application/json", request->body);
  request->attempt_cancellable = g_cancellable_new ();
  if (request->with_deadline)
    request->timer_id = g_timeout_add (self->request_timeout_ms, on_attempt_deadline, request);

  if (request->stream)
    soup_session_send_async (endpoint->session, request->message, G_PRIORITY_DEFAULT,
                             request->attempt_cancellable, on_stream_opened, task);
  else
    soup_session_send_async (endpoint->session, request->message, G_PRIORITY_DEFAULT,
                             request->attempt_cancellable, on_answer_opened, task);
}

static void
start_request (DiscEtcdClient      *self,
               const char          *path,
               JsonNode            *body,
               gboolean             with_deadline,
               gboolean             stream,
               GCancellable        *cancellable,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  g_autofree char *text = json_to_string (body, FALSE);
  gsize len = strlen (text);

  g_task_set_source_tag (task, source_tag);
  request->path = g_strdup (path);
  request->body = g_bytes_new_take (g_steal_pointer (&text), len);
  request->with_deadline = with_deadline;
  request->stream = stream;
  request->attempts_left = MAX (3, 2 * self->endpoints->len);
  request->endpoint = self->current;
  g_task_set_task_data (task, request, request_free);

  if (cancellable != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          return;
        }
      request->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                                G_CALLBACK (on_task_cancelled), request);
    }
  attempt (task);
}

void
_disc_etcd_client_call_async (DiscEtcdClient      *self,
                              const char          *path,
                              JsonNode            *body,
                              gboolean             with_deadline,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  start_request (self, path, body, with_deadline, FALSE, cancellable,
                 _disc_etcd_client_call_async, callback, user_data);
}

JsonObject *
_disc_etcd_client_call_finish (DiscEtcdClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_disc_etcd_client_open_stream_async (DiscEtcdClient      *self,
                                     const char          *path,
                                     JsonNode            *body,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  start_request (self, path, body, TRUE, TRUE, cancellable,
                 _disc_etcd_client_open_stream_async, callback, user_data);
}

GInputStream *
_disc_etcd_client_open_stream_finish (DiscEtcdClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The public calls (disc-etcd-kv.c, -lease.c, -election.c): each builds
 * its body, and turns the answer into what its _finish returns in a
 * callback of its own. */

static void
forward_answer (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonObject *answer = _disc_etcd_client_call_finish (DISC_ETCD_CLIENT (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_object_unref);
}

void
_disc_etcd_client_call (DiscEtcdClient      *self,
                        const char          *path,
                        JsonBuilder         *body,
                        gboolean             with_deadline,
                        GCancellable        *cancellable,
                        gpointer             source_tag,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) node = _disc_etcd_json_object_node (body);

  g_task_set_source_tag (task, source_tag);
  _disc_etcd_client_call_async (self, path, node, with_deadline, cancellable, forward_answer, task);
}

void
_disc_etcd_client_call_with_id (DiscEtcdClient      *self,
                                const char          *path,
                                gint64               id,
                                GCancellable        *cancellable,
                                gpointer             source_tag,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  _disc_etcd_json_add_int64 (b, "ID", id);
  _disc_etcd_client_call (self, path, b, TRUE, cancellable, source_tag, callback, user_data);
}

JsonObject *
_disc_etcd_client_call_answer (DiscEtcdClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_disc_etcd_client_call_taken (DiscEtcdClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);

  return answer != NULL;
}

JsonNode *
_disc_etcd_json_object_node (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
_disc_etcd_json_add_int64 (JsonBuilder *builder,
                           const char  *member,
                           gint64       value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

void
_disc_etcd_json_add_key (JsonBuilder *builder,
                         const char  *member,
                         const char  *key)
{
  g_autofree char *encoded = encode_key (key);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, encoded);
}

void
_disc_etcd_json_add_range (JsonBuilder *builder,
                           const char  *key,
                           gboolean     prefix)
{
  _disc_etcd_json_add_key (builder, "key", key);
  if (prefix)
    {
      g_autofree char *end = prefix_end (key);

      json_builder_set_member_name (builder, "range_end");
      json_builder_add_string_value (builder, end);
    }
}

void
_disc_etcd_json_add_bytes (JsonBuilder *builder,
                           const char  *member,
                           GBytes      *value)
{
  gsize size;
  const guchar *data = g_bytes_get_data (value, &size);
  g_autofree char *encoded = g_base64_encode (data, size);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, encoded);
}

/* ---- Public API ----------------------------------------------------- */

/**
 * disc_etcd_client_new:
 * @endpoints: comma-separated etcd endpoints, each `http://HOST:PORT` or
 *   `unix:PATH`
 * @error: return location for a %DISC_ETCD_ERROR_INVALID_ENDPOINT error
 *
 * Makes a client of the etcd cluster at @endpoints. Nothing is sent yet.
 * An http endpoint must name its port, and have no user info, query or
 * fragment: libdisc would not send them (etcd authentication is not
 * supported).
 *
 * Returns: (transfer full) (nullable): a new client, or %NULL when an
 *   endpoint is malformed
 *
 * Since: 0.2
 */
DiscEtcdClient *
disc_etcd_client_new (const char  *endpoints,
                      GError     **error)
{
  g_autoptr(DiscEtcdClient) self = g_object_new (DISC_TYPE_ETCD_CLIENT, NULL);

  if (!parse_endpoints (self, endpoints, error))
    return NULL;
  self->endpoints_text = g_strdup (endpoints);
  return g_steal_pointer (&self);
}

/**
 * disc_etcd_client_get_endpoints:
 * @self: a client
 *
 * Gets the endpoints as given.
 *
 * Returns: the comma-separated endpoints
 *
 * Since: 0.2
 */
const char *
disc_etcd_client_get_endpoints (DiscEtcdClient *self)
{
  g_return_val_if_fail (DISC_IS_ETCD_CLIENT (self), NULL);
  return self->endpoints_text;
}

/**
 * disc_etcd_client_get_request_timeout:
 * @self: a client
 *
 * Gets [property@Disc.EtcdClient:request-timeout].
 *
 * Returns: the deadline of one attempt, in ms
 *
 * Since: 0.2
 */
guint
disc_etcd_client_get_request_timeout (DiscEtcdClient *self)
{
  g_return_val_if_fail (DISC_IS_ETCD_CLIENT (self), 0);
  return self->request_timeout_ms;
}

/**
 * disc_etcd_client_set_request_timeout:
 * @self: a client
 * @timeout_ms: the deadline of one attempt, in ms (at least 1)
 *
 * Sets [property@Disc.EtcdClient:request-timeout].
 *
 * Since: 0.2
 */
void
disc_etcd_client_set_request_timeout (DiscEtcdClient *self,
                                      guint           timeout_ms)
{
  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);
  if (self->request_timeout_ms == timeout_ms)
    return;
  self->request_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_TIMEOUT]);
}

/* ---- GObject -------------------------------------------------------- */

static void
disc_etcd_client_finalize (GObject *object)
{
  DiscEtcdClient *self = DISC_ETCD_CLIENT (object);

  g_free (self->endpoints_text);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  G_OBJECT_CLASS (disc_etcd_client_parent_class)->finalize (object);
}

static void
disc_etcd_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DiscEtcdClient *self = DISC_ETCD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINTS:
      g_value_set_string (value, self->endpoints_text);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_etcd_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DiscEtcdClient *self = DISC_ETCD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REQUEST_TIMEOUT:
      disc_etcd_client_set_request_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_etcd_client_class_init (DiscEtcdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = disc_etcd_client_finalize;
  object_class->get_property = disc_etcd_client_get_property;
  object_class->set_property = disc_etcd_client_set_property;

  /**
   * DiscEtcdClient:endpoints:
   *
   * The endpoints, comma-separated, as given to [ctor@Disc.EtcdClient.new].
   *
   * Since: 0.2
   */
  properties[PROP_ENDPOINTS] =
    g_param_spec_string ("endpoints", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * DiscEtcdClient:request-timeout:
   *
   * How long one attempt of a request may take, in ms, before it is
   * cancelled and sent to the next endpoint. Campaigns and open watches
   * are not bound by it.
   *
   * Since: 0.2
   */
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_REQUEST_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_etcd_client_init (DiscEtcdClient *self)
{
  self->request_timeout_ms = DEFAULT_REQUEST_TIMEOUT_MS;
}
