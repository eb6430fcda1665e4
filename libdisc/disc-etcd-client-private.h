/* disc-etcd-client-private.h: what DiscEtcdWatch needs of the client
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
char             *_disc_etcd_encode_key          (const char  *key);
char             *_disc_etcd_prefix_end          (const char  *prefix);
gint64            _disc_etcd_json_int64          (JsonObject  *object,
                                                  const char  *member);
DiscEtcdKeyValue *_disc_etcd_key_value_from_json (JsonObject  *object,
                                                  GError     **error);

G_END_DECLS
