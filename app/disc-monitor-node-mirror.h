/* disc-monitor-node-mirror.h: follow a GListModel of DiscNode item by item
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

typedef struct _DiscMonitorNodeMirror DiscMonitorNodeMirror;

typedef void (*DiscMonitorNodeMirrorFunc) (DiscNode *node,
                                           gpointer  user_data);

DiscMonitorNodeMirror *_disc_monitor_node_mirror_new  (GListModel                *model,
                                                       const char * const        *notify,
                                                       DiscMonitorNodeMirrorFunc  added,
                                                       DiscMonitorNodeMirrorFunc  changed,
                                                       DiscMonitorNodeMirrorFunc  removed,
                                                       gpointer                   user_data);
void                   _disc_monitor_node_mirror_free (DiscMonitorNodeMirror     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscMonitorNodeMirror, _disc_monitor_node_mirror_free)

G_END_DECLS
