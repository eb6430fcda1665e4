/* disc-node-mirror.h: follow a GListModel of DiscNode item by item
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

typedef struct _DiscNodeMirror DiscNodeMirror;

typedef void (*DiscNodeMirrorFunc) (DiscNode *node,
                                    gpointer  user_data);

DiscNodeMirror *_disc_node_mirror_new  (GListModel         *model,
                                        DiscNodeMirrorFunc  added,
                                        DiscNodeMirrorFunc  removed,
                                        gpointer            user_data);
void            _disc_node_mirror_free (DiscNodeMirror     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscNodeMirror, _disc_node_mirror_free)

G_END_DECLS
