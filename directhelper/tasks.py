from celery import shared_task

from directhelper.dashboard.cache import refresh_preset_periods
from directhelper.heartbeat import write_heartbeat


@shared_task(name="directhelper.tasks.write_worker_heartbeat", ignore_result=True)
def write_worker_heartbeat() -> None:
    """Scheduled by beat (CELERY_BEAT_SCHEDULE); its result is not stored, so it does not flood TaskResult."""
    write_heartbeat()


@shared_task(name="directhelper.tasks.refresh_dashboard", ignore_result=True)
def refresh_dashboard() -> None:
    """Recompute the dashboard's preset periods ahead of time (see directhelper.dashboard.cache)."""
    refresh_preset_periods()
