/* disc-discovery.h: automatic discovery, master election and channels
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "disc-version.h"
#include "disc-control-action.h"
#include "disc-drop-reason.h"
#include "disc-node.h"

G_BEGIN_DECLS

#define DISC_TYPE_DISCOVERY (disc_discovery_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (DiscDiscovery, disc_discovery, DISC, DISCOVERY, GObject)

/**
 * DiscDiscoveryClass:
 * @parent_class: the parent class
 * @advertise: sets what this instance advertises in its hellos; subclasses
 *   may refuse an advertisement by returning %FALSE with an error, and chain
 *   up to store it
 * @added: class handler of [signal@Disc.Discovery::added]
 * @removed: class handler of [signal@Disc.Discovery::removed]
 * @master: class handler of [signal@Disc.Discovery::master]
 * @stopping: called by [method@Disc.Discovery.stop] just before the goodbye
 *   is sent
 *
 * The class structure of [class@Disc.Discovery].
 */
struct _DiscDiscoveryClass
{
  GObjectClass parent_class;

  gboolean (*advertise) (DiscDiscovery *self,
                         JsonNode      *info,
                         GError       **error);
  void     (*added)     (DiscDiscovery *self,
                         DiscNode      *node);
  void     (*removed)   (DiscDiscovery *self,
                         DiscNode      *node);
  void     (*master)    (DiscDiscovery *self,
                         DiscNode      *node);
  void     (*stopping)  (DiscDiscovery *self);

  /*< private >*/
  gpointer padding[12];
};

DISC_AVAILABLE_IN_ALL
DiscDiscovery *disc_discovery_new            (void);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_check_options  (DiscDiscovery  *self,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_start          (DiscDiscovery  *self,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
void           disc_discovery_stop           (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_is_running     (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
void           disc_discovery_promote        (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
void           disc_discovery_demote         (DiscDiscovery  *self,
                                              gboolean        permanent);
DISC_AVAILABLE_IN_ALL
void           disc_discovery_hello          (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_advertise      (DiscDiscovery  *self,
                                              JsonNode       *info,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_join           (DiscDiscovery  *self,
                                              const char     *channel);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_leave          (DiscDiscovery  *self,
                                              const char     *channel);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_is_joined      (DiscDiscovery  *self,
                                              const char     *channel);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_send           (DiscDiscovery  *self,
                                              const char     *channel,
                                              JsonNode       *data,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
GListModel    *disc_discovery_get_nodes      (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
DiscNode      *disc_discovery_get_me         (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
DiscNode      *disc_discovery_lookup_node    (DiscDiscovery  *self,
                                              const char     *id);
DISC_AVAILABLE_IN_ALL
guint64        disc_discovery_get_drop_count (DiscDiscovery  *self,
                                              DiscDropReason  reason);
DISC_AVAILABLE_IN_ALL
guint64        disc_discovery_get_drop_total (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
guint          disc_discovery_get_drop_source_count (DiscDiscovery  *self,
                                                     DiscDropReason  reason);
DISC_AVAILABLE_IN_ALL
char         **disc_discovery_list_drop_sources (DiscDiscovery  *self,
                                                 DiscDropReason  reason);
DISC_AVAILABLE_IN_ALL
guint64        disc_discovery_get_received_count (DiscDiscovery *self);
DISC_AVAILABLE_IN_ALL
guint64        disc_discovery_get_sent_count (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_add_key        (DiscDiscovery  *self,
                                              const char     *key,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_remove_key     (DiscDiscovery  *self,
                                              const char     *key,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_use_key        (DiscDiscovery  *self,
                                              const char     *key,
                                              GError        **error);
DISC_AVAILABLE_IN_ALL
char         **disc_discovery_list_keys      (DiscDiscovery  *self);
DISC_AVAILABLE_IN_ALL
void           disc_discovery_control_async  (DiscDiscovery       *self,
                                              const char          *node_id,
                                              DiscControlAction    action,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DISC_AVAILABLE_IN_ALL
gboolean       disc_discovery_control_finish (DiscDiscovery       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
DISC_AVAILABLE_IN_ALL
gboolean       disc_channel_name_is_valid    (const char     *channel,
                                              GError        **error);

G_END_DECLS
