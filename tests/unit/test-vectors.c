/* test-vectors.c: reading tests/vectors/vectors.json in the unit tests, and checking
 * what the core makes of them
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "test-vectors.h"

JsonNode *vectors;

void
load_vectors (void)
{
  const char *dir = g_getenv ("VECTORS_DIR");
  g_autofree char *fallback = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    dir = fallback = g_test_build_filename (G_TEST_DIST, "..", "vectors", NULL);
  path = g_build_filename (dir, "vectors.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("cannot read %s: %s", path, error->message);
  vectors = json_node_ref (json_parser_get_root (parser));
}

JsonArray *
vector_array (const char *name)
{
  return json_object_get_array_member (json_node_get_object (vectors), name);
}

JsonObject *
find_message (const char *name)
{
  JsonArray *messages = vector_array ("messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      if (g_str_equal (json_object_get_string_member (m, "name"), name))
        return m;
    }
  g_error ("no message vector named %s", name);
  return NULL;
}

GBytes *
hex_bytes (const char *hex)
{
  gsize len = strlen (hex);
  guint8 *out;

  g_assert_cmpuint (len % 2, ==, 0);
  out = g_malloc (len / 2 + 1);
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_true (hi >= 0 && lo >= 0);
      out[i] = (hi << 4) | lo;
    }
  return g_bytes_new_take (out, len / 2);
}

GBytes *
member_bytes (JsonObject *object, const char *member)
{
  return hex_bytes (json_object_get_string_member (object, member));
}

GPtrArray *
message_datagrams (JsonObject *m)
{
  JsonArray *hexes = json_object_get_array_member (m, "datagrams_hex");
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < json_array_get_length (hexes); i++)
    g_ptr_array_add (out, hex_bytes (json_array_get_string_element (hexes, i)));
  return out;
}

DiscDialect
message_dialect (JsonObject *m)
{
  return g_str_equal (json_object_get_string_member (m, "dialect"), "wrap") ? DISC_DIALECT_WRAP
                                                                             : DISC_DIALECT_PLAIN;
}

/* The envelope says what the vector's object says. */
void
assert_envelope_is (const DiscEnvelope *envelope,
                    JsonObject         *object)
{
  JsonNode *data = json_object_get_member (object, "data");

  g_assert_cmpstr (envelope->event, ==, json_object_get_string_member (object, "event"));
  g_assert_cmpstr (envelope->pid, ==, json_object_get_string_member (object, "pid"));
  g_assert_cmpstr (envelope->iid, ==, json_object_get_string_member (object, "iid"));
  g_assert_cmpstr (envelope->host_name, ==, json_object_get_string_member (object, "hostName"));
  if (data == NULL)
    g_assert_null (envelope->data);
  else
    {
      g_assert_nonnull (envelope->data);
      g_assert_true (json_node_equal (envelope->data, data));
    }
}

/* Exactly `count` drops for `reason`, and none for any other. */
void
assert_only_drop (const DiscStats *stats,
                  DiscDropReason   reason,
                  guint64          count)
{
  for (int i = 0; i < DISC_DROP_N_REASONS; i++)
    {
      if (i == (int) reason)
        g_assert_cmpuint (stats->drops[i], ==, count);
      else if (stats->drops[i] != 0)
        g_error ("unexpected drop: %s × %" G_GUINT64_FORMAT,
                 disc_drop_reason_describe (i), stats->drops[i]);
    }
}
