/* disc-codec.h: datagrams to envelopes and back (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-aead.h"
#include "disc-envelope.h"
#include "disc-stats.h"

G_BEGIN_DECLS

/* Largest payload a UDP/IPv4 datagram can carry. */
#define DISC_CODEC_MAX_DATAGRAM 65507

typedef struct _DiscCodec DiscCodec;

DiscCodec *disc_codec_new    (DiscDialect      dialect,
                              const char      *algorithm,
                              const char      *key,
                              GError         **error);
DiscCodec *disc_codec_new_aead (DiscDialect        dialect,
                                const DiscAeadKey *keys,
                                guint              n_keys,
                                GError           **error);
void       disc_codec_free   (DiscCodec       *self);
DiscDialect disc_codec_get_dialect (DiscCodec  *self);
gboolean   disc_codec_set_aead_keys (DiscCodec         *self,
                                     const DiscAeadKey *keys,
                                     guint              n_keys,
                                     GError           **error);
gboolean   disc_codec_is_authenticated (DiscCodec *self);
DiscAead  *disc_codec_get_aead (DiscCodec *self);
void       disc_codec_set_wall_clock (DiscCodec *self,
                                      gint64   (*func) (gpointer data),
                                      gpointer   data);
void       disc_codec_set_block_size (DiscCodec *self,
                                      gsize      block_size);
void       disc_codec_set_frame_id_func (DiscCodec *self,
                                         void     (*func) (guint8 *id, gpointer data),
                                         gpointer   data);
GPtrArray *disc_codec_encode (DiscCodec          *self,
                              const DiscEnvelope *envelope,
                              GError            **error);
int        disc_codec_decode (DiscCodec          *self,
                              const guint8       *datagram,
                              gsize               len,
                              gint64              now_ms,
                              GPtrArray          *envelopes,
                              DiscStats          *stats);
const guint8 *disc_codec_open (DiscCodec       *self,
                              const guint8    *datagram,
                              gsize           *len,
                              gint64           now_ms,
                              GBytes         **opened,
                              DiscStats       *stats);
void       disc_codec_decode_clear (DiscCodec    *self,
                                    const guint8 *clear,
                                    gsize         len,
                                    gint64        now_ms,
                                    GPtrArray    *envelopes,
                                    DiscStats    *stats);
gboolean   disc_codec_accept_repeat (DiscCodec    *self,
                                     const guint8 *clear,
                                     gsize         len,
                                     gint64        now_ms,
                                     DiscStats    *stats);
void       disc_codec_expire (DiscCodec          *self,
                              gint64              now_ms,
                              DiscStats          *stats);
guint      disc_codec_get_pending (DiscCodec     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscCodec, disc_codec_free)

G_END_DECLS
