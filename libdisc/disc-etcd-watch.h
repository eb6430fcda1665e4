/* disc-etcd-watch.h: follow every key under an etcd prefix
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>

#include "disc-version.h"
#include "disc-etcd-client.h"

G_BEGIN_DECLS

#define DISC_TYPE_ETCD_WATCH (disc_etcd_watch_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscEtcdWatch, disc_etcd_watch, DISC, ETCD_WATCH, GObject)

DISC_AVAILABLE_IN_ALL
DiscEtcdWatch *disc_etcd_watch_new          (DiscEtcdClient *client,
                                             const char     *prefix);
DISC_AVAILABLE_IN_ALL
const char    *disc_etcd_watch_get_prefix   (DiscEtcdWatch  *self);
DISC_AVAILABLE_IN_ALL
gint64         disc_etcd_watch_get_revision (DiscEtcdWatch  *self);
DISC_AVAILABLE_IN_ALL
void           disc_etcd_watch_cancel       (DiscEtcdWatch  *self);

G_END_DECLS
