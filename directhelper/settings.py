"""Django settings, read from the environment (and `.env` in development).

Every variable is listed and explained in `.env.example`; DESIGN.md names the ones other parts rely on.
The defaults need no server: SQLite, a database-backed cache and a filesystem Celery broker.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Workers and the bot write from several threads and processes; wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0, minimum=0)
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
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 3600}
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", ("debug", "info", "warning", "error"), default="info").upper(),
    },
}

# --- Monitoring ----------------------------------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env.str("SENTRY_RELEASE"),
        send_default_pii=False,
    )

# --- Semantic core (semantic/) --------------------------------------------------------------------------------

# --- Ad writing (campaigns/ads/) ------------------------------------------------------------------------------

# --- Export (campaigns/export/) -------------------------------------------------------------------------------

# --- Pipeline (campaigns/pipeline.py, campaigns/tasks.py) -----------------------------------------------------
MAX_RUNNING_CAMPAIGNS_PER_USER = env.int("MAX_RUNNING_CAMPAIGNS_PER_USER", default=1, minimum=1)
EXPORT_FILE_RETENTION_DAYS = env.int("EXPORT_FILE_RETENTION_DAYS", default=30, minimum=1)
DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=14, minimum=1)
PIPELINE_STAGE_RETRY_DELAY_SECONDS = env.int("PIPELINE_STAGE_RETRY_DELAY_SECONDS", default=30, minimum=0)

# --- Telegram bot (telegram_bot/) -----------------------------------------------------------------------------

# --- Admin and operations -------------------------------------------------------------------------------------
