#!/usr/bin/python3
"""The Python (or gjs) example programs run as written, on loopback, and
print what they should.

Usage: test_examples.py python|gjs EXAMPLES_DIR SERVICE_REGISTER

EXAMPLES_DIR is the source examples/ folder; SERVICE_REGISTER the built C
example that offers the databases the service example needs. The examples
read DISC_BROADCAST and DISC_PORT (and the timing variables of
examples/c/example-env.h) from the environment.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

CONFIG = {"redisMaster": "10.0.1.4"}


def interpreter(language):
    if language == "python":
        bt.require_pygobject()
        return [sys.executable]
    if language == "gjs":
        return [bt.require_program("gjs"), "-m"]
    bt.fail("unknown language " + language)


def test_discovery(command, example, env):
    """Two copies find each other; the master sends its configuration on
    config-updates and the other prints it; a stopped one says goodbye."""
    with bt.Group() as group:
        a = group.spawn("a", command + [example], env)
        b = group.spawn("b", command + [example], env)

        group.check(bt.wait_for(lambda: a.events("started") and b.events("started"), 15),
                    "the discovery example did not start")
        me_a, me_b = a.events("started")[0], b.events("started")[0]
        group.check(me_a["info"] == {"details": "about", "this": "service"},
                    "started line has the wrong info: %r" % me_a)

        group.check(bt.wait_for(lambda: a.events("added") and b.events("added"), 15),
                    "the two copies did not find each other")
        added_by_a = a.events("added")[0]
        group.check(added_by_a["id"] == me_b["id"], "a added a node that is not b")
        group.check(added_by_a["info"] == {"details": "about", "this": "service"},
                    "b's advertisement did not arrive intact: %r" % added_by_a)
        group.check(added_by_a["address"] == "127.0.0.1" and added_by_a["port"] == int(env["DISC_PORT"]),
                    "b seen at %s:%s" % (added_by_a["address"], added_by_a["port"]))

        # One of them becomes master and sends the configuration; the
        # other prints it.
        def configured():
            for master, other, master_me in ((a, b, me_a), (b, a, me_b)):
                if master.events("promotion"):
                    for message in other.events("message"):
                        if (message["channel"] == "config-updates" and message["data"] == CONFIG
                                and message["from"] == master_me["id"]):
                            return master, other
            return None

        pair = bt.wait_for(configured, 20)
        group.check(pair, "no master sent its configuration to the other copy")
        master, other = pair
        group.check(bt.wait_for(lambda: other.events("master"), 10),
                    "the other copy printed no master")

        # A stopped copy says goodbye: the other removes it long before
        # node-timeout would.
        master_id = master.events("started")[0]["id"]
        code = master.stop()
        group.check(code == 0, "the master exited with %s" % code)
        group.check(master.events("stopped"), "the master did not print 'stopped'")
        group.check(bt.wait_for(lambda: any(n["id"] == master_id for n in other.events("removed")), 10),
                    "the other copy did not remove the stopped master")
        code = other.stop()
        group.check(code == 0, "the other copy exited with %s" % code)


def test_service_discovery(command, example, service_register, env):
    """The web service sets up mongo through its asynchronous hook, is
    ready once redis and mongo are there, says so in its advertisement, and
    is not ready when redis goes away."""
    with bt.Group() as group:
        web = group.spawn("web", command + [example], env)
        group.check(bt.wait_for(lambda: web.events("started"), 15),
                    "the service example did not start")
        redis = group.spawn("redis", [service_register, "service.database.redis"], env)
        mongo = group.spawn("mongo", [service_register, "service.database.mongo"], env)

        group.check(bt.wait_for(lambda: web.events("ready"), 20), "the service example was never ready")
        setups = web.events("setup")
        group.check(len(setups) == 1 and setups[0]["service"] == "service.database.mongo"
                    and setups[0]["info"]["name"] == "service.database.mongo",
                    "expected one setup of service.database.mongo, got %r" % setups)
        ready = web.events("ready")[0]
        group.check(sorted(ready) == ["service.database.mongo", "service.database.redis"],
                    "ready lists %r" % sorted(ready))
        group.check([info["name"] for info in ready["service.database.mongo"]] == ["service.database.mongo"],
                    "ready has the wrong mongo candidates: %r" % ready)
        words = web.words()
        group.check(words.index("setup") < words.index("ready"), "ready came before the setup")
        services = [event["service"] for event in web.events("service")]
        group.check("service.database.mongo" in services and "service.database.redis" in services,
                    "service events: %r" % services)
        # The advertise line may follow ready by a moment: wait for it.
        group.check(bt.wait_for(lambda: {"name": "service.web", "ready": True} in web.events("advertise"), 10),
                    "the web service did not advertise that it is ready")

        code = redis.stop()
        group.check(code == 0, "service-register exited with %s" % code)
        group.check(bt.wait_for(lambda: {"service": "service.database.redis"} in web.events("notready"), 10),
                    "no notready for service.database.redis after it stopped")
        group.check(web.events("advertise")[-1] == {"name": "service.web", "ready": False},
                    "the web service still advertises that it is ready")
        group.check(web.stop() == 0, "the service example did not exit cleanly")
        group.check(web.events("stopped"), "the service example did not print 'stopped'")
        mongo.stop()


def main():
    language, examples_dir, service_register = sys.argv[1:4]
    command = interpreter(language)
    suffix = ".py" if language == "python" else ".js"
    folder = os.path.join(examples_dir, language)

    env = dict(bt.FAST_ENV, DISC_PORT=str(bt.free_port()))
    test_discovery(command, os.path.join(folder, "discovery" + suffix), env)
    print("ok 1 discovery example", flush=True)

    env = dict(bt.FAST_ENV, DISC_PORT=str(bt.free_port()))
    test_service_discovery(command, os.path.join(folder, "service-discovery" + suffix),
                           service_register, env)
    print("ok 2 service-discovery example", flush=True)


if __name__ == "__main__":
    main()
