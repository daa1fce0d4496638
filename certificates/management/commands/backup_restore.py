from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from certificates.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = gettext_lazy(
        "Odtwarza bazę danych i prywatne pliki PDF z kopii zapasowej "
        "(zastępuje obecne dane). Potem uruchom register_verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Potwierdzam zastąpienie danych."
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not yes:
            raise CommandError(
                "Odtworzenie zastępuje bazę danych i pliki; potwierdź to opcją --yes."
            )
        try:
            backup_restore(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS("Restored. Now run: manage.py register_verify")
        )
