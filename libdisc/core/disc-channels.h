/* disc-channels.h: channel names and the channels a node joined (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DISC_CHANNEL_MAX_LENGTH 128   /* bytes */

typedef struct _DiscChannels DiscChannels;

gboolean      disc_channels_check_name  (const char    *channel,
                                         GError       **error);
gboolean      disc_channels_is_reserved (const char    *channel);

DiscChannels *disc_channels_new         (void);
void          disc_channels_free        (DiscChannels  *self);
gboolean      disc_channels_join        (DiscChannels  *self,
                                         const char    *channel);
gboolean      disc_channels_leave       (DiscChannels  *self,
                                         const char    *channel);
gboolean      disc_channels_contains    (DiscChannels  *self,
                                         const char    *channel);
GQuark        disc_channels_lookup      (DiscChannels  *self,
                                         const char    *channel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscChannels, disc_channels_free)

G_END_DECLS
