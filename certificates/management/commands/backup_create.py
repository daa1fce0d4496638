from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from certificates.backup import BackupError, backup_create


class Command(BaseCommand):
    help = gettext_lazy(
        "Tworzy kopię zapasową: zrzut bazy danych, archiwum prywatnych plików "
        "PDF zaświadczeń i (z --with-key) klucz podpisu Open Badges."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--with-key", action="store_true")

    def handle(self, *args, folder: Path, with_key: bool, **options):
        try:
            written = backup_create(folder=folder, with_key=with_key)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"{path} ({path.stat().st_size} B)")
