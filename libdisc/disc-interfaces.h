/* disc-interfaces.h: the host's IPv4 interfaces, as the transport needs them (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  guint index;      /* if_nametoindex () */
  char *address;    /* the interface's own IPv4 address */
  char *broadcast;  /* its broadcast address */
} DiscInterface;

void           disc_interface_free            (DiscInterface *iface);
GPtrArray     *disc_interfaces_list_broadcast (void);
DiscInterface *disc_interfaces_find           (const char    *address);
char          *disc_interfaces_source_for     (GInetAddress  *destination);
char          *disc_interfaces_default_source (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscInterface, disc_interface_free)

G_END_DECLS
