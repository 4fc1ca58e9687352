"""The one settings module of Gongzhi, driven by environment variables.

Every variable read here is documented in `.env.example`. Without DATABASE_URL and
REDIS_URL the portal runs embedded: SQLite, tasks run eagerly in-process, local-memory
cache, sessions in the database. With them it runs on PostgreSQL, Redis and Celery workers.
No other module reads `os.environ`: apps read `django.conf.settings`.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
PORTAL_DEMO = env.bool("PORTAL_DEMO", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdefghij"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG:
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
elif not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off (see .env.example).")

if PORTAL_DEMO and not DEBUG:
    raise ImproperlyConfigured(
        "PORTAL_DEMO=1 lists the demo accounts with one-click sign-in; "
        "it must never be on in production (DEBUG off)."
    )

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "portal",
    "portal.notifications",
    "compounds.announcements",
    "compounds",
    "requests.apps.RepairRequestsConfig",
    "deliberation",
    "finance",
    "community",
    "portal.site",
    "pgtrigger",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "compounds.context_processors.current_place",
            ],
            "builtins": [
                "portal.templatetags.portal_extras",
                "template_partials.templatetags.partials",
            ],
        },
    }
]

# Form field groups render from templates/django/forms/ (labels without an ASCII colon).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file by default, PostgreSQL with DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: opening one per request cut throughput 7-12x on this machine.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, sessions and the Celery broker. Absent: embedded mode.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis down or hung must not take the site down: the cache degrades (portal/cache.py)
    # and sessions live in the database.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery (portal/celery.py reads every CELERY_* setting).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = True
# A Redis that is down or hung must not hold a web request for minutes.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task never retries inside a web request: the outbox relay delivers later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 1,
    "visibility_timeout": 3600,
}

# Accounts: users are identified by a mainland mobile number (see portal/phones.py).
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"

ACCOUNT_ADAPTER = "portal.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "portal.forms.LoginForm",
    "signup": "portal.forms.SignupForm",
    "request_login_code": "portal.forms.RequestLoginCodeForm",
    "change_phone": "portal.forms.ChangePhoneForm",
}
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
# A changed password ends every session of the account, this one too (issue 16, item 6):
# whoever had the old one is signed out everywhere, and the owner signs in again with the new.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# The admin asks for the password again after this long (portal/admin_site.py).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 600
# The client's address is read from the proxy (ALLAUTH_TRUSTED_PROXY_COUNT below). Many
# residents share one address (a compound's Wi-Fi, a carrier's NAT: 500 behind one proxy
# in issue 16's run), so the per-address limits are wide and the narrow ones are per
# number: 5 wrong passwords lock that number for 5 minutes, never its neighbours.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "100/5m/ip,5/5m/key",
    "login": "600/m/ip",
    "signup": "20/m/ip",
    "verify_phone": "1/30s/key,3/m/ip",  # the code texted to a new account's phone
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_phone": "1/m/user",
}
# The proxies in front of gunicorn that append to X-Forwarded-For (docs/deploy.md): the
# client is the address the last of them saw. 0 trusts no header (gunicorn faces clients).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Password reset by SMS code (portal/views_accounts.py): code lifetime and tries.
PORTAL_RESET_CODE_TIMEOUT = 10 * 60
PORTAL_RESET_CODE_MAX_ATTEMPTS = 3

# Notifications (portal/notifications): the outbox relay takes rows pending this long,
# a row left "sending" by a dead worker is taken again after NOTIFICATIONS_STALE_SECONDS,
# read notifications are pruned after NOTIFICATIONS_KEEP_READ_DAYS, and the header badge
# polls every NOTIFICATIONS_POLL_SECONDS.
NOTIFICATIONS_RELAY_AFTER_SECONDS = env.int("NOTIFICATIONS_RELAY_AFTER_SECONDS", default=60)
NOTIFICATIONS_STALE_SECONDS = env.int("NOTIFICATIONS_STALE_SECONDS", default=300)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_KEEP_READ_DAYS = env.int("NOTIFICATIONS_KEEP_READ_DAYS", default=90)
NOTIFICATIONS_POLL_SECONDS = env.int("NOTIFICATIONS_POLL_SECONDS", default=30)

# SMS and email: console by default; a gateway adapter is a dotted path away.
SMS_BACKEND = env.str("SMS_BACKEND", default="portal.notifications.outbox.ConsoleSMSBackend")
SMS_SIGNATURE = env.str("SMS_SIGNATURE", default="【共治】")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="共治 <noreply@localhost>")

# Language and time: Chinese first, shown in Beijing time, stored in UTC.
# A refused form (CSRF) gets the portal's 403 page in the reader's language.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: photos are re-encoded (portal/images.py); registry files are parsed, never run.
PORTAL_MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Photos of more pixels are refused before decoding (a 200-megapixel phone photo is about
# 200 million; a decompression bomb claims far more in a few kilobytes).
PORTAL_MAX_IMAGE_PIXELS = 50_000_000
PORTAL_MAX_IMPORT_BYTES = 10 * 1024 * 1024
# A registry export of more rows than this is written by a worker, with a progress page;
# up to it the workbook is streamed to the browser at once (compounds/registry/).
REGISTRY_EXPORT_SYNC_LIMIT = 5000
# The workbench's counters are counted live up to this many open requests in the viewer's
# scope; above it (a street office's area) they are kept a minute, with "更新于 HH:MM".
REQUEST_COUNTERS_LIVE_UP_TO = 2000
PORTAL_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PORTAL_MAX_ATTACHMENTS = 5
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Where the building poster's QR code leads: the repair form, pre-filled with the building.
PORTAL_REPAIR_FORM_PATH = "/requests/new/?building={building_id}"

# Requests: default time limits in minutes per urgency (accept, resolve). Local practice; a
# compound may set its own service levels.
REQUESTS_SERVICE_LEVELS = {"emergency": (30, 24 * 60), "normal": (24 * 60, 72 * 60)}
# The escalation ladder per urgency (local practice): minutes each rung has before the
# request climbs to the next — the owners' committee, then the community; the street office
# is the top, where its minutes are the time it has. The first climb comes when the accept
# deadline above (or the on-site or resolve deadline) passes unmet, so by default an
# emergency nobody accepted reaches the committee after 30 min, the community 1 h later and
# the street office 2 h after that; a normal request climbs after 24 h, 24 h more, and the
# street office has 48 h. Each rung's time counts from the deadline the rung below missed.
REQUESTS_ESCALATION_MINUTES = {
    "emergency": tuple(env.list("ESCALATION_EMERGENCY_MINUTES", cast=int, default=[60, 120, 120])),
    "normal": tuple(
        env.list("ESCALATION_NORMAL_MINUTES", cast=int, default=[24 * 60, 24 * 60, 48 * 60])
    ),
}
# 到场: someone of the handling team must be on site within these minutes of the filing of
# an emergency (a step of its own, shown on the request; missed, it escalates like a missed
# accept deadline). Normal requests have no on-site deadline.
REQUESTS_ON_SITE_MINUTES = {"emergency": env.int("EMERGENCY_ON_SITE_MINUTES", default=2 * 60)}
# Time limits count in real time. An operator may count working time instead: then only
# the time of working days counts, by the portal's holiday calendar (portal/calendar.py,
# docs/calendar.md: Monday–Friday less the statutory holidays, plus 调休 working days).
REQUESTS_COUNT_WORKING_DAYS = env.bool("REQUESTS_COUNT_WORKING_DAYS", default=False)
REQUESTS_REOPEN_DAYS = 7
REQUESTS_AUTO_CLOSE_DAYS = 7
REQUESTS_MAX_PHOTOS = 4
# 街道吹哨、部门报到: a summoned department reports in within 2 hours and responds within
# 3 days (local practice; real time, like the other limits).
REQUESTS_WHISTLE_MINUTES = (2 * 60, 72 * 60)

# Owners' votes (issue 11). The notice goes out 15 days before voting opens (《物业管理条例》
# 第十四条: 召开业主大会会议，应当于会议召开15日以前通知全体业主), counted in calendar days of
# Asia/Shanghai with the day of the notice not counted (民法典 第二百零一条): a notice on day D
# lets voting open at 00:00 of D+16 at the earliest. Voting stays open 5 to 60 days (local
# practice).
DELIBERATION_NOTICE_DAYS = env.int("VOTE_NOTICE_DAYS", default=15)
if DELIBERATION_NOTICE_DAYS < 15:  # the law's floor: a compound's rules may only ask more
    raise ImproperlyConfigured("VOTE_NOTICE_DAYS is at least 15 (物业管理条例 第十四条).")
DELIBERATION_VOTE_DAYS = (
    env.int("VOTE_MIN_DAYS", default=5),
    env.int("VOTE_MAX_DAYS", default=60),
)
# A blank (空白票) or spoiled (作废票) paper ballot is never for, against nor abstain. Does it
# count toward participation (the 2/3 quorum of 民法典 第二百七十八条第二款, and the base of
# the approval shares)? Default yes — the owner took part — the common reading of local
# rules (业主大会议事规则); a compound whose rules say otherwise sets False. Frozen on each
# vote at its notice, so a change never alters a count under way or stored.
DELIBERATION_INVALID_BALLOTS_PARTICIPATE = env.bool(
    "VOTE_INVALID_BALLOTS_PARTICIPATE", default=True
)
# The five stages: residents comment for 7 days during consultation; a residents' petition
# becomes an agenda item once co-signed by owners with 1/5 of the area and 1/5 of the
# headcount; minutes are published within 3 days. A compound's practice may skip
# "consult" and/or "review"; the decision stage is never skipped. These days, and the 7 days
# to answer a suggestion, are day periods of 民法典 第二百零一条、第二百零三条 (portal/calendar.py):
# counted from the day after, ending at 24:00, a last day off giving way to the next working day.
DELIBERATION_CONSULT_DAYS = 7
DELIBERATION_SUGGESTION_DAYS = 7  # days the owners' committee has to answer a suggestion
DELIBERATION_PETITION_SHARE = (1, 5)
DELIBERATION_MINUTES_DAYS = 3
# The notice of an owners' vote's result stays pinned (置顶) this many days after it is
# published, then lists as any other notice; decided when notices are listed, so a change
# here applies to old notices too (deliberation/pins.py).
DELIBERATION_RESULT_PIN_DAYS = env.int("VOTE_RESULT_PIN_DAYS", default=14)
DELIBERATION_SKIP_STAGES: tuple[str, ...] = ()
# Who makes each move (deliberation/workflow.py Party values: "lead", "supervisor"); empty
# keeps the default — the compound's leads move stages, the supervisory committee signs
# off completed work. "decide" is never configurable: the count decides.
DELIBERATION_STAGE_ROLES: dict[str, tuple[str, ...]] = {}

# Committees (local practice, not national law: set here with the documented defaults).
# Owners' committee: 5 to 11 members and an odd number, or 3 in a small compound; a term
# lasts at most 5 years. Supervisory committee: an odd number, at least 3.
COMPOUNDS_OWNERS_COMMITTEE_SIZE = (
    env.int("OWNERS_COMMITTEE_MIN", default=5),
    env.int("OWNERS_COMMITTEE_MAX", default=11),
)
COMPOUNDS_SMALL_OWNERS_COMMITTEE_SIZE = env.int("SMALL_OWNERS_COMMITTEE_SIZE", default=3)
COMPOUNDS_SUPERVISORY_MIN = env.int("SUPERVISORY_COMMITTEE_MIN", default=3)
COMPOUNDS_MAX_TERM_YEARS = env.int("COMMITTEE_MAX_TERM_YEARS", default=5)
# A small compound (its recorded households at most this number; "以下" includes it) may
# elect an owners' committee of COMPOUNDS_SMALL_OWNERS_COMMITTEE_SIZE (3) instead of 5 to
# 11: the owners' committee then has 3, or an odd number from 5 to 11 members. Default 100
# follows the common local rule "业主委员会由五人以上十一人以下的单数组成，但户数在一百户
# 以下的，可以由三人组成" (a wording found in several cities' local rules; the national
# 指导规则 第三十一条 says only 5 to 11). An operator sets the number of the compound's own
# 业主大会议事规则 or provincial regulation.
# Compound.is_small reads it; compounds/services/bodies.py `committee_sizes` is the one rule
# that both an election's seats and each membership are checked against.
COMPOUNDS_SMALL_COMPOUND_HOUSEHOLDS = env.int("SMALL_COMPOUND_HOUSEHOLDS", default=100)

# Deciding without a quorum or by chance (issue 11).
# A residents' representatives' meeting (居民代表会议, ordinary compound affairs only) decides
# only with more than QUORUM of all representatives present and more than MAJORITY of those
# present in favour — "过半数" is strict, as in 居民委员会组织法 第九条 (会议须有过半数出席才能
# 举行，决定由出席人的过半数通过). Each is a fraction "n/d"; the default is one half.
DELIBERATION_REPRESENTATIVES_QUORUM = tuple(
    int(part) for part in env.str("REPRESENTATIVES_QUORUM", default="1/2").split("/")
)
DELIBERATION_REPRESENTATIVES_MAJORITY = tuple(
    int(part) for part in env.str("REPRESENTATIVES_MAJORITY", default="1/2").split("/")
)
# Candidates equal in owners and area for at the last seat of an election: "runoff" (the
# default: "得票相同的，就得票相同的候选人再次投票" — a new owners' vote among the tied, a
# vote of matter (3) of 第278条 like the first) or "lots" (drawing lots, which the
# supervisory committee witnesses and records; some 议事规则 choose it). Never the earlier
# nomination. A tie already waiting keeps the rule it was found under.
DELIBERATION_ELECTION_TIE_RULE = env.str("ELECTION_TIE_RULE", default="runoff")
if DELIBERATION_ELECTION_TIE_RULE not in ("runoff", "lots"):
    raise ImproperlyConfigured("ELECTION_TIE_RULE is runoff or lots.")
for _fraction in (DELIBERATION_REPRESENTATIVES_QUORUM, DELIBERATION_REPRESENTATIVES_MAJORITY):
    # 居民委员会组织法 第九条 asks more than half: a compound's rules may only ask more.
    if (
        len(_fraction) != 2
        or not 0 < _fraction[0] < _fraction[1]
        or 2 * _fraction[0] < _fraction[1]
    ):
        raise ImproperlyConfigured(
            "REPRESENTATIVES_QUORUM and _MAJORITY are fractions n/d of at least 1/2 "
            "(居民委员会组织法 第九条)."
        )

# Finance (issue 14): the local practice of the books, in their own module.
from portal.settings_finance import *  # noqa: E402, F403
from portal.settings_security import *  # noqa: E402, F403

MESSAGE_TAGS = {10: "debug", 20: "info", 25: "success", 30: "warning", 40: "error"}

PORTAL_NAME = _("Gongzhi")

# Production hardening: `manage.py check --deploy` passes with zero warnings when DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
