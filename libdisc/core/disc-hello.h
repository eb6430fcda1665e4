/* disc-hello.h: the data of a hello (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-envelope.h"

G_BEGIN_DECLS

#define DISC_HELLO_MAX_ADDRESS 64

typedef struct
{
  gboolean  is_master;
  gboolean  is_master_eligible;
  double    weight;
  char     *address;      /* nullable */
  JsonNode *info;         /* nullable */
  gint64    promoted_at;  /* libdisc's own: ms of a manual promotion, 0 if none */
  gboolean  accepts_control; /* libdisc's own: remote control is on (acceptsControl) */
} DiscHello;

gboolean  disc_hello_parse (JsonNode        *data,
                            DiscHello       *hello);
JsonNode *disc_hello_build (const DiscHello *hello,
                            DiscDialect      dialect);
void      disc_hello_clear (DiscHello       *hello);

G_END_DECLS
