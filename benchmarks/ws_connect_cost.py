"""What one Q&A socket's connect costs the server, measured in one process.

Prepares a room with --clients participants exactly as ``ws_broadcast.py``
does (production settings, PostgreSQL on DATABASE_URL, Redis on REDIS_URL),
then connects every participant's socket to the project's real ASGI
application (origin check, session, routing, channel layer) in waves of 100,
in this process, without a network server: what is left is the application's
own work. Two rounds: the first connect (sessions read from the database) and
a reconnect (everything the caches hold is warm). For each round it prints
the CPU time per connect (the whole process: the application and the test
client that stands in for the browsers), the trips to the thread that runs
database code (``sync_to_async`` calls) per connect and the SQL queries per
connect. Not one of the benchmarks in the table (``run.py``): a tool to see
where a connect's time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/szkola_bench \\
    REDIS_URL=redis://127.0.0.1:6379/6 \\
    .venv/bin/python benchmarks/ws_connect_cost.py --clients 200

Run it under a sampling profiler (``py-spy record -- ...``) to see where the
time goes.
"""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "production"))

from smoke import manage  # noqa: E402

from benchmarks.ws_broadcast import production_env  # noqa: E402

WAVE = 100


class Counters:
    """Counts of the calls that cost a connect its time."""

    def __init__(self):
        self.hops = 0
        self.queries = 0

    def install(self) -> None:
        from asgiref.sync import SyncToAsync
        from django.db.backends.utils import CursorWrapper

        counters = self
        call, execute = SyncToAsync.__call__, CursorWrapper.execute

        async def counted_call(self, *args, **kwargs):
            counters.hops += 1
            return await call(self, *args, **kwargs)

        def counted_execute(self, *args, **kwargs):
            counters.queries += 1
            return execute(self, *args, **kwargs)

        SyncToAsync.__call__ = counted_call
        CursorWrapper.execute = counted_execute

    def snapshot(self) -> tuple[int, int]:
        return self.hops, self.queries


async def connect_round(application, path: str, sessions: list[str]) -> list:
    from channels.testing import WebsocketCommunicator

    open_sockets = []

    async def connect_one(session: str) -> None:
        communicator = WebsocketCommunicator(
            application,
            path,
            headers=[
                (b"origin", b"http://127.0.0.1"),
                (b"cookie", f"sessionid={session}".encode()),
            ],
        )
        accepted, code = await communicator.connect(timeout=60)
        if not accepted:
            raise SystemExit(f"socket refused with code {code}")
        state = await communicator.receive_json_from(timeout=60)
        assert state["event"] == "state", state
        open_sockets.append(communicator)

    for start in range(0, len(sessions), WAVE):
        await asyncio.gather(*(connect_one(s) for s in sessions[start : start + WAVE]))
    return open_sockets


async def run(args, data, counters: Counters) -> None:
    from szkola.asgi import application

    path = f"/ws/na-zywo/{data['room']}/"
    clients = len(data["sessions"])
    for label in ("first connect", "reconnect"):
        before = counters.snapshot()
        cpu, wall = time.process_time(), time.perf_counter()
        sockets = await connect_round(application, path, data["sessions"])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        hops, queries = (
            (after - first) / clients
            for after, first in zip(counters.snapshot(), before, strict=True)
        )
        print(
            f"{label}: {clients} sockets in {wall:.2f} s wall, "
            f"{cpu / clients * 1000:.2f} ms CPU per connect, "
            f"{hops:.1f} trips to the database thread, "
            f"{queries:.1f} queries per connect",
            flush=True,
        )
        await asyncio.gather(*(s.disconnect() for s in sockets))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    env = production_env(channels_prefix="szkola-bench-connect")
    manage("migrate", "--noinput", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import close_old_connections

    from benchmarks.ws_broadcast import prepare

    data = prepare(args.clients, 1)
    close_old_connections()
    counters = Counters()
    counters.install()
    import uvloop

    uvloop.run(run(args, data, counters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
