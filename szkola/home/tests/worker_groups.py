"""Tests that share a costly build run on one test worker.

``make test`` runs pytest-xdist with ``--dist loadgroup``: a group of tests
is handed to one worker as a whole. The groups are those of
``seeding.one_worker_group`` (the tests reading the kept demo, a module
sharing a module-scoped build). pytest-xdist names a test's group by adding
it to the test's id, which the pytest this project pins no longer lets a
plugin change; so each worker writes the groups it collected to a file,
``var/xdist-groups-<controller's pid>.json``, and the controller's scheduler
reads them from there. Without the file (a run without xdist, or one that
collected no grouped test) every test is its own unit, as with
``--dist load``."""

import json
import os
from pathlib import Path

import pytest

GROUPS_DIR = Path(__file__).resolve().parents[3] / "var"


def _groups_file(controller_pid: int) -> Path:
    return GROUPS_DIR / f"xdist-groups-{controller_pid}.json"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # In a worker, xdist keeps ``--dist loadgroup`` as ``loadgroup``.
    if not hasattr(config, "workerinput") or not config.getvalue("loadgroup"):
        return
    from .seeding import one_worker_group

    groups = {}
    for item in items:
        group = one_worker_group(item)
        if group is not None:
            groups[item.nodeid] = group
    # Every worker collects the same tests and writes the same file; the
    # rename makes each write whole.
    target = _groups_file(os.getppid())
    target.parent.mkdir(exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(groups), encoding="utf-8")
    partial.replace(target)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    # Units go out in the order of the collection, not the biggest first:
    # pytest-django orders the tests as Django does, those in a rolled-back
    # transaction before those that commit and empty the tables afterwards.
    # A group of browser journeys sent first would empty the rows the
    # migrations made (Wagtail's root collection, its default workflow)
    # before the tests that rely on them.
    config.option.loadscopereorder = False

    class GroupScheduling(LoadGroupScheduling):
        """``loadgroup`` with the groups read from the workers' file."""

        groups: dict | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                path = _groups_file(os.getpid())
                try:
                    self.groups = json.loads(path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    self.groups = {}
            group = self.groups.get(nodeid)
            return f"group:{group}" if group else super()._split_scope(nodeid)

    return GroupScheduling(config, log)


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        _groups_file(os.getpid()).unlink(missing_ok=True)
