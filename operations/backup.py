"""Database backups: SQLite through its online backup API, PostgreSQL through pg_dump, rotated by count.

A backup is written under a temporary name and renamed when complete, so a crash never leaves a truncated file
that rotation would count as a good backup (or delete a good one for).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

BACKUP_PREFIX = "db-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup could not be made; the message says what failed (pg_dump's own words included)."""


def backup_name(alias: str, vendor: str, now: datetime) -> str:
    return f"{BACKUP_PREFIX}{alias}-{now.strftime('%Y%m%dT%H%M%SZ')}{SUFFIXES[vendor]}"


def backup_sqlite(source: sqlite3.Connection, target: Path) -> Path:
    """Copy a live SQLite database page by page; readers and writers may keep working meanwhile."""
    partial = target.with_name(target.name + ".partial")
    destination = sqlite3.connect(partial)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
    partial.replace(target)
    return target


def backup_postgres(settings_dict: dict, target: Path, pg_dump: str = "pg_dump") -> Path:
    """Run pg_dump in its custom format (compressed; restored with pg_restore, table by table if needed)."""
    partial = target.with_name(target.name + ".partial")
    command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{option}={settings_dict[key]}")
    command.append(f"--dbname={settings_dict['NAME']}")
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])  # never on the command line, where ps shows it
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{pg_dump} was not found; install the PostgreSQL client or set PG_DUMP_PATH") from None
    if finished.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed with exit code {finished.returncode}: {finished.stderr.strip()}")
    partial.replace(target)
    return target


def rotate(directory: Path, alias: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of this database; other files in the folder are left alone."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}")
    backups = sorted(
        (path for path in directory.glob(f"{BACKUP_PREFIX}{alias}-*") if path.suffix in SUFFIXES.values()),
        key=lambda path: path.name,  # the timestamp in the name sorts in time order
    )
    removed = backups[:-keep]
    for path in removed:
        path.unlink()
    return removed
