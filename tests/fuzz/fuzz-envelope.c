/* fuzz-envelope.c: the JSON envelope and the hello in it
 *
 * The whole input is the JSON text. Invariants: whatever is accepted is
 * written back (in both dialects) as JSON that parses again to the same
 * envelope and is written the same again; an accepted hello is built and
 * parsed again to the same hello, and so is an accepted remote-control
 * request or answer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-control.h"
#include "disc-envelope.h"
#include "disc-hello.h"
#include "fuzz-common.h"

static void
check_hello (JsonNode *data, DiscDialect dialect)
{
  DiscHello hello, again;
  g_autoptr(JsonNode) built = NULL;

  if (!disc_hello_parse (data, &hello))
    return;
  built = disc_hello_build (&hello, dialect);
  FUZZ_CHECK (disc_hello_parse (built, &again));
  FUZZ_CHECK (again.is_master == hello.is_master);
  FUZZ_CHECK (again.is_master_eligible == hello.is_master_eligible);
  FUZZ_CHECK (again.weight == hello.weight);
  FUZZ_CHECK (again.promoted_at == hello.promoted_at);
  FUZZ_CHECK (again.accepts_control == hello.accepts_control);
  /* no address is sent as 0.0.0.0 */
  FUZZ_CHECK (g_strcmp0 (again.address, hello.address ? hello.address : "0.0.0.0") == 0);
  FUZZ_CHECK ((again.info == NULL) == (hello.info == NULL));
  disc_hello_clear (&again);
  disc_hello_clear (&hello);
}

static void
check_control (JsonNode *data)
{
  DiscControlMessage message, again;
  g_autoptr(JsonNode) built = NULL;

  switch (disc_control_parse (data, &message))
    {
    case DISC_CONTROL_REQUEST:
      FUZZ_CHECK (message.id != NULL && message.to != NULL && message.action_name != NULL);
      if (message.action_known)
        built = disc_control_build_request (message.id, message.to, message.action);
      break;
    case DISC_CONTROL_ANSWER:
      FUZZ_CHECK (message.id != NULL && message.to != NULL);
      /* A reason we do not know is read, never written. */
      if (message.code != DISC_CONTROL_ANSWER_REFUSED_OTHER)
        built = disc_control_build_answer (message.id, message.to, message.code);
      break;
    case DISC_CONTROL_INVALID:
    default:
      FUZZ_CHECK (message.id == NULL && message.to == NULL);
      return;
    }
  if (built != NULL)
    {
      FUZZ_CHECK (disc_control_parse (built, &again) == message.kind);
      FUZZ_CHECK (strcmp (again.id, message.id) == 0 && strcmp (again.to, message.to) == 0);
      FUZZ_CHECK (again.action == message.action && again.code == message.code);
      disc_control_message_clear (&again);
    }
  disc_control_message_clear (&message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  DiscDropReason reason = DISC_DROP_N_REASONS;
  g_autoptr(DiscEnvelope) envelope = disc_envelope_parse ((const char *) data, size, &reason);

  if (envelope == NULL)
    {
      FUZZ_CHECK (reason < DISC_DROP_N_REASONS);
      return 0;
    }

  for (guint d = 0; d < 2; d++)
    {
      DiscDialect dialect = d == 0 ? DISC_DIALECT_WRAP : DISC_DIALECT_PLAIN;
      gsize len;
      g_autofree char *json = disc_envelope_to_json (envelope, dialect, &len);
      g_autoptr(DiscEnvelope) again = disc_envelope_parse (json, len, &reason);

      FUZZ_CHECK (again != NULL);
      FUZZ_CHECK (strcmp (again->event, envelope->event) == 0);
      FUZZ_CHECK (strcmp (again->pid, envelope->pid) == 0);
      FUZZ_CHECK (strcmp (again->iid, envelope->iid) == 0);
      FUZZ_CHECK (strcmp (again->host_name, envelope->host_name) == 0);
      FUZZ_CHECK ((again->data == NULL) == (envelope->data == NULL));
      /* Written text is a fixed point: what we send reads back the same.
       * (Not data == again->data: a number too big for a double reads as
       * infinity and is written as null, as JSON.parse and JSON.stringify do.) */
      {
        gsize len2;
        g_autofree char *json2 = disc_envelope_to_json (again, dialect, &len2);

        FUZZ_CHECK (len2 == len && memcmp (json, json2, len) == 0);
      }
      if (envelope->data != NULL)
        check_hello (envelope->data, dialect);
      check_control (envelope->data);
    }
  return 0;
}
