/* disc-mirror.h: a LAN's membership as etcd keys, and the writes that
 * keep etcd in step with it (no I/O)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-node.h"

G_BEGIN_DECLS

/* What a key under /disc/<cluster>/ is. */
typedef enum {
  DISC_MIRROR_KEY_OTHER,
  DISC_MIRROR_KEY_NODE,     /* <lan>/nodes/<id> */
  DISC_MIRROR_KEY_MASTER,   /* <lan>/masters/<id> */
  DISC_MIRROR_KEY_BRIDGE,   /* <lan>/bridges/<id> */
} DiscMirrorKeyKind;

/* One write of a batch: a put, or a delete when @value is NULL. */
typedef struct {
  char *key;
  char *value;
} DiscMirrorOp;

typedef struct _DiscMirror DiscMirror;

/* Key layout and escaping: usable without a mirror. */
char              *disc_mirror_escape          (const char  *segment);
char              *disc_mirror_unescape        (const char  *segment);
char              *disc_mirror_cluster_prefix  (const char  *cluster);
char              *disc_mirror_lan_prefix      (const char  *cluster,
                                                const char  *lan);
DiscMirrorKeyKind  disc_mirror_parse_key       (const char  *cluster,
                                                const char  *key,
                                                char       **lan,
                                                char       **id);
char              *disc_mirror_node_value      (DiscNode    *node);
JsonNode          *disc_mirror_parse_value     (GBytes      *value,
                                                GError     **error);

DiscMirror  *disc_mirror_new              (const char   *cluster,
                                           const char   *lan,
                                           guint         coalesce_ms);
void         disc_mirror_free             (DiscMirror   *self);
const char  *disc_mirror_get_prefix       (DiscMirror   *self);
char        *disc_mirror_key              (DiscMirror   *self,
                                           const char   *kind,
                                           const char   *id);

/* The LAN as it is (what etcd must come to hold). */
void         disc_mirror_set_node         (DiscMirror   *self,
                                           DiscNode     *node,
                                           gint64        now_ms);
void         disc_mirror_remove_node      (DiscMirror   *self,
                                           const char   *id,
                                           gint64        now_ms);
guint        disc_mirror_get_n_nodes      (DiscMirror   *self);

/* etcd as read by one range of the LAN's prefix: what it holds is taken
 * as written, and what differs becomes due at once. */
void         disc_mirror_begin_resync     (DiscMirror   *self);
void         disc_mirror_remote_put       (DiscMirror   *self,
                                           const char   *key,
                                           const char   *value);
void         disc_mirror_end_resync       (DiscMirror   *self,
                                           gint64        now_ms);

/* The writes: when the next batch is due, the batch, and its outcome. */
gint64       disc_mirror_get_due          (DiscMirror   *self);
GPtrArray   *disc_mirror_take_batch       (DiscMirror   *self,
                                           guint         max_ops);
void         disc_mirror_batch_done       (DiscMirror   *self,
                                           GPtrArray    *batch,
                                           gboolean      applied,
                                           gint64        now_ms);
guint64      disc_mirror_get_ops_written  (DiscMirror   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscMirror, disc_mirror_free)

G_END_DECLS
