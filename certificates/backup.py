"""Back up and restore what the certificate register needs: the database,
the private files (certificate PDFs, signed attendance-list scans) and (on
request) the Open Badges signing key.

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with
``pg_restore --clean``; a SQLite database (local use) is copied with
SQLite's own backup API. The PDFs go into a tar archive. The signing key is
written only with ``with_key`` — it belongs in the secret store, kept apart
from the data it signs."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.db import connection

from events.storage import private_root as events_private_root

from .openbadges import private_key
from .storage import private_root

DATABASE_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
PDF_ARCHIVE = "private-certificates.tar.gz"
EVENTS_ARCHIVE = "private-events.tar.gz"
KEY_FILE = "ob_signing_key.pem"


def _private_folders() -> list[tuple[str, Path]]:
    """(archive name, folder) of every private file store: the certificate
    PDFs and the signed attendance-list scans of event days."""
    return [(PDF_ARCHIVE, private_root()), (EVENTS_ARCHIVE, events_private_root())]


class BackupError(Exception):
    pass


def _pg_arguments() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_create(*, folder: Path, with_key: bool = False) -> list[Path]:
    """Write the backup into ``folder`` (made if missing). Returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments()
        target = folder / DATABASE_DUMP
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)]
            + arguments,
            environment,
        )
        written.append(target)
    elif connection.vendor == "sqlite":
        target = folder / SQLITE_COPY
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        written.append(target)
    else:
        raise BackupError(f"unsupported database: {connection.vendor}")

    for name, root in _private_folders():
        archive = folder / name
        with tarfile.open(archive, "w:gz") as tar:
            if root.exists():
                tar.add(root, arcname=".")
        written.append(archive)

    if with_key:
        key = folder / KEY_FILE
        key.write_bytes(
            private_key().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key.chmod(0o600)
        written.append(key)
    return written


def backup_restore(*, folder: Path) -> None:
    """Put the database and the private files back as they were in
    ``folder``. A backup without the attendance-scan archive (made before it
    was added) leaves the scans on disk untouched."""
    if connection.vendor == "postgresql":
        dump = folder / DATABASE_DUMP
        if not dump.exists():
            raise BackupError(f"{dump} is missing")
        arguments, environment = _pg_arguments()
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
            + arguments
            + [str(dump)],
            environment,
        )
    elif connection.vendor == "sqlite":
        copy = folder / SQLITE_COPY
        if not copy.exists():
            raise BackupError(f"{copy} is missing")
        connection.ensure_connection()
        with sqlite3.connect(copy) as source:
            source.backup(connection.connection)
    else:
        raise BackupError(f"unsupported database: {connection.vendor}")

    for name, root in _private_folders():
        archive = folder / name
        if not archive.exists() and name != PDF_ARCHIVE:
            continue  # a backup made before this store was backed up
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(root, filter="data")
