/* disc-drop-log.c: sources of dropped datagrams, and new kinds of drops
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-drop-log"

#include "config.h"

#include "disc-drop-log.h"

typedef struct
{
  GHashTable *sources;       /* GUINT_TO_POINTER (IPv4, host order) -> count; nullable */
  gint64      last_drop_ms;  /* G_MININT64: never */
} ReasonLog;

struct _DiscDropLog
{
  ReasonLog reasons[DISC_DROP_N_REASONS];
};

DiscDropLog *
disc_drop_log_new (void)
{
  DiscDropLog *self = g_new0 (DiscDropLog, 1);

  disc_drop_log_clear (self);
  return self;
}

void
disc_drop_log_clear (DiscDropLog *self)
{
  for (guint i = 0; i < DISC_DROP_N_REASONS; i++)
    {
      g_clear_pointer (&self->reasons[i].sources, g_hash_table_unref);
      self->reasons[i].last_drop_ms = G_MININT64;
    }
}

void
disc_drop_log_free (DiscDropLog *self)
{
  if (self == NULL)
    return;
  disc_drop_log_clear (self);
  g_free (self);
}

/* Notes one dropped datagram from @source (0 when no one datagram is to
 * blame, as for a reassembly timeout). Returns TRUE when this starts a
 * kind of drop: the first for @reason, or the first after a quiet minute.
 * That bounds how often a caller hears of it, whatever the flood. */
gboolean
disc_drop_log_add (DiscDropLog    *self,
                   DiscDropReason  reason,
                   guint32         source,
                   gint64          now_ms)
{
  ReasonLog *log;
  gboolean starts;

  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, FALSE);

  log = &self->reasons[reason];
  starts = log->last_drop_ms == G_MININT64 || now_ms - log->last_drop_ms >= DISC_DROP_LOG_QUIET_MS;
  log->last_drop_ms = now_ms;
  if (source != 0)
    {
      gpointer key = GUINT_TO_POINTER (source);
      gpointer count;

      if (log->sources == NULL)
        log->sources = g_hash_table_new (NULL, NULL);
      if (g_hash_table_lookup_extended (log->sources, key, NULL, &count))
        g_hash_table_insert (log->sources, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      else if (g_hash_table_size (log->sources) < DISC_DROP_LOG_MAX_SOURCES)
        g_hash_table_insert (log->sources, key, GUINT_TO_POINTER (1));
    }
  return starts;
}

guint
disc_drop_log_get_n_sources (DiscDropLog    *self,
                             DiscDropReason  reason)
{
  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, 0);
  return self->reasons[reason].sources ? g_hash_table_size (self->reasons[reason].sources) : 0;
}

static int
compare_addresses (gconstpointer a,
                   gconstpointer b)
{
  guint32 x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);

  return x < y ? -1 : x > y;
}

/* Dotted quads, in address order. */
char **
disc_drop_log_list_sources (DiscDropLog    *self,
                            DiscDropReason  reason)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTable *sources;

  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, NULL);
  sources = self->reasons[reason].sources;
  if (sources != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (sources), compare_addresses);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          guint32 a = GPOINTER_TO_UINT (l->data);

          g_ptr_array_add (list, g_strdup_printf ("%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
                                                  (a >> 8) & 0xff, a & 0xff));
        }
    }
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (list, FALSE);
}
