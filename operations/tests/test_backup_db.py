"""backup_db round trips: the backup is restored the way the README says and the rows come back."""

import sqlite3
import subprocess
import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import TelegramUser
from accounts.tests.factories import TelegramUserFactory
from operations.backup import BackupError, backup_postgres, backup_sqlite, rotate
from operations.tasks import backup_database

POSTGRES = {"HOST": "127.0.0.1", "PORT": "5432", "USER": "postgres", "PASSWORD": ""}


def postgres_available() -> bool:
    try:
        psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


needs_postgres = pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL server on 127.0.0.1:5432")


@pytest.fixture
def scratch_postgres_databases():
    """Two throwaway databases (source and restore target), dropped afterwards."""
    names = [f"backup_test_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield names
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_restore(backup, dbname):
    subprocess.run(
        ["pg_restore", "--no-owner", "--host=127.0.0.1", "--username=postgres", f"--dbname={dbname}", str(backup)],
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_the_configured_database_so_a_restore_brings_the_rows_back(tmp_path):
    TelegramUserFactory(telegram_id=1001, username="anna")
    TelegramUserFactory(telegram_id=1002, username="boris")
    output = StringIO()
    call_command("backup_db", dir=tmp_path, keep=3, stdout=output)
    [backup] = list(tmp_path.iterdir())
    assert str(backup) in output.getvalue()
    query = "SELECT telegram_id, username FROM accounts_telegramuser ORDER BY telegram_id"
    if connection.vendor == "sqlite":
        with sqlite3.connect(backup) as restored:  # the README: copy the file back in place of db.sqlite3
            rows = restored.execute(query).fetchall()
    else:
        restore_name = f"restore_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{restore_name}"')
        try:
            pg_restore(backup, restore_name)
            with psycopg.connect(host="127.0.0.1", user="postgres", dbname=restore_name) as restored:
                rows = restored.execute(query).fetchall()
        finally:
            with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{restore_name}" WITH (FORCE)')
    assert rows == [(1001, "anna"), (1002, "boris")]
    assert TelegramUser.objects.count() == 2  # the live database is untouched


def test_it_copies_a_live_sqlite_database_with_the_backup_api(tmp_path):
    source = sqlite3.connect(tmp_path / "live.sqlite3")
    source.execute("CREATE TABLE note (text TEXT)")
    source.executemany("INSERT INTO note VALUES (?)", [("первая",), ("вторая",)])
    source.commit()
    target = backup_sqlite(source, tmp_path / "db-default-20260101T000000Z.sqlite3")
    source.close()
    with sqlite3.connect(target) as restored:
        assert restored.execute("SELECT text FROM note ORDER BY rowid").fetchall() == [("первая",), ("вторая",)]
    assert not list(tmp_path.glob("*.partial"))


@needs_postgres
def test_it_dumps_postgresql_so_that_pg_restore_brings_it_back(tmp_path, scratch_postgres_databases):
    source, target_db = scratch_postgres_databases
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname=source) as live:
        live.execute("CREATE TABLE note (id serial PRIMARY KEY, text text)")
        live.execute("INSERT INTO note (text) VALUES ('первая'), ('вторая')")
    backup = backup_postgres({**POSTGRES, "NAME": source}, tmp_path / "db-default-20260101T000000Z.dump")
    pg_restore(backup, target_db)
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname=target_db) as restored:
        assert restored.execute("SELECT text FROM note ORDER BY id").fetchall() == [("первая",), ("вторая",)]


@needs_postgres
def test_it_reports_pg_dump_failing_and_leaves_no_partial_file(tmp_path):
    with pytest.raises(BackupError, match="pg_dump failed"):
        backup_postgres({**POSTGRES, "NAME": "no_such_database_here"}, tmp_path / "db-default-x.dump")
    assert list(tmp_path.iterdir()) == []


def test_it_names_a_missing_pg_dump(tmp_path):
    with pytest.raises(BackupError, match="PG_DUMP_PATH"):
        backup_postgres({**POSTGRES, "NAME": "x"}, tmp_path / "db.dump", pg_dump=str(tmp_path / "no-pg-dump"))


def test_it_keeps_only_the_newest_backups_of_that_database(tmp_path):
    names = [f"db-default-2026010{day}T000000Z.sqlite3" for day in range(1, 6)]
    for name in [
        *names,
        "db-other-20260101T000000Z.sqlite3",
        "notes.txt",
        "db-default-20260109T000000Z.sqlite3.partial",
    ]:
        (tmp_path / name).write_bytes(b"x")
    removed = rotate(tmp_path, "default", keep=2)
    assert sorted(path.name for path in removed) == names[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [*names[3:], "db-other-20260101T000000Z.sqlite3", "notes.txt", "db-default-20260109T000000Z.sqlite3.partial"]
    )


def test_it_refuses_to_keep_fewer_than_one_backup(tmp_path):
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup_db", dir=tmp_path, keep=0)


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_task_writes_a_backup_into_backup_dir(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    TelegramUserFactory(telegram_id=1001)

    backup_database()

    [backup] = list(tmp_path.iterdir())
    assert backup.stat().st_size > 0
