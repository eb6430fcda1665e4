/* disc-envelope.c: {"event", "pid", "iid", "hostName", "data"}
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-envelope"

#include "config.h"

#include <string.h>

#include "disc-envelope.h"

DiscEnvelope *
disc_envelope_new (const char *event,
                   const char *pid,
                   const char *iid,
                   const char *host_name,
                   JsonNode   *data)
{
  DiscEnvelope *envelope = g_new0 (DiscEnvelope, 1);

  envelope->event = g_strdup (event);
  envelope->pid = g_strdup (pid);
  envelope->iid = g_strdup (iid);
  envelope->host_name = g_strdup (host_name);
  envelope->data = data ? json_node_ref (data) : NULL;
  return envelope;
}

void
disc_envelope_free (DiscEnvelope *envelope)
{
  if (envelope == NULL)
    return;
  g_free (envelope->event);
  g_free (envelope->pid);
  g_free (envelope->iid);
  g_free (envelope->host_name);
  g_clear_pointer (&envelope->data, json_node_unref);
  g_free (envelope);
}

/* json-glib's parser recurses once per nesting level, so a datagram of
 * 64 KiB of '[' could exhaust a thread's stack. Check valid UTF-8, no NUL,
 * and a bounded depth before handing the text to it.
 *
 * json-glib 1.6 also accepts more than JSON, through GScanner: strings in
 * single quotes, C comments, hexadecimal numbers, and octal or unknown
 * escapes, which can put bytes that are not UTF-8 into a string ("\666").
 * A quote inside a comment or a single-quoted string would also hide the
 * nesting from the depth count here. So the text must be JSON at the
 * lexical level: outside strings only JSON's structural characters,
 * white space and the characters of numbers, true, false and null; inside
 * strings no control characters, only JSON's escapes, and UTF-16
 * surrogate escapes only in pairs. (Found by
 * tests/fuzz/fuzz-envelope; inputs in tests/fuzz/regressions/envelope.) */
/* The four hex digits at text[at], or -1. */
static int
read_hex4 (const char *text,
           gsize       len,
           gsize       at)
{
  int value = 0;

  if (at + 4 > len)
    return -1;
  for (guint k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (text[at + k]);

      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }
  return value;
}

/* The end of the number at text[i]: a '-', digits, and the characters
 * of a fraction or an exponent (json-glib checks their order). */
static gsize
number_end (const char *text,
            gsize       len,
            gsize       i,
            gboolean   *is_integer)
{
  *is_integer = TRUE;
  if (i < len && text[i] == '-')
    i++;
  for (; i < len; i++)
    {
      char c = text[i];

      if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
        *is_integer = FALSE;
      else if (!g_ascii_isdigit (c))
        break;
    }
  return i;
}

/* Whether the integer text[start..end) is beyond gint64. json-glib 1.6
 * reads such an integer modulo 2^64 (18446744073709552000, which is
 * JSON.stringify (2 ** 64), as -1), where JSON.parse reads a double. */
static gboolean
integer_overflows (const char *text,
                   gsize       start,
                   gsize       end)
{
  gboolean negative = text[start] == '-';
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";
  gsize digits;

  if (negative)
    start++;
  while (start + 1 < end && text[start] == '0')
    start++;
  digits = end - start;
  if (digits != strlen (limit))
    return digits > strlen (limit);
  return strncmp (text + start, limit, digits) > 0;
}

/* @text with ".0" after every integer beyond gint64, so that json-glib
 * reads a double, as JSON.parse does. @text is safe JSON
 * (json_text_scan()); this runs only when it has such an integer. */
static char *
rewrite_big_integers (const char *text,
                      gsize       len,
                      gsize      *out_len)
{
  GString *out = g_string_sized_new (len + 16);
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          g_string_append_c (out, c);
          if (c == '\\')
            g_string_append_c (out, text[++i]);
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gboolean is_integer;
          gsize end = number_end (text, len, i, &is_integer);

          g_string_append_len (out, text + i, end - i);
          if (is_integer && integer_overflows (text, i, end))
            g_string_append (out, ".0");
          i = end - 1;
        }
      else
        {
          if (c == '"')
            in_string = TRUE;
          g_string_append_c (out, c);
        }
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* The end of the number at text[i] if it is written as JSON writes
 * numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; else 0.
 * json-glib also reads "01", "1.", ".5" and "1.e5", which JSON.parse
 * refuses. */
static gsize
json_number_end (const char *text,
                 gsize       len,
                 gsize       i)
{
  if (i < len && text[i] == '-')
    i++;
  if (i >= len || !g_ascii_isdigit (text[i]))
    return 0;
  if (text[i] == '0')
    i++;
  else
    while (i < len && g_ascii_isdigit (text[i]))
      i++;
  if (i < len && text[i] == '.')
    {
      if (++i >= len || !g_ascii_isdigit (text[i]))
        return 0;
      while (i < len && g_ascii_isdigit (text[i]))
        i++;
    }
  if (i < len && (text[i] == 'e' || text[i] == 'E'))
    {
      i++;
      if (i < len && (text[i] == '+' || text[i] == '-'))
        i++;
      if (i >= len || !g_ascii_isdigit (text[i]))
        return 0;
      while (i < len && g_ascii_isdigit (text[i]))
        i++;
    }
  /* "0x10", "1e5x": a letter or a digit right after is no JSON either */
  if (i < len && (g_ascii_isalnum (text[i]) || text[i] == '.' || text[i] == '_'))
    return 0;
  return i;
}

static gboolean
scan_fault (DiscJsonFault  kind,
            gsize          offset,
            DiscJsonFault *fault,
            gsize         *fault_offset)
{
  if (fault != NULL)
    *fault = kind;
  if (fault_offset != NULL)
    *fault_offset = offset;
  return FALSE;
}

#define FAULT(kind, offset) scan_fault ((kind), (offset), fault, fault_offset)

/* disc_json_text_is_safe(), and whether @text has an integer beyond
 * gint64 (in @big_integer). Also refused: the escape \u0000, which
 * json-glib's C strings would cut the string at, anything but white
 * space after the top-level object or array, which json-glib ignores
 * where JSON.parse refuses it, and numbers and words that JSON.parse
 * does not read. What is wrong, and where (a byte offset), go to @fault
 * and @fault_offset when they are not %NULL. */
static gboolean
json_text_scan (const char    *text,
                gsize          len,
                gboolean      *big_integer,
                DiscJsonFault *fault,
                gsize         *fault_offset)
{
  gboolean in_string = FALSE;
  gboolean ended = FALSE;   /* the top-level object or array is closed */
  gsize string_start = 0;
  guint depth = 0;
  const char *valid_end;

  *big_integer = FALSE;
  if (!g_utf8_validate_len (text, len, &valid_end))
    return FAULT (*valid_end == '\0' ? DISC_JSON_FAULT_NUL : DISC_JSON_FAULT_NOT_UTF8,
                  valid_end - text);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (ended && c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return FAULT (DISC_JSON_FAULT_TRAILING, i);
      if (in_string)
        {
          if ((guchar) c < 0x20)
            return FAULT (DISC_JSON_FAULT_CONTROL_CHARACTER, i);
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            {
              gsize escape = i;

              if (++i >= len)
                break;   /* unterminated */
              switch (text[i])
                {
                case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                  break;
                case 'u':
                  {
                    int unit = read_hex4 (text, len, i + 1);

                    if (unit < 0)
                      return FAULT (DISC_JSON_FAULT_ESCAPE, escape);
                    if (unit == 0)
                      return FAULT (DISC_JSON_FAULT_ESCAPED_NUL, escape);
                    /* UTF-16 surrogates only as a high-low pair: json-glib
                     * turns a lone one into bytes that are not UTF-8. */
                    if (unit >= 0xdc00 && unit <= 0xdfff)
                      return FAULT (DISC_JSON_FAULT_LONE_SURROGATE, escape);
                    i += 4;
                    if (unit >= 0xd800 && unit <= 0xdbff)
                      {
                        int low;

                        if (i + 2 >= len || text[i + 1] != '\\' || text[i + 2] != 'u')
                          return FAULT (DISC_JSON_FAULT_LONE_SURROGATE, escape);
                        low = read_hex4 (text, len, i + 3);
                        if (low < 0xdc00 || low > 0xdfff)
                          return FAULT (DISC_JSON_FAULT_LONE_SURROGATE, escape);
                        i += 6;
                      }
                  }
                  break;
                default:
                  return FAULT (DISC_JSON_FAULT_ESCAPE, escape);
                }
            }
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          break;
        case '[':
        case '{':
          if (++depth > DISC_JSON_MAX_DEPTH)
            return FAULT (DISC_JSON_FAULT_TOO_DEEP, i);
          break;
        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        case '-': case '.': case '+':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          {
            gsize end = json_number_end (text, len, i);
            gboolean is_integer = TRUE;

            if (end == 0)
              return FAULT (DISC_JSON_FAULT_NUMBER, i);
            for (gsize k = i; k < end; k++)
              if (text[k] == '.' || text[k] == 'e' || text[k] == 'E')
                is_integer = FALSE;
            if (is_integer && end - i > 18 && integer_overflows (text, i, end))
              *big_integer = TRUE;
            i = end - 1;
          }
          break;
        case ',': case ':': case ' ': case '\t': case '\n': case '\r':
          break;
        default:
          if (g_ascii_isalpha (c))
            {
              gsize end = i;

              while (end < len && (g_ascii_isalnum (text[end]) || text[end] == '_'))
                end++;
              if (!((end - i == 4 && (strncmp (text + i, "true", 4) == 0 ||
                                      strncmp (text + i, "null", 4) == 0)) ||
                    (end - i == 5 && strncmp (text + i, "false", 5) == 0)))
                return FAULT (DISC_JSON_FAULT_WORD, i);
              i = end - 1;
              break;
            }
          /* NUL, single quotes, slashes (comments), other characters */
          return FAULT (DISC_JSON_FAULT_CHARACTER, i);
        }
    }
  if (in_string)
    return FAULT (DISC_JSON_FAULT_UNTERMINATED_STRING, string_start);
  return TRUE;
}

#undef FAULT

gboolean
disc_json_text_is_safe (const char *text,
                        gsize       len)
{
  gboolean big_integer;

  return json_text_scan (text, len, &big_integer, NULL, NULL);
}

/* See disc-envelope.h. */
JsonNode *
disc_json_load (JsonParser    *parser,
                const char    *text,
                gsize          len,
                DiscJsonFault *fault,
                gsize         *fault_offset,
                GError       **parse_error)
{
  g_autofree char *rewritten = NULL;
  gsize rewritten_len;
  gboolean big_integer;
  JsonNode *root;

  if (!json_text_scan (text, len, &big_integer, fault, fault_offset))
    return NULL;
  if (big_integer)
    rewritten = rewrite_big_integers (text, len, &rewritten_len);

  if (!json_parser_load_from_data (parser, rewritten ? rewritten : text,
                                   rewritten ? rewritten_len : len, parse_error))
    {
      /* Only the structure is wrong here. The ".0" added to big integers
       * would shift json-glib's columns: its error is taken from the text
       * as given, whose structure is the same. */
      if (rewritten != NULL && parse_error != NULL)
        {
          g_autoptr(GError) original_error = NULL;

          if (!json_parser_load_from_data (parser, text, len, &original_error))
            {
              g_clear_error (parse_error);
              g_propagate_error (parse_error, g_steal_pointer (&original_error));
            }
        }
      scan_fault (DISC_JSON_FAULT_PARSE, len, fault, fault_offset);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      /* json-glib reads empty or blank text as no value, without an error */
      scan_fault (DISC_JSON_FAULT_EMPTY, len, fault, fault_offset);
      return NULL;
    }
  return root;
}

static const char *
get_bounded_string (JsonObject *object,
                    const char *member,
                    gsize       max_len)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  if (value == NULL || strlen (value) > max_len)
    return NULL;
  return value;
}

DiscEnvelope *
disc_envelope_parse (const char     *text,
                     gsize           len,
                     DiscDropReason *reason)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return disc_envelope_parse_with (parser, text, len, reason);
}

/* The same with a parser the caller keeps: a JsonParser is a GObject with
 * a scanner of its own, and making one per datagram was about a tenth of
 * the cost of a parse (doc/benchmarks.md). @parser must be immutable
 * (json_parser_new_immutable()): the envelope's data is shared with the
 * parser's tree, which the next parse only unreferences. */
DiscEnvelope *
disc_envelope_parse_with (JsonParser     *parser,
                          const char     *text,
                          gsize           len,
                          DiscDropReason *reason)
{
  JsonObject *object;
  JsonNode *root;
  const char *event, *pid, *iid, *host_name;

  root = disc_json_load (parser, text, len, NULL, NULL, NULL);
  if (root == NULL)
    {
      *reason = DISC_DROP_JSON;
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = DISC_DROP_ENVELOPE;
      return NULL;
    }
  object = json_node_get_object (root);

  event = get_bounded_string (object, "event", DISC_ENVELOPE_MAX_EVENT);
  pid = get_bounded_string (object, "pid", DISC_ENVELOPE_MAX_ID);
  iid = get_bounded_string (object, "iid", DISC_ENVELOPE_MAX_ID);
  host_name = get_bounded_string (object, "hostName", DISC_ENVELOPE_MAX_HOST_NAME);

  if (event == NULL || *event == '\0' || pid == NULL || *pid == '\0' ||
      iid == NULL || *iid == '\0' || host_name == NULL)
    {
      *reason = DISC_DROP_ENVELOPE;
      return NULL;
    }

  return disc_envelope_new (event, pid, iid, host_name,
                            json_object_get_member (object, "data"));
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value ? value : "");
}

static void
add_data (JsonBuilder *builder, JsonNode *data)
{
  /* JSON.stringify leaves out an undefined member; so do we. */
  if (data == NULL)
    return;
  json_builder_set_member_name (builder, "data");
  /* A sealed node cannot change under us and can be shared; a caller's
   * mutable one is copied rather than sealed behind their back. */
  json_builder_add_value (builder, json_node_is_immutable (data) ? json_node_ref (data)
                                                                 : json_node_copy (data));
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* The length of json-glib's rendering of a non-finite double ("inf.0",
 * "-nan.0", ...) at @text, or 0. */
static gsize
non_finite_length (const char *text,
                   gsize       len)
{
  static const char * const forms[] = { "-inf.0", "-nan.0", "inf.0", "nan.0", "-inf", "-nan", "inf", "nan" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      gsize form_len = strlen (forms[i]);

      if (len >= form_len && g_ascii_strncasecmp (text, forms[i], form_len) == 0)
        return form_len;
    }
  return 0;
}

/* json-glib 1.6's generator writes two things strict parsers (JSON.parse,
 * and json-glib's own) refuse: U+001F raw inside strings (it escapes only
 * what is below 0x1f), and a ".0" after any double whose "%.17g" has no
 * point, so that 1e21 comes out as "1e+21.0". Its compact output has no
 * whitespace or control characters of its own, so one pass repairs both:
 * raw control characters in strings become \u00XX, as JSON.stringify
 * writes them, and a number with an exponent loses a trailing ".0". */
static char *
repair_generator_output (const char *text,
                         gsize      *len)
{
  GString *out = g_string_sized_new (*len + 8);
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < *len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          else if ((guchar) c < 0x20)
            {
              g_string_append_printf (out, "\\u%04x", (guint) (guchar) c);
              continue;
            }
          g_string_append_c (out, c);
        }
      else if (c == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, c);
        }
      else if (non_finite_length (text + i, *len - i) > 0)
        {
          /* JSON has no infinity or NaN; JSON.stringify writes null. */
          g_string_append (out, "null");
          i += non_finite_length (text + i, *len - i) - 1;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize end = i;
          gboolean exponent = FALSE;

          while (end < *len && is_number_char (text[end]))
            {
              if (text[end] == 'e' || text[end] == 'E')
                exponent = TRUE;
              end++;
            }
          if (exponent && end - i > 2 && text[end - 2] == '.' && text[end - 1] == '0')
            g_string_append_len (out, text + i, end - i - 2);
          else
            g_string_append_len (out, text + i, end - i);
          i = end - 1;
        }
      else
        g_string_append_c (out, c);
    }
  *len = out->len;
  return g_string_free (out, FALSE);
}

char *
disc_envelope_to_json (const DiscEnvelope *envelope,
                       DiscDialect         dialect,
                       gsize              *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize text_len;
  char *repaired;

  /* Member order follows the object literal each npm package builds, so
   * that our datagrams are byte for byte theirs where numbers allow. */
  json_builder_begin_object (builder);
  if (dialect == DISC_DIALECT_WRAP)
    add_data (builder, envelope->data);
  add_string (builder, "event", envelope->event);
  add_string (builder, "pid", envelope->pid);
  add_string (builder, "iid", envelope->iid);
  add_string (builder, "hostName", envelope->host_name);
  if (dialect == DISC_DIALECT_PLAIN)
    add_data (builder, envelope->data);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &text_len);
  repaired = repair_generator_output (text, &text_len);
  if (len != NULL)
    *len = text_len;
  return repaired;
}
