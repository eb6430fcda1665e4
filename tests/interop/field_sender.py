#!/usr/bin/python3
"""A libdisc node driven through GObject introspection, for
test_field_limits.py: it sets the properties, advertisement and message of
one case, and prints JSON lines: {"event": "refused", "stage", "message",
"domain", "code"} when start(), advertise() or send() refuses, else
{"event": "started", "id"} and then keeps saying hello (and sending) until
killed or --for seconds pass.

Usage: field_sender.py SPEC_JSON
  SPEC: {"props": {...}, "advertise": JSON text or null,
         "send": [channel, JSON text] or null, "for": seconds}
"""

import json
import sys

import gi
gi.require_version("Disc", "1.0")
gi.require_version("Json", "1.0")
from gi.repository import Disc, GLib, Json  # noqa: E402


def say(**fields):
    print(json.dumps(fields), flush=True)


def refused(stage, error):
    """An option error also says which property it names (its code's nick)."""
    option = None
    if hasattr(Disc, "OptionError") and error.matches(Disc.option_error_quark(), error.code):
        option = Disc.OptionError(error.code).value_nick
    say(event="refused", stage=stage, message=error.message,
        domain=error.domain, code=error.code, option=option)
    sys.exit(0)


def main():
    spec = json.loads(sys.argv[1])
    d = Disc.Discovery()
    for name, value in spec.get("props", {}).items():
        if name == "weight" and isinstance(value, str):
            value = float(value)      # "nan", "inf": JSON has no such numbers
        elif name == "dialect":
            value = getattr(Disc.Dialect, value.upper())
        d.set_property(name, value)
    if spec.get("advertise") is not None:
        try:
            d.advertise(Json.from_string(spec["advertise"]))
        except GLib.Error as e:
            refused("advertise", e)
    try:
        d.start()
    except GLib.Error as e:
        refused("start", e)
    message = spec.get("send")
    if message is not None:
        channel, text = message
        data = Json.from_string(text) if text is not None else None
        try:
            d.send(channel, data)
        except GLib.Error as e:
            refused("send", e)

        def again():
            try:
                d.send(channel, data)
            except GLib.Error as e:
                say(event="error", message=e.message)
            return True
        GLib.timeout_add(300, again)
    say(event="started", id=d.get_me().props.id)
    loop = GLib.MainLoop()
    GLib.timeout_add(int(spec.get("for", 10) * 1000), loop.quit)
    loop.run()
    d.stop()


if __name__ == "__main__":
    main()
