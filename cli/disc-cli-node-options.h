/* disc-cli-node-options.h: the options of the node every command runs,
 * as one GOptionGroup built from DiscDiscovery's properties
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

typedef struct _DiscCliNodeOptions DiscCliNodeOptions;

DiscCliNodeOptions *disc_cli_node_options_new           (void);
void                disc_cli_node_options_free          (DiscCliNodeOptions  *self);

GOptionGroup       *disc_cli_node_options_create_group  (DiscCliNodeOptions  *self,
                                                         const GOptionEntry  *command_entries);
const GOptionEntry *disc_cli_node_options_get_entries   (DiscCliNodeOptions  *self);
void                disc_cli_node_options_set_unused    (DiscCliNodeOptions  *self,
                                                         const char          *command,
                                                         const char * const  *unused);
gboolean            disc_cli_node_options_given         (DiscCliNodeOptions  *self,
                                                         const char          *flag);
gboolean            disc_cli_node_options_check_announce (DiscCliNodeOptions *self,
                                                          gboolean            announce,
                                                          GError            **error);

DiscDiscovery      *disc_cli_node_options_get_discovery (DiscCliNodeOptions  *self);
gint64              disc_cli_node_options_get_for_ms    (DiscCliNodeOptions  *self);
gboolean            disc_cli_node_options_get_wait_ms   (DiscCliNodeOptions  *self,
                                                         const char          *wait,
                                                         gint64              *wait_ms,
                                                         GError             **error);
gboolean            disc_cli_node_options_start         (DiscCliNodeOptions  *self,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscCliNodeOptions, disc_cli_node_options_free)

G_END_DECLS
