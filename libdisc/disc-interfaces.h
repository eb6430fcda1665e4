/* disc-interfaces.h: where default broadcasts go (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *address;    /* the interface's own IPv4 address */
  char *broadcast;  /* its broadcast address */
} DiscInterface;

GPtrArray *disc_interfaces_list_broadcast (void);
char      *disc_interfaces_source_for     (GInetAddress *destination);

G_END_DECLS
