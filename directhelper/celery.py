"""The Celery app: configured from Django settings (`CELERY_*`), tasks found in each app's `tasks.py`."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")

app = Celery("directhelper")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

FILESYSTEM_BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def prepare_filesystem_broker(sender: Celery, **kwargs) -> None:
    """kombu's filesystem transport expects its folders to exist; make them before the first message.

    Connected to the app's configuration, which every process that touches the broker goes through first (a worker,
    beat, or the web app and the bot queueing a task), so a fresh clone needs no set-up step for the default broker.
    """
    if not str(sender.conf.broker_url).startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options or {}
    for key in FILESYSTEM_BROKER_FOLDERS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
