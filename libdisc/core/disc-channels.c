/* disc-channels.c: which channel names are valid, and which are joined
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-channels"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "disc-channels.h"
#include "disc-error.h"

struct _DiscChannels
{
  GHashTable *joined;   /* name -> GUINT_TO_POINTER (quark) */
};

/* The protocol's own events: a message on one of these could otherwise be
 * mistaken for the event itself, as in the seed (its TODO about
 * EventEmitter2 and unconstrained event names). */
static const char * const reserved_channels[] = {
  "hello", "goodbye", "added", "removed", "master", "promotion", "demotion",
  "message", "error", "newListener", "removeListener",
  /* node-discovery 0.2.1 looks events up in a plain object
   * (EventEmitter2 0.4): a message on one of Object.prototype's names
   * calls that function, or crashes the receiving process (__proto__,
   * __defineGetter__, __defineSetter__), whether it joined or not. */
  "__proto__", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
  "toLocaleString", "toString", "valueOf", "__defineGetter__", "__defineSetter__",
  "__lookupGetter__", "__lookupSetter__",
  "disc-control",   /* remote control, doc/protocol.md section 9 */
};

gboolean
disc_channels_is_reserved (const char *channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_channels); i++)
    if (strcmp (channel, reserved_channels[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
disc_channels_check_name (const char  *channel,
                          GError     **error)
{
  gsize len;

  if (channel == NULL || (len = strlen (channel)) == 0 || len > DISC_CHANNEL_MAX_LENGTH ||
      !g_utf8_validate (channel, len, NULL))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL,
                   _("a channel name must be 1 to %d bytes of UTF-8"), DISC_CHANNEL_MAX_LENGTH);
      return FALSE;
    }
  for (const char *p = channel; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL,
                     _("a channel name cannot contain control characters"));
        return FALSE;
      }
  if (disc_channels_is_reserved (channel))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL,
                   _("“%s” is reserved by the protocol and cannot be used as a channel"), channel);
      return FALSE;
    }
  return TRUE;
}

DiscChannels *
disc_channels_new (void)
{
  DiscChannels *self = g_new0 (DiscChannels, 1);

  self->joined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
disc_channels_free (DiscChannels *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->joined);
  g_free (self);
}

/* FALSE for a name that cannot be joined; the check says why. */
gboolean
disc_channels_join (DiscChannels *self,
                    const char   *channel)
{
  if (!disc_channels_check_name (channel, NULL))
    return FALSE;
  /* Quarks only for names the application chose: a name off the network
   * never becomes one (they are never freed). */
  if (!g_hash_table_contains (self->joined, channel))
    g_hash_table_insert (self->joined, g_strdup (channel),
                         GUINT_TO_POINTER (g_quark_from_string (channel)));
  return TRUE;
}

gboolean
disc_channels_leave (DiscChannels *self,
                     const char   *channel)
{
  return g_hash_table_remove (self->joined, channel);
}

gboolean
disc_channels_contains (DiscChannels *self,
                        const char   *channel)
{
  return g_hash_table_contains (self->joined, channel);
}

/* The signal detail of a joined channel; 0 if it is not joined. */
GQuark
disc_channels_lookup (DiscChannels *self,
                      const char   *channel)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->joined, channel));
}
