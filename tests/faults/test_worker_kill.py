"""A task worker killed in the middle of a bulk issue: the task it held is
reclaimed, another worker finishes it, and every participant has exactly
one certificate with gap-free numbers. Real ``db_worker`` processes on the
test database, so PostgreSQL only (a worker cannot see SQLite's in-memory
test database)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from certificates.models import BulkIssue, Certificate
from certificates.register_check import register_check
from certificates.services import bulk_issue_start
from certificates.tests.factories import completion_create, coordinator_create
from szkola.live.task_queue import stale_reclaim

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = 48
# Three chunks (16 + 16 + 16): the killed worker holds one, two wait.
CHUNK = 16
WAIT_SECONDS = 180
WORKER_APPLICATION = "szkola-worker-kill-test"


@pytest.fixture
def database_tasks(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can share (PostgreSQL)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    settings.CERTIFICATES_BULK_CHUNK = CHUNK
    return tmp_path


def worker(tmp_path: Path) -> subprocess.Popen:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "szkola.settings.dev",
        "SECRET_KEY": "worker-test-secret-key-0123456789-0123456789",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "TASKS_BACKEND": "database",
        # Names the workers' database sessions, so that only they are ended.
        "PGAPPNAME": WORKER_APPLICATION,
        "CERTIFICATES_PRIVATE_ROOT": str(tmp_path / "private"),
    }
    environment.pop("REDIS_URL", None)
    return subprocess.Popen(
        # --no-reload: with DEBUG on, db_worker would run the worker in a
        # child process under Django's autoreloader, and a SIGKILL would end
        # only the reloader, leaving the worker running (and issuing).
        # --no-startup-delay: one worker at a time, no herd to spread out
        # (the delay is a random sleep of up to a second).
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {WAIT_SECONDS} s for {what}")


def test_a_killed_workers_bulk_issue_is_finished_by_another(database_tasks):
    source = {"kind": "event", "id": 4242, "organiser": "18"}
    for _ in range(PARTICIPANTS):
        completion_create(**source)
    coordinator = coordinator_create(scope="18")
    bulk = bulk_issue_start(source_kind="event", source_id=4242, actor=coordinator)

    first = worker(database_tasks)
    try:
        wait_for(lambda: Certificate.objects.count() >= 3, "the first certificates")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    killed_at = Certificate.objects.count()
    # Killed means stopped: nothing more is issued while no worker runs (a
    # worker left running issues a certificate every few hundredths of a
    # second, several in this half second).
    time.sleep(0.5)
    assert Certificate.objects.count() == killed_at
    bulk.refresh_from_db()
    if killed_at == PARTICIPANTS:
        pytest.fail("the worker finished before it could be killed: raise PARTICIPANTS")
    assert bulk.status == BulkIssue.Status.RUNNING

    # The killed worker's task is still marked running; reclaim it at once
    # (in production: task_queue --reclaim after 15 minutes).
    assert stale_reclaim(older_than=datetime.timedelta(0)) == 1

    second = worker(database_tasks)
    try:
        wait_for(
            lambda: BulkIssue.objects.get(pk=bulk.pk).status == BulkIssue.Status.DONE,
            "the second worker to finish",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=30)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait(timeout=30)
        # The killed worker's server session may outlive it for a moment;
        # the test database is dropped at the end of the run. Only the
        # workers' sessions: other tests' live servers share the database.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s",
                [WORKER_APPLICATION],
            )

    certificates = Certificate.objects.filter(source_kind="event", source_id=4242)
    assert certificates.count() == PARTICIPANTS
    assert certificates.values("completion_id").distinct().count() == PARTICIPANTS
    assert sorted(certificates.values_list("sequence", flat=True)) == list(
        range(1, PARTICIPANTS + 1)
    )
    assert register_check(credentials=False).problems == []
