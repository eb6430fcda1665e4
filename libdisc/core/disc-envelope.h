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


/* What disc_json_load() found wrong with JSON text. */
typedef enum {
  DISC_JSON_FAULT_NONE,
  DISC_JSON_FAULT_NOT_UTF8,
  DISC_JSON_FAULT_NUL,
  DISC_JSON_FAULT_CONTROL_CHARACTER,
  DISC_JSON_FAULT_ESCAPE,
  DISC_JSON_FAULT_ESCAPED_NUL,
  DISC_JSON_FAULT_LONE_SURROGATE,
  DISC_JSON_FAULT_UNTERMINATED_STRING,
  DISC_JSON_FAULT_TOO_DEEP,
  DISC_JSON_FAULT_TRAILING,
  DISC_JSON_FAULT_NUMBER,
  DISC_JSON_FAULT_WORD,
  DISC_JSON_FAULT_CHARACTER,
  DISC_JSON_FAULT_EMPTY,
  DISC_JSON_FAULT_PARSE,     /* json-glib's error says what and where */
} DiscJsonFault;

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
JsonNode     *disc_json_load         (JsonParser         *parser,
                                      const char         *text,
                                      gsize               len,
                                      DiscJsonFault      *fault,
                                      gsize              *fault_offset,
                                      GError            **parse_error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscEnvelope, disc_envelope_free)

G_END_DECLS
