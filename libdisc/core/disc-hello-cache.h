/* disc-hello-cache.h: recognise a peer's unchanged hello (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-codec.h"
#include "disc-membership.h"

G_BEGIN_DECLS

/* Largest message remembered: one WRAP block of the default size. A
 * hello with a bigger advertisement is always decoded in full. */
#define DISC_HELLO_CACHE_MAX_BYTES 1500

/* Messages kept per source address: instances sharing one (a port with
 * reuse-address on one host) each keep theirs. */
#define DISC_HELLO_CACHE_SLOTS 4

/* Where a datagram came from, as raw bytes: address family, port and
 * address (IPv6 scope id included), so that a lookup makes no string and
 * no GObject. */
typedef struct
{
  guint8 bytes[24];
} DiscSourceKey;

gboolean disc_source_key_from_sockaddr (DiscSourceKey  *key,
                                        gconstpointer   sockaddr,
                                        gsize           sockaddr_len);

typedef struct _DiscHelloCache DiscHelloCache;

DiscHelloCache *disc_hello_cache_new      (guint                max_sources);
void            disc_hello_cache_free     (DiscHelloCache      *self);
void            disc_hello_cache_set_max_sources (DiscHelloCache *self,
                                          guint                max_sources);
void            disc_hello_cache_clear    (DiscHelloCache      *self);
DiscNode       *disc_hello_cache_match    (DiscHelloCache      *self,
                                           const DiscSourceKey *source,
                                           const guint8        *clear,
                                           gsize                len,
                                           DiscCodec           *codec,
                                           gint64               now_ms,
                                           DiscStats           *stats);
gboolean        disc_hello_cache_refresh  (DiscHelloCache      *self,
                                           const DiscSourceKey *source,
                                           const guint8        *clear,
                                           gsize                len,
                                           DiscCodec           *codec,
                                           DiscMembership      *membership,
                                           gint64               now_ms,
                                           gint64               wall_ms,
                                           DiscStats           *stats);
void            disc_hello_cache_confirm  (DiscHelloCache      *self,
                                           const DiscSourceKey *source,
                                           const guint8        *clear,
                                           gsize                len,
                                           DiscMembership      *membership,
                                           const char          *iid,
                                           guint64              serial);
guint           disc_hello_cache_get_size (DiscHelloCache      *self);
guint64         disc_hello_cache_get_hits (DiscHelloCache      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscHelloCache, disc_hello_cache_free)

G_END_DECLS
