/* disc-cli-numbers.c: numbers given on the command line
 *
 * Each mistake is reported with the flag that caused it (without its
 * leading "--") and what would be accepted. A value that is not a number
 * at all and a number outside the flag's range get different messages:
 * the fix differs.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <math.h>
#include <string.h>

#include "disc-cli-numbers.h"
#include "disc-cli-tool.h"

/* "-" then digits: a whole number, only below every range we take. */
static gboolean
is_negative_integer (const char *text)
{
  return text[0] == '-' && text[1] != '\0' && strspn (text + 1, "0123456789") == strlen (text + 1);
}

/* A whole number from @min to @max; @unit says what it counts, as in
 * "a number of milliseconds". */
gboolean
disc_cli_parse_whole (const char  *flag,
                      const char  *text,
                      guint64      min,
                      guint64      max,
                      const char  *unit,
                      guint64     *out,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS) ||
      is_negative_integer (text))
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                 "--%s: %s is out of range; give %s from %" G_GUINT64_FORMAT
                 " to %" G_GUINT64_FORMAT, flag, text, unit, min, max);
  else
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                 "--%s: “%s” is not a whole number; give %s from %"
                 G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, flag, text, unit, min, max);
  return FALSE;
}

/* Decimal notation only: an optional sign, digits with at most one point,
 * an optional exponent. g_ascii_strtod() alone also takes hexadecimal
 * (0x10), "inf", "nan" and leading white space. */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  gsize digits;

  if (*p == '+' || *p == '-')
    p++;
  digits = strspn (p, "0123456789");
  p += digits;
  if (*p == '.')
    {
      gsize fraction = strspn (p + 1, "0123456789");

      digits += fraction;
      p += 1 + fraction;
    }
  if (digits == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      digits = strspn (p, "0123456789");
      if (digits == 0)
        return FALSE;
      p += digits;
    }
  return *p == '\0';
}

typedef enum {
  DECIMAL_OK,
  DECIMAL_NOT_A_NUMBER,
  DECIMAL_TOO_LARGE,   /* beyond what a double holds */
} DecimalResult;

static DecimalResult
parse_decimal (const char *text,
               double     *out)
{
  if (!is_decimal (text))
    return DECIMAL_NOT_A_NUMBER;
  *out = g_ascii_strtod (text, NULL);
  /* Too small a magnitude rounds to 0, which is a fair reading of it. */
  return isfinite (*out) ? DECIMAL_OK : DECIMAL_TOO_LARGE;
}

/* A finite decimal number, in the C locale whatever the user's. */
gboolean
disc_cli_parse_decimal (const char  *flag,
                        const char  *text,
                        double      *out,
                        GError     **error)
{
  switch (parse_decimal (text, out))
    {
    case DECIMAL_OK:
      return TRUE;
    case DECIMAL_TOO_LARGE:
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: %s is out of range; give a decimal number from -1.79e308 to 1.79e308",
                   flag, text);
      return FALSE;
    case DECIMAL_NOT_A_NUMBER:
    default:
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: “%s” is not a decimal number; give one such as 0.5, -2 or 1e3",
                   flag, text);
      return FALSE;
    }
}

/* A positive decimal number of seconds, rounded up to milliseconds; at
 * most G_MAXINT milliseconds, the longest timeout GLib takes. */
gboolean
disc_cli_parse_seconds (const char  *flag,
                        const char  *text,
                        gint64      *out_ms,
                        GError     **error)
{
  double seconds;

  switch (parse_decimal (text, &seconds))
    {
    case DECIMAL_OK:
      if (seconds > 0 && seconds * 1000.0 <= G_MAXINT)
        {
          *out_ms = (gint64) ceil (seconds * 1000.0);
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case DECIMAL_TOO_LARGE:
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: %s is out of range; give a number of seconds above 0 and at most "
                   "%d.%03d", flag, text, G_MAXINT / 1000, G_MAXINT % 1000);
      return FALSE;
    case DECIMAL_NOT_A_NUMBER:
    default:
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: “%s” is not a number of seconds; give a decimal number "
                   "such as 10 or 0.5", flag, text);
      return FALSE;
    }
}
