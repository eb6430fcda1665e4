/* disc-frame.h: node-discovery 0.2's WRAP framing and its reassembly (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-stats.h"

G_BEGIN_DECLS

#define DISC_FRAME_MAGIC           "WRAP"
#define DISC_FRAME_ID_SIZE         16
#define DISC_FRAME_HEADER_SIZE     36
#define DISC_FRAME_BLOCK_SIZE      1500
#define DISC_FRAME_MAX_MESSAGE     (64 * 1024)
#define DISC_FRAME_TIMEOUT_MS      5000
#define DISC_FRAME_MAX_PENDING     64
#define DISC_FRAME_MAX_PENDING_BYTES (1024 * 1024)

GPtrArray *disc_frame_wrap (const guint8 *payload,
                            gsize         len,
                            const guint8  id[DISC_FRAME_ID_SIZE],
                            gsize         block_size);

typedef struct _DiscReassembler DiscReassembler;

DiscReassembler *disc_reassembler_new          (guint             max_pending,
                                                gsize             max_pending_bytes,
                                                gint64            timeout_ms);
void             disc_reassembler_free         (DiscReassembler  *self);
void             disc_reassembler_push         (DiscReassembler  *self,
                                                const guint8     *datagram,
                                                gsize             len,
                                                gint64            now_ms,
                                                GPtrArray        *completed,
                                                DiscStats        *stats);
void             disc_reassembler_expire       (DiscReassembler  *self,
                                                gint64            now_ms,
                                                DiscStats        *stats);
gboolean         disc_reassembler_is_whole_block (DiscReassembler *self,
                                                  const guint8    *datagram,
                                                  gsize            len);
guint            disc_reassembler_get_pending  (DiscReassembler  *self);
gsize            disc_reassembler_get_pending_bytes (DiscReassembler *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscReassembler, disc_reassembler_free)

G_END_DECLS
