/* disc-monitor-diagnosis.c: one line saying what is wrong, if anything
 *
 * Looks at the session once a second (and at once when the masters
 * change or a new kind of drop starts) and says the most serious thing
 * it finds, in this order:
 *
 *  - the monitor's node is not running (it failed to start);
 *  - traffic arrives that cannot be read (decryption, authentication or
 *    JSON drops in the last 10 seconds, since the node last started),
 *    from addresses none of whose nodes are read: a wrong key or
 *    algorithm;
 *  - the kernel dropped packets in the last 10 seconds, the node's
 *    receive buffer full: the monitor misses hellos and messages;
 *  - peers are there but none can be master;
 *  - more masters than masters-required;
 *  - nodes not heard from for over half their timeout.
 *
 * Each sentence is computed from counts read now, never kept from an
 * earlier state: when the cause goes, the line goes.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-diagnosis"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-diagnosis.h"
#include "disc-monitor-property.h"

#define UPDATE_INTERVAL_S 1
#define UNREADABLE_RECENT_US (10 * G_USEC_PER_SEC)

static const DiscDropReason unreadable_reasons[] = {
  DISC_DROP_DECRYPT, DISC_DROP_AUTHENTICATION, DISC_DROP_JSON,
};

struct _DiscMonitorDiagnosis
{
  GObject                    parent_instance;

  DiscMonitorSession        *session;
  char                      *text;
  DiscMonitorDiagnosisLevel  level;
  gboolean                   has_eligible_peer;

  guint64                    unreadable_total;     /* at the last look */
  gint64                     unreadable_seen_us;   /* monotonic, when it last grew; 0 never */
  guint64                    lost_total;           /* DISC_DROP_RECEIVE_BUFFER, at the last look */
  guint64                    lost_recent;          /* of which lately: since lost_seen_us - 10 s */
  gint64                     lost_seen_us;         /* monotonic, when it last grew; 0 never */
  guint                      timeout_id;
};

G_DEFINE_ENUM_TYPE (DiscMonitorDiagnosisLevel, disc_monitor_diagnosis_level,
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_DIAGNOSIS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_DIAGNOSIS_INFO, "info"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_DIAGNOSIS_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_DIAGNOSIS_ERROR, "error"))

G_DEFINE_FINAL_TYPE (DiscMonitorDiagnosis, disc_monitor_diagnosis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LEVEL,
  PROP_HAS_ELIGIBLE_PEER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * disc_monitor_node_is_stale:
 * @node: a peer
 * @node_timeout_ms: the discovery's node-timeout
 * @master_timeout_ms: the discovery's master-timeout
 * @now_ms: the wall clock, ms since the epoch
 *
 * Returns: whether @node has not been heard from for over half the time
 *   after which it is dropped (node-timeout, master-timeout for a master)
 */
gboolean
disc_monitor_node_is_stale (DiscNode *node,
                            guint     node_timeout_ms,
                            guint     master_timeout_ms,
                            gint64    now_ms)
{
  guint timeout_ms = disc_node_get_is_master (node) ? master_timeout_ms : node_timeout_ms;
  gint64 last_seen = disc_node_get_last_seen (node);

  if (last_seen <= 0 || disc_monitor_node_is_self (node))
    return FALSE;
  return timeout_ms > 0 && now_ms - last_seen > timeout_ms / 2;
}

static void
set_result (DiscMonitorDiagnosis      *self,
            DiscMonitorDiagnosisLevel  level,
            char                      *text)   /* (transfer full) */
{
  g_autofree char *owned = text;

  disc_monitor_set_string_property (G_OBJECT (self), &self->text, owned, properties[PROP_TEXT]);
  if (self->level != level)
    {
      self->level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
    }
}

/* How many addresses sent what could not be read, if any did lately.
 * The library lists every address that ever did; those whose hellos are
 * read now (the peers in @nodes) are left out: they were unreadable
 * before the key was set, or share their host with the culprit. */
static guint
count_unreadable_sources (DiscMonitorDiagnosis *self,
                          DiscDiscovery        *discovery,
                          GListModel           *nodes)
{
  g_autoptr(GHashTable) addresses = NULL;
  g_autoptr(GHashTable) readable = NULL;
  guint n_nodes = g_list_model_get_n_items (nodes);
  guint64 total = 0;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (unreadable_reasons); i++)
    total += disc_discovery_get_drop_count (discovery, unreadable_reasons[i]);
  if (total > self->unreadable_total)
    self->unreadable_seen_us = now;
  self->unreadable_total = total;
  if (self->unreadable_seen_us == 0 || now - self->unreadable_seen_us > UNREADABLE_RECENT_US)
    return 0;

  readable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_nodes; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (nodes, i);

      if (!disc_monitor_node_is_self (node) && disc_node_get_address (node) != NULL)
        g_hash_table_add (readable, g_strdup (disc_node_get_address (node)));
    }
  addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (unreadable_reasons); i++)
    {
      g_auto(GStrv) sources = disc_discovery_list_drop_sources (discovery, unreadable_reasons[i]);

      for (guint j = 0; sources != NULL && sources[j] != NULL; j++)
        if (!g_hash_table_contains (readable, sources[j]))
          g_hash_table_add (addresses, g_strdup (sources[j]));
    }
  /* Sources are listed per reason; at least one sent something. */
  return MAX (g_hash_table_size (addresses), 1);
}

/* How many packets the kernel dropped lately, the receive buffer full:
 * those since the count last started growing after a quiet 10 seconds. */
static guint64
count_lost (DiscMonitorDiagnosis *self,
            DiscDiscovery        *discovery)
{
  guint64 total = disc_discovery_get_drop_count (discovery, DISC_DROP_RECEIVE_BUFFER);
  gint64 now = g_get_monotonic_time ();

  if (total > self->lost_total)
    {
      if (self->lost_seen_us == 0 || now - self->lost_seen_us > UNREADABLE_RECENT_US)
        self->lost_recent = 0;
      self->lost_recent += total - self->lost_total;
      self->lost_seen_us = now;
    }
  self->lost_total = total;
  if (self->lost_seen_us == 0 || now - self->lost_seen_us > UNREADABLE_RECENT_US)
    return 0;
  return self->lost_recent;
}

/**
 * disc_monitor_diagnosis_update:
 * @self: a diagnosis
 *
 * Looks at the session now.
 */
void
disc_monitor_diagnosis_update (DiscMonitorDiagnosis *self)
{
  DiscDiscovery *discovery;
  GListModel *nodes, *masters;
  guint n_nodes, n_masters, n_peers = 0, n_stale = 0, unreadable;
  guint64 lost;
  guint masters_required = 0, node_timeout = 0, master_timeout = 0;
  gboolean eligible_peer = FALSE, eligible_any = FALSE;
  gint64 now_ms = g_get_real_time () / 1000;

  g_return_if_fail (DISC_IS_MONITOR_DIAGNOSIS (self));

  discovery = disc_monitor_session_get_discovery (self->session);
  nodes = disc_monitor_session_get_nodes (self->session);
  masters = disc_monitor_session_get_masters (self->session);
  n_nodes = g_list_model_get_n_items (nodes);
  n_masters = g_list_model_get_n_items (masters);
  g_object_get (discovery, "masters-required", &masters_required,
                "node-timeout", &node_timeout, "master-timeout", &master_timeout, NULL);

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (nodes, i);
      gboolean is_self = disc_monitor_node_is_self (node);

      if (disc_node_get_is_master_eligible (node) || disc_node_get_is_master (node))
        {
          eligible_any = TRUE;
          if (!is_self)
            eligible_peer = TRUE;
        }
      if (!is_self)
        {
          n_peers++;
          if (disc_monitor_node_is_stale (node, node_timeout, master_timeout, now_ms))
            n_stale++;
        }
    }

  if (self->has_eligible_peer != eligible_peer)
    {
      self->has_eligible_peer = eligible_peer;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ELIGIBLE_PEER]);
    }

  if (!disc_discovery_is_running (discovery))
    {
      set_result (self, DISC_MONITOR_DIAGNOSIS_ERROR,
                  g_strdup (_("Not on the network: the monitor’s node is not running")));
      return;
    }

  unreadable = count_unreadable_sources (self, discovery, nodes);
  if (unreadable > 0)
    {
      if (disc_monitor_session_get_encrypted (self->session))
        /* Translators: %u is a number of IP addresses */
        set_result (self, DISC_MONITOR_DIAGNOSIS_ERROR,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Encrypted traffic from %u address could not be read: wrong key or algorithm?",
                                                  "Encrypted traffic from %u addresses could not be read: wrong key or algorithm?",
                                                  unreadable), unreadable));
      else
        /* Translators: %u is a number of IP addresses */
        set_result (self, DISC_MONITOR_DIAGNOSIS_ERROR,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Traffic from %u address could not be read: encrypted? Set the key in Preferences",
                                                  "Traffic from %u addresses could not be read: encrypted? Set the key in Preferences",
                                                  unreadable), unreadable));
      return;
    }

  lost = count_lost (self, discovery);
  if (lost > 0)
    {
      /* Translators: %lu is a number of packets */
      set_result (self, DISC_MONITOR_DIAGNOSIS_WARNING,
                  g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%lu packet lost: the receive buffer was full; raise net.core.rmem_max, or the host is too busy",
                                                "%lu packets lost: the receive buffer was full; raise net.core.rmem_max, or the host is too busy",
                                                lost), (gulong) lost));
      return;
    }

  if (n_peers > 0 && n_masters == 0 && !eligible_any)
    {
      set_result (self, DISC_MONITOR_DIAGNOSIS_WARNING,
                  g_strdup (_("No eligible node: no master can be elected")));
      return;
    }

  if (masters_required > 0 && n_masters > masters_required)
    {
      /* Translators: the first %u is how many masters there are (2 or more) */
      g_autofree char *found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u master", "%u masters", n_masters),
                                                n_masters);

      /* Translators: "2 masters, 1 required": %s is "N masters", %u masters-required */
      set_result (self, DISC_MONITOR_DIAGNOSIS_WARNING,
                  g_strdup_printf (_("%s, %u required"), found, masters_required));
      return;
    }

  if (n_stale > 0)
    {
      /* Translators: %u is a number of nodes */
      set_result (self, DISC_MONITOR_DIAGNOSIS_INFO,
                  g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u node not heard from for over half its timeout",
                                                "%u nodes not heard from for over half their timeout",
                                                n_stale), n_stale));
      return;
    }

  set_result (self, DISC_MONITOR_DIAGNOSIS_NONE, NULL);
}

static gboolean
on_timeout (gpointer user_data)
{
  disc_monitor_diagnosis_update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_masters_changed (GListModel           *masters,
                    guint                 position,
                    guint                 removed,
                    guint                 added,
                    DiscMonitorDiagnosis *self)
{
  disc_monitor_diagnosis_update (self);
}

static void
on_drop_started (DiscDiscovery        *discovery,
                 DiscDropReason        reason,
                 const char           *address,
                 DiscMonitorDiagnosis *self)
{
  disc_monitor_diagnosis_update (self);
}

static void
on_running_notify (DiscDiscovery        *discovery,
                   GParamSpec           *pspec,
                   DiscMonitorDiagnosis *self)
{
  /* A restart is for new settings, often the key: what could not be read
   * before it says nothing about them. The counts go on from where they
   * are; only drops after the restart are recent. */
  if (disc_discovery_is_running (discovery))
    self->unreadable_seen_us = 0;
  disc_monitor_diagnosis_update (self);
}

/* GObject */

static void
disc_monitor_diagnosis_dispose (GObject *object)
{
  DiscMonitorDiagnosis *self = DISC_MONITOR_DIAGNOSIS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (disc_monitor_session_get_discovery (self->session), self);
      g_signal_handlers_disconnect_by_data (disc_monitor_session_get_masters (self->session), self);
    }
  g_clear_object (&self->session);

  G_OBJECT_CLASS (disc_monitor_diagnosis_parent_class)->dispose (object);
}

static void
disc_monitor_diagnosis_finalize (GObject *object)
{
  DiscMonitorDiagnosis *self = DISC_MONITOR_DIAGNOSIS (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (disc_monitor_diagnosis_parent_class)->finalize (object);
}

static void
disc_monitor_diagnosis_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DiscMonitorDiagnosis *self = DISC_MONITOR_DIAGNOSIS (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_HAS_ELIGIBLE_PEER:
      g_value_set_boolean (value, self->has_eligible_peer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_diagnosis_class_init (DiscMonitorDiagnosisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_monitor_diagnosis_dispose;
  object_class->finalize = disc_monitor_diagnosis_finalize;
  object_class->get_property = disc_monitor_diagnosis_get_property;

  /*
   * DiscMonitorDiagnosis:text:
   *
   * What is wrong, in one translated sentence; %NULL when nothing is.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  /*
   * DiscMonitorDiagnosis:level:
   *
   * How serious [property@DiscMonitorDiagnosis:text] is.
   */
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, DISC_TYPE_MONITOR_DIAGNOSIS_LEVEL,
                       DISC_MONITOR_DIAGNOSIS_NONE, flags);
  /*
   * DiscMonitorDiagnosis:has-eligible-peer:
   *
   * Whether a node other than the monitor could be master, so that the
   * monitor may hand mastership over.
   */
  properties[PROP_HAS_ELIGIBLE_PEER] =
    g_param_spec_boolean ("has-eligible-peer", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_diagnosis_init (DiscMonitorDiagnosis *self)
{
}

/**
 * disc_monitor_diagnosis_new:
 * @session: the session to look at
 *
 * Returns: (transfer full): a diagnosis, updated from now on
 */
DiscMonitorDiagnosis *
disc_monitor_diagnosis_new (DiscMonitorSession *session)
{
  DiscMonitorDiagnosis *self;
  DiscDiscovery *discovery;

  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (session), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_DIAGNOSIS, NULL);
  self->session = g_object_ref (session);
  discovery = disc_monitor_session_get_discovery (session);
  g_signal_connect (discovery, "drop-started", G_CALLBACK (on_drop_started), self);
  g_signal_connect (discovery, "notify::running", G_CALLBACK (on_running_notify), self);
  g_signal_connect (disc_monitor_session_get_masters (session), "items-changed",
                    G_CALLBACK (on_masters_changed), self);
  self->timeout_id = g_timeout_add_seconds (UPDATE_INTERVAL_S, on_timeout, self);
  disc_monitor_diagnosis_update (self);
  return self;
}

const char *
disc_monitor_diagnosis_get_text (DiscMonitorDiagnosis *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_DIAGNOSIS (self), NULL);
  return self->text;
}

DiscMonitorDiagnosisLevel
disc_monitor_diagnosis_get_level (DiscMonitorDiagnosis *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_DIAGNOSIS (self), DISC_MONITOR_DIAGNOSIS_NONE);
  return self->level;
}

gboolean
disc_monitor_diagnosis_get_has_eligible_peer (DiscMonitorDiagnosis *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_DIAGNOSIS (self), FALSE);
  return self->has_eligible_peer;
}
