"""Tests sharing a build go to one test worker (``worker_groups``)."""

import json
import os

import pytest

from szkola.home.tests import worker_groups
from szkola.home.tests.seeding import kept_data, module_data, one_worker_group


def _module_build():
    return "built once for the module"


def _kept_build():
    return "kept across modules"


built = module_data(_module_build)
kept = kept_data(_kept_build)


@pytest.mark.django_db
def test_readers_of_a_module_build_form_their_modules_group(built, request):
    assert built == "built once for the module"
    assert one_worker_group(request.node) == f"module-{__name__}"


@pytest.mark.django_db
def test_readers_of_a_kept_build_form_one_group_across_modules(kept, request):
    assert kept == "kept across modules"
    assert one_worker_group(request.node) == f"kept-{__name__}._kept_build"


def test_a_test_without_a_shared_build_has_no_group(request):
    assert one_worker_group(request.node) is None


class _Config:
    """What the scheduler asks of pytest's config for ``-n 2 --dist loadgroup``."""

    class option:
        tx = ("popen", "popen")
        numprocesses = 2
        dist = "loadgroup"
        loadscopereorder = True

    def getoption(self, name):
        return getattr(self.option, name)

    getvalue = getoption


def test_the_scheduler_keeps_a_group_together_and_the_rest_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_groups, "GROUPS_DIR", tmp_path)
    # As a worker writes it after collecting (the controller is this process).
    (tmp_path / f"xdist-groups-{os.getpid()}.json").write_text(
        json.dumps({"a.py::test_1": "kept-demo", "b.py::test_2": "kept-demo"})
    )
    scheduler = worker_groups.pytest_xdist_make_scheduler(_Config(), None)

    assert scheduler._split_scope("a.py::test_1") == "group:kept-demo"
    assert scheduler._split_scope("b.py::test_2") == "group:kept-demo"
    assert scheduler._split_scope("a.py::test_3") == "a.py::test_3"


class _Worker:
    """What the scheduler calls on a test worker."""

    def __init__(self, name):
        self.gateway = type("Gateway", (), {"id": name})()
        self.shutting_down = False
        self.sent: list[int] = []

    def send_runtest_some(self, indices):
        self.sent.extend(indices)

    def shutdown(self):
        self.shutting_down = True


def test_units_go_out_in_the_collections_order_not_the_biggest_first(
    tmp_path, monkeypatch
):
    # pytest-django puts the tests in a rolled-back transaction first; a
    # bigger group of committing journeys must not overtake them.
    monkeypatch.setattr(worker_groups, "GROUPS_DIR", tmp_path)
    collection = [
        "a.py::test_reads_the_migrations_rows",
        "b.py::test_reads_them_too",
        "e2e.py::test_journey_1",
        "e2e.py::test_journey_2",
        "e2e.py::test_journey_3",
    ]
    (tmp_path / f"xdist-groups-{os.getpid()}.json").write_text(
        json.dumps({nodeid: "module-e2e" for nodeid in collection[2:]})
    )
    scheduler = worker_groups.pytest_xdist_make_scheduler(_Config(), None)
    first, second = _Worker("gw0"), _Worker("gw1")
    for worker in (first, second):
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()

    # The two single tests first, then the group, whole, on one worker.
    assert first.sent == [0, 2, 3, 4]
    assert second.sent == [1]


def test_without_loadgroup_xdist_schedules_as_it_would(monkeypatch):
    config = _Config()
    monkeypatch.setattr(config.option, "dist", "load")
    assert worker_groups.pytest_xdist_make_scheduler(config, None) is None
