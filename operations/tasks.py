from celery import shared_task
from django.core.management import call_command

from operations.dashboard.cache import refresh_preset_periods
from operations.heartbeat import write_heartbeat


@shared_task(name="operations.tasks.write_worker_heartbeat", ignore_result=True)
def write_worker_heartbeat() -> None:
    """Scheduled by beat (CELERY_BEAT_SCHEDULE); its result is not stored, so it does not flood TaskResult."""
    write_heartbeat()


@shared_task(name="operations.tasks.refresh_dashboard", ignore_result=True)
def refresh_dashboard() -> None:
    """Recompute the dashboard's preset periods ahead of time (see operations.dashboard.cache)."""
    refresh_preset_periods()


@shared_task(name="operations.tasks.backup_database", ignore_result=True)
def backup_database() -> None:
    """Scheduled by beat when BACKUP_SCHEDULE is set: the same backup and rotation as `manage.py backup_db`."""
    call_command("backup_db")
