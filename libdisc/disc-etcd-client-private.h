/* disc-etcd-client-private.h: what DiscEtcdWatch and the client's kv,
 * lease and election files need of its request machinery
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-etcd-client.h"

G_BEGIN_DECLS

/* One gateway call, rotating over the endpoints: the parsed answer. */
void        _disc_etcd_client_call_async   (DiscEtcdClient      *self,
                                            const char          *path,
                                            JsonNode            *body,
                                            gboolean             with_deadline,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonObject *_disc_etcd_client_call_finish  (DiscEtcdClient      *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* A public call's start: a GTask with @source_tag whose answer is the
 * parsed JsonObject (transfer full), for the call's own _finish. @body
 * is a builder with the request's object still open: the call ends it. */
void        _disc_etcd_client_call         (DiscEtcdClient      *self,
                                            const char          *path,
                                            JsonBuilder         *body,
                                            gboolean             with_deadline,
                                            GCancellable        *cancellable,
                                            gpointer             source_tag,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The same for the calls whose body is only {"ID": @id} (lease
 * keepalive and revoke). */
void        _disc_etcd_client_call_with_id (DiscEtcdClient      *self,
                                            const char          *path,
                                            gint64               id,
                                            GCancellable        *cancellable,
                                            gpointer             source_tag,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* A public call's answer, for its _finish: the parsed JsonObject
 * (transfer full), or NULL with @error set. */
JsonObject *_disc_etcd_client_call_answer  (DiscEtcdClient      *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* A _finish for the calls whose answer says nothing but that etcd took
 * them (revoke, resign). */
gboolean    _disc_etcd_client_call_taken   (DiscEtcdClient      *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* A streaming call (watch): the deadline covers the answer's headers
 * only, then the body is read for as long as the server sends it. */
void          _disc_etcd_client_open_stream_async  (DiscEtcdClient      *self,
                                                    const char          *path,
                                                    JsonNode            *body,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GInputStream *_disc_etcd_client_open_stream_finish (DiscEtcdClient      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The gateway's encodings: base64 keys and values, 64-bit numbers as
 * JSON strings. */
gint64            _disc_etcd_json_int64          (JsonObject  *object,
                                                  const char  *member);
const char       *_disc_etcd_json_string         (JsonObject  *object,
                                                  const char  *member,
                                                  const char  *fallback);
gboolean          _disc_etcd_json_boolean        (JsonObject  *object,
                                                  const char  *member);
/* A member that is an object or an array, else NULL (transfer none). */
JsonObject       *_disc_etcd_json_object         (JsonObject  *object,
                                                  const char  *member);
JsonArray        *_disc_etcd_json_array          (JsonObject  *object,
                                                  const char  *member);
GBytes           *_disc_etcd_json_base64_member  (JsonObject  *object,
                                                  const char  *member);
gint64            _disc_etcd_json_revision       (JsonObject  *answer);
DiscEtcdKeyValue *_disc_etcd_key_value_from_json (JsonObject  *object,
                                                  GError     **error);

/* Request bodies: end the object and take its root; members with the
 * gateway's encodings. */
JsonNode         *_disc_etcd_json_object_node    (JsonBuilder *builder);
void              _disc_etcd_json_add_int64      (JsonBuilder *builder,
                                                  const char  *member,
                                                  gint64       value);
void              _disc_etcd_json_add_key        (JsonBuilder *builder,
                                                  const char  *member,
                                                  const char  *key);
void              _disc_etcd_json_add_bytes      (JsonBuilder *builder,
                                                  const char  *member,
                                                  GBytes      *value);
/* "key", and with @prefix "range_end" too: every key under @key. */
void              _disc_etcd_json_add_range      (JsonBuilder *builder,
                                                  const char  *key,
                                                  gboolean     prefix);

G_END_DECLS
