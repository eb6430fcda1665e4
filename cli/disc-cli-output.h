/* disc-cli-output.h: what `disc` prints, as text or as JSON
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <stdio.h>
#include <disc.h>

G_BEGIN_DECLS

/* Prints events and listings to one stream. A write that fails (a closed
 * pipe, a full disk) makes every function return FALSE and is kept in
 * write_errno. */
typedef struct {
  FILE     *stream;
  gboolean  json;
  int       write_errno;
} DiscCliPrinter;

void     disc_cli_printer_init       (DiscCliPrinter *self,
                                      FILE           *stream,
                                      gboolean        json);

gboolean disc_cli_printer_node_event (DiscCliPrinter *self,
                                      const char     *event,
                                      DiscNode       *node);
gboolean disc_cli_printer_message    (DiscCliPrinter *self,
                                      const char     *channel,
                                      JsonNode       *data,
                                      DiscNode       *sender);
gboolean disc_cli_printer_started    (DiscCliPrinter *self,
                                      DiscNode       *me);
gboolean disc_cli_printer_error      (DiscCliPrinter *self,
                                      const GError   *error);
gboolean disc_cli_printer_stopped    (DiscCliPrinter *self,
                                      const char     *reason);
gboolean disc_cli_printer_keys       (DiscCliPrinter     *self,
                                      const char * const *ids);
gboolean disc_cli_printer_control    (DiscCliPrinter     *self,
                                      const char         *sender_id,
                                      const char         *sender_address,
                                      DiscControlAction   action,
                                      gboolean            accepted);
gboolean disc_cli_printer_forward_refused (DiscCliPrinter *self,
                                           const char     *reason,
                                           const char     *lan,
                                           guint64         count,
                                           const char     *message);
gboolean disc_cli_printer_check      (DiscCliPrinter     *self,
                                      GError            **error);

void     disc_cli_print_notice       (gboolean        json,
                                      const char     *event,
                                      guint64         packets,
                                      const char     *extra_name,
                                      gint64          extra_value,
                                      const char     *message);

gboolean disc_cli_print_nodes        (DiscCliPrinter *self,
                                      GPtrArray      *nodes);
gboolean disc_cli_print_services     (DiscCliPrinter *self,
                                      GPtrArray      *nodes,
                                      guint          *n_services,
                                      guint          *n_unnamed);

G_END_DECLS
