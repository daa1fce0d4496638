"""Throughput of a lesson page for an enrolled participant, next to a plain
Wagtail page and a minimal Django view, all served by gunicorn in one run.

The demo site is built in a fresh SQLite file (``migrate`` + ``seed_demo``),
then gunicorn (sync workers, like production pages over WSGI) serves it with
``benchmarks/courses_settings.py``. Client processes open a new connection
per request (gunicorn's sync workers close it after each response) and
request one URL as fast as they can for --seconds; the three URLs take turns
for --rounds rounds and the median of the rounds is reported.

    .venv/bin/python benchmarks/courses_lesson.py --workers 2 --clients 4 \\
        --seconds 5 --rounds 3

DATABASE_URL picks another database (it must be empty or already seeded).
"""

import argparse
import http.client
import json
import multiprocessing
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


def prepare(tmp: Path) -> dict:
    """Seed the demo site; return the URLs and the participant's cookie."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from courses.models import Enrolment, LessonPage
    from szkola.home import demo_people
    from szkola.home.models import StandardPage

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))
    enrolment = (
        Enrolment.objects.filter(
            user__email=demo_people.DEMO_PARTICIPANT_EMAIL, status="active"
        )
        .select_related("user", "course")
        .order_by("pk")
        .first()
    )
    lesson = LessonPage.objects.descendant_of(enrolment.course).live().first()
    plain = StandardPage.objects.live().order_by("depth", "path").first()
    client = Client()
    client.force_login(enrolment.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    return {
        "lesson": (lesson.url, cookie, "data-course-progress"),
        "wagtail": (plain.url, "", plain.title),
        # The same plain page for the same signed-in participant: session,
        # user and notification lookups cost the same as on the lesson.
        "wagtail-in": (plain.url, cookie, plain.title),
        "minimal": ("/bench/minimal/", "", "ok"),
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="courses-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.courses_settings",
        "PYTHONPATH": str(ROOT),
        "MEDIA_ROOT": str(tmp / "media"),
        "CERTIFICATES_PRIVATE_ROOT": str(tmp / "private"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.update(env)
    server = None
    try:
        started = time.perf_counter()
        targets = prepare(tmp)
        print(f"demo site seeded in {time.perf_counter() - started:.1f} s")
        server = subprocess.Popen(
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
        deadline = time.time() + 30
        while True:
            try:
                check(args.port, *targets["minimal"])
                break
            except (OSError, SystemExit):
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        for path, cookie, expected in targets.values():
            check(args.port, path, cookie, expected)
            measure(args.port, path, cookie, clients=args.clients, seconds=1)  # warm
        rates: dict[str, list[float]] = {name: [] for name in targets}
        for _round in range(args.rounds):
            for name, (path, cookie, _expected) in targets.items():
                rate, errors = measure(
                    args.port, path, cookie, clients=args.clients, seconds=args.seconds
                )
                if errors:
                    print(f"  {name}: {errors} non-200 responses")
                rates[name].append(rate)
        load = os.getloadavg()[0]
        print(
            f"gunicorn {args.workers} sync workers, {args.clients} client processes, "
            f"{args.rounds} x {args.seconds:.0f} s per URL, load avg {load:.1f}"
        )
        median = {name: statistics.median(values) for name, values in rates.items()}
        for name, (path, _cookie, _expected) in targets.items():
            runs = ", ".join(f"{r:.0f}" for r in rates[name])
            print(f"  {name:10} {path:48} {median[name]:7.0f} req/s   ({runs})")
        print(
            "  lesson / wagtail page, same user signed in: "
            f"{median['lesson'] / median['wagtail-in']:.2f}"
        )
        print(
            "  lesson / wagtail page, anonymous: "
            f"{median['lesson'] / median['wagtail']:.2f}"
        )
        print(f"  lesson / minimal view: {median['lesson'] / median['minimal']:.2f}")
        print(f"  wagtail / minimal view: {median['wagtail'] / median['minimal']:.2f}")
        ratio = median["lesson"] / median["wagtail-in"]
        print("BENCH " + json.dumps({"figure": f"lesson {ratio:.2f}x the signed-in Wagtail page, load {load:.1f}", "target": "≥ 0.8x", "met": ratio >= 0.8}))  # fmt: skip
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=15)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
