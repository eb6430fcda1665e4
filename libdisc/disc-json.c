/* disc-json.c: reading JSON text as libdisc's peers read it
 *
 * Text a user types (a command line, the monitor's console) goes through
 * the same checks as a received datagram (core/disc-envelope.c), so that
 * what is sent is what node-discovery peers read with JSON.parse and what
 * libdisc peers take. The error says what is wrong and where.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-json"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "disc-json.h"
#include "disc-envelope.h"
#include "disc-error.h"

/* The 1-based line and column (in characters) of byte @offset of @text,
 * whose bytes before @offset are UTF-8. */
static void
locate (const char *text,
        gsize       offset,
        guint      *line,
        guint      *column)
{
  const char *line_start = text;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        (*line)++;
        line_start = text + i + 1;
      }
  *column = g_utf8_strlen (line_start, text + offset - line_start) + 1;
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT", COLUMN in bytes. */
static void
set_parse_error (GError     **error,
                 const char  *text,
                 const GError *parse_error)
{
  const char *message = parse_error != NULL ? parse_error->message : "";
  guint line = 0, column = 0;
  int consumed = 0;

  if (g_str_has_prefix (message, "<data>:") &&
      sscanf (message + strlen ("<data>:"), "%u:%u: %n", &line, &column, &consumed) == 2 &&
      consumed > 0)
    {
      const char *rest = message + strlen ("<data>:") + consumed;
      const char *line_start = text;
      guint chars;

      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      for (guint n = 1; n < line && strchr (line_start, '\n') != NULL; n++)
        line_start = strchr (line_start, '\n') + 1;
      chars = g_utf8_strlen (line_start, MIN ((gsize) (column > 0 ? column - 1 : 0),
                                              strcspn (line_start, "\n")));
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_JSON,
                   _("line %u, column %u: %s"), line, chars + 1, rest);
    }
  else
    g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_JSON,
                 _("not JSON: %s"), message);
}

static const char *
describe (DiscJsonFault fault)
{
  switch (fault)
    {
    case DISC_JSON_FAULT_NOT_UTF8:
      return _("the text is not UTF-8");
    case DISC_JSON_FAULT_NUL:
      return _("a NUL byte, which JSON text cannot have");
    case DISC_JSON_FAULT_CONTROL_CHARACTER:
      return _("a control character in a string: write it as an escape, such as \\n or \\u001f");
    case DISC_JSON_FAULT_ESCAPE:
      return _("an escape JSON does not have: JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
               "and \\u with four hexadecimal digits");
    case DISC_JSON_FAULT_ESCAPED_NUL:
      return _("the escape \\u0000 (U+0000), which libdisc cannot carry: json-glib cuts the "
               "string there, and libdisc nodes drop what has it");
    case DISC_JSON_FAULT_LONE_SURROGATE:
      return _("a UTF-16 surrogate escape (\\ud800 to \\udfff) that is not one of a high and "
               "low pair, so not a character: libdisc nodes drop what has it");
    case DISC_JSON_FAULT_UNTERMINATED_STRING:
      return _("a string with no closing \"");
    case DISC_JSON_FAULT_TOO_DEEP:
      return _("arrays and objects nest deeper than 64 levels, more than libdisc nodes read");
    case DISC_JSON_FAULT_TRAILING:
      return _("more text after the JSON value");
    case DISC_JSON_FAULT_NUMBER:
      return _("a number not written as JSON writes numbers: no leading zeros, “+” or “.”, "
               "digits after “.” and after an exponent, no hexadecimal");
    case DISC_JSON_FAULT_WORD:
      return _("a word that is not JSON: the only ones are true, false and null, and "
               "strings are in double quotes");
    case DISC_JSON_FAULT_CHARACTER:
      return _("a character JSON does not have outside strings: strings are in double "
               "quotes, and there are no comments");
    case DISC_JSON_FAULT_EMPTY:
      return _("there is no JSON value; give one, such as {} or \"text\"");
    case DISC_JSON_FAULT_NONE:
    case DISC_JSON_FAULT_PARSE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * disc_json_from_string:
 * @text: JSON text, UTF-8
 * @error: return location for a %DISC_ERROR_INVALID_JSON error
 *
 * Reads @text as libdisc reads a received datagram (protocol.md, "JSON, as
 * libdisc writes it"), which is as node-discovery's JavaScript peers read
 * it with `JSON.parse`: an integer beyond the range of a signed 64-bit
 * integer is the double `JSON.parse` makes of it (json-glib alone reads
 * another integer: 2⁶⁴ as −1), and what `JSON.parse` refuses is refused, though
 * json-glib takes it (single-quoted strings, comments, hexadecimal
 * numbers, `01`, `.5`, unknown escapes). So is what libdisc nodes drop:
 * the escape `\u0000`, a UTF-16 surrogate escape not in a pair, and
 * nesting deeper than 64 arrays and objects.
 *
 * Use it for JSON a user gives, before [method@Disc.Discovery.send] or
 * [method@Disc.Discovery.advertise]: the value sent is then the one peers
 * read back. Those calls have limits of their own (for example 63 levels
 * of nesting for a message), which this one does not check.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 *   (%DISC_ERROR_INVALID_JSON; its message starts with the line and the
 *   column of the problem, 1-based and counted in characters, when
 *   there is a place to point at)
 *
 * Since: 0.2
 */
JsonNode *
disc_json_from_string (const char  *text,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  DiscJsonFault fault = DISC_JSON_FAULT_NONE;
  gsize offset = 0;
  JsonNode *root;
  guint line, column;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  root = disc_json_load (parser, text, strlen (text), &fault, &offset, &parse_error);
  if (root != NULL)
    return json_parser_steal_root (parser);

  if (fault == DISC_JSON_FAULT_PARSE)
    {
      set_parse_error (error, text, parse_error);
      return NULL;
    }
  if (fault == DISC_JSON_FAULT_EMPTY)
    {
      g_set_error_literal (error, DISC_ERROR, DISC_ERROR_INVALID_JSON, describe (fault));
      return NULL;
    }
  locate (text, offset, &line, &column);
  g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_JSON,
               _("line %u, column %u: %s"), line, column, describe (fault));
  return NULL;
}
