"""What the pipeline announces, so that other apps can react without `campaigns` importing them.

`telegram_bot` connects to these in its AppConfig.ready to edit the progress message and send the result; the
CLI and admin runs simply have no listener that talks to Telegram. Receivers run in the worker's process and
must not raise: a failing notification must never fail a campaign.
"""

from django.dispatch import Signal

# kwargs: run_id, stage, percent (0–100, whole run), message
run_progress = Signal()
# kwargs: run_id, status (a RunStatus value)
run_finished = Signal()
