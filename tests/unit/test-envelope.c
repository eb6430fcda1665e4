/* test-envelope.c: the JSON envelope and the hello, against the npm packages' JSON
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "test-vectors.h"

#include "disc-envelope.h"
#include "disc-hello.h"

/* --- vectors.json ------------------------------------------------------- */


/* --- helpers --------------------------------------------------------------- */

static DiscEnvelope *
parse_ok (const char *text, gssize len)
{
  DiscDropReason reason = DISC_DROP_N_REASONS;
  DiscEnvelope *envelope = disc_envelope_parse (text, len < 0 ? strlen (text) : (gsize) len, &reason);

  if (envelope == NULL)
    g_error ("refused (%d) %s", reason, text);
  return envelope;
}

static void
assert_refused (const char *text, gsize len, DiscDropReason expected)
{
  DiscDropReason reason = DISC_DROP_N_REASONS;
  g_autoptr(DiscEnvelope) envelope = disc_envelope_parse (text, len, &reason);

  if (envelope != NULL)
    g_error ("accepted: %.*s", (int) MIN (len, 200), text);
  g_assert_cmpint (reason, ==, expected);
}

static void
assert_refused_str (const char *text, DiscDropReason expected)
{
  assert_refused (text, strlen (text), expected);
}

static void
assert_envelopes_equal (const DiscEnvelope *a, const DiscEnvelope *b)
{
  g_assert_cmpstr (a->event, ==, b->event);
  g_assert_cmpstr (a->pid, ==, b->pid);
  g_assert_cmpstr (a->iid, ==, b->iid);
  g_assert_cmpstr (a->host_name, ==, b->host_name);
  g_assert_true ((a->data == NULL) == (b->data == NULL));
  if (a->data != NULL)
    g_assert_true (json_node_equal (a->data, b->data));
}

/* Strict JSON has no raw control characters: JSON.parse refuses them. */
static void
assert_no_raw_controls (const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] < 0x20)
      g_error ("raw control character 0x%02x at %" G_GSIZE_FORMAT " of %s", text[i], i, text);
}

static JsonNode *
json_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* --- envelopes ------------------------------------------------------------ */

static void
test_golden_parse (void)
{
  JsonArray *messages = vector_array ("messages");

  g_test_summary ("Every envelope of both npm packages parses to its object");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GBytes) json = member_bytes (m, "json_hex");
      g_autoptr(DiscEnvelope) envelope = NULL;

      g_test_message ("parse %s", json_object_get_string_member (m, "name"));
      envelope = parse_ok (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
      assert_envelope_is (envelope, json_object_get_object_member (m, "object"));
    }
}

/* Serialising an envelope in its sender's dialect gives the sender's bytes
 * wherever json-glib writes the numbers as JSON.stringify does; elsewhere,
 * valid JSON with the same values. */
static void
test_golden_serialize (void)
{
  JsonArray *messages = vector_array ("messages");
  guint exact = 0, wrap_exact = 0, plain_exact = 0;

  g_test_summary ("Serialised in its sender's dialect, an envelope "
                  "is the sender's bytes where numbers allow");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GBytes) json = member_bytes (m, "json_hex");
      g_autoptr(DiscEnvelope) envelope = NULL;
      g_autoptr(DiscEnvelope) again = NULL;
      g_autofree char *text = NULL;
      DiscDialect dialect = message_dialect (m);
      gsize len;

      g_test_message ("serialize %s", json_object_get_string_member (m, "name"));
      envelope = parse_ok (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
      text = disc_envelope_to_json (envelope, dialect, &len);
      g_assert_cmpuint (strlen (text), ==, len);
      assert_no_raw_controls (text, len);

      if (json_object_get_boolean_member (m, "exact"))
        {
          g_assert_cmpmem (text, len, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
          exact++;
          if (dialect == DISC_DIALECT_WRAP)
            wrap_exact++;
          else
            plain_exact++;
        }
      again = parse_ok (text, len);
      assert_envelopes_equal (again, envelope);
      assert_envelope_is (again, json_object_get_object_member (m, "object"));
    }
  g_assert_cmpuint (wrap_exact, >=, 5);
  g_assert_cmpuint (plain_exact, >=, 3);
  g_assert_cmpuint (exact, <, json_array_get_length (messages));  /* some are not */
}

/* node-discovery writes data first; node-discover writes it last. */
static void
test_key_order (void)
{
  g_autoptr(JsonNode) data = json_from ("{\"reason\":\"stop\"}");
  g_autoptr(DiscEnvelope) goodbye = disc_envelope_new ("goodbye", "p1", "i1", "host", data);
  g_autoptr(DiscEnvelope) bare = disc_envelope_new ("ping", "p1", "i1", "host", NULL);
  g_autofree char *wrap = disc_envelope_to_json (goodbye, DISC_DIALECT_WRAP, NULL);
  g_autofree char *plain = disc_envelope_to_json (goodbye, DISC_DIALECT_PLAIN, NULL);
  g_autofree char *wrap_bare = disc_envelope_to_json (bare, DISC_DIALECT_WRAP, NULL);
  g_autofree char *plain_bare = disc_envelope_to_json (bare, DISC_DIALECT_PLAIN, NULL);

  g_test_summary ("node-discovery writes data first, node-discover "
                  "last; undefined data is left out, null kept");
  g_assert_cmpstr (wrap, ==,
                   "{\"data\":{\"reason\":\"stop\"},\"event\":\"goodbye\",\"pid\":\"p1\",\"iid\":\"i1\",\"hostName\":\"host\"}");
  g_assert_cmpstr (plain, ==,
                   "{\"event\":\"goodbye\",\"pid\":\"p1\",\"iid\":\"i1\",\"hostName\":\"host\",\"data\":{\"reason\":\"stop\"}}");
  /* undefined data is left out, as JSON.stringify does */
  g_assert_cmpstr (wrap_bare, ==, "{\"event\":\"ping\",\"pid\":\"p1\",\"iid\":\"i1\",\"hostName\":\"host\"}");
  g_assert_cmpstr (plain_bare, ==, wrap_bare);

  /* each package's hello, in the other's order, is the same envelope */
  {
    const char *names[] = { "wrap-hello-info", "plain-hello" };

    for (guint n = 0; n < G_N_ELEMENTS (names); n++)
      {
        JsonObject *m = find_message (names[n]);
        g_autoptr(GBytes) json = member_bytes (m, "json_hex");
        g_autoptr(DiscEnvelope) envelope = parse_ok (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
        DiscDialect other = message_dialect (m) == DISC_DIALECT_WRAP ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP;
        g_autofree char *text = disc_envelope_to_json (envelope, other, NULL);
        g_autoptr(DiscEnvelope) again = parse_ok (text, -1);

        g_assert_true (g_str_has_prefix (text, other == DISC_DIALECT_WRAP ? "{\"data\":" : "{\"event\":"));
        assert_envelopes_equal (again, envelope);
      }
  }

  /* a null data is kept: JSON.stringify writes it */
  {
    g_autoptr(DiscEnvelope) e = parse_ok ("{\"event\":\"x\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":null}", -1);
    g_autofree char *text = disc_envelope_to_json (e, DISC_DIALECT_WRAP, NULL);

    g_assert_nonnull (e->data);
    g_assert_cmpstr (text, ==, "{\"data\":null,\"event\":\"x\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}");
  }
}

static void
test_missing_fields (void)
{
  const char *bad[] = {
    "{}",
    "{\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\"}",
    "{\"event\":1,\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":null,\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":true,\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":[\"e\"],\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":{\"e\":1},\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":12345,\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":null,\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":[],\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":{}}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":1.5}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":false}",
    "{\"event\":\"\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"\",\"hostName\":\"h\"}",
    "{\"Event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostname\":\"h\"}",
  };

  g_test_summary ("An envelope without event, pid, iid or hostName as strings is an envelope drop");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused_str (bad[i], DISC_DROP_ENVELOPE);

  /* the well-formed one, for contrast */
  {
    g_autoptr(DiscEnvelope) e = parse_ok ("{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"extra\":1}", -1);

    g_assert_cmpstr (e->event, ==, "e");
    g_assert_null (e->data);
  }
}

static void
test_non_object_root (void)
{
  const char *bad[] = { "[]", "[{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}]",
                        "\"hello\"", "1", "-2.5", "null", "true", "false" };

  g_test_summary ("JSON that is not an object is an envelope drop");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused_str (bad[i], DISC_DROP_ENVELOPE);
}

static void
test_invalid_json (void)
{
  const char *bad[] = {
    "",
    "   ",
    "{",
    "{\"event\":\"e\"",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"} trailing",
    "{\"event\":\"e\",,}",
    "WRAP",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":[1,]}",
  };

  g_test_summary ("Broken, blank or non-UTF-8 text, NULs and short lengths are JSON drops");
  g_test_bug ("commit/733dbbc");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("invalid JSON: [%s]", bad[i]);
      assert_refused_str (bad[i], DISC_DROP_JSON);
    }

  /* invalid UTF-8, inside a string and outside */
  assert_refused_str ("{\"event\":\"\xff\xfe\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}", DISC_DROP_JSON);
  assert_refused_str ("{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"\xc3\"}", DISC_DROP_JSON);
  assert_refused_str ("{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"\xed\xa0\x80\"}", DISC_DROP_JSON);  /* a surrogate */
  assert_refused_str ("\xef\xbb\xbf\xff{}", DISC_DROP_JSON);

  /* an embedded NUL, in a string or after the object */
  {
    static const char nul_in_string[] = "{\"event\":\"e\0x\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}";
    static const char nul_after[] = "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}\0";

    assert_refused (nul_in_string, sizeof nul_in_string - 1, DISC_DROP_JSON);
    assert_refused (nul_after, sizeof nul_after - 1, DISC_DROP_JSON);
  }

  /* a length shorter than the text: only that much is read */
  {
    const char *text = "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}";

    assert_refused (text, strlen (text) - 1, DISC_DROP_JSON);
  }
}

/* json-glib recurses per level: deep nesting must be refused before it. */
static void
test_deep_nesting (void)
{
  const gsize n = 100000;
  g_autofree char *brackets = g_malloc (2 * n + 1);
  g_autofree char *objects = NULL;
  GString *s = g_string_new (NULL);

  g_test_summary ("100,000 levels of nesting are refused before json-glib recurses into them");
  memset (brackets, '[', n);
  memset (brackets + n, ']', n);
  brackets[2 * n] = '\0';
  assert_refused (brackets, n, DISC_DROP_JSON);
  assert_refused (brackets, 2 * n, DISC_DROP_JSON);

  for (gsize i = 0; i < n; i++)
    g_string_append (s, "{\"a\":");
  objects = g_string_free (s, FALSE);
  assert_refused (objects, strlen (objects), DISC_DROP_JSON);
}

/* Regression (fuzz-envelope): json-glib 1.6 accepts GScanner's extensions
 * to JSON. An octal escape put bytes that are not UTF-8 into a string, and
 * a quote inside a single-quoted string or a comment hid the nesting that
 * follows from the depth check. Anything that is not JSON is refused. */
static void
test_json_glib_extensions_refused (void)
{
  static const char * const refused[] = {
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":\"\\666\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":\"\\q\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":\"\\u12\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":'x'}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":/*\"*/1}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":0x10}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":\"tab\there\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"\\udcba2020\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"\\ud83d2020\",\"hostName\":\"h\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"\\ud83d\\u0041\",\"hostName\":\"h\"}",
  };
  static const char * const accepted[] = {
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":[-1.5e+3,true,false,null]}",
    "{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"\\ud83d\\ude00\",\"hostName\":\"h\"}",
  };
  GString *deep = g_string_new ("{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":['\"',");

  g_test_summary ("json-glib's extensions to JSON (octal escapes, single quotes, comments, hex) are refused");
  g_test_bug ("commit/8ba290c");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i], strlen (refused[i]), DISC_DROP_JSON);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      DiscDropReason reason;
      g_autoptr(DiscEnvelope) envelope = disc_envelope_parse (accepted[i], strlen (accepted[i]), &reason);

      g_assert_nonnull (envelope);
    }
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  assert_refused (deep->str, deep->len, DISC_DROP_JSON);
  g_string_free (deep, TRUE);
}

/* The envelope is depth 1; data may nest to DISC_JSON_MAX_DEPTH in all. */
static void
test_depth_limit (void)
{
  g_test_summary ("Data may nest to DISC_JSON_MAX_DEPTH and no deeper; brackets inside strings do not count");

  for (guint depth = DISC_JSON_MAX_DEPTH - 1; depth <= DISC_JSON_MAX_DEPTH + 1; depth++)
    {
      GString *s = g_string_new ("{\"event\":\"e\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":");
      g_autofree char *text = NULL;
      DiscDropReason reason = DISC_DROP_N_REASONS;
      g_autoptr(DiscEnvelope) e = NULL;

      for (guint i = 1; i < depth; i++)
        g_string_append_c (s, '[');
      for (guint i = 1; i < depth; i++)
        g_string_append_c (s, ']');
      g_string_append_c (s, '}');
      text = g_string_free (s, FALSE);
      e = disc_envelope_parse (text, strlen (text), &reason);
      if (depth <= DISC_JSON_MAX_DEPTH)
        g_assert_nonnull (e);
      else
        {
          g_assert_null (e);
          g_assert_cmpint (reason, ==, DISC_DROP_JSON);
        }
    }

  /* brackets in strings are text, escaped quotes included */
  {
    GString *s = g_string_new ("{\"event\":\"");
    g_autofree char *text = NULL;
    g_autoptr(DiscEnvelope) e = NULL;

    for (guint i = 0; i < 60; i++)  /* deeper than the limit, shorter than an event's */
      g_string_append (s, "[{");
    g_string_append (s, "\",\"pid\":\"p\\\"[[[[\",\"iid\":\"i\\\\\",\"hostName\":\"h\",\"data\":\"");
    for (guint i = 0; i < 200; i++)
      g_string_append (s, "\\\"[");
    g_string_append (s, "\"}");
    text = g_string_free (s, FALSE);
    e = parse_ok (text, -1);
    g_assert_cmpuint (strlen (e->event), ==, 60 * 2);
    g_assert_cmpstr (e->pid, ==, "p\"[[[[");
    g_assert_cmpstr (e->iid, ==, "i\\");
  }
}

static char *
envelope_text (gsize event_len, gsize pid_len, gsize iid_len, gsize host_len)
{
  g_autofree char *event = g_strnfill (event_len, 'e');
  g_autofree char *pid = g_strnfill (pid_len, 'p');
  g_autofree char *iid = g_strnfill (iid_len, 'i');
  g_autofree char *host = g_strnfill (host_len, 'h');

  return g_strdup_printf ("{\"event\":\"%s\",\"pid\":\"%s\",\"iid\":\"%s\",\"hostName\":\"%s\"}",
                          event, pid, iid, host);
}

static void
test_length_limits (void)
{
  struct { gsize e, p, i, h; gboolean ok; } cases[] = {
    { DISC_ENVELOPE_MAX_EVENT, DISC_ENVELOPE_MAX_ID, DISC_ENVELOPE_MAX_ID, DISC_ENVELOPE_MAX_HOST_NAME, TRUE },
    { DISC_ENVELOPE_MAX_EVENT + 1, 1, 1, 1, FALSE },
    { 1, DISC_ENVELOPE_MAX_ID + 1, 1, 1, FALSE },
    { 1, 1, DISC_ENVELOPE_MAX_ID + 1, 1, FALSE },
    { 1, 1, 1, DISC_ENVELOPE_MAX_HOST_NAME + 1, FALSE },
    { 1, 1, 1, 0, TRUE },  /* an empty host name is a host name */
  };

  g_test_summary ("event, pid, iid and hostName are limited in bytes, not characters");
  g_assert_cmpint (DISC_ENVELOPE_MAX_EVENT, ==, 128);
  g_assert_cmpint (DISC_ENVELOPE_MAX_ID, ==, 64);
  g_assert_cmpint (DISC_ENVELOPE_MAX_HOST_NAME, ==, 255);
  g_assert_cmpint (DISC_JSON_MAX_DEPTH, ==, 64);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = envelope_text (cases[i].e, cases[i].p, cases[i].i, cases[i].h);

      if (cases[i].ok)
        {
          g_autoptr(DiscEnvelope) e = parse_ok (text, -1);

          g_assert_cmpuint (strlen (e->host_name), ==, cases[i].h);
        }
      else
        assert_refused_str (text, DISC_DROP_ENVELOPE);
    }

  /* the limits are in bytes: 64 two-byte characters are 128 bytes */
  {
    GString *s = g_string_new ("{\"event\":\"e\",\"pid\":\"");
    g_autofree char *text = NULL;

    for (guint i = 0; i < 33; i++)
      g_string_append (s, "é");
    g_string_append (s, "\",\"iid\":\"i\",\"hostName\":\"h\"}");
    text = g_string_free (s, FALSE);
    assert_refused_str (text, DISC_DROP_ENVELOPE);
  }
}

/* What JSON.stringify escapes, we escape the same way; strict parsers
 * (JSON.parse) refuse raw control characters. */
static void
test_string_escapes (void)
{
  GString *raw = g_string_new (NULL);
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_VALUE);
  g_autoptr(DiscEnvelope) e = NULL;
  g_autofree char *text = NULL;
  g_autoptr(DiscEnvelope) again = NULL;
  gsize len;

  g_test_summary ("Control characters are escaped as JSON.stringify "
                  "escapes them, U+001F and member names too");
  g_test_bug ("commit/733dbbc");
  for (int c = 1; c < 0x20; c++)
    g_string_append_c (raw, c);
  g_string_append (raw, "\"\\/ é\u2028😀");
  json_node_set_string (data, raw->str);
  e = disc_envelope_new ("esc", "p", "i", "h", data);
  text = disc_envelope_to_json (e, DISC_DIALECT_WRAP, &len);
  assert_no_raw_controls (text, len);
  /* JSON.stringify's output for the same object */
  g_assert_cmpstr (text, ==,
                   "{\"data\":\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                   "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
                   "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/ é\u2028😀\","
                   "\"event\":\"esc\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\"}");
  again = parse_ok (text, len);
  g_assert_cmpstr (json_node_get_string (again->data), ==, raw->str);
  g_string_free (raw, TRUE);

  /* control characters in member names too */
  {
    g_autoptr(JsonNode) obj = json_from ("{\"a\\u001fb\":1,\"c\\u0001\":[\"\\u001f\"]}");
    g_autoptr(DiscEnvelope) e2 = disc_envelope_new ("esc", "p", "i", "h", obj);
    g_autofree char *t2 = disc_envelope_to_json (e2, DISC_DIALECT_PLAIN, &len);
    g_autoptr(DiscEnvelope) back = NULL;

    assert_no_raw_controls (t2, len);
    g_assert_nonnull (strstr (t2, "\"data\":{\"a\\u001fb\":1,\"c\\u0001\":[\"\\u001f\"]}"));
    back = parse_ok (t2, len);
    g_assert_true (json_node_equal (back->data, obj));
  }
}

static void
test_numbers (void)
{
  g_test_summary ("Numbers come out as JSON.stringify writes them where "
                  "json-glib agrees, as valid JSON otherwise (1e+21, not 1e+21.0)");
  g_test_bug ("commit/733dbbc");

  /* JSON.stringify's forms where json-glib's %.17g agrees with it, and
   * valid JSON that reads back to the same double where it does not */
  struct { const char *json; const char *expect; } cases[] = {
    { "0", "0" },
    { "-1", "-1" },
    { "9007199254740991", "9007199254740991" },
    { "0.5", "0.5" },
    { "-0.25", "-0.25" },
    { "3.5", "3.5" },
    { "1e21", "1e+21" },
    { "-2e22", "-2e+22" },
    { "1e100", "1e+100" },
    { "1e17", NULL },
    { "0.1", NULL },
    { "1e-7", NULL },
    { "1.5e300", NULL },
    { "123.456", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *in = g_strdup_printf ("{\"event\":\"n\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\",\"data\":[%s]}",
                                             cases[i].json);
      g_autoptr(DiscEnvelope) e = parse_ok (in, -1);
      g_autofree char *out = disc_envelope_to_json (e, DISC_DIALECT_WRAP, NULL);
      g_autoptr(DiscEnvelope) back = NULL;
      JsonNode *a, *b;

      g_test_message ("number %s -> %s", cases[i].json, out);
      if (cases[i].expect != NULL)
        {
          g_autofree char *expect = g_strdup_printf ("{\"data\":[%s],", cases[i].expect);

          g_assert_true (g_str_has_prefix (out, expect));
        }
      back = parse_ok (out, -1);
      a = json_array_get_element (json_node_get_array (e->data), 0);
      b = json_array_get_element (json_node_get_array (back->data), 0);
      g_assert_cmpfloat (json_node_get_double (a), ==, json_node_get_double (b));
    }

  /* the numbers vector, from node-discovery */
  {
    JsonObject *m = find_message ("wrap-channel-numbers");
    g_autoptr(GBytes) json = member_bytes (m, "json_hex");
    g_autoptr(DiscEnvelope) e = parse_ok (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    g_autofree char *out = disc_envelope_to_json (e, DISC_DIALECT_WRAP, NULL);
    g_autoptr(DiscEnvelope) back = parse_ok (out, -1);

    g_assert_false (json_object_get_boolean_member (m, "exact"));
    g_assert_true (json_node_equal (back->data, e->data));
  }
}

/* --- hellos --------------------------------------------------------------- */

static void
test_hello_golden (void)
{
  JsonArray *messages = vector_array ("messages");
  guint hellos = 0, with_info = 0, with_advertisement = 0;

  g_test_summary ("Every hello of both packages parses: master, "
                  "eligibility, weight, address, info or advertisement");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      JsonObject *object = json_object_get_object_member (m, "object");
      g_autoptr(GBytes) json = member_bytes (m, "json_hex");
      g_autoptr(DiscEnvelope) envelope = NULL;
      JsonObject *data;
      JsonNode *info;
      DiscHello hello;

      if (!g_str_equal (json_object_get_string_member (object, "event"), "hello"))
        continue;
      g_test_message ("hello %s", json_object_get_string_member (m, "name"));
      envelope = parse_ok (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
      data = json_object_get_object_member (object, "data");

      g_assert_true (disc_hello_parse (envelope->data, &hello));
      g_assert_cmpint (hello.is_master, ==, json_object_get_boolean_member (data, "isMaster"));
      g_assert_cmpint (hello.is_master_eligible, ==, json_object_get_boolean_member (data, "isMasterEligible"));
      g_assert_cmpfloat (hello.weight, ==, json_object_get_double_member (data, "weight"));
      g_assert_cmpstr (hello.address, ==, json_object_get_string_member (data, "address"));
      g_assert_cmpint (hello.promoted_at, ==, 0);

      info = json_object_get_member (data, "info");
      if (info != NULL)
        with_info++;
      else if ((info = json_object_get_member (data, "advertisement")) != NULL)
        with_advertisement++;
      if (info == NULL)
        g_assert_null (hello.info);
      else
        {
          g_assert_nonnull (hello.info);
          g_assert_true (json_node_equal (hello.info, info));
        }
      disc_hello_clear (&hello);
      hellos++;
    }
  g_assert_cmpuint (hellos, >=, 6);
  g_assert_cmpuint (with_info, >=, 1);
  g_assert_cmpuint (with_advertisement, >=, 1);
}

static void
test_hello_invalid (void)
{
  const char *bad[] = {
    "{\"isMaster\":\"true\"}",
    "{\"isMaster\":1}",
    "{\"isMasterEligible\":\"yes\"}",
    "{\"isMasterEligible\":{}}",
    "{\"weight\":\"1\"}",
    "{\"weight\":true}",
    "{\"weight\":[1]}",
    "{\"weight\":1e999}",
    "{\"weight\":-1e999}",
    "{\"address\":5}",
    "{\"address\":[\"127.0.0.1\"]}",
    "{\"promotedAt\":\"1700000000000\"}",
    "{\"promotedAt\":-1}",
    "{\"promotedAt\":1e300}",
    "[]",
    "\"hello\"",
    "42",
    "null",
  };

  g_test_summary ("Hello data of the wrong types, non-finite weights or an over-long address is refused");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) data = json_from (bad[i]);
      DiscHello hello;

      g_test_message ("hello data %s", bad[i]);
      g_assert_false (disc_hello_parse (data, &hello));
      disc_hello_clear (&hello);
    }

  /* an address over the limit */
  {
    g_autofree char *long_address = g_strnfill (DISC_HELLO_MAX_ADDRESS + 1, '1');
    g_autofree char *text = g_strdup_printf ("{\"address\":\"%s\"}", long_address);
    g_autoptr(JsonNode) data = json_from (text);
    DiscHello hello;

    g_assert_false (disc_hello_parse (data, &hello));
    disc_hello_clear (&hello);
  }

  /* non-finite weights cannot be written in JSON, but can be built */
  {
    const double weights[] = { INFINITY, -INFINITY, NAN };

    for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();
        g_autoptr(JsonNode) data = NULL;
        DiscHello hello;

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "weight");
        json_builder_add_double_value (b, weights[i]);
        json_builder_end_object (b);
        data = json_builder_get_root (b);
        g_assert_false (disc_hello_parse (data, &hello));
        disc_hello_clear (&hello);
      }
  }

  {
    DiscHello hello;

    g_assert_false (disc_hello_parse (NULL, &hello));
    disc_hello_clear (&hello);
  }
}

static void
test_hello_defaults (void)
{
  const char *texts[] = {
    "{}",
    "{\"isMaster\":null,\"isMasterEligible\":null,\"weight\":null,\"address\":null,\"info\":null}",
  };

  g_test_summary ("Missing or null hello members take the seed's defaults; info wins over advertisement");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) data = json_from (texts[i]);
      DiscHello hello;

      g_assert_true (disc_hello_parse (data, &hello));
      g_assert_false (hello.is_master);
      g_assert_false (hello.is_master_eligible);  /* the seed reads a missing one as falsy */
      g_assert_cmpfloat (hello.weight, ==, 0);
      g_assert_null (hello.address);
      g_assert_null (hello.info);
      g_assert_cmpint (hello.promoted_at, ==, 0);
      disc_hello_clear (&hello);
    }

  /* `info` wins over `advertisement` when both are there; integers are weights */
  {
    g_autoptr(JsonNode) data = json_from ("{\"weight\":3,\"info\":{\"a\":1},\"advertisement\":{\"b\":2},\"promotedAt\":1700000000123}");
    g_autoptr(JsonNode) a = json_from ("{\"a\":1}");
    DiscHello hello;

    g_assert_true (disc_hello_parse (data, &hello));
    g_assert_cmpfloat (hello.weight, ==, 3);
    g_assert_true (json_node_equal (hello.info, a));
    g_assert_cmpint (hello.promoted_at, ==, G_GINT64_CONSTANT (1700000000123));
    disc_hello_clear (&hello);
  }
}

/* A hello we build, in an envelope, is the npm package's bytes. */
static void
test_hello_build_golden (void)
{
  struct {
    const char *vector;
    DiscDialect dialect;
    gboolean    eligible;
    const char *info;
  } cases[] = {
    { "wrap-hello", DISC_DIALECT_WRAP, TRUE, NULL },
    { "wrap-hello-aes256", DISC_DIALECT_WRAP, TRUE, "{\"role\":\"db\"}" },
    { "plain-hello-aes256", DISC_DIALECT_PLAIN, TRUE, NULL },
  };

  g_test_summary ("A hello we build, in its envelope, is the npm package's bytes");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *m = find_message (cases[i].vector);
      JsonObject *object = json_object_get_object_member (m, "object");
      g_autoptr(GBytes) json = member_bytes (m, "json_hex");
      g_autoptr(JsonNode) info = cases[i].info ? json_from (cases[i].info) : NULL;
      DiscHello hello = {
        .is_master = FALSE,
        .is_master_eligible = cases[i].eligible,
        .weight = 0.5,
        .address = (char *) "127.0.0.1",
        .info = info,
        .promoted_at = 0,
      };
      g_autoptr(JsonNode) data = disc_hello_build (&hello, cases[i].dialect);
      g_autoptr(DiscEnvelope) envelope =
        disc_envelope_new ("hello",
                           json_object_get_string_member (object, "pid"),
                           json_object_get_string_member (object, "iid"),
                           json_object_get_string_member (object, "hostName"),
                           data);
      gsize len;
      g_autofree char *text = disc_envelope_to_json (envelope, cases[i].dialect, &len);

      g_test_message ("build %s", cases[i].vector);
      g_assert_true (json_object_get_boolean_member (m, "exact"));
      g_assert_cmpmem (text, len, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    }
}

static void
test_hello_build (void)
{
  g_autoptr(JsonNode) info = json_from ("{\"name\":\"svc\"}");
  DiscHello hello = {
    .is_master = TRUE,
    .is_master_eligible = TRUE,
    .weight = 0.75,
    .address = NULL,
    .info = info,
    .promoted_at = G_GINT64_CONSTANT (1700000000123),
  };
  g_autoptr(JsonNode) wrap = disc_hello_build (&hello, DISC_DIALECT_WRAP);
  g_autoptr(JsonNode) plain = disc_hello_build (&hello, DISC_DIALECT_PLAIN);
  g_autofree char *wrap_text = json_to_string (wrap, FALSE);
  g_autofree char *plain_text = json_to_string (plain, FALSE);
  DiscHello back;

  g_test_summary ("Each dialect's hello names info its own way; promotedAt goes last and reads back");
  /* node-discovery reads `info`, node-discover `advertisement`; promotedAt
   * is libdisc's own and goes last; no address means 0.0.0.0 */
  g_assert_cmpstr (wrap_text, ==,
                   "{\"isMaster\":true,\"isMasterEligible\":true,\"weight\":0.75,\"address\":\"0.0.0.0\","
                   "\"info\":{\"name\":\"svc\"},\"promotedAt\":1700000000123}");
  g_assert_cmpstr (plain_text, ==,
                   "{\"isMaster\":true,\"isMasterEligible\":true,\"weight\":0.75,\"address\":\"0.0.0.0\","
                   "\"advertisement\":{\"name\":\"svc\"},\"promotedAt\":1700000000123}");

  for (guint d = 0; d < 2; d++)
    {
      g_assert_true (disc_hello_parse (d == 0 ? wrap : plain, &back));
      g_assert_true (back.is_master);
      g_assert_true (back.is_master_eligible);
      g_assert_cmpfloat (back.weight, ==, 0.75);
      g_assert_cmpstr (back.address, ==, "0.0.0.0");
      g_assert_true (json_node_equal (back.info, info));
      g_assert_cmpint (back.promoted_at, ==, G_GINT64_CONSTANT (1700000000123));
      disc_hello_clear (&back);
    }

  /* no promotion, no info: neither member */
  {
    DiscHello plain_hello = { .weight = 0.5, .address = (char *) "10.0.0.1" };
    g_autoptr(JsonNode) n = disc_hello_build (&plain_hello, DISC_DIALECT_PLAIN);
    g_autofree char *t = json_to_string (n, FALSE);

    g_assert_cmpstr (t, ==, "{\"isMaster\":false,\"isMasterEligible\":false,\"weight\":0.5,\"address\":\"10.0.0.1\"}");
  }
}

/* JSON has no infinity or NaN: they go out as null, as JSON.stringify
 * writes them, never as json-glib's invalid "inf.0". */
static void
test_non_finite_numbers (void)
{
  const double values[] = { INFINITY, -INFINITY, NAN };

  g_test_summary ("Infinity and NaN go out as null, never as json-glib's invalid inf.0");
  g_test_bug ("commit/a1da9ca");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(DiscEnvelope) envelope = NULL;
      g_autoptr(DiscEnvelope) parsed = NULL;
      g_autofree char *text = NULL;
      DiscDropReason reason;
      gsize len;

      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, values[i]);
      json_builder_add_double_value (builder, 1.5);
      json_builder_end_array (builder);
      data = json_builder_get_root (builder);
      envelope = disc_envelope_new ("chat", "p", "i", "h", data);
      text = disc_envelope_to_json (envelope, DISC_DIALECT_WRAP, &len);
      g_assert_nonnull (strstr (text, "\"data\":[null,1.5]"));
      parsed = disc_envelope_parse (text, len, &reason);
      g_assert_nonnull (parsed);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");
  load_vectors ();

  g_test_add_func ("/envelope/golden/parse", test_golden_parse);
  g_test_add_func ("/envelope/golden/serialize", test_golden_serialize);
  g_test_add_func ("/envelope/key-order", test_key_order);
  g_test_add_func ("/envelope/invalid/fields", test_missing_fields);
  g_test_add_func ("/envelope/invalid/root", test_non_object_root);
  g_test_add_func ("/envelope/invalid/json", test_invalid_json);
  g_test_add_func ("/envelope/invalid/deep-nesting", test_deep_nesting);
  g_test_add_func ("/envelope/invalid/json-glib-extensions", test_json_glib_extensions_refused);
  g_test_add_func ("/envelope/depth-limit", test_depth_limit);
  g_test_add_func ("/envelope/length-limits", test_length_limits);
  g_test_add_func ("/envelope/string-escapes", test_string_escapes);
  g_test_add_func ("/envelope/numbers", test_numbers);
  g_test_add_func ("/hello/golden", test_hello_golden);
  g_test_add_func ("/hello/invalid", test_hello_invalid);
  g_test_add_func ("/envelope/non-finite-numbers", test_non_finite_numbers);
  g_test_add_func ("/hello/defaults", test_hello_defaults);
  g_test_add_func ("/hello/build-golden", test_hello_build_golden);
  g_test_add_func ("/hello/build", test_hello_build);

  {
    int ret = g_test_run ();

    json_node_unref (vectors);
    return ret;
  }
}
