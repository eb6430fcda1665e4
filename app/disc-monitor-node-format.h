/* disc-monitor-node-format.h: how a node is written in the monitor's labels
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

char *disc_monitor_node_short_id       (DiscNode *node);
char *disc_monitor_node_describe_role  (DiscNode *node);
char *disc_monitor_node_summarize_info (DiscNode *node);
char *disc_monitor_node_describe_endpoint (DiscNode *node);
char *disc_monitor_node_markup_info    (DiscNode   *node,
                                        const char *search);

G_END_DECLS
