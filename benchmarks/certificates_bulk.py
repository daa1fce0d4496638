"""Bulk issue of certificates end to end, next to an HTML-to-PDF engine.

Part 1 (ReportLab, the production path): records --count completions of one
event, then runs the real bulk issue (``bulk_issue_start`` → task →
``bulk_issue_run``: per certificate one transaction with its register number,
the PDF drawn and stored in the private storage, its SHA-256, the audit entry
and the notification). Afterwards every stored file is read back and its
checksum compared, and numbers are checked to be 1..N without gaps. Resident
memory is sampled every 0.25 s while it runs.

Part 2 (HTML to PDF): the same certificates (same text, QR code, funding
marks, programme page) as HTML printed to PDF by headless Chromium
(Playwright with /usr/bin/chromium), for --html-count of them; the per-page
time is measured in the same run.

    .venv/bin/python benchmarks/certificates_bulk.py --count 1000 --html-count 100

DATABASE_URL picks the database (default: a fresh SQLite file in a temporary
folder); files go to a temporary private folder that is removed at the end.

With --workers N (PostgreSQL only) the run is the production one: the chunks
go to the database task queue and N ``manage.py db_worker`` processes take
them (settings ``benchmarks/certificates_settings.py``); the wall time runs
from ``bulk_issue_start`` until the run is done. The database must be fresh.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh db> \\
        .venv/bin/python benchmarks/certificates_bulk.py --count 1000 \\
        --html-count 0 --workers 2

The last line printed is ``BENCH {json}`` with the figures (for
``benchmarks/run.py``).
"""

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class MemorySampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self):
        start = time.perf_counter()
        while not self.stop.is_set():
            self.samples.append((time.perf_counter() - start, rss_mib()))
            time.sleep(0.25)


WORKER_APPLICATION = "szkola-bench-worker"


def setup(tmp: Path, *, workers: int = 0) -> None:
    settings_module = (
        "benchmarks.certificates_settings" if workers else "szkola.settings.test"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp / "private")
    call_command("migrate", verbosity=0, interactive=False)


SOURCE = {
    "kind": "event",
    "id": 777001,
    "title": "Szkolenie regionalne: współpraca międzysektorowa w gminie",
    "hours": "14.0",
    "date_from": "2021-02-15",
    "date_to": "2021-02-16",
    "place": "Rzeszów",
    "organiser": "18",
    "programme": [
        {"topic": "Model kooperacji i rola koordynatora", "hours": "4.0"},
        {"topic": "Diagnoza potrzeb i zasobów gminy", "hours": "4.0"},
        {
            "topic": "Plan współpracy OPS, PUP i organizacji pozarządowych",
            "hours": "6.0",
        },
    ],
    "language": "pl",
}


def seed(count: int):
    from django.db import transaction

    from certificates.models import Completion
    from szkola.accounts.models import User

    first = ["Zofia", "Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Jerzy", "Żaneta"]
    last = ["Wiśniewska", "Kołodziej", "Gąsior", "Śliwińska", "Żółtowski", "Nowak"]
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench{n:05d}@example.org",
                    first_name=first[n % len(first)],
                    last_name=last[n % len(last)],
                    password="!",
                )
                for n in range(count)
            ]
        )
        users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
        Completion.objects.bulk_create(
            [
                Completion(
                    user=user,
                    source_kind="event",
                    source_id=SOURCE["id"],
                    source_title=SOURCE["title"],
                    organiser="18",
                    snapshot={**SOURCE, "completion_id": n},
                )
                for n, user in enumerate(users)
            ]
        )
        admin = User.objects.create_superuser(
            email="bench-admin@example.org", password=None
        )
    return admin


def workers_start(count: int, tmp: Path) -> list[subprocess.Popen]:
    """``count`` db_worker processes on the benchmark's database; returns
    once each has connected (so their start-up is not timed)."""
    from django.db import connection

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.certificates_settings",
        "CERTIFICATES_PRIVATE_ROOT": str(tmp / "private"),
        "PGAPPNAME": WORKER_APPLICATION,
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.05",
                "--no-reload",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            break
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND application_name = %s",
                [WORKER_APPLICATION],
            )
            if cursor.fetchone()[0] >= count:
                return processes
        time.sleep(0.2)
    workers_stop(processes)
    raise RuntimeError("the db_worker processes did not start")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes on this machine (0 for one gone)."""
    from benchmarks.serving import process_cpu_seconds

    return sum(process_cpu_seconds(pid) for pid in pids)


def server_pids() -> list[int]:
    """The PostgreSQL backends serving the workers (when the server runs on
    this machine, /proc shows their CPU time)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            [WORKER_APPLICATION],
        )
        return [row[0] for row in cursor.fetchall()]


def workers_stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run_reportlab(count: int, *, workers: int = 0, tmp: Path | None = None) -> dict:
    from django.db import connection

    from certificates.models import BulkIssue, Certificate
    from certificates.services import bulk_issue_start
    from certificates.storage import private_storage

    admin = seed(count)
    processes = workers_start(workers, tmp) if workers else []
    sampler = MemorySampler()
    sampler.start()
    worker_pids = [process.pid for process in processes]
    backends_before = {
        pid: cpu_seconds([pid]) for pid in (server_pids() if workers else [])
    }
    cpu_before = cpu_seconds(worker_pids)
    try:
        started = time.perf_counter()
        bulk = bulk_issue_start(
            source_kind="event", source_id=SOURCE["id"], actor=admin
        )
        while workers:  # the workers issue; wait until the run is done
            status = BulkIssue.objects.values_list("status", flat=True).get(pk=bulk.pk)
            if status in (BulkIssue.Status.DONE, BulkIssue.Status.FAILED):
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        cpu_workers = cpu_seconds(worker_pids) - cpu_before
        # Backends opened since (a connection older than CONN_MAX_AGE is
        # replaced) count whole; one closed meanwhile is missed.
        cpu_server = sum(
            cpu_seconds([pid]) - backends_before.get(pid, 0)
            for pid in (server_pids() if workers else [])
        )
    finally:
        sampler.stop.set()
        sampler.join()
        workers_stop(processes)
    bulk = BulkIssue.objects.get(pk=bulk.pk)
    assert bulk.status == BulkIssue.Status.DONE, bulk.status

    storage = private_storage()
    checked = 0
    sizes = []
    for _number, path, digest in Certificate.objects.order_by("sequence").values_list(
        "sequence", "pdf", "pdf_sha256"
    ):
        with storage.open(path, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == digest, path
        sizes.append(len(data))
        checked += 1
    sequences = list(
        Certificate.objects.order_by("sequence").values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, count + 1)), "numbers are not 1..N"
    samples = sampler.samples
    fifth = max(1, len(samples) // 5)
    return {
        "count": count,
        "issued": bulk.issued,
        "wall_s": wall,
        "per_cert_ms": wall / count * 1000,
        "checked": checked,
        "pdf_kib_mean": statistics.mean(sizes) / 1024,
        "rss_first_fifth_mib": max(s[1] for s in samples[:fifth]),
        "rss_last_fifth_mib": max(s[1] for s in samples[-fifth:]),
        "rss_peak_mib": max(s[1] for s in samples),
        "database": connection.vendor,
        "workers": workers,
        # CPU time while timed, per certificate: the db_worker processes
        # and their PostgreSQL backends (a figure load on the machine
        # changes far less than the wall time).
        "cpu_workers_ms": cpu_workers / count * 1000 if workers else None,
        "cpu_server_ms": cpu_server / count * 1000 if workers else None,
    }


HTML = """<!doctype html><html lang="pl"><head><meta charset="utf-8">
<title>Zaświadczenie {number}</title>
<style>
@font-face {{ font-family: DejaVu; src: url("data:font/ttf;base64,{font}"); }}
@page {{ size: A4 landscape; margin: 0; }}
body {{ font-family: DejaVu, sans-serif; margin: 0; }}
.page {{ width: 297mm; height: 210mm; position: relative; page-break-after: always; }}
.frame {{ position: absolute; inset: 10mm 10mm 30mm 10mm; border: 2px solid #123a6b; text-align: center; }}
h1 {{ color: #123a6b; font-size: 30pt; margin-top: 14mm; }}
.name {{ font-size: 22pt; font-weight: bold; }}
.qr {{ position: absolute; right: 20mm; bottom: 33mm; width: 26mm; height: 26mm; }}
.bar {{ position: absolute; left: 20mm; right: 20mm; bottom: 8mm; display: flex; justify-content: space-between; font-size: 7pt; }}
table {{ width: 100%; border-collapse: collapse; }} td {{ padding: 2mm; }}
</style></head><body>
<div class="page"><div class="frame"><h1>ZAŚWIADCZENIE</h1><p>Nr {number}</p>
<p>Niniejszym zaświadcza się, że</p><p class="name">{name}</p>
<p>ukończył(a) szkolenie „{title}”</p><p>w wymiarze 14 godzin, w dniach 15.02.2021 – 16.02.2021, miejsce: Rzeszów.</p></div>
<div class="qr">{qr}</div>
<div class="bar"><span>Fundusze Europejskie — Program Wiedza Edukacja Rozwój</span><span>Rzeczpospolita Polska</span><span>Unia Europejska — Europejski Fundusz Społeczny</span></div></div>
<div class="page"><h2>Program</h2><table>{rows}</table></div>
</body></html>"""


def run_chromium(count: int) -> dict | None:
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if count <= 0 or not os.path.exists(chromium):
        return None
    import qrcode
    import qrcode.image.svg
    from playwright.sync_api import sync_playwright

    from certificates.models import Certificate
    from certificates.services import verification_url

    font = base64.b64encode(
        (ROOT / "static/fonts/dejavu/DejaVuSans.ttf").read_bytes()
    ).decode()
    rows = "".join(
        f"<tr><td>{item['topic']}</td><td>{item['hours']}</td></tr>"
        for item in SOURCE["programme"]
    )
    certificates = list(Certificate.objects.order_by("sequence")[:count])
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        for certificate in certificates:
            started = time.perf_counter()
            svg = io.BytesIO()
            qrcode.make(
                verification_url(certificate.code),
                image_factory=qrcode.image.svg.SvgPathImage,
            ).save(svg)
            html = HTML.format(
                number=certificate.number,
                name=certificate.recipient_name,
                title=certificate.title,
                font=font,
                qr=svg.getvalue().decode().split("?>", 1)[-1],
                rows=rows,
            )
            page.set_content(html, wait_until="load")
            pdf = page.pdf(format="A4", landscape=True, print_background=True)
            hashlib.sha256(pdf).hexdigest()
            times.append(time.perf_counter() - started)
        browser.close()
    return {
        "count": len(times),
        "per_cert_ms": statistics.mean(times) * 1000,
        "median_ms": statistics.median(times) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--html-count", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="certificates-bench-"))
    try:
        setup(tmp, workers=args.workers)
        result = run_reportlab(args.count, workers=args.workers, tmp=tmp)
        where = f"{args.workers} db_worker processes" if args.workers else "in process"
        print(
            f"ReportLab bulk issue ({where}) on {result['database']}: "
            f"{result['issued']} issued "
            f"in {result['wall_s']:.2f} s wall ({result['per_cert_ms']:.1f} ms per "
            f"certificate, end to end), {result['checked']} checksums verified, "
            f"numbers 1..{result['count']} without gaps, mean PDF "
            f"{result['pdf_kib_mean']:.0f} KiB"
        )
        if args.workers:
            print(
                f"CPU time per certificate while timed: db_worker processes "
                f"{result['cpu_workers_ms']:.1f} ms, their PostgreSQL backends "
                f"{result['cpu_server_ms']:.1f} ms"
            )
        print(
            f"Resident memory: peak {result['rss_peak_mib']:.0f} MiB; max in first "
            f"fifth {result['rss_first_fifth_mib']:.0f} MiB, in last fifth "
            f"{result['rss_last_fifth_mib']:.0f} MiB"
        )
        html = run_chromium(args.html_count)
        if html is None:
            print("HTML to PDF: skipped (no Chromium, or --html-count 0)")
        else:
            per_1000 = html["per_cert_ms"]
            print(
                f"Chromium print-to-PDF: {html['count']} certificates, "
                f"{html['per_cert_ms']:.0f} ms mean ({html['median_ms']:.0f} ms "
                f"median) per certificate, PDF only (no records, no storage); "
                f"1,000 would take ~{per_1000:.0f} s"
            )
            print(
                f"Ratio: Chromium / ReportLab end to end = "
                f"{html['per_cert_ms'] / result['per_cert_ms']:.1f}x"
            )
        figures = {
            "figure": f"{result['issued']} certificates in {result['wall_s']:.1f} s "
            f"({result['per_cert_ms']:.1f} ms each, {where}, {result['database']})",
            "value": result["wall_s"],
            "target": "≤ 10 s (1,000, PostgreSQL, 2 workers)",
            "met": result["wall_s"] <= 10 * result["count"] / 1000,
            "details": {**result, "html": html},
        }
        print("BENCH " + json.dumps(figures, default=str))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
