/* disc-cli-receive-buffer.h: what the kernel dropped before a node read it
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

char     *disc_cli_receive_buffer_message (guint64        packets);
gboolean  disc_cli_receive_buffer_print   (DiscDiscovery *discovery,
                                           gboolean       json);

G_END_DECLS
