from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from operations.backup import BackupError, backup_name, backup_postgres, backup_sqlite, rotate


class Command(BaseCommand):
    help = (
        "Back up the database into BACKUP_DIR (SQLite: the online backup API; PostgreSQL: pg_dump --format=custom) "
        "and keep only the newest BACKUP_KEEP backups. See the README's 'Restoring a backup'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Folder for backups (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int, default=None, help="How many backups to keep (default: BACKUP_KEEP).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        directory = options["dir"] or settings.BACKUP_DIR
        keep = options["keep"] if options["keep"] is not None else settings.BACKUP_KEEP
        if keep < 1:
            raise CommandError(f"--keep must be at least 1, got {keep}")
        alias = options["database"]
        target = self.make_backup(alias, Path(directory))
        self.stdout.write(f"Backup written: {target} ({target.stat().st_size} bytes)")
        for removed in rotate(Path(directory), alias, keep):
            self.stdout.write(f"Old backup removed: {removed}")

    def make_backup(self, alias: str, directory: Path) -> Path:
        connection = connections[alias]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"backup_db supports SQLite and PostgreSQL, not {connection.vendor}")
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / backup_name(alias, connection.vendor, timezone.now())
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                return backup_sqlite(connection.connection, target)
            return backup_postgres(connection.settings_dict, target, pg_dump=settings.PG_DUMP_PATH)
        except BackupError as error:
            raise CommandError(str(error)) from error
