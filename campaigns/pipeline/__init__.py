"""The pipeline: one run of a campaign is an ordered list of stages over the database.

`stages` names them (the registry), one module per stage does the work (`collect` … `export`), `runner` executes a
claimed run, `claims` decides which worker owns a run, `control` reports progress and checks for cancellation,
and `signals` tell other apps (the bot) what happened. Nothing here knows about Telegram.
"""
