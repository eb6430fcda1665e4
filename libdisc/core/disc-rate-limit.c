/* disc-rate-limit.c: how many new node ids one address may announce
 *
 * One token bucket per source IPv4 address: it holds up to `burst` tokens,
 * refills at `rate` tokens a second, and each hello from a node id not yet
 * in the table takes one. Known nodes are never limited. The table of
 * sources is bounded; when it is full the source heard from least recently
 * is forgotten (and would start again with a full bucket), so a flood from
 * spoofed addresses is bounded by the node table's own limit instead.
 *
 * Tokens are kept in thousandths so that the arithmetic is exact.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-rate-limit"

#include "config.h"

#include "disc-rate-limit.h"

typedef struct
{
  guint32 source;
  gint64  tokens_milli;
  gint64  updated_ms;
  GList   link;          /* in by_use, least recently used first */
} Bucket;

struct _DiscRateLimit
{
  gint64      rate;          /* tokens a second */
  gint64      burst_milli;
  guint       max_sources;
  GHashTable *buckets;       /* GUINT_TO_POINTER (source) -> Bucket */
  GQueue      by_use;
};

DiscRateLimit *
disc_rate_limit_new (guint rate_per_second,
                     guint burst,
                     guint max_sources)
{
  DiscRateLimit *self = g_new0 (DiscRateLimit, 1);

  self->rate = rate_per_second;
  self->burst_milli = (gint64) MAX (burst, 1) * 1000;
  self->max_sources = MAX (max_sources, 1);
  self->buckets = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_queue_init (&self->by_use);
  return self;
}

void
disc_rate_limit_free (DiscRateLimit *self)
{
  if (self == NULL)
    return;
  g_queue_init (&self->by_use);   /* the links are inside the entries */
  g_hash_table_unref (self->buckets);
  g_free (self);
}

gboolean
disc_rate_limit_take (DiscRateLimit *self,
                      guint32        source,
                      gint64         now_ms)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, GUINT_TO_POINTER (source));

  if (bucket == NULL)
    {
      if (g_hash_table_size (self->buckets) >= self->max_sources)
        {
          Bucket *oldest = g_queue_peek_head (&self->by_use);

          g_queue_unlink (&self->by_use, &oldest->link);
          g_hash_table_remove (self->buckets, GUINT_TO_POINTER (oldest->source));
        }
      bucket = g_new0 (Bucket, 1);
      bucket->source = source;
      bucket->tokens_milli = self->burst_milli;
      bucket->updated_ms = now_ms;
      bucket->link.data = bucket;
      g_hash_table_insert (self->buckets, GUINT_TO_POINTER (source), bucket);
    }
  else
    {
      gint64 elapsed = now_ms - bucket->updated_ms;

      /* elapsed ms × rate tokens/s = elapsed × rate thousandths */
      if (elapsed > 0)
        {
          if (self->rate > 0 && elapsed >= self->burst_milli)   /* refilled whatever the rate */
            bucket->tokens_milli = self->burst_milli;
          else
            bucket->tokens_milli = MIN (self->burst_milli, bucket->tokens_milli + elapsed * self->rate);
          bucket->updated_ms = now_ms;
        }
      g_queue_unlink (&self->by_use, &bucket->link);
    }
  g_queue_push_tail_link (&self->by_use, &bucket->link);

  if (bucket->tokens_milli < 1000)
    return FALSE;
  bucket->tokens_milli -= 1000;
  return TRUE;
}

guint
disc_rate_limit_get_n_sources (DiscRateLimit *self)
{
  return g_hash_table_size (self->buckets);
}
