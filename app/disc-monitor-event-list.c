/* disc-monitor-event-list.c: what happened on the network, as a list model
 *
 * Records the discovery's signals as DiscMonitorEvent items in a
 * GListStore, newest first, keeping at most max-events of them (the oldest
 * go). Events are queued and reach the store at most ten times a second,
 * in one splice for the whole batch: a thousand nodes that time out
 * together cost the views one update, not a thousand.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-event-list"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-event-list.h"
#include "disc-monitor-node-format.h"

#define FLUSH_INTERVAL_MS 100

struct _DiscMonitorEventList
{
  GObject        parent_instance;

  DiscDiscovery *discovery;
  GListStore    *events;     /* of DiscMonitorEvent, newest first */
  GPtrArray     *pending;    /* of DiscMonitorEvent, oldest first */
  guint          max_events;
  guint          flush_id;
};

G_DEFINE_FINAL_TYPE (DiscMonitorEventList, disc_monitor_event_list, G_TYPE_OBJECT)

static GQuark found_as_master_quark;

/* Describing what happened */

/**
 * disc_monitor_describe_node:
 * @node: a node
 *
 * Returns: (transfer full): "host (address:port, id 1234abcd)"
 */
char *
disc_monitor_describe_node (DiscNode *node)
{
  g_autofree char *short_id = disc_monitor_node_short_id (node);

  /* Translators: a node in the event log: host (address:port, id) */
  return g_strdup_printf (_("%s (%s:%u, id %s)"),
                          disc_node_get_host_name (node) ? disc_node_get_host_name (node) : "",
                          disc_node_get_address (node) ? disc_node_get_address (node) : "",
                          disc_node_get_port (node), short_id);
}

/**
 * disc_monitor_describe_drop_reason:
 * @reason: why packets were dropped
 *
 * Returns: a translated phrase for @reason
 */
const char *
disc_monitor_describe_drop_reason (DiscDropReason reason)
{
  switch (reason)
    {
    case DISC_DROP_MALFORMED_FRAME:
      return _("not a node-discovery frame");
    case DISC_DROP_CHECKSUM:
      return _("checksum mismatch");
    case DISC_DROP_DUPLICATE_BLOCK:
      return _("duplicate or inconsistent block");
    case DISC_DROP_OVERSIZED:
      return _("over 64 KiB");
    case DISC_DROP_REASSEMBLY_TIMEOUT:
      return _("incomplete message");
    case DISC_DROP_REASSEMBLY_LIMIT:
      return _("too many partial messages");
    case DISC_DROP_DECRYPT:
      return _("could not be decrypted (wrong key or algorithm?)");
    case DISC_DROP_JSON:
      return _("not JSON (encrypted with a key this monitor does not have?)");
    case DISC_DROP_ENVELOPE:
      return _("not a node-discovery message");
    case DISC_DROP_HELLO:
      return _("invalid hello");
    case DISC_DROP_NODE_LIMIT:
      return _("node table full");
    case DISC_DROP_AUTHENTICATION:
      return _("failed authentication (wrong key or algorithm?)");
    case DISC_DROP_REPLAY:
      return _("replayed or stale");
    case DISC_DROP_RATE_LIMIT:
      return _("too many new nodes from one address");
    case DISC_DROP_CONTROL:
      return _("remote-control request malformed or not authenticated");
    case DISC_DROP_RECEIVE_BUFFER:
      return _("lost before they were read: receive buffer full (raise net.core.rmem_max)");
    case DISC_DROP_N_REASONS:
    default:
      return _("unknown reason");
    }
}

/* Recording */

static gboolean
on_flush_timeout (gpointer user_data)
{
  DiscMonitorEventList *self = user_data;

  self->flush_id = 0;
  disc_monitor_event_list_flush (self);
  return G_SOURCE_REMOVE;
}

/**
 * disc_monitor_event_list_flush:
 * @self: an event list
 *
 * Moves the queued events into the model now, in one items-changed.
 */
void
disc_monitor_event_list_flush (DiscMonitorEventList *self)
{
  guint added, old_len, keep;
  g_autoptr(GPtrArray) batch = NULL;

  g_return_if_fail (DISC_IS_MONITOR_EVENT_LIST (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending->len == 0)
    return;

  batch = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  /* Only the newest max_events of the batch can be kept. */
  if (batch->len > self->max_events)
    g_ptr_array_remove_range (batch, 0, batch->len - self->max_events);
  added = batch->len;

  old_len = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  keep = MIN (old_len, self->max_events - added);
  if (keep < old_len)
    g_list_store_splice (self->events, keep, old_len - keep, NULL, 0);

  /* Newest first: the batch is oldest first. One splice, not one insert
   * (and one items-changed) per event. */
  for (guint i = 0; i < added / 2; i++)
    {
      gpointer older = batch->pdata[i];

      batch->pdata[i] = batch->pdata[added - 1 - i];
      batch->pdata[added - 1 - i] = older;
    }
  g_list_store_splice (self->events, 0, 0, batch->pdata, added);
}

/**
 * disc_monitor_event_list_add:
 * @self: an event list
 * @event: an event
 *
 * Queues @event; it reaches the model within 100 ms.
 */
void
disc_monitor_event_list_add (DiscMonitorEventList *self,
                             DiscMonitorEvent     *event)
{
  g_return_if_fail (DISC_IS_MONITOR_EVENT_LIST (self));
  g_return_if_fail (DISC_IS_MONITOR_EVENT (event));

  g_ptr_array_add (self->pending, g_object_ref (event));
  /* A burst larger than the log is cut at once, not kept in memory. */
  if (self->pending->len > 2 * self->max_events)
    g_ptr_array_remove_range (self->pending, 0, self->pending->len - self->max_events);
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, on_flush_timeout, self);
}

static void
record (DiscMonitorEventList *self,
        DiscMonitorEventKind  kind,
        const char           *text,
        DiscNode             *node)
{
  g_autoptr(DiscMonitorEvent) event = disc_monitor_event_new (kind, text, node);

  disc_monitor_event_list_add (self, event);
}

/* The events about one node differ only in the words around it: @format
 * is translated and has one %s, the node's description. */
static void
record_node (DiscMonitorEventList *self,
             DiscMonitorEventKind  kind,
             const char           *format,
             DiscNode             *node)
{
  g_autofree char *description = disc_monitor_describe_node (node);
  g_autofree char *text = g_strdup_printf (format, description);

  record (self, kind, text, node);
}

static void
on_added (DiscDiscovery        *discovery,
          DiscNode             *node,
          DiscMonitorEventList *self)
{
  /* ::master follows at once for a node that is master when first heard:
   * that is not a change of master. */
  if (disc_node_get_is_master (node))
    g_object_set_qdata (G_OBJECT (node), found_as_master_quark, GINT_TO_POINTER (TRUE));
  /* Translators: event log: a node was heard for the first time */
  record_node (self, DISC_MONITOR_EVENT_ADDED, _("%s appeared"), node);
}

static void
on_removed (DiscDiscovery        *discovery,
            DiscNode             *node,
            DiscMonitorEventList *self)
{
  const char *format;

  switch (disc_node_get_leave_reason (node))
    {
    case DISC_LEAVE_GOODBYE:
      /* Translators: event log: a node stopped cleanly */
      format = _("%s said goodbye");
      break;
    case DISC_LEAVE_TIMEOUT:
      /* Translators: event log: no hello from a node within its timeout */
      format = _("%s timed out: no hello within its timeout");
      break;
    case DISC_LEAVE_STOPPED:
      /* Translators: event log: the monitor's node stopped, which empties its table */
      format = _("%s dropped: this monitor stopped");
      break;
    case DISC_LEAVE_NONE:
    default:
      /* Translators: event log: a node left, why is not known */
      format = _("%s left");
      break;
    }
  record_node (self, DISC_MONITOR_EVENT_REMOVED, format, node);
}

static void
on_master (DiscDiscovery        *discovery,
           DiscNode             *node,
           DiscMonitorEventList *self)
{
  if (g_object_steal_qdata (G_OBJECT (node), found_as_master_quark) != NULL)
    /* Translators: event log: a node was already master when the monitor first heard it */
    record_node (self, DISC_MONITOR_EVENT_MASTER, _("%s is master (already master when first heard)"), node);
  else
    /* Translators: event log: a node became master */
    record_node (self, DISC_MONITOR_EVENT_MASTER, _("%s became master"), node);
}

static void
on_promotion (DiscDiscovery        *discovery,
              DiscNode             *me,
              DiscMonitorEventList *self)
{
  record (self, DISC_MONITOR_EVENT_PROMOTION, _("This monitor became master"), me);
}

static void
on_demotion (DiscDiscovery        *discovery,
             DiscNode             *me,
             DiscMonitorEventList *self)
{
  record (self, DISC_MONITOR_EVENT_DEMOTION, _("This monitor is no longer master"), me);
}

static void
on_drop_started (DiscDiscovery        *discovery,
                 DiscDropReason        reason,
                 const char           *address,
                 DiscMonitorEventList *self)
{
  g_autofree char *text = NULL;

  if (address != NULL)
    /* Translators: event log: packets dropped; %s is an address, then why */
    text = g_strdup_printf (_("Packets from %s dropped: %s"), address,
                            disc_monitor_describe_drop_reason (reason));
  else
    /* Translators: event log: packets dropped; %s says why */
    text = g_strdup_printf (_("Packets dropped: %s"), disc_monitor_describe_drop_reason (reason));
  record (self, DISC_MONITOR_EVENT_DROP, text, NULL);
}

/**
 * disc_monitor_describe_control_action:
 * @action: a remote-control action
 *
 * Returns: the translated noun of @action, for "Remote promotion of beta
 *   accepted"
 */
const char *
disc_monitor_describe_control_action (DiscControlAction action)
{
  switch (action)
    {
    /* Translators: the four remote-control actions, as nouns */
    case DISC_CONTROL_ACTION_PROMOTE: return _("promotion");
    case DISC_CONTROL_ACTION_DEMOTE: return _("demotion");
    case DISC_CONTROL_ACTION_DEMOTE_PERMANENT: return _("permanent demotion");
    case DISC_CONTROL_ACTION_MAKE_ELIGIBLE: return _("readmission to elections");
    default: return "?";
    }
}

/**
 * disc_monitor_describe_control_request:
 * @discovery: this monitor's discovery
 * @sender_id: the id of the node that sent the request
 * @sender_address: the address it came from
 * @action: what it asks
 * @accepted: whether this monitor's node does it
 *
 * Returns: (transfer full): "Remote demotion of this monitor by beta at
 *   10.0.0.2", the sender named by its host name when it is listed, else
 *   by its id
 */
char *
disc_monitor_describe_control_request (DiscDiscovery     *discovery,
                                       const char        *sender_id,
                                       const char        *sender_address,
                                       DiscControlAction  action,
                                       gboolean           accepted)
{
  DiscNode *sender = disc_discovery_lookup_node (discovery, sender_id);
  const char *who = sender != NULL && disc_node_get_host_name (sender) != NULL
                    ? disc_node_get_host_name (sender) : sender_id;
  const char *name = disc_monitor_describe_control_action (action);

  if (accepted)
    /* Translators: banner: an action (promotion...), then a host name (or node id) and its address */
    return g_strdup_printf (_("Remote %s of this monitor by %s at %s"), name, who, sender_address);
  /* Translators: banner: an action (promotion...), then a host name (or node id) and its address */
  return g_strdup_printf (_("Remote %s of this monitor by %s at %s refused"), name, who, sender_address);
}

/* Who asked this monitor's node to do what: the audit trail, kept. */
static void
on_control_request (DiscDiscovery        *discovery,
                    const char           *sender_id,
                    const char           *sender_address,
                    DiscControlAction     action,
                    gboolean              accepted,
                    DiscMonitorEventList *self)
{
  g_autofree char *text = disc_monitor_describe_control_request (discovery, sender_id, sender_address,
                                                                 action, accepted);

  record (self, DISC_MONITOR_EVENT_CONTROL, text, NULL);
}

static void
on_error (DiscDiscovery        *discovery,
          GError               *error,
          DiscMonitorEventList *self)
{
  record (self, DISC_MONITOR_EVENT_ERROR, error->message, NULL);
}

/* GObject */

static void
disc_monitor_event_list_dispose (GObject *object)
{
  DiscMonitorEventList *self = DISC_MONITOR_EVENT_LIST (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  g_clear_object (&self->events);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (disc_monitor_event_list_parent_class)->dispose (object);
}

static void
disc_monitor_event_list_class_init (DiscMonitorEventListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_event_list_dispose;

  found_as_master_quark = g_quark_from_static_string ("disc-monitor-event-list-found-as-master");
}

static void
disc_monitor_event_list_init (DiscMonitorEventList *self)
{
  self->events = g_list_store_new (DISC_TYPE_MONITOR_EVENT);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * disc_monitor_event_list_new:
 * @discovery: the discovery whose events to record
 * @max_events: how many events to keep, at least 1
 *
 * Returns: (transfer full): a new event list, recording from now on into
 *   disc_monitor_event_list_get_model()
 */
DiscMonitorEventList *
disc_monitor_event_list_new (DiscDiscovery *discovery,
                             guint          max_events)
{
  DiscMonitorEventList *self;

  g_return_val_if_fail (DISC_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (max_events > 0, NULL);

  self = g_object_new (DISC_TYPE_MONITOR_EVENT_LIST, NULL);
  self->discovery = g_object_ref (discovery);
  self->max_events = max_events;
  g_signal_connect (discovery, "added", G_CALLBACK (on_added), self);
  g_signal_connect (discovery, "removed", G_CALLBACK (on_removed), self);
  g_signal_connect (discovery, "master", G_CALLBACK (on_master), self);
  g_signal_connect (discovery, "promotion", G_CALLBACK (on_promotion), self);
  g_signal_connect (discovery, "demotion", G_CALLBACK (on_demotion), self);
  g_signal_connect (discovery, "drop-started", G_CALLBACK (on_drop_started), self);
  g_signal_connect (discovery, "error", G_CALLBACK (on_error), self);
  g_signal_connect (discovery, "control-request", G_CALLBACK (on_control_request), self);
  return self;
}

/**
 * disc_monitor_event_list_get_model:
 * @self: an event list
 *
 * Returns: (transfer none): the recorded DiscMonitorEvent items, newest
 *   first
 */
GListModel *
disc_monitor_event_list_get_model (DiscMonitorEventList *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_EVENT_LIST (self), NULL);
  return G_LIST_MODEL (self->events);
}
