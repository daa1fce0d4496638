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

import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import serving  # noqa: E402


def prepare() -> dict:
    serving.demo_site_seed()
    from django.core.cache import cache

    from courses.models import CoursePage
    from events.models import EventPage

    cache.clear()
    event = EventPage.objects.live().order_by("pk").first()
    course = CoursePage.objects.live().order_by("pk").first()
    return {
        "home": ("/", "", "Szkoła Kooperacji"),
        "courses": ("/kursy/", "", "</html>"),
        "events": ("/szkolenia/", "", "</html>"),
        "event": (event.url, "", event.title),
        "course": (course.url, "", course.title),
        "minimal": ("/bench/minimal/", "", "ok"),
    }


def run(args, env, targets) -> dict[str, float]:
    server = serving.gunicorn_start(workers=args.workers, port=args.port, env=env)
    try:
        rates = serving.rates_measured(args, targets)
        return serving.medians(rates)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def main() -> None:
    parser = serving.arguments(
        __doc__.splitlines()[0], seconds=3.0, rounds=2, port=8766
    )
    parser.add_argument("--without-cache", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="public-bench-"))
    env = serving.bench_env(tmp, PAGE_CACHE_SECONDS="120")
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
            for name, (path, _cookie, _expected) in targets.items():
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
