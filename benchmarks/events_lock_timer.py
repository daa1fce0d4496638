"""How long each request holds an event's lock, for
benchmarks/events_registration_burst.py only (listed in
``benchmarks/events_settings.py``, never in the project's settings).

The lock is the ``SELECT … FOR UPDATE`` of an ``events_eventstate`` row; it
is held from the moment that statement returns until the transaction
commits, which is when the callbacks ``on_commit`` registers run. Each
request that took it adds ``{"wait", "held", "commit", "cpu",
"statements"}`` (seconds waited for it, held, of that from the end of the
last statement to the end of the commit, of the thread's CPU time while
holding it, and the statements run while holding it) to a Redis list the script reads
afterwards; gunicorn's workers are separate processes."""

import json
import os
import time

from django.db import connection, transaction

LIST_KEY = "bench:event-lock"


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


class _LockTimer:
    def __init__(self):
        self.acquired = None
        self.wait = 0.0
        self.statements = 0
        self.rows = []

    def __call__(self, execute, sql, params, many, context):
        if self.acquired is not None:
            self.statements += 1
            result = execute(sql, params, many, context)
            self.last_done = time.perf_counter()
            return result
        if "FOR UPDATE" in sql and '"events_eventstate"' in sql:
            started = time.perf_counter()
            result = execute(sql, params, many, context)
            self.acquired = time.perf_counter()
            self.acquired_cpu = time.thread_time()
            self.wait = self.acquired - started
            self.last_done = self.acquired
            self.statements = 0
            transaction.on_commit(self._released)
            return result
        return execute(sql, params, many, context)

    def _released(self):
        released = time.perf_counter()
        self.rows.append(
            {
                "commit": released - self.last_done,
                "wait": self.wait,
                "held": released - self.acquired,
                "cpu": time.thread_time() - self.acquired_cpu,
                "statements": self.statements,
            }
        )
        self.acquired = None


class EventLockTimerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.redis = _redis()

    def __call__(self, request):
        timer = _LockTimer()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        if timer.rows:
            self.redis.rpush(LIST_KEY, *(json.dumps(row) for row in timer.rows))
        return response


def lock_times_read() -> list[dict]:
    """Every row the workers stored (and the list emptied)."""
    client = _redis()
    rows = [json.loads(raw) for raw in client.lrange(LIST_KEY, 0, -1)]
    client.delete(LIST_KEY)
    return rows
