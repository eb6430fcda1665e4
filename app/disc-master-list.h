/* disc-master-list.h: the nodes that are master now, as a list model
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MASTER_LIST (disc_master_list_get_type ())

G_DECLARE_FINAL_TYPE (DiscMasterList, disc_master_list, DISC, MASTER_LIST, GObject)

DiscMasterList *disc_master_list_new (GListModel *nodes);

G_END_DECLS
