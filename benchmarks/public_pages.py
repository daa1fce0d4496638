"""Throughput of the anonymous public pages next to a minimal Django view,
served by gunicorn in one run, with the page cache on (and, with
--without-cache, off for comparison).

The demo site is built in a fresh database (``migrate`` + ``seed_demo``);
gunicorn sync workers serve it with ``benchmarks/courses_settings.py``.
With REDIS_URL set the cache (and so the page cache, shared by the workers)
is Redis, as in production.

    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python benchmarks/public_pages.py \\
        --workers 2 --clients 4 --seconds 3 --rounds 2
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.courses_lesson import check, measure  # noqa: E402


def prepare() -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from courses.models import CoursePage
    from events.models import EventPage

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))
    cache.clear()
    event = EventPage.objects.live().order_by("pk").first()
    course = CoursePage.objects.live().order_by("pk").first()
    return {
        "home": ("/", "Szkoła Kooperacji"),
        "courses": ("/kursy/", "</html>"),
        "events": ("/szkolenia/", "</html>"),
        "event": (event.url, event.title),
        "course": (course.url, course.title),
        "minimal": ("/bench/minimal/", "ok"),
    }


def serve(args, env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "szkola.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def run(args, env, targets) -> dict[str, float]:
    server = serve(args, env)
    try:
        deadline = time.time() + 30
        while True:
            try:
                check(args.port, targets["minimal"][0], "", "ok")
                break
            except (OSError, SystemExit):
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        for path, expected in targets.values():
            check(args.port, path, "", expected)
            measure(args.port, path, "", clients=args.clients, seconds=1)  # warm
        rates: dict[str, list[float]] = {name: [] for name in targets}
        for _round in range(args.rounds):
            for name, (path, _expected) in targets.items():
                rate, errors = measure(
                    args.port, path, "", clients=args.clients, seconds=args.seconds
                )
                if errors:
                    print(f"  {name}: {errors} non-200 responses")
                rates[name].append(rate)
        return {name: statistics.median(values) for name, values in rates.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--without-cache", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="public-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.courses_settings",
        "PYTHONPATH": str(ROOT),
        "MEDIA_ROOT": str(tmp / "media"),
        "CERTIFICATES_PRIVATE_ROOT": str(tmp / "private"),
        "PAGE_CACHE_SECONDS": "120",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.update(env)
    try:
        targets = prepare()
        modes = [("cache on", "120")]
        if args.without_cache:
            modes.append(("cache off", "0"))
        for label, seconds in modes:
            median = run(args, {**env, "PAGE_CACHE_SECONDS": seconds}, targets)
            print(
                f"{label}: gunicorn {args.workers} sync workers, {args.clients} "
                f"clients, {args.rounds} x {args.seconds:.0f} s per URL, "
                f"load avg {os.getloadavg()[0]:.1f}"
            )
            for name, (path, _expected) in targets.items():
                ratio = median[name] / median["minimal"]
                print(f"  {name:8} {path:40} {median[name]:7.0f} req/s  {ratio:5.2f}x")
            lowest = min(
                median[n] / median["minimal"] for n in targets if n != "minimal"
            )
            print("BENCH " + json.dumps({"figure": f"{label}: slowest page {lowest:.2f}x the minimal view", "target": "≥ 0.5x", "met": lowest >= 0.5}))  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
