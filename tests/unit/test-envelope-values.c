/* test-envelope-values.c: a received envelope's data is the value its
 * sender wrote, or the datagram is dropped; never another value
 *
 * json-glib 1.6 reads an integer beyond int64 modulo 2^64 (node's
 * JSON.stringify (2 ** 64) came out as -1), cuts a string at an escaped
 * NUL, and takes the first of two values written back to back. These are
 * JSON that Node.js peers write (the first) or that JSON.parse refuses
 * (the last), so libdisc reads big integers as JSON.parse does, as
 * doubles, and drops the others (DISC_DROP_JSON), as it drops a raw NUL.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "disc-envelope.h"

#define HEAD "{\"event\":\"chat\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":"

static DiscEnvelope *
parse_data (const char *data_text)
{
  g_autofree char *text = g_strconcat (HEAD, data_text, "}", NULL);
  DiscDropReason reason = DISC_DROP_N_REASONS;
  DiscEnvelope *envelope = disc_envelope_parse (text, strlen (text), &reason);

  if (envelope == NULL)
    g_error ("refused (%d): %s", reason, text);
  return envelope;
}

static void
assert_refused (const char *text)
{
  DiscDropReason reason = DISC_DROP_N_REASONS;
  g_autoptr(DiscEnvelope) envelope = disc_envelope_parse (text, strlen (text), &reason);

  if (envelope != NULL)
    g_error ("accepted: %s", text);
  g_assert_cmpint (reason, ==, DISC_DROP_JSON);
}

static void
test_big_integers (void)
{
  /* Literal, and the double JSON.parse makes of it. */
  static const struct { const char *text; double value; } beyond[] = {
    { "9223372036854775808", 9223372036854775808.0 },          /* 2^63 */
    { "18446744073709552000", 18446744073709551616.0 },        /* JSON.stringify (2 ** 64) */
    { "-9223372036854775809", -9223372036854775808.0 },
    { "99999999999999999999999", 1e23 },
    { "100000000000000000000000000000000000000000", 1e41 },
  };
  /* Integers that fit keep their exact value. */
  static const struct { const char *text; gint64 value; } within[] = {
    { "9223372036854775807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
    { "1700000000000", G_GINT64_CONSTANT (1700000000000) },
    { "0", 0 },
    { "-0", 0 },
  };

  g_test_bug ("issues/14");
  for (guint i = 0; i < G_N_ELEMENTS (beyond); i++)
    {
      g_autoptr(DiscEnvelope) envelope = parse_data (beyond[i].text);

      g_test_message ("%s", beyond[i].text);
      g_assert_cmpint (json_node_get_value_type (envelope->data), ==, G_TYPE_DOUBLE);
      g_assert_cmpfloat (json_node_get_double (envelope->data), ==, beyond[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (within); i++)
    {
      g_autoptr(DiscEnvelope) envelope = parse_data (within[i].text);

      g_test_message ("%s", within[i].text);
      g_assert_cmpint (json_node_get_value_type (envelope->data), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (envelope->data), ==, within[i].value);
    }
}

static void
test_big_integers_nested (void)
{
  g_autoptr(DiscEnvelope) envelope =
    parse_data ("{\"id\":18446744073709552000,\"list\":[1,-18446744073709552000,2.5e3],"
                "\"s\":\"18446744073709552000\"}");
  JsonObject *object = json_node_get_object (envelope->data);
  JsonArray *list = json_object_get_array_member (object, "list");

  g_test_bug ("issues/14");
  g_assert_cmpfloat (json_object_get_double_member (object, "id"), ==, 18446744073709551616.0);
  g_assert_cmpint (json_array_get_int_element (list, 0), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (list, 1), ==, -18446744073709551616.0);
  g_assert_cmpfloat (json_array_get_double_element (list, 2), ==, 2500.0);
  /* Inside a string nothing is a number. */
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "18446744073709552000");
}

static void
test_escaped_nul (void)
{
  g_test_bug ("issues/14");
  assert_refused (HEAD "\"a\\u0000b\"}");
  assert_refused ("{\"event\":\"ch\\u0000at\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":1}");
  /* Other escapes still read. */
  {
    g_autoptr(DiscEnvelope) envelope = parse_data ("\"a\\u0001b\\\\u0000\"");

    g_assert_cmpstr (json_node_get_string (envelope->data), ==, "a\001b\\u0000");
  }
}

static void
test_trailing_value (void)
{
  g_test_bug ("issues/14");
  assert_refused (HEAD "1}{}");
  assert_refused (HEAD "1}" HEAD "2}");
  assert_refused (HEAD "1}\n[3]");
  assert_refused (HEAD "1}1");
  assert_refused (HEAD "1}\"x\"");
  /* White space after the value is JSON. */
  {
    const char *text = HEAD "7} \r\n\t";
    DiscDropReason reason = DISC_DROP_N_REASONS;
    g_autoptr(DiscEnvelope) envelope = disc_envelope_parse (text, strlen (text), &reason);

    g_assert_nonnull (envelope);
    g_assert_cmpint (json_node_get_int (envelope->data), ==, 7);
  }
}

/* json-glib reads these; JSON.parse refuses them, so no node-discovery
 * peer wrote them, and libdisc now reads received text as
 * disc_json_from_string() reads typed text. */
static void
test_not_json (void)
{
  g_test_bug ("issues/16");
  assert_refused (HEAD "01}");
  assert_refused (HEAD "[.5]}");
  assert_refused (HEAD "1.}");
  assert_refused (HEAD "0x10}");
  assert_refused (HEAD "+1}");
  assert_refused (HEAD "\"\\x\"}");
  assert_refused (HEAD "'a'}");
  /* The numbers JSON writes still read. */
  {
    g_autoptr(DiscEnvelope) envelope = parse_data ("[0, -0.5, 1e5, 2E-3, 1.5e+2]");

    g_assert_cmpfloat (json_array_get_double_element (json_node_get_array (envelope->data), 4),
                       ==, 150.0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_summary ("A received envelope's data is the value its sender wrote (big integers "
                  "as JSON.parse reads them), or the datagram is dropped as JSON");
  g_test_bug_base ("libdisc breaker findings: ");
  g_test_add_func ("/envelope-values/big-integers", test_big_integers);
  g_test_add_func ("/envelope-values/big-integers-nested", test_big_integers_nested);
  g_test_add_func ("/envelope-values/escaped-nul", test_escaped_nul);
  g_test_add_func ("/envelope-values/trailing-value", test_trailing_value);
  g_test_add_func ("/envelope-values/not-json", test_not_json);
  return g_test_run ();
}
