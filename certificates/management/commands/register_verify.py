"""Check the certificate register: PDFs and their checksums, gap-free
numbers, credentials. Exit status 1 when anything is wrong."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from certificates.register_check import register_check


class Command(BaseCommand):
    help = gettext_lazy(
        "Sprawdza rejestr zaświadczeń: pliki PDF i ich sumy SHA-256, ciągłość "
        "numeracji i podpisy poświadczeń Open Badges (np. po odtworzeniu kopii)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-credentials", action="store_true")

    def handle(self, *args, no_credentials=False, **options):
        report = register_check(credentials=not no_credentials)
        self.stdout.write(
            f"certificates: {report.certificates}, PDFs checked: "
            f"{report.pdfs_checked}, credentials checked: "
            f"{report.credentials_checked}"
        )
        for label, numbers in (
            ("reserved by a bulk issue, not issued yet", report.reserved),
            ("given back, to be taken first by the next issue", report.returned),
        ):
            for year, sequences in sorted(numbers.items()):
                shown = ", ".join(map(str, sequences[:10]))
                more = f" (+{len(sequences) - 10})" if len(sequences) > 10 else ""
                self.stdout.write(f"{year}: {label}: {shown}{more}")
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) in the register")
        self.stdout.write(self.style.SUCCESS("Register OK."))
