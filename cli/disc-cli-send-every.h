/* disc-cli-send-every.h: `disc watch --send-every MS CHANNEL JSON`
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One --send-every MS CHANNEL JSON. */
typedef struct {
  guint     interval_ms;
  char     *channel;
  JsonNode *data;
} DiscCliRepeat;

gboolean   disc_cli_send_every_reject  (const char           *option_name,
                                        const char           *value,
                                        gpointer              data,
                                        GError              **error);
GPtrArray *disc_cli_send_every_extract (char               ***args,
                                        const GOptionEntry  **tables,
                                        GError              **error);

/* Only for --help: GOption has no options of three arguments, and would
 * print "--send-every=MS CHANNEL JSON". The real ones are taken out of the
 * arguments before GOption sees them, by disc_cli_send_every_extract(). */
#define DISC_CLI_SEND_EVERY_ENTRY \
  { "send-every MS CHANNEL JSON", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, \
    (gpointer) disc_cli_send_every_reject, \
    "Send JSON on CHANNEL every MS milliseconds, the first at once " \
    "(three separate arguments; repeatable)", NULL }

G_END_DECLS
