"""SiteOps settings: one module, driven by the environment (see README "Configuration")."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.templatetags.static import static
from django.utils.csp import CSP

from siteops.core import labels

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SITEOPS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; a local development key is generated once into var/.

    Production (DEBUG off and SITEOPS_DEMO unset) must set SECRET_KEY: nothing ships a default.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or env_bool("SITEOPS_DEMO") or os.environ.get("SITEOPS_TESTING")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY in the environment (see README).")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold.apps.BasicAppConfig",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "siteops.core.admin_apps.SiteOpsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
    "django_tasks_db",
    "crontask",
    "siteops.core",
    "siteops.org",
    "siteops.work",
    "siteops.catalog",
    "siteops.merch",
    "siteops.orders",
    "siteops.fulfilment",
    "siteops.reports",
    "siteops.approvals",
    "siteops.content",
    "siteops.campaigns",
    "siteops.loyalty",
    "siteops.people",
    "siteops.vendors",
    "siteops.infra",
    "siteops.compliance",
    "siteops.storefront",
    "siteops.api",
    "siteops.deadlines",
    "siteops.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/: every error answer in the API's JSON Error shape, those raised before its views too.
    "siteops.api.middleware.JsonApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in the query string: a translated 400 before any view or query runs.
    "siteops.core.middleware.UntrustedQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A reading request takes one staffing snapshot (org version read once, not per caller).
    "siteops.org.middleware.OneSnapshotPerRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "siteops.core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    # Shop: remember utm_*/ref of the visit in the session, for the order (promotion reports).
    "siteops.storefront.middleware.UtmMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "siteops" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "siteops.core.context_processors.site",
                "siteops.jobs.context_processors.late_jobs",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite (default, in var/) is tuned for concurrent web use: WAL, a busy timeout and IMMEDIATE
# write transactions so that two writers queue instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        " PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'siteops.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections (one per server thread): opening a SQLite connection costs ~2 ms
    # (the PRAGMAs above, parsing the schema of every table, trigger and index, a cold page
    # cache), which was most of a cached shop page's time. No transaction stays open between
    # requests (autocommit), so a kept connection blocks neither writers nor WAL checkpoints.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SITEOPS_SQLITE_CONN_MAX_AGE", "600"))
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's random_page_cost for each connection (siteops/core/apps.py): "" keeps the server's.
SITEOPS_PG_RANDOM_PAGE_COST = os.environ.get("SITEOPS_PG_RANDOM_PAGE_COST", "1.1").strip()
if SITEOPS_PG_RANDOM_PAGE_COST:
    try:
        _cost = float(SITEOPS_PG_RANDOM_PAGE_COST)
    except ValueError:
        _cost = -1.0
    if not 0 < _cost < 1e6:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SITEOPS_PG_RANDOM_PAGE_COST must be a positive number")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions are the union of the groups of the positions a user holds or acts for *now*.
    "siteops.org.backends.PositionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# After a login with no ?next= (the bare /backoffice/login/): the back office's landing page
# (the workbench), not Django's default /accounts/profile/ (a 404 here). Unfold's login form does
# not post the admin's hidden "next" field.
LOGIN_REDIRECT_URL = "admin:index"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# A failure counts against the pair (username, client address): an outsider failing on someone's
# username locks out only themselves, from their address, never the real user elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address: X-Forwarded-For is believed only from these proxies (addresses or networks,
# comma-separated). Empty (the default): the connection's own address, whatever headers say.
SITEOPS_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("SITEOPS_TRUSTED_PROXIES", "").split(",") if p.strip()
]
AXES_CLIENT_IP_CALLABLE = "siteops.core.client_ip.client_ip"

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "siteops" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # FileSystemStorage whose staff-only folders (SITEOPS["STAFF_MEDIA"]) link to a checked view.
    "default": {"BACKEND": "siteops.core.media.SiteMediaStorage"},
    # WhiteNoise's CompressedManifestStaticFilesStorage, each file's URL worked out once.
    "staticfiles": {"BACKEND": "siteops.core.media.SiteStaticStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Tasks (django.tasks + django-tasks-db) ---------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CRONTASK = {"REDIS_URL": os.environ.get("REDIS_URL")}

# --- Email ----------------------------------------------------------------------------------
# Production sends real mail (SMTP); the demo and DEBUG print it to the console.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or env_bool("SITEOPS_DEMO") or os.environ.get("SITEOPS_TESTING")
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": (
            {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
            }
            if _email_backend.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "siteops@localhost")

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # Per process; room for the shop's cached pages and product cards (default is 300).
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }  # fmt: skip
    )
}

# Sessions: read from the cache and written through to the database (cached_db) when the cache
# is shared by every server process (Redis). With the per-process cache, a logout or a password
# change in one worker would leave the session alive in the others' caches: database sessions.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Behind TLS (production) these are on; the local demo serves plain http on 127.0.0.1.
HTTPS = env_bool("SITEOPS_HTTPS", not DEBUG and not env_bool("SITEOPS_DEMO"))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# The admin theme uses inline styles and Alpine.js expressions; scripts stay same-origin only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"siteops": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}

# --- Site -----------------------------------------------------------------------------------
SITEOPS = {
    "SITE_NAME": os.environ.get("SITEOPS_SITE_NAME", "SiteOps 商城"),
    # Shown in the shop footer until the compliance module owns them.
    "ICP_FILING_NUMBER": os.environ.get("SITEOPS_ICP_FILING", "沪ICP备00000000号-1"),
    "PSB_FILING_NUMBER": os.environ.get("SITEOPS_PSB_FILING", "沪公网安备00000000000000号"),
    # Serve product images and ads from local media (one machine); 0 with object storage / nginx.
    "SERVE_MEDIA": env_bool("SITEOPS_SERVE_MEDIA", True),
    "PUBLIC_MEDIA": ["catalog/products/", "merch/ads/"],
    # Staff-only media: folder -> permissions (any of) that open it, at /backoffice/media/….
    "STAFF_MEDIA": {
        "merch/requests/": ["merch.view_adrequest", "merch.upload_ad_image"],
        "campaigns/events/": ["campaigns.view_offlineevent"],  # photos of offline events
    },
    # Campaigns: days a visitor's first touch (UTM) counts for the order (first-touch reports).
    "ATTRIBUTION_DAYS": int(os.environ.get("SITEOPS_ATTRIBUTION_DAYS", "30")),
    # Days before an acting assignment ends that its holder and appointer are told.
    "ACTING_ENDING_NOTICE_DAYS": int(os.environ.get("SITEOPS_ACTING_NOTICE_DAYS", "3")),
    # Shop: minutes an unpaid (bank-transfer) order holds its stock before it is cancelled.
    "RESERVATION_MINUTES": int(os.environ.get("SITEOPS_RESERVATION_MINUTES", "1440")),
    # Shop: cache whole pages (home, category, product, help) for anonymous visitors, keyed by the
    # shop version that database triggers change with every catalogue or merchandising write.
    "SHOP_PAGE_CACHE": env_bool("SITEOPS_SHOP_PAGE_CACHE", True),
    # Counts made on every request (a short link's click) wait this many seconds in the process
    # and are written as one sum per row (siteops.core.counters.add); 0 writes each on the spot.
    "COUNTER_FLUSH_SECONDS": float(os.environ.get("SITEOPS_COUNTER_FLUSH_SECONDS", "1.0")),
    # Benchmarks only (python -m bench sets it for its own gunicorn): mounts /_bench/minimal/.
    "BENCH": env_bool("SITEOPS_BENCH"),
    # Catalogue: a sold-out product is still shown with a "sold out" badge ("show") or hidden.
    "SOLD_OUT_BEHAVIOUR": os.environ.get("SITEOPS_SOLD_OUT_BEHAVIOUR", "show"),
    # Catalogue: a synced price change beyond this percentage (either way) waits for the editor.
    "PRICE_REVIEW_THRESHOLD_PERCENT": int(os.environ.get("SITEOPS_PRICE_REVIEW_PERCENT", "20")),
    # Jobs: a periodic job this many minutes behind its schedule is shown as late (/healthz).
    "JOB_LATE_MINUTES": int(os.environ.get("SITEOPS_JOB_LATE_MINUTES", "15")),
    # Task workers send a heartbeat; one silent this long has died and its task runs again.
    "WORKER_DEAD_SECONDS": int(os.environ.get("SITEOPS_WORKER_DEAD_SECONDS", "60")),
    # A running task of a worker that sends no heartbeat is taken as dead after this long.
    "TASK_TIMEOUT_SECONDS": int(os.environ.get("SITEOPS_TASK_TIMEOUT_SECONDS", "3600")),
}
# /healthz answers plain http too (a load balancer's check inside the network).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

UNFOLD = {
    "SITE_TITLE": labels.SITE_TITLE,
    "SITE_HEADER": labels.SITE_HEADER,
    "SITE_SUBHEADER": labels.SITE_SUBHEADER,
    "SITE_URL": "/",
    "SHOW_LANGUAGES": True,
    "SHOW_HISTORY": True,
    "STYLES": [lambda request: static("siteops/admin.css")],
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "siteops.core.menu.navigation",
    },
}
