/* disc-limits.c: what a node may send, so that every receiver takes it
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-limits"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "disc-limits.h"
#include "disc-aead.h"
#include "disc-codec.h"
#include "disc-envelope.h"
#include "disc-error.h"
#include "disc-frame.h"
#include "disc-option-error.h"

/* libdisc receivers drop an envelope whose hostName is longer
 * (ENVELOPE); the npm packages take any length. */
gboolean
disc_limits_check_host_name (const char  *host_name,
                             GError     **error)
{
  gsize len = strlen (host_name);

  if (!g_utf8_validate (host_name, len, NULL))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_HOST_NAME,
                   _("host-name: the host name is not UTF-8 text, which peers cannot read"));
      return FALSE;
    }
  if (len > DISC_ENVELOPE_MAX_HOST_NAME)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_HOST_NAME,
                   /* %lu, not G_GSIZE_FORMAT: xgettext cannot see into the macro. */
                   _("host-name: the host name is %lu bytes of UTF-8; peers "
                     "drop packets whose host name is over %d bytes (set host-name, or "
                     "$DISCOVERY_HOSTNAME, to a shorter one)"),
                   (gulong) len, DISC_ENVELOPE_MAX_HOST_NAME);
      return FALSE;
    }
  return TRUE;
}

/* JSON has no NaN or infinity: every receiver would drop the hello. */
gboolean
disc_limits_check_weight (double   weight,
                          GError **error)
{
  if (!isfinite (weight))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_WEIGHT,
                   _("weight: %g is not a finite number, which JSON cannot carry"), weight);
      return FALSE;
    }
  return TRUE;
}

/* Levels of arrays and objects, the node itself counted; a scalar is 0.
 * Recursion is bounded by what json-glib built, which came from our caller. */
guint
disc_limits_json_depth (JsonNode *node)
{
  guint deepest = 0;

  if (node == NULL)
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        {
          guint depth = disc_limits_json_depth (member);   /* not in MAX (): once */

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint depth = disc_limits_json_depth (json_array_get_element (array, i));

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  return 0;
}

gboolean
disc_limits_check_info (JsonNode  *info,
                        GError   **error)
{
  guint depth = disc_limits_json_depth (info);

  if (depth > DISC_LIMITS_MAX_INFO_DEPTH)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_INFO,
                   _("info: the advertisement nests %u levels of arrays and objects; peers "
                     "read at most %d inside a hello"), depth, DISC_LIMITS_MAX_INFO_DEPTH);
      return FALSE;
    }
  return TRUE;
}

/* node-discovery and node-discover deliver a message on its channel only
 * when its data is truthy in JavaScript; anything else they hand to a
 * generic "message" event that nothing listens to. */
static gboolean
is_truthy (JsonNode *data)
{
  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (data))
    return TRUE;   /* objects and arrays, even empty ones */
  switch (json_node_get_value_type (data))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (data);
    case G_TYPE_INT64:
      return json_node_get_int (data) != 0;
    case G_TYPE_DOUBLE:
      {
        double value = json_node_get_double (data);

        /* Infinity is truthy, but goes out as null (as JSON.stringify
         * writes it), which is not. */
        return value != 0 && isfinite (value);
      }
    case G_TYPE_STRING:
      return *json_node_get_string (data) != '\0';
    default:
      return TRUE;
    }
}

gboolean
disc_limits_check_data (const char  *channel,
                        JsonNode    *data,
                        GError     **error)
{
  guint depth;

  if (!is_truthy (data))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA,
                   _("data: a message on “%s” must be truthy in JavaScript (not absent, null, "
                     "false, 0, NaN, infinite or \"\"): node-discovery and node-discover peers do not deliver "
                     "it on its channel"), channel);
      return FALSE;
    }
  depth = disc_limits_json_depth (data);
  if (depth > DISC_LIMITS_MAX_DATA_DEPTH)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA,
                   _("data: the message on “%s” nests %u levels of arrays and objects; "
                     "peers read at most %d"), channel, depth, DISC_LIMITS_MAX_DATA_DEPTH);
      return FALSE;
    }
  return TRUE;
}

/* The longest envelope JSON whose datagrams every receiver takes, when
 * only its length is known: a plain legacy ciphertext may double in size
 * (each byte of 0x80 or more goes out as two), so hellos, whose bytes
 * change, are held to that worst case. send() checks the real encoding. */
gsize
disc_limits_max_json (DiscDialect       dialect,
                      DiscLimitsCipher  cipher)
{
  gsize datagram = DISC_CODEC_MAX_DATAGRAM;

  switch (cipher)
    {
    case DISC_LIMITS_AEAD:
      return dialect == DISC_DIALECT_WRAP ? DISC_FRAME_MAX_MESSAGE : datagram - DISC_AEAD_OVERHEAD;
    case DISC_LIMITS_LEGACY_CIPHER:
      /* PKCS#7 adds 1 to 16 bytes */
      if (dialect == DISC_DIALECT_PLAIN)
        datagram /= 2;
      return (datagram / 16) * 16 - 1;
    case DISC_LIMITS_CLEAR:
    default:
      return datagram;
    }
}
