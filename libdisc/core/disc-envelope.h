/* disc-envelope.h: the JSON object every datagram carries (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-types.h"
#include "disc-drop-reason.h"

G_BEGIN_DECLS

#define DISC_ENVELOPE_MAX_EVENT     128
#define DISC_ENVELOPE_MAX_ID        64
#define DISC_ENVELOPE_MAX_HOST_NAME 255
#define DISC_JSON_MAX_DEPTH         64


typedef struct
{
  char     *event;
  char     *pid;
  char     *iid;
  char     *host_name;
  JsonNode *data;       /* nullable: absent on the wire */
} DiscEnvelope;

DiscEnvelope *disc_envelope_new     (const char          *event,
                                     const char          *pid,
                                     const char          *iid,
                                     const char          *host_name,
                                     JsonNode            *data);
void          disc_envelope_free    (DiscEnvelope        *envelope);
DiscEnvelope *disc_envelope_parse   (const char          *text,
                                     gsize                len,
                                     DiscDropReason      *reason);
DiscEnvelope *disc_envelope_parse_with (JsonParser       *parser,
                                        const char       *text,
                                        gsize             len,
                                        DiscDropReason   *reason);
char         *disc_envelope_to_json (const DiscEnvelope  *envelope,
                                     DiscDialect          dialect,
                                     gsize               *len);
gboolean      disc_json_text_is_safe (const char         *text,
                                      gsize               len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscEnvelope, disc_envelope_free)

G_END_DECLS
