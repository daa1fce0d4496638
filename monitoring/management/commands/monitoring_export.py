"""Write the EFS monitoring export (SL2014 participants and institutions).

    manage.py monitoring_export --format sl2014 [--voivodeship 18]
        [--from 2021-01-01 --to 2021-03-31] [--as koordynator@...] --out FILE.xlsx

Without ``--as`` it runs with the shell operator's full access; with it, the
named coordinator's scope applies (and a voivodeship outside it is refused).
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from szkola.accounts.models import User
from szkola.accounts.services import audit_log

from ...errors import MonitoringError
from ...exports import sl2014_workbook
from ...selectors import records_for_export


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Export EFS participant data in the SL2014 import layout (XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["sl2014"], default="sl2014")
        parser.add_argument("--voivodeship", default="", help="TERYT code, e.g. 18")
        parser.add_argument("--from", dest="date_from", type=_date)
        parser.add_argument("--to", dest="date_to", type=_date)
        parser.add_argument("--as", dest="as_email", default="")
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options):
        user = None
        if options["as_email"]:
            user = User.objects.filter(email=options["as_email"].lower()).first()
            if user is None:
                raise CommandError(f"No user {options['as_email']}")
        if (
            options["date_from"]
            and options["date_to"]
            and options["date_from"] > options["date_to"]
        ):
            raise CommandError("--from is after --to")
        try:
            records = records_for_export(
                user=user,
                voivodeship=options["voivodeship"] or None,
                date_from=options["date_from"],
                date_to=options["date_to"],
            )
        except MonitoringError as error:
            raise CommandError(error.message) from error
        Path(options["out"]).write_bytes(sl2014_workbook(records))
        audit_log(
            actor=user,
            action="monitoring.export.sl2014",
            data={
                "rows": len(records),
                "voivodeship": options["voivodeship"],
                "from": str(options["date_from"] or ""),
                "to": str(options["date_to"] or ""),
                "via": "command",
            },
        )
        self.stdout.write(f"{len(records)} participants -> {options['out']}")
