/* disc-cli-control.h: `disc watch --commands`, a node driven by lines on
 * standard input
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-cli-output.h"
#include "disc-cli-session.h"

G_BEGIN_DECLS

typedef struct _DiscCliControl DiscCliControl;

DiscCliControl *disc_cli_control_new  (DiscDiscovery  *discovery,
                                       DiscCliSession *session,
                                       DiscCliPrinter *printer,
                                       int             fd);
void            disc_cli_control_free (DiscCliControl *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscCliControl, disc_cli_control_free)

G_END_DECLS
