/* discovery.vala: libdisc from Vala
 *
 * Two Disc.Discovery instances in one process, on loopback: each joins
 * the "greetings" channel, greets every node it discovers, and prints what
 * it hears. When both have heard the other, both stop (peers get a
 * goodbye) and the program exits 0; if that takes longer than --timeout
 * seconds, it exits 1.
 *
 * It never leaves the machine: hellos go to the loopback broadcast
 * address unless --broadcast says otherwise.
 *
 *   valac --pkg disc-1 --pkg json-glib-1.0 discovery.vala
 *   ./discovery --port 23456 --timeout 10
 *
 * SPDX-License-Identifier: MIT
 */

const string CHANNEL = "greetings";

static string broadcast;
static int port = 12345;
static int timeout_s = 10;

const OptionEntry[] options = {
  { "broadcast", 'b', OptionFlags.NONE, OptionArg.STRING, ref broadcast,
    "Broadcast address (default 127.255.255.255, this machine only)", "ADDRESS" },
  { "port", 'p', OptionFlags.NONE, OptionArg.INT, ref port, "UDP port (default 12345)", "PORT" },
  { "timeout", 't', OptionFlags.NONE, OptionArg.INT, ref timeout_s,
    "Give up after this many seconds (default 10)", "SECONDS" },
  { null }
};

class Peer : Object {
  public string name { get; construct; }
  public Disc.Discovery discovery { get; private set; }
  public bool heard_other { get; private set; default = false; }

  public Peer (string name) {
    Object (name: name);
  }

  construct {
    discovery = new Disc.Discovery ();
    discovery.broadcast = broadcast;
    discovery.port = port;
    discovery.hello_interval = 200;
    discovery.check_interval = 400;
    discovery.node_timeout = 2000;
    discovery.master_timeout = 2000;

    try {
      discovery.advertise (Json.from_string ("{\"name\": \"%s\", \"language\": \"vala\"}".printf (name)));
    } catch (Error e) {
      printerr ("%s: advertise: %s\n", name, e.message);
    }

    discovery.added.connect (on_added);
    discovery.removed.connect ((node) => {
      print ("%s: removed %s\n", name, node.id);
    });
    discovery.promotion.connect (() => {
      print ("%s: promoted to master\n", name);
    });
    discovery.message[CHANNEL].connect (on_greeting);
    discovery.join (CHANNEL);
  }

  void on_added (Disc.Node node) {
    print ("%s: added %s at %s:%u, advertising %s\n", name, node.id, node.address, node.port,
           node.dup_info_json () ?? "nothing");

    var builder = new Json.Builder ();
    builder.begin_object ();
    builder.set_member_name ("from");
    builder.add_string_value (name);
    builder.set_member_name ("to");
    builder.add_string_value (node.id);
    builder.end_object ();
    try {
      discovery.send (CHANNEL, builder.get_root ());
    } catch (Error e) {
      printerr ("%s: send: %s\n", name, e.message);
    }
  }

  void on_greeting (string channel, Json.Node? data, Disc.Node? sender) {
    var text = data != null ? Json.to_string (data, false) : "null";
    print ("%s: message on %s: %s\n", name, channel, text);
    if (data != null && data.get_node_type () == Json.NodeType.OBJECT &&
        data.get_object ().get_string_member_with_default ("to", "") == discovery.get_me ().id)
      heard_other = true;
  }
}

int main (string[] args) {
  Intl.setlocale (LocaleCategory.ALL, "");
  try {
    var context = new OptionContext ("- two libdisc nodes greet each other");
    context.add_main_entries (options, null);
    context.parse (ref args);
  } catch (OptionError e) {
    printerr ("%s\n", e.message);
    return 2;
  }
  if (broadcast == null)
    broadcast = "127.255.255.255";

  var loop = new MainLoop ();
  var alice = new Peer ("alice");
  var bob = new Peer ("bob");
  var status = 1;

  foreach (var peer in new Peer[] { alice, bob }) {
    try {
      peer.discovery.start ();
    } catch (Disc.Error e) {
      printerr ("%s: start: %s (libdisc error %d)\n", peer.name, e.message, e.code);
      return 1;
    } catch (Error e) {
      printerr ("%s: start: %s\n", peer.name, e.message);
      return 1;
    }
  }

  // Sending on a reserved channel is refused with Disc.Error.RESERVED_CHANNEL.
  try {
    alice.discovery.send ("hello", new Json.Node (Json.NodeType.NULL));
  } catch (Disc.Error.RESERVED_CHANNEL e) {
    print ("alice: refused as expected: %s\n", e.message);
  } catch (Error e) {
    printerr ("alice: unexpected error: %s\n", e.message);
    return 1;
  }

  Timeout.add (50, () => {
    if (alice.heard_other && bob.heard_other) {
      print ("both greeted\n");
      status = 0;
      loop.quit ();
      return Source.REMOVE;
    }
    return Source.CONTINUE;
  });
  Timeout.add_seconds (timeout_s, () => {
    printerr ("timed out after %d s\n", timeout_s);
    loop.quit ();
    return Source.REMOVE;
  });

  loop.run ();

  alice.discovery.stop ();
  bob.discovery.stop ();
  return status;
}
