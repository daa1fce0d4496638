"""Shared by the page benchmarks: the demo site in a fresh database, served by
gunicorn sync workers with ``benchmarks/courses_settings.py``, and client
processes that request one URL as fast as they can.

A target is ``(path, cookie, expected)``: the URL, the session cookie to send
("" for none) and a text the page must contain."""

import argparse
import http.client
import multiprocessing
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process ``pid`` has used so far, read
    from /proc (Linux); 0 for a process that is gone. On a machine shared
    with other work a process's CPU says more than the wall clock."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def arguments(
    description: str, *, seconds: float, rounds: int, port: int
) -> argparse.ArgumentParser:
    """The options every page benchmark takes, with its own defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--port", type=int, default=port)
    return parser


def bench_env(tmp: Path, **extra: str) -> dict:
    """The environment of the run (also set in this process): the benchmark
    settings, media and private files under ``tmp`` and, unless DATABASE_URL
    names another, a fresh SQLite file there."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.courses_settings",
        "PYTHONPATH": str(ROOT),
        "MEDIA_ROOT": str(tmp / "media"),
        "CERTIFICATES_PRIVATE_ROOT": str(tmp / "private"),
        **extra,
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.update(env)
    return env


def demo_site_seed() -> None:
    """Set Django up in this process, migrate and seed the demo site."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", "--force", stdout=quiet)


def gunicorn_start(*, workers: int, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "szkola.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def _client(port: int, path: str, cookie: str, seconds: float, out) -> None:
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    done = errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
        finally:
            connection.close()
    out.put((done, errors))


def measure(port, path, cookie, *, clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second of ``clients`` processes over ``seconds``, and how
    many responses were not 200."""
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=_client, args=(port, path, cookie, seconds, queue)
        )
        for _n in range(clients)
    ]
    start = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _p in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return done / elapsed, errors


def check(port, path, cookie, expected: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    if response.status != 200 or expected not in body:
        raise SystemExit(f"{path}: HTTP {response.status}, {expected!r} missing")


def rates_measured(args, targets: dict) -> dict[str, list[float]]:
    """Wait (30 s at most) for the server on ``args.port`` to answer the
    "minimal" target, check and warm every target, then measure them in turn
    for ``args.rounds`` rounds (``args.clients`` clients, ``args.seconds``
    each): each target's requests per second, round by round."""
    port, clients, seconds = args.port, args.clients, args.seconds
    deadline = time.time() + 30
    while True:
        try:
            check(port, *targets["minimal"])
            break
        except (OSError, SystemExit):
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    for path, cookie, expected in targets.values():
        check(port, path, cookie, expected)
        measure(port, path, cookie, clients=clients, seconds=1)  # warm
    rates: dict[str, list[float]] = {name: [] for name in targets}
    for _round in range(args.rounds):
        for name, (path, cookie, _expected) in targets.items():
            rate, errors = measure(port, path, cookie, clients=clients, seconds=seconds)
            if errors:
                print(f"  {name}: {errors} non-200 responses")
            rates[name].append(rate)
    return rates


def medians(rates: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in rates.items()}


def session_key_signed_in(user) -> str:
    """A new session signed in as ``user`` (Django set up), for a client's
    ``sessionid`` cookie: stored as signing in stores it, through the
    configured SESSION_ENGINE (with ``cached_db``, in the database and the
    cache)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
