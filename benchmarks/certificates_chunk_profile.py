"""Profile one bulk-issue chunk in process: its CPU time, its SQL statements
per certificate and where the time goes (cProfile).

Records --count completions of one event, plans a run as one chunk and runs
``bulk_chunk_run`` on it under cProfile, counting the SQL statements it sends
(with the settings of ``benchmarks/certificates_settings.py``: tasks, such as
the holders' emails, go to the database queue as in production). Prints the
statements per certificate by kind, the process CPU time per certificate and
the top of the profile by cumulative and by own time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh db> \\
        .venv/bin/python benchmarks/certificates_chunk_profile.py --count 100

The database must be fresh (it is migrated here); files go to a temporary
private folder removed at the end.
"""

import argparse
import collections
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print each statement")
    parser.add_argument(
        "--plain", action="store_true", help="no cProfile: CPU time as it is"
    )
    parser.add_argument(
        "--callees", default="", help="print what functions matching this call"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="certificates-profile-"))
    try:
        from certificates_bulk import SOURCE, seed, setup

        setup(tmp, workers=1)
        from django.conf import settings
        from django.db import connection

        from certificates.models import BulkIssue, BulkIssueChunk
        from certificates.services import bulk_chunk_run

        settings.CERTIFICATES_BULK_CHUNK = args.count
        admin = seed(args.count)
        bulk = BulkIssue.objects.create(
            source_kind="event",
            source_id=SOURCE["id"],
            source_title=SOURCE["title"],
            requested_by=admin,
        )
        from certificates.services import bulk_chunks_plan

        (chunk,) = bulk_chunks_plan(bulk=bulk)
        statements: list[str] = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        profile = cProfile.Profile()
        cpu = time.process_time()
        wall = time.perf_counter()
        with connection.execute_wrapper(count):
            if not args.plain:
                profile.enable()
            bulk_chunk_run(chunk_id=chunk.pk)
            profile.disable()
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        chunk = BulkIssueChunk.objects.get(pk=chunk.pk)
        assert chunk.issued == args.count, chunk.issued

        kinds = collections.Counter()
        for sql in statements:
            words = sql.split()
            kind = words[0].upper() if words else "?"
            if kind in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                table = next(
                    (
                        w.strip('"')
                        for w in words[1:]
                        if w.strip('"').split(".")[0].strip('"')
                        and ("_" in w)
                        and w.startswith('"')
                    ),
                    "",
                )
                kinds[f"{kind} {table}"] += 1
            else:
                kinds[kind] += 1
        print(
            f"{args.count} certificates on {connection.vendor}: "
            f"{len(statements)} statements "
            f"({len(statements) / args.count:.2f} per certificate), "
            f"CPU {cpu / args.count * 1000:.1f} ms, wall "
            f"{wall / args.count * 1000:.1f} ms per certificate"
            f"{'' if args.plain else ' (profiled)'}"
        )
        for kind, number in kinds.most_common():
            print(f"  {number / args.count:6.2f}  {kind}")
        if args.sql:
            for sql in statements[: 40 + 20]:
                print("   ", sql[:160])
        for order in ("cumulative", "tottime") if not args.plain else ():
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
            print(out.getvalue())
        if args.callees and not args.plain:
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
            stats.print_callees(args.callees)
            print(out.getvalue())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.certificates_settings")
    main()
