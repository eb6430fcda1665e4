/* disc-membership.c: who is out there, and who is master
 *
 * The seed's rules, with its known failures fixed:
 *  - a node is added on its first hello and removed when it has not been
 *    heard for node-timeout (master-timeout if it is a master) or at once
 *    when it says goodbye;
 *  - when fewer than masters-required masters are alive, the best-ranked
 *    eligible nodes promote themselves. Rank is (weight, id), so equal
 *    weights can never make two nodes chase each other (node-discover #7);
 *  - when more than masters-required masters are alive, each master that
 *    is not among the best masters-required demotes itself, so after a
 *    partition heals or a master returns, exactly masters-required remain
 *    (node-discover #43). Among masters a manual promote() outranks an
 *    automatic one, the most recent first, so promote() sticks as the
 *    seed documents ("This causes the old master to demote");
 *  - demote(FALSE) hands mastership on: the node reports itself ineligible
 *    until another master shows up (or master-timeout + check-interval
 *    pass with none), instead of promoting itself again at the next check.
 *
 * Expiry is O(expired): nodes sit in two queues ordered by last hello, one
 * for masters and one for the rest, and each hello moves its node to the
 * tail. The election scan over the table runs only while a master is
 * missing. disc_membership_check_some() removes a bounded number of due
 * nodes per call, in the order their timeouts ran out, so that the
 * caller can spread a mass expiry over several main-loop iterations.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-membership"

#include "config.h"

#include <string.h>

#include "disc-membership.h"

/* The membership's part of a node's start-time options. */
DiscMembershipConfig
disc_membership_config_from_options (const DiscOptions *options)
{
  return (DiscMembershipConfig) {
    .check_interval_ms = options->check_interval,
    .node_timeout_ms = options->node_timeout,
    .master_timeout_ms = options->master_timeout,
    .masters_required = options->masters_required,
    .max_nodes = options->max_nodes,
    .observer = options->listen_only,
  };
}

struct _DiscMembership
{
  DiscMembershipConfig    config;
  DiscMembershipCallbacks callbacks;
  gpointer                user_data;

  DiscNode      *me;
  GHashTable    *nodes;          /* iid -> DiscNode (owned) */
  DiscNodeStore *store;
  GQueue         others;         /* DiscNode.expiry_link, oldest hello first */
  GQueue         masters;
  gint64         started_ms;
  gboolean       running;        /* between start() and reset() */
  gboolean       yielding;
  gint64         yield_deadline_ms;
  guint64        hello_serial;   /* hellos handled in full, to tell a node's states apart */
};

static void
emit (DiscMembership      *self,
      DiscMembershipEvent  event,
      DiscNode            *node)
{
  if (self->callbacks.event != NULL)
    self->callbacks.event (event, node, self->user_data);
}

static void
announce (DiscMembership *self)
{
  if (self->callbacks.announce != NULL)
    self->callbacks.announce (self->user_data);
}

/* > 0 when a outranks b for an automatic promotion. */
static int
compare_rank (DiscNode *a,
              DiscNode *b)
{
  if (a->weight != b->weight)
    return a->weight > b->weight ? 1 : -1;
  return strcmp (a->id, b->id);
}

/* > 0 when master a should stay rather than master b. */
static int
compare_master_rank (DiscNode *a,
                     DiscNode *b)
{
  if (a->promoted_at != b->promoted_at)
    return a->promoted_at > b->promoted_at ? 1 : -1;
  return compare_rank (a, b);
}

DiscMembership *
disc_membership_new (const DiscMembershipConfig    *config,
                     DiscNode                      *me,
                     const DiscMembershipCallbacks *callbacks,
                     gpointer                       user_data)
{
  DiscMembership *self = g_new0 (DiscMembership, 1);

  self->config = *config;
  if (callbacks != NULL)
    self->callbacks = *callbacks;
  self->user_data = user_data;
  self->me = g_object_ref (me);
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->store = disc_node_store_new ();
  g_queue_init (&self->others);
  g_queue_init (&self->masters);
  return self;
}

void
disc_membership_free (DiscMembership *self)
{
  if (self == NULL)
    return;
  /* No events from here on: the owner is going away. */
  memset (&self->callbacks, 0, sizeof self->callbacks);
  disc_membership_clear (self);
  g_hash_table_unref (self->nodes);
  g_object_unref (self->store);
  g_object_unref (self->me);
  g_free (self);
}

void
disc_membership_set_config (DiscMembership             *self,
                            const DiscMembershipConfig *config)
{
  self->config = *config;
}

void
disc_membership_start (DiscMembership *self,
                       gint64          now_ms)
{
  self->started_ms = now_ms;
  self->running = TRUE;
}

static GQueue *
queue_for (DiscMembership *self,
           DiscNode       *node)
{
  return node->is_master ? &self->masters : &self->others;
}

static void
remove_node (DiscMembership  *self,
             DiscNode        *node,
             GQueue          *queue,
             DiscLeaveReason  reason)
{
  g_autoptr(DiscNode) hold = g_object_ref (node);

  /* Out of the queue and the table before any handler runs: one that
   * stops the discovery from the notify below (or from the model's
   * items-changed) clears the table, and must not find it again. */
  node->hello_serial = 0;   /* no hello describes it any more */
  g_queue_unlink (queue, &node->expiry_link);
  g_hash_table_remove (self->nodes, node->id);
  _disc_node_set_leave_reason (node, reason);
  disc_node_store_remove (self->store, node);
  emit (self, DISC_MEMBERSHIP_REMOVED, node);
}

static void
set_me_master (DiscMembership *self,
               gboolean        is_master,
               gint64          promoted_at)
{
  gboolean was = self->me->is_master;

  self->me->promoted_at = promoted_at;
  _disc_node_set_is_master (self->me, is_master);
  if (is_master && !was)
    emit (self, DISC_MEMBERSHIP_PROMOTION, self->me);
  else if (!is_master && was)
    emit (self, DISC_MEMBERSHIP_DEMOTION, self->me);
  announce (self);
}

static guint
count_live_masters (DiscMembership *self)
{
  return g_queue_get_length (&self->masters) + (self->me->is_master ? 1 : 0);
}

/* A master steps down when masters-required better masters are alive. */
static void
resolve_masters (DiscMembership *self)
{
  guint better = 0;

  if (!self->me->is_master || count_live_masters (self) <= self->config.masters_required)
    return;

  for (GList *l = self->masters.head; l != NULL; l = l->next)
    if (compare_master_rank (l->data, self->me) > 0)
      better++;

  if (better >= self->config.masters_required)
    set_me_master (self, FALSE, 0);
}

static void
elect (DiscMembership *self,
       gint64          now_ms)
{
  guint live_masters = count_live_masters (self);
  guint needed, better = 0;
  GHashTableIter iter;
  gpointer value;

  if (self->me->is_master)
    {
      resolve_masters (self);
      return;
    }

  /* Before master-timeout has passed since start we may simply not have
   * heard the master yet. Once reset (stopped), never: an event callback
   * may have reset us in the middle of a check or a goodbye. */
  if (!self->running || self->config.observer ||
      !self->me->is_master_eligible || self->yielding ||
      now_ms - self->started_ms < self->config.master_timeout_ms ||
      live_masters >= self->config.masters_required)
    return;

  needed = self->config.masters_required - live_masters;
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DiscNode *node = value;

      /* One whose timeout has run out is leaving, even if a check spread
       * over several calls has not removed it yet. */
      if (!node->is_master && node->is_master_eligible && compare_rank (node, self->me) > 0 &&
          now_ms - node->last_seen_mono_ms <= self->config.node_timeout_ms)
        if (++better >= needed)
          return;
    }

  set_me_master (self, TRUE, 0);
}

gboolean
disc_membership_handle_hello (DiscMembership  *self,
                              const char      *iid,
                              const char      *pid,
                              const char      *host_name,
                              const char      *address,
                              guint            port,
                              const DiscHello *hello,
                              gint64           now_ms,
                              gint64           wall_ms)
{
  return disc_membership_handle_hello_for (self, g_hash_table_lookup (self->nodes, iid),
                                           iid, pid, host_name, address, port, hello,
                                           now_ms, wall_ms, NULL);
}

/* The same, for a caller that has just looked @iid up itself (@node, or
 * NULL if it is new), so that a hello costs one lookup. *@serial, if not
 * NULL, is set to the node's hello_serial after this hello (0 when the
 * table is full), for core/disc-hello-cache.c. */
gboolean
disc_membership_handle_hello_for (DiscMembership  *self,
                                  DiscNode        *node,
                                  const char      *iid,
                                  const char      *pid,
                                  const char      *host_name,
                                  const char      *address,
                                  guint            port,
                                  const DiscHello *hello,
                                  gint64           now_ms,
                                  gint64           wall_ms,
                                  guint64         *serial)
{
  gboolean is_new = node == NULL;
  gboolean was_master = FALSE;

  if (serial != NULL)
    *serial = 0;
  if (is_new)
    {
      if (g_hash_table_size (self->nodes) >= self->config.max_nodes)
        return FALSE;
      node = _disc_node_new (iid, pid);
      g_hash_table_insert (self->nodes, node->id, node);
    }
  else
    {
      was_master = node->is_master;
      g_queue_unlink (queue_for (self, node), &node->expiry_link);
    }

  g_object_freeze_notify (G_OBJECT (node));
  _disc_node_set_host_name (node, host_name);
  _disc_node_set_address (node, address);
  _disc_node_set_port (node, port);
  _disc_node_set_is_master (node, hello->is_master);
  _disc_node_set_is_master_eligible (node, hello->is_master_eligible);
  _disc_node_set_accepts_control (node, hello->accepts_control);
  _disc_node_set_weight (node, hello->weight);
  _disc_node_set_info (node, hello->info);
  _disc_node_set_last_seen (node, wall_ms);
  node->last_seen_mono_ms = now_ms;
  node->promoted_at = hello->promoted_at;
  node->hello_serial = ++self->hello_serial;
  if (serial != NULL)
    *serial = node->hello_serial;
  g_queue_push_tail_link (queue_for (self, node), &node->expiry_link);
  /* A handler of these notifications may stop the discovery, which
   * removes the node: then this hello ends here. */
  g_object_ref (node);
  g_object_thaw_notify (G_OBJECT (node));
  if (node->hello_serial == 0)
    {
      if (serial != NULL)
        *serial = 0;
      g_object_unref (node);
      return TRUE;
    }

  if (is_new)
    {
      disc_node_store_append (self->store, node);
      emit (self, DISC_MEMBERSHIP_ADDED, node);
    }
  if (node->is_master && (is_new || !was_master))
    {
      self->yielding = FALSE;
      resolve_masters (self);
      emit (self, DISC_MEMBERSHIP_MASTER, node);
    }
  emit (self, DISC_MEMBERSHIP_HELLO, node);
  g_object_unref (node);
  return TRUE;
}

/* The same hello as the one that last set @node's fields in
 * disc_membership_handle_hello() (the caller knows it is: same source, same
 * bytes, and @node->hello_serial unchanged since). Such a hello would only
 * move last-seen, since every setter would compare equal and the node's
 * master state cannot change; so that is all this does, and it emits the
 * same HELLO event. */
void
disc_membership_refresh (DiscMembership *self,
                         DiscNode       *node,
                         gint64          now_ms,
                         gint64          wall_ms)
{
  GQueue *queue = queue_for (self, node);

  g_queue_unlink (queue, &node->expiry_link);
  node->last_seen_mono_ms = now_ms;
  g_queue_push_tail_link (queue, &node->expiry_link);
  g_object_ref (node);
  _disc_node_set_last_seen (node, wall_ms);
  /* Unless a handler of that notification removed it (stopped). */
  if (node->hello_serial != 0)
    emit (self, DISC_MEMBERSHIP_HELLO, node);
  g_object_unref (node);
}

gboolean
disc_membership_handle_goodbye (DiscMembership *self,
                                const char     *iid,
                                gint64          now_ms)
{
  DiscNode *node = g_hash_table_lookup (self->nodes, iid);

  if (node == NULL)
    return FALSE;
  remove_node (self, node, queue_for (self, node), DISC_LEAVE_GOODBYE);
  elect (self, now_ms);
  return TRUE;
}

/* When @node's timeout runs out: last hello + node-timeout, or
 * master-timeout for a master. */
static gint64
due_ms (DiscMembership *self,
        DiscNode       *node)
{
  return node->last_seen_mono_ms +
         (node->is_master ? self->config.master_timeout_ms : self->config.node_timeout_ms);
}

/* The next node to expire at @now_ms, or NULL: the head of either queue
 * (each is in order of last hello, so of due time), the earlier due
 * first, a master first on a tie so that an election is not kept waiting
 * behind the others. */
static DiscNode *
next_due (DiscMembership *self,
          gint64          now_ms)
{
  DiscNode *master = g_queue_peek_head (&self->masters);
  DiscNode *other = g_queue_peek_head (&self->others);

  if (master != NULL && now_ms - master->last_seen_mono_ms <= self->config.master_timeout_ms)
    master = NULL;
  if (other != NULL && now_ms - other->last_seen_mono_ms <= self->config.node_timeout_ms)
    other = NULL;
  if (master != NULL && other != NULL)
    return due_ms (self, master) <= due_ms (self, other) ? master : other;
  return master != NULL ? master : other;
}

void
disc_membership_check (DiscMembership *self,
                       gint64          now_ms)
{
  disc_membership_check_some (self, now_ms, G_MAXUINT);
}

/* The periodic check, with at most @max_removals nodes removed per call,
 * so that a mass expiry (a switch going down) can be spread over several
 * main-loop iterations instead of emitting thousands of signals in one.
 * The due nodes go in the order their timeouts ran out. Each call
 * decides afresh which nodes are due: one that said hello since the last
 * call is not. The election runs when nothing due is left, or at once
 * after a master was removed (nodes already due do not count in it: they
 * are leaving, see elect()). Returns TRUE if due nodes remain: call again. */
gboolean
disc_membership_check_some (DiscMembership *self,
                            gint64          now_ms,
                            guint           max_removals)
{
  gboolean master_removed = FALSE;
  gboolean more;
  DiscNode *node;

  for (guint removed = 0; removed < max_removals && (node = next_due (self, now_ms)) != NULL; removed++)
    {
      master_removed |= node->is_master;
      remove_node (self, node, queue_for (self, node), DISC_LEAVE_TIMEOUT);
    }
  more = next_due (self, now_ms) != NULL;

  if (self->yielding && now_ms >= self->yield_deadline_ms)
    {
      self->yielding = FALSE;
      announce (self);
    }
  if (!more || master_removed)
    elect (self, now_ms);
  return more;
}

void
disc_membership_promote (DiscMembership *self,
                         gint64          wall_ms)
{
  self->yielding = FALSE;
  _disc_node_set_is_master_eligible (self->me, TRUE);
  set_me_master (self, TRUE, MAX (wall_ms, 1));
}

void
disc_membership_demote (DiscMembership *self,
                        gboolean        permanent,
                        gint64          now_ms)
{
  if (permanent)
    {
      self->yielding = FALSE;
      _disc_node_set_is_master_eligible (self->me, FALSE);
    }
  else if (self->me->is_master)
    {
      self->yielding = TRUE;
      self->yield_deadline_ms = now_ms + self->config.master_timeout_ms + self->config.check_interval_ms;
    }
  set_me_master (self, FALSE, 0);
}

void
disc_membership_set_eligible (DiscMembership *self,
                              gboolean        eligible)
{
  if (!eligible && self->me->is_master)
    set_me_master (self, FALSE, 0);
  _disc_node_set_is_master_eligible (self->me, eligible);
}

gboolean
disc_membership_is_yielding (DiscMembership *self)
{
  return self->yielding;
}

void
disc_membership_fill_hello (DiscMembership *self,
                            DiscHello      *hello)
{
  hello->is_master = self->me->is_master;
  hello->is_master_eligible = self->me->is_master_eligible && !self->yielding;
  hello->weight = self->me->weight;
  hello->info = self->me->info ? json_node_ref (self->me->info) : NULL;
  hello->promoted_at = self->me->is_master ? self->me->promoted_at : 0;
  hello->accepts_control = self->me->accepts_control;
}

void
disc_membership_clear (DiscMembership *self)
{
  DiscNode *node;

  while ((node = g_queue_peek_head (&self->others)) != NULL)
    remove_node (self, node, &self->others, DISC_LEAVE_STOPPED);
  while ((node = g_queue_peek_head (&self->masters)) != NULL)
    remove_node (self, node, &self->masters, DISC_LEAVE_STOPPED);
  self->yielding = FALSE;
}

DiscNode *
disc_membership_lookup (DiscMembership *self,
                        const char     *iid)
{
  return g_hash_table_lookup (self->nodes, iid);
}

guint
disc_membership_get_n_nodes (DiscMembership *self)
{
  return g_hash_table_size (self->nodes);
}

guint
disc_membership_count_masters (DiscMembership *self)
{
  return count_live_masters (self);
}

DiscNodeStore *
disc_membership_get_store (DiscMembership *self)
{
  return self->store;
}

/* On stop: forget every peer, and stop claiming mastership, so that a
 * restart does not come back as a stale master. */
void
disc_membership_reset (DiscMembership *self)
{
  self->running = FALSE;
  disc_membership_clear (self);
  if (self->me->is_master)
    set_me_master (self, FALSE, 0);
}
