"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment (a ``.env`` file in the project root is read when present) and is
documented in README.md.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    # Project apps first so that their templates and translations win.
    "szkola.accounts",
    "szkola.home",
    "szkola.live",
    "szkola.outbox",
    "courses",
    "events",
    "evaluation",
    "programme",
    "certificates",
    "monitoring",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "szkola.accounts.wagtail_users.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path or query: NUL bytes are refused with 400.
    "szkola.home.middleware.MalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: anonymous requests for public pages are answered
    # from the cache without touching the database (szkola/home/page_cache.py).
    "szkola.home.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "szkola.home.middleware.PolishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "szkola.accounts.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "szkola.urls"
WSGI_APPLICATION = "szkola.wsgi.application"
ASGI_APPLICATION = "szkola.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "szkola.live.context_processors.live",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'szkola.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work side by side; the timeout
    # keeps concurrent writers waiting instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", 60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache ---------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    from redis import __version__ as redis_version
    from redis.driver_info import DriverInfo

    from szkola.live.redis_connection import CancellableConnection

    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # redis-py 8 defaults to a 5 s socket timeout, the same
                        # as channels-redis' 5 s blocking pop: an idle consumer
                        # then dies with TimeoutError. Read timeout must exceed it.
                        "socket_timeout": 30,
                        "socket_connect_timeout": 5,
                        # The default pool (100) runs dry when hundreds of
                        # sockets drop at once, leaving stale group members.
                        "max_connections": env.int("REDIS_MAX_CONNECTIONS", 2000),
                        "retry_on_timeout": True,
                        # A socket's receive, cancelled on disconnect, must
                        # stop (szkola/live/redis_connection.py). Only for
                        # redis:// addresses: redis-py picks its own class
                        # for rediss:// and unix:// ones.
                        "connection_class": CancellableConnection,
                        # Named here, redis-py does not look its own version
                        # up in the installed packages for every connection
                        # (each push from sync code opens one: about 0.4 ms).
                        "driver_info": DriverInfo(lib_version=redis_version),
                    }
                ],
                "prefix": env.str("CHANNELS_PREFIX", default="szkola"),
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
    CACHES = {
        "default": {
            # Fails soft: with Redis down or slow, pages are served and
            # rate limits counted from the process's memory (szkola/live/cache.py).
            "BACKEND": "szkola.live.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_PREFIX", default="szkola"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", 0.25),
                "socket_timeout": env.float("CACHE_TIMEOUT", 0.5),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long an anonymous public page may be answered from the cache
# (szkola/home/page_cache.py); every committed change to a shown record
# renders pages afresh anyway. On by default only with Redis: a cache in each
# process's memory would not see the other processes' invalidations. 0 = off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 120 if REDIS_URL else 0)

# --- Background tasks -----------------------------------------------------
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)},
}

# --- Email ----------------------------------------------------------------
# Every email goes through the outbox (szkola/outbox): stored in the sender's
# transaction, then handed by a task to the backend EMAIL_URL names, retried
# with back-off while the mail server is away.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
OUTBOX_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set by email_url above
EMAIL_BACKEND = "szkola.outbox.backends.OutboxBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Szkoła Kooperacji <no-reply@szkolakooperacji.pl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Permissions only (signing in is left to the next ones): each person's
    # permissions from the cache (szkola/accounts/backends.py).
    "szkola.accounts.backends.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/moje/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "szkola.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
# The sign-up form says plainly that an address is taken (the platform's users
# expect a clear message); login and password reset still reveal nothing.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "szkola.accounts.forms.ProfileSignupForm"
ACCOUNT_FORMS = {"signup": "szkola.accounts.signup_forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Szkoła Kooperacji] "
# allauth's emails go through the project's email frame (szkola/home/emails.py).
ACCOUNT_ADAPTER = "szkola.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Failed logins: at most 5 a minute from one address and 5 in five
    # minutes for one account; allauth answers 429 past that.
    "login_failed": "5/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Szkoła Kooperacji"

# The version of the RODO consent text a participant accepts at sign-up.
# Bump it whenever the information clause it points to (the /ochrona-danych/
# page) changes.
RODO_CONSENT_VERSION = "2021-01"

# EFS participant data (monitoring app): Fernet key(s) encrypting the
# sensitive fields at rest, comma-separated for rotation (the first
# encrypts). Development generates one under var/; production must set it.
MONITORING_ENCRYPTION_KEY = env.str("MONITORING_ENCRYPTION_KEY", default="")
# Ask for the participant data before the first registration or enrolment.
MONITORING_PARTICIPANT_DATA_REQUIRED = True

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "szkola_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "Szkoła Kooperacji"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Sessions are read from the cache and written through to the database when
# the cache is Redis, shared by every process: a signed-in page or socket
# connect then skips the session query. A cache in each process's memory
# would keep a session another process ended, so without Redis they stay in
# the database only.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Security shared by every environment ---------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
