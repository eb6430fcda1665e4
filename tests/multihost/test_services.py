#!/usr/bin/python3
"""Service discovery across three hosts (network namespaces on one bridge).

host0 runs the service-web example, which needs service.database.redis and
service.database.mongo; host1 and host2 offer them with the
service-register example. All three use the examples' defaults (broadcast
on every interface, a hello every 1000 ms, a check every 2000 ms, a node
timeout of 2000 ms), which is safe here: each namespace has only its veth
and its loopback.

  - web is ready once both databases are up, each set up by its hook;
  - SIGKILL of mongo (no goodbye) makes web notready within
    node-timeout + check-interval (+ a hello interval of slack), and not
    before the timeout could have expired;
  - mongo restarted: ready again;
  - SIGTERM of redis (it stops and says goodbye) makes web notready at
    once, sooner than any timeout could;
  - redis restarted: ready again; everything exits cleanly on SIGTERM.

Every wait has a deadline; processes are killed and namespaces removed
even on failure (netns.Lab).

Usage: test_services.py BUILD_DIR SOURCE_DIR
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402
from netns import check, wait_for  # noqa: E402

HELLO, CHECK, NODE_TIMEOUT = 1.0, 2.0, 2.0   # the examples' defaults, in seconds
SLACK = 1.0                                  # process scheduling and pipe reading
KILL_BOUND = NODE_TIMEOUT + CHECK + HELLO + SLACK
# Without a goodbye, a node heard at most one hello interval before it died
# cannot be dropped sooner than this after it died.
TIMEOUT_FLOOR = NODE_TIMEOUT - HELLO - 0.1
GOODBYE_BOUND = TIMEOUT_FLOOR - 0.05

REDIS = "service.database.redis"
MONGO = "service.database.mongo"


def started_id(lab, process):
    started = wait_for(lambda: process.lines_of("started"), 15)
    check(started, "%s did not start" % " ".join(process.argv), lab)
    return started[0]["id"]


def wait_count(lab, process, word, count, timeout, what):
    """Waits until the process printed @count lines of @word; returns the time seen."""
    ok = wait_for(lambda: len(process.lines_of(word)) >= count, timeout, interval=0.02)
    seen = time.monotonic()
    check(ok, "%s (waited %.0f s)" % (what, timeout), lab)
    return seen


def notready_for(process, name):
    return [n for n in process.lines_of("notready") if n.get("service") == name]


def check_ready_services(lab, web, hosts_by_service):
    ready = web.lines_of("ready")[-1]
    check(set(ready) == set(hosts_by_service),
          "ready lists %s, expected %s" % (sorted(ready), sorted(hosts_by_service)), lab)
    for name, (host, node_id) in hosts_by_service.items():
        nodes = ready[name]
        check(len(nodes) == 1, "%s has %d candidates, expected 1" % (name, len(nodes)), lab)
        check(nodes[0]["address"] == host.address and nodes[0]["id"] == node_id,
              "%s offered by %s (%s), expected %s (%s)" % (
                  name, nodes[0]["address"], nodes[0]["id"], host.address, node_id), lab)
        check(nodes[0]["info"]["name"] == name, "%s advertises %r" % (name, nodes[0]["info"]), lab)


def main():
    build_dir = sys.argv[1]
    examples = os.path.join(build_dir, "examples", "c")
    web_program = os.path.join(examples, "service-web")
    register_program = os.path.join(examples, "service-register")
    for program in (web_program, register_program):
        check(os.access(program, os.X_OK), "%s is not built" % program)
    netns.require_root_and_netns()

    # No DISC_* variable: the examples' defaults, as a user would run them.
    env = {k: "" for k in ("DISC_BROADCAST", "DISC_PORT", "DISC_HELLO_INTERVAL",
                           "DISC_CHECK_INTERVAL", "DISC_NODE_TIMEOUT")}
    with netns.Lab(3) as lab:
        web_host, redis_host, mongo_host = lab.hosts
        web = lab.spawn(web_host, [web_program], env)
        redis = lab.spawn(redis_host, [register_program, REDIS], env)
        mongo = lab.spawn(mongo_host, [register_program, MONGO], env)
        started_id(lab, web)
        redis_id = started_id(lab, redis)
        mongo_id = started_id(lab, mongo)

        # 1. Ready once both are there, each through its setup hook.
        wait_count(lab, web, "ready", 1, 30, "web never became ready")
        check_ready_services(lab, web, {REDIS: (redis_host, redis_id), MONGO: (mongo_host, mongo_id)})
        setups = web.lines_of("setup")
        check(sorted(s["service"] for s in setups) == [MONGO, REDIS],
              "setup hooks ran for %s" % [s["service"] for s in setups], lab)
        check(not web.lines_of("notready") and not web.lines_of("error"),
              "notready or error before anything left", lab)
        # The databases see web too, advertising that it is ready.
        wait_for(lambda: any(s["info"].get("ready") for s in redis.lines_of("service")), 10)

        # 2. mongo is killed: no goodbye, so the node timeout tells.
        mongo.kill()
        killed_at = time.monotonic()
        ok = wait_for(lambda: notready_for(web, MONGO), KILL_BOUND + 10, interval=0.02)
        seen = time.monotonic()
        check(ok, "no notready for mongo %.1f s after SIGKILL" % (seen - killed_at), lab)
        elapsed = seen - killed_at
        print("notready %.2f s after SIGKILL (bound %.2f s, floor %.2f s)"
              % (elapsed, KILL_BOUND, TIMEOUT_FLOOR))
        check(elapsed <= KILL_BOUND, "notready %.2f s after SIGKILL, bound %.2f s" % (elapsed, KILL_BOUND), lab)
        check(elapsed >= TIMEOUT_FLOOR,
              "notready %.2f s after SIGKILL: sooner than the node timeout allows" % elapsed, lab)
        check(len(web.lines_of("ready")) == 1, "ready again without mongo", lab)

        # 3. mongo is back: ready again, after its setup hook ran again.
        mongo2 = lab.spawn(mongo_host, [register_program, MONGO], env)
        mongo2_id = started_id(lab, mongo2)
        wait_count(lab, web, "ready", 2, 30, "web not ready again after mongo came back")
        check_ready_services(lab, web, {REDIS: (redis_host, redis_id), MONGO: (mongo_host, mongo2_id)})
        check(len([s for s in web.lines_of("setup") if s["service"] == MONGO]) == 2,
              "mongo's setup hook did not run again", lab)

        # 4. redis stops cleanly: its goodbye makes web notready at once.
        redis.signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        ok = wait_for(lambda: notready_for(web, REDIS), KILL_BOUND + 10, interval=0.01)
        elapsed = time.monotonic() - stopped_at
        check(ok, "no notready for redis after SIGTERM", lab)
        print("notready %.2f s after SIGTERM (goodbye bound %.2f s)" % (elapsed, GOODBYE_BOUND))
        check(elapsed < GOODBYE_BOUND,
              "notready %.2f s after SIGTERM: the goodbye was not heard" % elapsed, lab)
        check(redis.popen.wait(timeout=10) == 0, "service-register did not exit cleanly", lab)

        # 5. redis is back: ready a third time.
        redis2 = lab.spawn(redis_host, [register_program, REDIS], env)
        redis2_id = started_id(lab, redis2)
        wait_count(lab, web, "ready", 3, 30, "web not ready again after redis came back")
        check_ready_services(lab, web, {REDIS: (redis_host, redis2_id), MONGO: (mongo_host, mongo2_id)})
        check(len(notready_for(web, REDIS)) == 1 and len(notready_for(web, MONGO)) == 1,
              "unexpected notready lines: %s" % web.lines_of("notready"), lab)
        check(not web.lines_of("error"), "errors: %s" % web.lines_of("error"), lab)

        for process in (web, mongo2, redis2):
            check(process.terminate() == 0, "%s did not exit cleanly" % " ".join(process.argv), lab)
    print("ok: service-web is ready with both databases, notready when one dies or stops, ready when it is back")


if __name__ == "__main__":
    try:
        main()
    except netns.TestFailure as failure:
        print("FAIL: %s" % failure)
        sys.exit(1)
