/* disc-etcd-client.h: an asynchronous client of etcd's v3 JSON gateway
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>

#include "disc-version.h"

G_BEGIN_DECLS

/**
 * DISC_ETCD_ERROR:
 *
 * The error domain of [class@Disc.EtcdClient]. Errors in it use the codes
 * of [enum@Disc.EtcdError].
 *
 * Since: 0.2
 */
#define DISC_ETCD_ERROR (disc_etcd_error_quark ())

/**
 * DiscEtcdError:
 * @DISC_ETCD_ERROR_INVALID_ENDPOINT: an endpoint is neither `http://HOST:PORT`
 *   nor `unix:PATH`, or has what libdisc would not send (user info, a
 *   query, a fragment); the message names it
 * @DISC_ETCD_ERROR_UNAVAILABLE: no endpoint answered within the request
 *   deadline, after trying each of them
 * @DISC_ETCD_ERROR_REJECTED: etcd refused the request (HTTP 4xx); the
 *   message is etcd's
 * @DISC_ETCD_ERROR_PROTOCOL: the answer was not the JSON the gateway sends
 * @DISC_ETCD_ERROR_LEASE_EXISTS: a lease with the requested ID exists already
 * @DISC_ETCD_ERROR_INVALID_TXN: a transaction has more than
 *   %DISC_ETCD_MAX_TXN_OPS operations, or writes one key twice
 *
 * Error codes in the %DISC_ETCD_ERROR domain.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_ETCD_ERROR_INVALID_ENDPOINT,
  DISC_ETCD_ERROR_UNAVAILABLE,
  DISC_ETCD_ERROR_REJECTED,
  DISC_ETCD_ERROR_PROTOCOL,
  DISC_ETCD_ERROR_LEASE_EXISTS,
  DISC_ETCD_ERROR_INVALID_TXN,
} DiscEtcdError;

/**
 * DISC_ETCD_MAX_TXN_OPS:
 *
 * How many operations etcd takes in one transaction (its default
 * `--max-txn-ops`).
 *
 * Since: 0.2
 */
#define DISC_ETCD_MAX_TXN_OPS 128

DISC_AVAILABLE_IN_ALL
GQuark disc_etcd_error_quark (void);

/**
 * DiscEtcdKeyValue:
 * @key: the key, as text (etcd keys are bytes; libdisc only writes text)
 * @value: the value
 * @create_revision: the revision that created the key
 * @mod_revision: the revision of its last change
 * @lease: the lease it is attached to, or 0
 *
 * One key of etcd, as a range or a watch returns it.
 *
 * Since: 0.2
 */
typedef struct {
  char   *key;
  GBytes *value;
  gint64  create_revision;
  gint64  mod_revision;
  gint64  lease;
} DiscEtcdKeyValue;

#define DISC_TYPE_ETCD_KEY_VALUE (disc_etcd_key_value_get_type ())
DISC_AVAILABLE_IN_ALL
GType             disc_etcd_key_value_get_type (void) G_GNUC_CONST;
DISC_AVAILABLE_IN_ALL
DiscEtcdKeyValue *disc_etcd_key_value_copy     (const DiscEtcdKeyValue *self);
DISC_AVAILABLE_IN_ALL
void              disc_etcd_key_value_free     (DiscEtcdKeyValue       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscEtcdKeyValue, disc_etcd_key_value_free)

/**
 * DiscEtcdLeader:
 * @name: the election's name
 * @key: the winner's key under @name
 * @rev: the revision that created @key: writes are fenced on it
 * @lease: the lease of @key
 *
 * The key that an election campaign won, as etcd's election API names it.
 *
 * Since: 0.2
 */
typedef struct {
  char   *name;
  char   *key;
  gint64  rev;
  gint64  lease;
} DiscEtcdLeader;

#define DISC_TYPE_ETCD_LEADER (disc_etcd_leader_get_type ())
DISC_AVAILABLE_IN_ALL
GType           disc_etcd_leader_get_type (void) G_GNUC_CONST;
DISC_AVAILABLE_IN_ALL
DiscEtcdLeader *disc_etcd_leader_copy     (const DiscEtcdLeader *self);
DISC_AVAILABLE_IN_ALL
void            disc_etcd_leader_free     (DiscEtcdLeader       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscEtcdLeader, disc_etcd_leader_free)

/**
 * DiscEtcdTxn:
 *
 * A transaction to send with [method@Disc.EtcdClient.txn_async]: compares,
 * then the operations done when every compare holds.
 *
 * Since: 0.2
 */
typedef struct _DiscEtcdTxn DiscEtcdTxn;

#define DISC_TYPE_ETCD_TXN (disc_etcd_txn_get_type ())
DISC_AVAILABLE_IN_ALL
GType        disc_etcd_txn_get_type            (void) G_GNUC_CONST;
DISC_AVAILABLE_IN_ALL
DiscEtcdTxn *disc_etcd_txn_new                 (void);
DISC_AVAILABLE_IN_ALL
DiscEtcdTxn *disc_etcd_txn_ref                 (DiscEtcdTxn *self);
DISC_AVAILABLE_IN_ALL
void         disc_etcd_txn_unref               (DiscEtcdTxn *self);
DISC_AVAILABLE_IN_ALL
void         disc_etcd_txn_compare_create_revision (DiscEtcdTxn *self,
                                                    const char  *key,
                                                    gint64       revision);
DISC_AVAILABLE_IN_ALL
void         disc_etcd_txn_put                 (DiscEtcdTxn *self,
                                                const char  *key,
                                                GBytes      *value,
                                                gint64       lease);
DISC_AVAILABLE_IN_ALL
void         disc_etcd_txn_delete              (DiscEtcdTxn *self,
                                                const char  *key,
                                                gboolean     prefix);
DISC_AVAILABLE_IN_ALL
guint        disc_etcd_txn_get_n_ops           (DiscEtcdTxn *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscEtcdTxn, disc_etcd_txn_unref)

#define DISC_TYPE_ETCD_CLIENT (disc_etcd_client_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscEtcdClient, disc_etcd_client, DISC, ETCD_CLIENT, GObject)

DISC_AVAILABLE_IN_ALL
DiscEtcdClient *disc_etcd_client_new                 (const char          *endpoints,
                                                      GError             **error);
DISC_AVAILABLE_IN_ALL
const char     *disc_etcd_client_get_endpoints       (DiscEtcdClient      *self);
DISC_AVAILABLE_IN_ALL
guint           disc_etcd_client_get_request_timeout (DiscEtcdClient      *self);
DISC_AVAILABLE_IN_ALL
void            disc_etcd_client_set_request_timeout (DiscEtcdClient      *self,
                                                      guint                timeout_ms);

DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_range_async      (DiscEtcdClient      *self,
                                              const char          *key,
                                              gboolean             prefix,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
GPtrArray *disc_etcd_client_range_finish     (DiscEtcdClient      *self,
                                              GAsyncResult        *result,
                                              gint64              *revision,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_txn_async        (DiscEtcdClient      *self,
                                              DiscEtcdTxn         *txn,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gboolean   disc_etcd_client_txn_finish       (DiscEtcdClient      *self,
                                              GAsyncResult        *result,
                                              gboolean            *succeeded,
                                              gint64              *revision,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_lease_grant_async (DiscEtcdClient     *self,
                                              gint64               id,
                                              guint                ttl_s,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gint64     disc_etcd_client_lease_grant_finish (DiscEtcdClient    *self,
                                              GAsyncResult        *result,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_lease_keepalive_async (DiscEtcdClient *self,
                                              gint64               id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gint64     disc_etcd_client_lease_keepalive_finish (DiscEtcdClient *self,
                                              GAsyncResult        *result,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_lease_revoke_async (DiscEtcdClient    *self,
                                              gint64               id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gboolean   disc_etcd_client_lease_revoke_finish (DiscEtcdClient   *self,
                                              GAsyncResult        *result,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_campaign_async   (DiscEtcdClient      *self,
                                              const char          *name,
                                              gint64               lease,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
DiscEtcdLeader *disc_etcd_client_campaign_finish (DiscEtcdClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
void       disc_etcd_client_resign_async     (DiscEtcdClient      *self,
                                              const DiscEtcdLeader *leader,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gboolean   disc_etcd_client_resign_finish    (DiscEtcdClient      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
