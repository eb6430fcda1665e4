/* disc-cli-unreadable.h: what a node heard and could not read
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

/* A wrong key, or none, in an encrypted cluster: the packets heard that
 * could not be decrypted or read, and from how many addresses. */
typedef struct {
  guint64  packets;
  guint    addresses;
  gboolean encrypted;   /* some failed to decrypt, rather than to parse */
} DiscCliUnreadable;

gboolean  disc_cli_unreadable_get     (DiscDiscovery           *discovery,
                                       DiscCliUnreadable       *out);
char     *disc_cli_unreadable_message (DiscDiscovery           *discovery,
                                       const DiscCliUnreadable *unreadable);
void      disc_cli_unreadable_print   (DiscDiscovery           *discovery,
                                       const DiscCliUnreadable *unreadable,
                                       gboolean                 json);

G_END_DECLS
