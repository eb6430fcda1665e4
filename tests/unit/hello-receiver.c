/* hello-receiver.c: one datagram handled as DiscDiscovery does
 * (libdisc/disc-discovery-receive.c), on the private core, with no socket:
 * opened, then either refreshed by the hello cache or decoded in full, its
 * hellos and goodbyes applied to the node table. The hello cache's unit
 * test and fuzz target run two of these side by side, one with the cache
 * and one without, and compare them.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-hello.h"
#include "hello-receiver.h"

static void
on_event (DiscMembershipEvent event, DiscNode *node, gpointer user_data)
{
  HelloReceiver *r = user_data;

  if (event == DISC_MEMBERSHIP_HELLO)
    r->hello_events++;
  else
    r->other_events++;
}

static const DiscMembershipCallbacks callbacks = { .event = on_event };

/* @codec: (transfer full); @cache_sources: 0 for no hello cache. */
void
hello_receiver_init (HelloReceiver              *r,
                     DiscCodec                  *codec,
                     const char                 *me_id,
                     const DiscMembershipConfig *config,
                     guint                       cache_sources)
{
  memset (r, 0, sizeof *r);
  r->codec = codec;
  r->me = _disc_node_new (me_id, "receiver-process");
  r->membership = disc_membership_new (config, r->me, &callbacks, r);
  disc_membership_start (r->membership, 0);
  r->cache = cache_sources > 0 ? disc_hello_cache_new (cache_sources) : NULL;
}

void
hello_receiver_clear (HelloReceiver *r)
{
  g_clear_pointer (&r->cache, disc_hello_cache_free);
  g_clear_pointer (&r->membership, disc_membership_free);
  g_clear_object (&r->me);
  g_clear_pointer (&r->codec, disc_codec_free);
}

/* One datagram from @from (@ip, @port); TRUE if the cache's fast path
 * took it. */
gboolean
hello_receiver_receive (HelloReceiver       *r,
                        const DiscSourceKey *from,
                        const char          *ip,
                        guint16              port,
                        const guint8        *datagram,
                        gsize                len,
                        gint64               now_ms,
                        gint64               wall_ms)
{
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
  g_autoptr(GBytes) opened = NULL;
  const guint8 *clear;

  clear = disc_codec_open (r->codec, datagram, &len, now_ms, &opened, &r->stats);
  if (clear == NULL)
    return FALSE;
  if (r->cache != NULL &&
      disc_hello_cache_refresh (r->cache, from, clear, len, r->codec, r->membership,
                                now_ms, wall_ms, &r->stats))
    return TRUE;

  disc_codec_decode_clear (r->codec, clear, len, now_ms, envelopes, &r->stats);
  for (guint i = 0; i < envelopes->len; i++)
    {
      DiscEnvelope *envelope = envelopes->pdata[i];
      DiscHello hello;
      guint64 serial;

      if (strcmp (envelope->event, "goodbye") == 0)
        {
          disc_membership_handle_goodbye (r->membership, envelope->iid, now_ms);
          continue;
        }
      if (strcmp (envelope->event, "hello") != 0 || strcmp (envelope->iid, r->me->id) == 0)
        continue;
      if (!disc_hello_parse (envelope->data, &hello))
        {
          r->stats.drops[DISC_DROP_HELLO]++;
          continue;
        }
      if (!disc_membership_handle_hello_for (r->membership,
                                             disc_membership_lookup (r->membership, envelope->iid),
                                             envelope->iid, envelope->pid, envelope->host_name,
                                             ip, port, &hello, now_ms, wall_ms, &serial))
        r->stats.drops[DISC_DROP_NODE_LIMIT]++;
      else if (r->cache != NULL && envelopes->len == 1)
        disc_hello_cache_confirm (r->cache, from, clear, len, r->membership, envelope->iid, serial);
      disc_hello_clear (&hello);
    }
  return FALSE;
}
