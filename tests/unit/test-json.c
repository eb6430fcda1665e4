/* test-json.c: disc_json_from_string() reads text as libdisc's peers do
 *
 * JSON a user typed (disc send, --advertise, the monitor's console) was
 * read by json-glib alone: an integer beyond 64 bits became another
 * number (123456789012345678901234567890 was sent as -1), a lone
 * surrogate escape was reported as "unterminated string constant", and
 * single quotes, comments and hexadecimal numbers, which JSON.parse
 * refuses, were sent as JSON. No sockets here.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "disc-error.h"
#include "disc-json.h"

static JsonNode *
read_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = disc_json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The message of the refusal of @text, which must contain @where. */
static char *
read_refused (const char *text,
              const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = disc_json_from_string (text, &error);
  /* The test log is TAP, which must be UTF-8: show bytes escaped. */
  g_autofree char *shown = g_strescape (text, NULL);

  g_test_message ("%.60s: %s", shown, error != NULL ? error->message : "(accepted)");
  g_assert_null (node);
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_JSON);
  if (where != NULL && strstr (error->message, where) == NULL)
    g_error ("“%s” does not say “%s”", error->message, where);
  return g_strdup (error->message);
}

static void
test_big_integers (void)
{
  g_autoptr(JsonNode) list =
    read_ok ("[18446744073709551616, 9223372036854775808, -9223372036854775809, "
             "9223372036854775807, -9223372036854775808, \"18446744073709551616\"]");
  g_autoptr(JsonNode) object = read_ok ("{\"n\":123456789012345678901234567890}");
  g_autoptr(JsonNode) scalar = read_ok ("18446744073709552000");
  JsonArray *array = json_node_get_array (list);

  g_test_bug ("issues/16");
  /* The doubles JSON.parse makes of them. */
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 18446744073709551616.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 9223372036854775808.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, -9223372036854775808.0);
  /* Those that fit stay exact integers; a string is no number. */
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 3)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 4), ==, G_MININT64);
  g_assert_cmpstr (json_array_get_string_element (array, 5), ==, "18446744073709551616");

  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (object), "n"), ==,
                     123456789012345678901234567890.0);
  g_assert_cmpfloat (json_node_get_double (scalar), ==, 18446744073709551616.0);
}

static void
test_lone_surrogate (void)
{
  g_autofree char *message = NULL;

  g_test_bug ("issues/16");
  message = read_refused ("\"\\ud800\"", "line 1, column 2: ");
  g_assert_nonnull (strstr (message, "surrogate"));
  g_assert_null (strstr (message, "unterminated"));
  g_free (read_refused ("[\"ok\",\n \"x\\udc00\"]", "line 2, column 4: "));
  g_free (read_refused ("\"\\ud800\\u0041\"", "surrogate"));
  /* A pair is a character. */
  {
    g_autoptr(JsonNode) pair = read_ok ("\"\\ud83d\\ude00\"");

    g_assert_cmpstr (json_node_get_string (pair), ==, "\xf0\x9f\x98\x80");
  }
}

/* json-glib reads these; JSON.parse throws on each. */
static void
test_not_json (void)
{
  static const struct { const char *text; const char *where; } cases[] = {
    { "'a'", "line 1, column 1: " },
    { "/* c */ 1", "line 1, column 1: " },
    { "[1, // c\n 2]", "line 1, column 5: " },
    { "0x10", "line 1, column 1: " },
    { "01", "line 1, column 1: " },
    { "[.5]", "line 1, column 2: " },
    { "[1.]", "line 1, column 2: " },
    { "1.e5", "line 1, column 1: " },
    { "+1", "line 1, column 1: " },
    { "\"\\x\"", "line 1, column 2: " },
    { "{\n  \"é\": tru\n}", "line 2, column 8: " },
    { "[nul]", "line 1, column 2: " },
    { "{\"a\": 1} x", "line 1, column 10: " },
    { "\"tab\there\"", "line 1, column 5: " },
    { "\"open", "line 1, column 1: " },
    { "\"a\\u0000b\"", "U+0000" },
  };

  g_test_bug ("issues/16");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (read_refused (cases[i].text, cases[i].where));
}

/* Mistakes json-glib finds (the structure) are placed in the text as
 * given, not in the one with big integers rewritten as doubles. */
static void
test_structure (void)
{
  g_autofree char *small = NULL, *big = NULL;

  g_test_bug ("issues/16");
  g_free (read_refused ("{\"a\" 1}", "line 1, column "));
  g_free (read_refused ("{\n \"a\": 1,\n \"b\": [1,,2]\n}", "line 3, column "));
  g_free (read_refused ("[1, 2", "line 1, column "));
  g_free (read_refused ("1 2", "line 1, column "));
  small = read_refused ("[9223372036854775807 1]", "line 1, column ");
  big = read_refused ("[9223372036854775808 1]", "line 1, column ");
  /* "line 1, column N: ..." */
  g_assert_nonnull (strstr (small, ": "));
  g_assert_nonnull (strstr (big, ": "));
  *strstr (small, ": ") = '\0';
  *strstr (big, ": ") = '\0';
  g_assert_cmpstr (small, ==, big);
}

static void
test_bounds (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) ok = NULL;

  g_test_bug ("issues/16");
  g_free (read_refused ("", "no JSON value"));
  g_free (read_refused (" \n\t", "no JSON value"));
  g_free (read_refused ("\"\xff\"", "line 1, column 2: "));
  g_free (read_refused ("\"é\xc3\"", "line 1, column 3: "));

  /* 64 levels are read (the receiving limit); 65 are not, and a long
   * run of '[' is refused without recursing. */
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, ']');
  ok = read_ok (deep->str);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_free (read_refused (deep->str, "line 1, column 65: "));
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_free (read_refused (deep->str, "64"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_summary ("disc_json_from_string() reads JSON text as JSON.parse and libdisc peers "
                  "do: big integers as doubles, non-JSON refused, the error placed by line "
                  "and column");
  g_test_bug_base ("libdisc breaker findings: ");
  g_test_add_func ("/json/big-integers", test_big_integers);
  g_test_add_func ("/json/lone-surrogate", test_lone_surrogate);
  g_test_add_func ("/json/not-json", test_not_json);
  g_test_add_func ("/json/structure", test_structure);
  g_test_add_func ("/json/bounds", test_bounds);
  return g_test_run ();
}
