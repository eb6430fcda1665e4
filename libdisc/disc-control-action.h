/* disc-control-action.h: what a remote-control request asks a node to do
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * DiscControlAction:
 * @DISC_CONTROL_ACTION_PROMOTE: become master, as
 *   [method@Disc.Discovery.promote] on the target; refused when the target
 *   is not master-eligible
 * @DISC_CONTROL_ACTION_DEMOTE: stop being master and let another node take
 *   over, as [method@Disc.Discovery.demote] with %FALSE
 * @DISC_CONTROL_ACTION_DEMOTE_PERMANENT: stop being master and never be
 *   elected again, as [method@Disc.Discovery.demote] with %TRUE, until a
 *   %DISC_CONTROL_ACTION_MAKE_ELIGIBLE request
 * @DISC_CONTROL_ACTION_MAKE_ELIGIBLE: take part in elections again after a
 *   remote %DISC_CONTROL_ACTION_DEMOTE_PERMANENT; refused when the target's
 *   own process made it ineligible
 *
 * What a remote-control request asks its target to do. The wire names
 * are in doc/protocol.md, section 9.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_CONTROL_ACTION_PROMOTE,
  DISC_CONTROL_ACTION_DEMOTE,
  DISC_CONTROL_ACTION_DEMOTE_PERMANENT,
  DISC_CONTROL_ACTION_MAKE_ELIGIBLE,
} DiscControlAction;

G_END_DECLS
