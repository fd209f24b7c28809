"""On a fresh clone (no var/), the default filesystem broker makes its own folders: queueing works at once."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
QUEUE_A_TASK = """
import django
django.setup()
from directhelper.celery import app
app.send_task("operations.tasks.write_worker_heartbeat")
"""


def run_in_a_fresh_process(code: str, broker_dir: Path, **overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "directhelper.settings",
            "DJANGO_READ_DOT_ENV": "false",
            "DJANGO_DEBUG": "true",
            "CELERY_BROKER_DIR": str(broker_dir),
            **overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_first_task_queued_on_a_fresh_clone_makes_the_broker_folders_and_lands_in_the_queue(tmp_path):
    broker_dir = tmp_path / "var" / "celery-broker"

    result = run_in_a_fresh_process(QUEUE_A_TASK, broker_dir)

    assert result.returncode == 0, result.stderr
    assert len(list((broker_dir / "queue").iterdir())) == 1
    assert (broker_dir / "processed").is_dir()
    assert (broker_dir / "control" / "celery.exchange").is_file()  # not a control/ folder in the working directory


def test_a_worker_configuring_the_app_makes_the_folders_before_it_reads_the_queue(tmp_path):
    broker_dir = tmp_path / "var" / "celery-broker"

    result = run_in_a_fresh_process("from directhelper.celery import app; app.loader.import_default_modules(); "
                                    "print(app.conf.broker_url)", broker_dir)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert (broker_dir / "queue").is_dir()
    assert (broker_dir / "processed").is_dir()


def test_another_broker_leaves_the_disk_alone(tmp_path):
    broker_dir = tmp_path / "var" / "celery-broker"

    result = run_in_a_fresh_process(
        "from directhelper.celery import app; print(app.conf.broker_url)",
        broker_dir,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/15",
    )

    assert result.returncode == 0, result.stderr
    assert not broker_dir.exists()
