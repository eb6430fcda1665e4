/* disc-remote-lans-view.h: the LANs page: every LAN's nodes, from etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-remote-lans-model.h"

G_BEGIN_DECLS

#define DISC_TYPE_REMOTE_LANS_VIEW (disc_remote_lans_view_get_type ())

G_DECLARE_FINAL_TYPE (DiscRemoteLansView, disc_remote_lans_view, DISC, REMOTE_LANS_VIEW, GtkWidget)

void                 disc_remote_lans_view_set_model (DiscRemoteLansView  *self,
                                                      DiscRemoteLansModel *model);
DiscRemoteLansModel *disc_remote_lans_view_get_model (DiscRemoteLansView  *self);

G_END_DECLS
