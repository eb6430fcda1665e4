/* hello-receiver.h: one datagram handled as DiscDiscovery does, with or
 * without the hello cache (shared by test-hello-cache.c and
 * tests/fuzz/fuzz-hello-cache.c)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-codec.h"
#include "disc-hello-cache.h"
#include "disc-membership.h"

G_BEGIN_DECLS

typedef struct
{
  DiscCodec      *codec;
  DiscMembership *membership;
  DiscNode       *me;
  DiscHelloCache *cache;          /* NULL: always the full path */
  DiscStats       stats;
  guint           hello_events;   /* DISC_MEMBERSHIP_HELLO */
  guint           other_events;   /* every other membership event */
} HelloReceiver;

void     hello_receiver_init    (HelloReceiver              *r,
                                 DiscCodec                  *codec,
                                 const char                 *me_id,
                                 const DiscMembershipConfig *config,
                                 guint                       cache_sources);
void     hello_receiver_clear   (HelloReceiver              *r);
gboolean hello_receiver_receive (HelloReceiver              *r,
                                 const DiscSourceKey        *from,
                                 const char                 *ip,
                                 guint16                     port,
                                 const guint8               *datagram,
                                 gsize                       len,
                                 gint64                      now_ms,
                                 gint64                      wall_ms);

G_END_DECLS
