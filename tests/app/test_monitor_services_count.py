#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The services page's count follows its search.

Against three `disc watch` peers advertising the services "api" and
"web" and no name: the services page counts "2 services". A search for
"api" shows api only, and the count must say so ("1 of 2 services"), as
the node table's does; clearing the search brings back "2 services". It
used to say "2 services" over a list of one.

Usage: test_monitor_services_count.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402
from test_monitor_columns import find_expander  # noqa: E402


def counts(app):
    return [l for l in lab.labels(app) if l.endswith(" service") or l.endswith(" services")]


def run(inner):
    inner.peer(1, *TIMING, "--host-name", "api-host", "--advertise", '{"name":"api"}', name="api")
    inner.peer(2, *TIMING, "--host-name", "web-host", "--not-eligible", "--advertise", '{"name":"web"}',
               name="web")
    inner.peer(3, *TIMING, "--host-name", "plain-host", "--not-eligible", name="plain")
    monitor = inner.monitor(*TIMING)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor is not on the accessibility bus")
    lab.press(app, "page tab", "Services")
    check(wait_for(lambda: counts(app) == ["2 services"], 15), "the services page does not count 2: %s"
          % counts(app))
    lab.set_text(app, "Search services", "api")
    check(wait_for(lambda: find_expander(app, "web") is None, 10), "the search for api keeps web")
    check(find_expander(app, "api") is not None, "the search for api hides api")
    check(wait_for(lambda: counts(app) == ["1 of 2 services"], 5),
          "with api alone shown, the count reads %s" % counts(app))
    step("search \"api\": %s" % counts(app))
    lab.set_text(app, "Search services", "")
    check(wait_for(lambda: counts(app) == ["2 services"], 5), "with the search cleared, the count reads %s"
          % counts(app))
    step("search cleared: %s" % counts(app))
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=4, timeout=120)
