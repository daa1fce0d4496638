"""Run the benchmarks and print one table: benchmark, figure, target, met.

    .venv/bin/python benchmarks/run.py                     # every benchmark
    .venv/bin/python benchmarks/run.py certificates_bulk   # some of them
    make bench [BENCH="certificates_bulk public_pages"]

Each benchmark runs as its own process with the arguments of
docs/benchmarks.md and prints, as its last figures, ``BENCH {json}`` lines
(``figure``, ``target``, ``met``); the runner reads those. PostgreSQL and
Redis come from BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/szkola_bench, created if missing) and
BENCH_REDIS_URL (default redis://127.0.0.1:6379/3). A benchmark that needs an
empty database (certificates_bulk, events_registration_burst) gets
``<database>_<benchmark>``, dropped and created again for each run.
``courses_settings`` and ``courses_urls`` are settings, not benchmarks.

The machine's load average is printed before and after: the figures are
wall-clock times and rates, and other work on the machine changes them.
"""

import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/szkola_bench"
REDIS_URL = "redis://127.0.0.1:6379/3"


@dataclass
class Benchmark:
    name: str
    args: list[str]
    database: str = ""  # "", "shared" or "fresh" (PostgreSQL)
    redis: bool = False
    env: dict = field(default_factory=dict)


BENCHMARKS = [
    Benchmark(
        "certificates_bulk",
        ["--count", "1000", "--html-count", "0", "--workers", "2"],
        database="fresh",
    ),
    Benchmark(
        "courses_lesson",
        ["--workers", "2", "--clients", "2", "--seconds", "5", "--rounds", "3"],
    ),
    Benchmark(
        "events_registration_burst",
        ["--requests", "500", "--capacity", "30", "--workers", "2", "--threads", "1"],
        database="fresh",
        redis=True,
    ),
    Benchmark(
        "public_pages",
        ["--workers", "2", "--clients", "4", "--seconds", "3", "--rounds", "2"],
        redis=True,
    ),
    Benchmark(
        "ws_broadcast",
        ["--clients", "1000", "--broadcasts", "7"],
        database="shared",
        redis=True,
    ),
]


def database_ensure(url: str, *, fresh: bool) -> None:
    """Create the database of ``url`` if it is missing (drop it first when
    ``fresh``), connected to the server's ``postgres`` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def environment(benchmark: Benchmark) -> dict:
    env = {**os.environ, **benchmark.env, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    base = os.environ.get("BENCH_DATABASE_URL", DATABASE_URL)
    if benchmark.database == "fresh":
        env["DATABASE_URL"] = f"{base}_{benchmark.name.split('_')[0]}"
        database_ensure(env["DATABASE_URL"], fresh=True)
    elif benchmark.database == "shared":
        env["DATABASE_URL"] = base
        database_ensure(base, fresh=False)
    if benchmark.redis:
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
    return env


def run(benchmark: Benchmark) -> list[dict]:
    """The benchmark's ``BENCH`` rows, or one row saying why there are none."""
    started = time.monotonic()
    try:
        env = environment(benchmark)
        process = subprocess.run(
            [sys.executable, f"benchmarks/{benchmark.name}.py", *benchmark.args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    except Exception as error:  # noqa: BLE001 - reported in the table
        return [{"figure": f"not run: {error}", "target": "", "met": None}]
    sys.stdout.write(process.stdout)
    rows = [
        json.loads(line[len("BENCH ") :])
        for line in process.stdout.splitlines()
        if line.startswith("BENCH ")
    ]
    if process.returncode and not rows:
        last = (process.stderr.strip().splitlines() or ["(no output)"])[-1]
        rows = [{"figure": f"failed (exit {process.returncode}): {last}"}]
    for row in rows:
        row["seconds"] = time.monotonic() - started
    return rows


def table(results: list[tuple[str, dict]]) -> str:
    header = ("benchmark", "figure", "target", "met")
    lines = [header]
    for name, row in results:
        met = {True: "met", False: "NOT met", None: "—"}[row.get("met")]
        lines.append((name, row.get("figure", ""), row.get("target", ""), met))
    widths = [max(len(str(line[i])) for line in lines) for i in range(4)]
    out = []
    for number, line in enumerate(lines):
        out.append(
            " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line))
        )
        if number == 0:
            out.append("-+-".join("-" * width for width in widths))
    return "\n".join(out)


def main(argv: list[str]) -> int:
    known = {benchmark.name: benchmark for benchmark in BENCHMARKS}
    unknown = [name for name in argv if name not in known]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return 2
    chosen = [known[name] for name in argv] or BENCHMARKS
    load_before = os.getloadavg()
    results = []
    for benchmark in chosen:
        print(f"--- {benchmark.name}", flush=True)
        results.extend((benchmark.name, row) for row in run(benchmark))
    load_after = os.getloadavg()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print()
    print(
        f"{now}, {os.cpu_count()} cores, load average (1, 5, 15 min) "
        f"before {', '.join(f'{v:.1f}' for v in load_before)}, "
        f"after {', '.join(f'{v:.1f}' for v in load_after)}"
    )
    print(table(results))
    return 0 if all(row.get("met") for _name, row in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
