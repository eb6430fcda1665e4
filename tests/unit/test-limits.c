/* test-limits.c: what a node may send (issue #14, case 3), without a socket
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "disc-channels.h"
#include "disc-error.h"
#include "disc-limits.h"
#include "disc-option-error.h"

static void
test_host_name (void)
{
  g_autofree char *longest = g_strnfill (255, 'h');
  g_autofree char *too_long = g_strnfill (256, 'h');
  g_autoptr(GString) accents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_test_summary ("A host name is at most 255 bytes of UTF-8, the most libdisc peers read");
  g_test_bug ("issues/14");
  for (guint i = 0; i < 128; i++)
    g_string_append (accents, "é");   /* 256 bytes in 128 characters */
  g_assert_true (disc_limits_check_host_name (longest, NULL));
  g_assert_true (disc_limits_check_host_name ("", NULL));
  g_assert_false (disc_limits_check_host_name (too_long, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_HOST_NAME);
  g_assert_true (g_str_has_prefix (error->message, "host-name:"));
  g_clear_error (&error);
  g_assert_false (disc_limits_check_host_name (accents->str, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_HOST_NAME);
  g_clear_error (&error);
  g_assert_false (disc_limits_check_host_name ("bad\xc3\x28", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_HOST_NAME);
}

static JsonNode *
nested (guint depth)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  g_string_append_c (text, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return json_from_string (text->str, NULL);
}

static void
test_depth (void)
{
  g_autoptr(JsonNode) info_ok = nested (DISC_LIMITS_MAX_INFO_DEPTH);
  g_autoptr(JsonNode) info_deep = nested (DISC_LIMITS_MAX_INFO_DEPTH + 1);
  g_autoptr(JsonNode) data_ok = nested (DISC_LIMITS_MAX_DATA_DEPTH);
  g_autoptr(JsonNode) data_deep = nested (DISC_LIMITS_MAX_DATA_DEPTH + 1);
  g_autoptr(JsonNode) wide = json_from_string ("{\"a\":[1,{\"b\":[]}],\"c\":{}}", NULL);
  g_autoptr(GError) error = NULL;

  g_test_summary ("Nesting is counted once per level, and bounded as libdisc receivers read it");
  g_test_bug ("issues/14");
  g_assert_cmpuint (disc_limits_json_depth (wide), ==, 4);
  g_assert_cmpuint (disc_limits_json_depth (data_deep), ==, DISC_LIMITS_MAX_DATA_DEPTH + 1);
  g_assert_true (disc_limits_check_info (info_ok, NULL));
  g_assert_false (disc_limits_check_info (info_deep, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_INFO);
  g_clear_error (&error);
  g_assert_true (disc_limits_check_data ("chat", data_ok, NULL));
  g_assert_false (disc_limits_check_data ("chat", data_deep, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
}

static void
test_non_finite_data (void)
{
  const double values[] = { INFINITY, -INFINITY, NAN };
  g_autoptr(GError) error = NULL;

  g_test_bug ("breaker2-infinity-data");
  g_test_summary ("A non-finite number as a message's data is refused: it "
                  "goes out as null (as JSON.stringify writes it), which the "
                  "npm packages do not deliver on a channel");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

      json_node_set_double (node, values[i]);
      g_assert_false (disc_limits_check_data ("chat", node, &error));
      g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
}

static void
test_truthy (void)
{
  static const char * const falsy[] = { "null", "false", "0", "0.0", "\"\"" };
  static const char * const truthy[] = { "true", "1", "-0.5", "\"0\"", "[]", "{}" };
  g_autoptr(GError) error = NULL;

  g_test_summary ("The npm packages deliver only truthy data on a channel: the rest is refused");
  g_test_bug ("issues/14");
  g_assert_false (disc_limits_check_data ("chat", NULL, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (falsy); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (falsy[i], NULL);

      g_assert_false (disc_limits_check_data ("chat", node, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (truthy); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (truthy[i], NULL);

      g_assert_true (disc_limits_check_data ("chat", node, NULL));
    }
}

static void
test_object_prototype_channels (void)
{
  static const char * const names[] = {
    "__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "__defineGetter__",
  };

  g_test_summary ("Object.prototype's names crash or misroute node-discovery 0.2.1: reserved");
  g_test_bug ("issues/14");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (disc_channels_check_name (names[i], &error));
      g_assert_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL);
    }
  g_assert_true (disc_channels_check_name ("proto", NULL));
}

static void
test_max_json (void)
{
  g_test_summary ("The largest hello JSON: the worst case of each dialect and cipher");
  g_assert_cmpuint (disc_limits_max_json (DISC_DIALECT_WRAP, DISC_LIMITS_CLEAR), ==, 65507);
  g_assert_cmpuint (disc_limits_max_json (DISC_DIALECT_PLAIN, DISC_LIMITS_CLEAR), ==, 65507);
  g_assert_cmpuint (disc_limits_max_json (DISC_DIALECT_WRAP, DISC_LIMITS_AEAD), ==, 65536);
  g_assert_cmpuint (disc_limits_max_json (DISC_DIALECT_PLAIN, DISC_LIMITS_AEAD), ==, 65507 - 74);
  /* padded to the next 16 bytes, then doubled at worst in the plain dialect */
  g_assert_cmpuint ((disc_limits_max_json (DISC_DIALECT_WRAP, DISC_LIMITS_LEGACY_CIPHER) / 16 + 1) * 16,
                    <=, 65507);
  g_assert_cmpuint (2 * (disc_limits_max_json (DISC_DIALECT_PLAIN, DISC_LIMITS_LEGACY_CIPHER) / 16 + 1) * 16,
                    <=, 65507);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");
  g_test_add_func ("/limits/host-name", test_host_name);
  g_test_add_func ("/limits/depth", test_depth);
  g_test_add_func ("/limits/truthy", test_truthy);
  g_test_add_func ("/limits/non-finite-data", test_non_finite_data);
  g_test_add_func ("/limits/object-prototype-channels", test_object_prototype_channels);
  g_test_add_func ("/limits/max-json", test_max_json);
  return g_test_run ();
}
