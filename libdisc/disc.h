/* disc.h: the libdisc umbrella header
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#define DISC_INSIDE
# include "disc-version.h"
# include "disc-error.h"
# include "disc-json.h"
# include "disc-option-error.h"
# include "disc-types.h"
# include "disc-control-action.h"
# include "disc-control-error.h"
# include "disc-drop-reason.h"
# include "disc-enums.h"
# include "disc-node.h"
# include "disc-discovery.h"
# include "disc-service.h"
# include "disc-setup-call.h"
# include "disc-service-discovery.h"
# include "disc-features.h"
# if DISC_HAS_ETCD
#  include "disc-etcd-client.h"
#  include "disc-etcd-watch.h"
#  include "disc-bridge.h"
# endif
#undef DISC_INSIDE
