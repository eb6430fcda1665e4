/* disc-hello-cache.c: a peer's unchanged hello costs a memcmp, not a parse
 *
 * Almost every hello a node receives is byte for byte the one that sender
 * sent last time: only the receiver's last-seen changes. So for each
 * source address (address family, port, address) this keeps the last
 * message that came from it, as it stood after disc_codec_open(): the
 * datagram itself, or what aes-256-gcm sealed, which the codec has
 * already authenticated and checked against its replay window. Legacy
 * aes256 is deterministic (no IV), so an unchanged hello is unchanged
 * ciphertext and needs no decryption either. A WRAP block's random id is
 * left out of the comparison (the seed draws a new one per message); its
 * CRC is compared, so a block with a wrong CRC is never taken for the
 * right one.
 *
 * An entry only counts once the receiver confirms that the full decode of
 * exactly those bytes was accepted as a hello (disc_hello_cache_confirm()),
 * and it names the state that hello gave its node: the node itself (a
 * reference, so a repeat needs no lookup by iid) and its hello_serial,
 * which disc_membership_handle_hello() renews on every full hello and
 * zeroes when the node leaves the table. A repeat is recognised only
 * while the node is in that state; then the full path would change
 * nothing but last-seen, and disc_membership_refresh() does just that.
 * Anything else (a new sender, a changed hello, a node removed or changed
 * by a hello from elsewhere, a partial WRAP message with the same id, a
 * message larger than one block) is decoded in full, and is kept as that
 * source's latest message.
 *
 * Several instances on one host may share a source address (a port with
 * reuse-address), so a source keeps up to DISC_HELLO_CACHE_SLOTS messages,
 * one per node in the steady state: confirming a node's new hello frees
 * the slot of its old one, and a message not yet confirmed takes the slot
 * of the one before it that never was, else the least recently used.
 *
 * Memory: at most max-sources sources (the receiver ties it to
 * max-nodes), each at most DISC_HELLO_CACHE_SLOTS messages of at most
 * DISC_HELLO_CACHE_MAX_BYTES; the least recently used source makes room.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-hello-cache"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "disc-frame.h"
#include "disc-hello-cache.h"

typedef struct
{
  guint8  *bytes;
  gsize    len;        /* 0: free */
  gsize    capacity;
  DiscNode *node;      /* NULL until confirmed */
  guint64  serial;
  guint64  used;       /* the cache's clock when last matched or stored */
} Slot;

typedef struct
{
  DiscSourceKey key;
  Slot          slots[DISC_HELLO_CACHE_SLOTS];
  GList         lru_link;
} Entry;

struct _DiscHelloCache
{
  GHashTable *entries;   /* DiscSourceKey -> Entry (owned) */
  GQueue      lru;       /* of Entry, least recently used first */
  guint       max_sources;
  guint64     clock;     /* counts uses, to find a source's oldest slot */
  guint64     hits;
};

/* Fills @key from a struct sockaddr_in or sockaddr_in6; FALSE for any
 * other family. */
gboolean
disc_source_key_from_sockaddr (DiscSourceKey *key,
                               gconstpointer  sockaddr,
                               gsize          sockaddr_len)
{
  const struct sockaddr *sa = sockaddr;
  guint16 family;

  memset (key, 0, sizeof *key);
  if (sockaddr_len < sizeof (sa_family_t))
    return FALSE;
  family = sa->sa_family;
  memcpy (key->bytes, &family, 2);
  if (family == AF_INET && sockaddr_len >= sizeof (struct sockaddr_in))
    {
      const struct sockaddr_in *in = sockaddr;

      memcpy (key->bytes + 2, &in->sin_port, 2);
      memcpy (key->bytes + 4, &in->sin_addr, 4);
      return TRUE;
    }
  if (family == AF_INET6 && sockaddr_len >= sizeof (struct sockaddr_in6))
    {
      const struct sockaddr_in6 *in6 = sockaddr;

      memcpy (key->bytes + 2, &in6->sin6_port, 2);
      memcpy (key->bytes + 4, &in6->sin6_addr, 16);
      memcpy (key->bytes + 20, &in6->sin6_scope_id, 4);
      return TRUE;
    }
  return FALSE;
}

static guint
key_hash (gconstpointer data)
{
  const DiscSourceKey *key = data;
  guint64 words[3];
  guint64 h;

  /* Port and address both matter (many peers share a port): mix all of
   * the key, a word at a time. */
  G_STATIC_ASSERT (sizeof words == sizeof key->bytes);
  memcpy (words, key->bytes, sizeof words);
  h = (words[0] * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) ^
      (words[1] * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f)) ^
      (words[2] * G_GUINT64_CONSTANT (0x165667b19e3779f9));
  return (guint) (h ^ (h >> 29) ^ (h >> 47));
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, sizeof (DiscSourceKey)) == 0;
}

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->bytes, g_free);
  g_clear_object (&slot->node);
  slot->len = slot->capacity = 0;
  slot->serial = 0;
}

static void
entry_free (Entry *entry)
{
  for (guint i = 0; i < DISC_HELLO_CACHE_SLOTS; i++)
    slot_clear (&entry->slots[i]);
  g_free (entry);
}

DiscHelloCache *
disc_hello_cache_new (guint max_sources)
{
  DiscHelloCache *self = g_new0 (DiscHelloCache, 1);

  self->entries = g_hash_table_new_full (key_hash, key_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
  self->max_sources = MAX (max_sources, 1);
  return self;
}

void
disc_hello_cache_free (DiscHelloCache *self)
{
  if (self == NULL)
    return;
  disc_hello_cache_clear (self);
  g_hash_table_unref (self->entries);
  g_free (self);
}

static void
remove_entry (DiscHelloCache *self,
              Entry          *entry)
{
  g_queue_unlink (&self->lru, &entry->lru_link);
  g_hash_table_remove (self->entries, &entry->key);
}

void
disc_hello_cache_set_max_sources (DiscHelloCache *self,
                                  guint           max_sources)
{
  self->max_sources = MAX (max_sources, 1);
  while (g_hash_table_size (self->entries) > self->max_sources)
    remove_entry (self, g_queue_peek_head (&self->lru));
}

/* On start and stop, and whenever the codec or the membership is made
 * anew: entries name nodes by a serial only one membership gives out. */
void
disc_hello_cache_clear (DiscHelloCache *self)
{
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->entries);
}

/* The bytes that decide how a message reads: all of them, but a WRAP
 * block's 16-byte random id. */
static gboolean
same_message (const Slot   *slot,
              const guint8 *clear,
              gsize         len)
{
  if (slot->len != len || len == 0)
    return FALSE;
  if (len > DISC_FRAME_HEADER_SIZE && memcmp (clear, DISC_FRAME_MAGIC, 4) == 0)
    return memcmp (slot->bytes, clear, 4) == 0 &&
           memcmp (slot->bytes + 4 + DISC_FRAME_ID_SIZE, clear + 4 + DISC_FRAME_ID_SIZE,
                   len - 4 - DISC_FRAME_ID_SIZE) == 0;
  return memcmp (slot->bytes, clear, len) == 0;
}

static Slot *
find_slot (Entry        *entry,
           const guint8 *clear,
           gsize         len)
{
  for (guint i = 0; i < DISC_HELLO_CACHE_SLOTS; i++)
    if (same_message (&entry->slots[i], clear, len))
      return &entry->slots[i];
  return NULL;
}

static void
touch (DiscHelloCache *self,
       Entry          *entry,
       Slot           *slot)
{
  slot->used = ++self->clock;
  g_queue_unlink (&self->lru, &entry->lru_link);
  g_queue_push_tail_link (&self->lru, &entry->lru_link);
}

/* This message is the source's latest: keep it, unconfirmed, in the slot
 * of an earlier one never confirmed, or else of the least recently used. */
static void
remember (DiscHelloCache      *self,
          Entry               *entry,
          const DiscSourceKey *source,
          const guint8        *clear,
          gsize                len)
{
  Slot *slot = NULL;

  if (len > DISC_HELLO_CACHE_MAX_BYTES)
    return;   /* too big to keep: decoded in full every time */

  if (entry == NULL)
    {
      if (g_hash_table_size (self->entries) >= self->max_sources)
        remove_entry (self, g_queue_peek_head (&self->lru));
      entry = g_new0 (Entry, 1);
      entry->key = *source;
      entry->lru_link.data = entry;
      g_queue_push_tail_link (&self->lru, &entry->lru_link);
      g_hash_table_insert (self->entries, &entry->key, entry);
    }

  /* A free or unconfirmed slot first (at most one message per source
   * waits for confirmation), else the least recently used. */
  for (guint i = 0; i < DISC_HELLO_CACHE_SLOTS && slot == NULL; i++)
    if (entry->slots[i].node == NULL)
      slot = &entry->slots[i];
  if (slot == NULL)
    {
      slot = &entry->slots[0];
      for (guint i = 1; i < DISC_HELLO_CACHE_SLOTS; i++)
        if (entry->slots[i].used < slot->used)
          slot = &entry->slots[i];
    }

  if (slot->capacity < len)
    {
      g_free (slot->bytes);
      slot->capacity = MAX (len, 256);
      slot->bytes = g_malloc (slot->capacity);
    }
  memcpy (slot->bytes, clear, len);
  slot->len = len;
  g_clear_object (&slot->node);
  slot->serial = 0;
  touch (self, entry, slot);
}

/**
 * disc_hello_cache_match:
 * @self: the cache
 * @source: where the datagram came from
 * @clear: (array length=len): the datagram as disc_codec_open() returned it
 * @len: its length, bytes
 * @codec: the codec that opened it
 * @now_ms: monotonic time
 * @stats: the receiver's counters
 *
 * If @clear is the same message as the last one from @source, confirmed
 * as that node's current hello, returns the node (a reference the cache
 * holds): the caller passes it to disc_membership_refresh() and is done
 * with the datagram. The codec's bookkeeping for it is done (see
 * disc_codec_accept_repeat(); it may count drops in @stats). Otherwise
 * keeps @clear as @source's latest message and returns NULL: the caller
 * decodes it in full, and calls disc_hello_cache_confirm() if it was
 * accepted as a hello.
 */
DiscNode *
disc_hello_cache_match (DiscHelloCache      *self,
                        const DiscSourceKey *source,
                        const guint8        *clear,
                        gsize                len,
                        DiscCodec           *codec,
                        gint64               now_ms,
                        DiscStats           *stats)
{
  Entry *entry = g_hash_table_lookup (self->entries, source);
  Slot *slot = entry != NULL ? find_slot (entry, clear, len) : NULL;

  if (slot != NULL && slot->node != NULL && slot->node->hello_serial == slot->serial &&
      disc_codec_accept_repeat (codec, clear, len, now_ms, stats))
    {
      touch (self, entry, slot);
      self->hits++;
      return slot->node;
    }
  if (slot != NULL)
    {
      /* Known bytes, but no longer (or not yet) that node's state: they
       * are decoded again, and may be confirmed again. */
      g_clear_object (&slot->node);
      slot->serial = 0;
      touch (self, entry, slot);
    }
  else
    remember (self, entry, source, clear, len);
  return NULL;
}

/* disc_hello_cache_match() and disc_membership_refresh() in one, for a
 * caller with nothing to do in between. Returns whether the datagram was
 * a repeat, and so is done with. */
gboolean
disc_hello_cache_refresh (DiscHelloCache      *self,
                          const DiscSourceKey *source,
                          const guint8        *clear,
                          gsize                len,
                          DiscCodec           *codec,
                          DiscMembership      *membership,
                          gint64               now_ms,
                          gint64               wall_ms,
                          DiscStats           *stats)
{
  DiscNode *node = disc_hello_cache_match (self, source, clear, len, codec, now_ms, stats);

  if (node == NULL)
    return FALSE;
  disc_membership_refresh (membership, node, now_ms, wall_ms);
  return TRUE;
}

/**
 * disc_hello_cache_confirm:
 * @self: the cache
 * @source: where the datagram came from
 * @clear: (array length=len): the same bytes as given to
 *   disc_hello_cache_match()
 * @len: their length, bytes
 * @membership: the node table
 * @iid: the node disc_membership_handle_hello_for() just updated from them
 * @serial: the node's hello_serial it returned
 *
 * The full decode of @clear, the latest message from @source, was
 * accepted as a hello from @iid: from now on the same bytes from @source
 * only refresh that node, as long as no other hello changes it. Nothing
 * happens if the node has changed since (its handlers ran in between).
 */
void
disc_hello_cache_confirm (DiscHelloCache      *self,
                          const DiscSourceKey *source,
                          const guint8        *clear,
                          gsize                len,
                          DiscMembership      *membership,
                          const char          *iid,
                          guint64              serial)
{
  Entry *entry = g_hash_table_lookup (self->entries, source);
  DiscNode *node;
  Slot *slot;

  /* Only the very bytes remembered: a caller that decoded something else
   * in between must not vouch for an older message. */
  if (entry == NULL || serial == 0 || (slot = find_slot (entry, clear, len)) == NULL)
    return;
  node = disc_membership_lookup (membership, iid);
  if (node == NULL || node->hello_serial != serial)
    return;
  /* The node's older hellos from this source no longer describe it. */
  for (guint i = 0; i < DISC_HELLO_CACHE_SLOTS; i++)
    if (&entry->slots[i] != slot && entry->slots[i].node == node)
      slot_clear (&entry->slots[i]);
  g_set_object (&slot->node, node);
  slot->serial = serial;
}

guint
disc_hello_cache_get_size (DiscHelloCache *self)
{
  return g_hash_table_size (self->entries);
}

/* Repeats recognised since the cache was made (for tests and bench/). */
guint64
disc_hello_cache_get_hits (DiscHelloCache *self)
{
  return self->hits;
}
