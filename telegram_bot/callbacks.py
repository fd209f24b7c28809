"""Callback-data names (DESIGN.md) and the anchored patterns handlers match them with.

Data stays short (prefix + id) to fit Telegram's 64-byte limit; every pattern is anchored so `open_1` never
matches `open_10x`.
"""

NEW_CAMPAIGN = "new_campaign"
HISTORY = "history"
SETTINGS = "settings"
HELP = "help"
CONFIRM_CREATE = "confirm_create"
EDIT_CAMPAIGN = "edit_campaign"
CANCEL_CAMPAIGN = "cancel_campaign"
BACK = "back"
BACK_TO_HISTORY = "back_to_history"
SKIP_BUDGET = "skip_budget"
SKIP_BENEFITS = "skip_benefits"
BENEFITS_FROM_SITE = "benefits_site"  # read the landing page and offer its facts as selling points
ACCEPT_BENEFITS = "benefits_accept"  # take the offered facts
DRAFT_CONTINUE = "draft_continue"  # /new with an unfinished draft: go on with it
DRAFT_DISCARD = "draft_discard"  # … or drop it and start again
MAIN_MENU = "main_menu"
REMOVE_TOKEN = "remove_token"
USE_DEFAULT = "use_default"
REGION_TYPE_CITY = "region_city"

REGION = "region_"  # region_<geo id>
EDIT_FIELD = "edit_"  # edit_<field>
OPEN = "open_"  # open_<campaign id>
STATS = "stats_"
REPEAT = "repeat_"
DELETE = "delete_"
CONFIRM_DELETE = "confirm_delete_"
FILE = "file_"  # send the campaign's XLSX again
PAGE = "page_"  # page_<n>_<status filter or "all">[_<days, 0 for all time>]
CANCEL_RUN = "cancel_run_"
STOP = "stop_"  # stop_<campaign id>: cancel whatever run a just-queued campaign has
RETRY_RUN = "retry_run_"
REMOVED = "removed_"  # removed_<campaign id>: removed phrases per reason
PUT_BACK = "keep_"  # keep_<campaign id>_<reason code>: keep that reason's phrases and build again
DROP_DOUBTFUL = "drop_"  # drop_<campaign id>_<reason code>: remove and negate that reason's doubtful phrases
UPLOAD = "upload_"  # upload_<campaign id>: upload the built campaign to Yandex Direct as a draft
SET = "set_"  # set_<setting>
LANGUAGE = "lang_"  # lang_<code>
ADMIN_CANCEL_RUN = "admin_cancel_"  # admin_cancel_<run id>: any user's run, admins only
BROADCAST_SEND = "broadcast_send"
BROADCAST_CANCEL = "broadcast_cancel"

ID_PATTERN = r"(\d+)$"
REGION_PATTERN = rf"^{REGION}{ID_PATTERN}"
EDIT_FIELD_PATTERN = rf"^{EDIT_FIELD}(name|description|keywords|region|url|benefits|budget)$"
OPEN_PATTERN = rf"^{OPEN}{ID_PATTERN}"
STATS_PATTERN = rf"^{STATS}{ID_PATTERN}"
REPEAT_PATTERN = rf"^{REPEAT}{ID_PATTERN}"
DELETE_PATTERN = rf"^{DELETE}{ID_PATTERN}"
CONFIRM_DELETE_PATTERN = rf"^{CONFIRM_DELETE}{ID_PATTERN}"
FILE_PATTERN = rf"^{FILE}{ID_PATTERN}"
PAGE_PATTERN = rf"^{PAGE}(\d+)_([a-z]+)(?:_(\d+))?$"
CANCEL_RUN_PATTERN = rf"^{CANCEL_RUN}{ID_PATTERN}"
STOP_PATTERN = rf"^{STOP}{ID_PATTERN}"
ADMIN_CANCEL_RUN_PATTERN = rf"^{ADMIN_CANCEL_RUN}{ID_PATTERN}"
RETRY_RUN_PATTERN = rf"^{RETRY_RUN}{ID_PATTERN}"
UPLOAD_PATTERN = rf"^{UPLOAD}{ID_PATTERN}"
REMOVED_PATTERN = rf"^{REMOVED}{ID_PATTERN}"
PUT_BACK_PATTERN = rf"^{PUT_BACK}(\d+)_([a-z_]+)$"
DROP_DOUBTFUL_PATTERN = rf"^{DROP_DOUBTFUL}(\d+)_([a-z_]+)$"
SET_PATTERN = rf"^{SET}(token|email|language|region|budget|min_exact)$"
LANGUAGE_PATTERN = rf"^{LANGUAGE}(ru|en)$"


def with_id(prefix: str, object_id: int) -> str:
    return f"{prefix}{object_id}"
