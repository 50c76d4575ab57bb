"""Settings shared by every environment. Each value comes from an environment variable.

The README lists every variable. Environment-specific files (local, test, production) import
this module and change only what differs.
"""

from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab

from cocreation.lib.env import env_bool

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Kent and Medway mental health trust")
SERVICE_NAME = env.str("SERVICE_NAME", default="Co-creation community")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="involvement@example.org")
# The site's own address, for links in emails sent by background jobs (no request to ask).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-11")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "csp",
    "django_celery_beat",
    "cocreation.jobs",
    "community",
    "activities",
    "impact",
    "capacity",
    "payments",
    "reporting",
    "consultations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.SignedInSecurityMiddleware",
]

ROOT_URLCONF = "cocreation.urls"
WSGI_APPLICATION = "cocreation.wsgi.application"

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
                "community.context_processors.site",
            ],
            # Dates and times in UK time, one way everywhere: {{ value|uk_moment }} and friends.
            "builtins": ["community.templatetags.uk_dates"],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each web thread keeps its database connection for this many seconds rather than opening one per
# request (about 5 ms of both processes' time on a 2-core machine: bench/latest.md's load test);
# a connection that has gone away is noticed and replaced before it is used.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # No just-in-time compiling of queries: the report's aggregates crossed its cost threshold and
    # spent 24 ms compiling 4 ms of work (measured on the whole-system set). Options in
    # DATABASE_URL win.
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c jit=off",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is shared by the web server and the worker (`make run`). A writer
    # waits up to 20 seconds for the other (busy timeout) rather than failing at once with
    # "database is locked"; readers and the writer do not block each other (WAL); and a
    # transaction takes the write lock when it begins (IMMEDIATE), as a lock it had to upgrade
    # half-way through could fail without waiting. Options in DATABASE_URL win.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and cache in production and CI. Unset, the newcomer's first run uses an
# embedded default: Celery's filesystem transport (a folder both processes read) and an
# in-process cache, so no server is needed.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
# After Redis fails, a process uses the database cache for this long before trying Redis again.
REDIS_CACHE_RETRY_AFTER_SECONDS = env.float("REDIS_CACHE_RETRY_AFTER_SECONDS", default=30.0)

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, carried on by the database while Redis is down or frozen, so sign-in's rate
            # limits hold and no page fails: cocreation/lib/cache.py.
            "BACKEND": "cocreation.lib.cache.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "retry_after": REDIS_CACHE_RETRY_AFTER_SECONDS,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        "visibility_timeout": 3600,
        # Publishing gives up quickly (the outbox keeps the work), rather than retrying for ages.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(BASE_DIR / ".broker")))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }

CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes the database connection before and after every task unless told to reuse it, and
# opening a new PostgreSQL connection cost more than a delivery batch's own work. Connections are
# kept; before each task the worker drops any that failed or are older than CONN_MAX_AGE, as
# Django does before each request (cocreation/celery.py).
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "jobs.heartbeat", "schedule": 30.0},
    "outbox-sweep": {"task": "jobs.outbox_sweep", "schedule": 60.0},
    "survey-reminders": {"task": "impact.send_due_surveys", "schedule": 3600.0},
    # Every 15 s, so a dead worker's messages go on soon after their lease (30 s) runs out.
    "resume-messages": {"task": "community.resume_messages", "schedule": 15.0},
    "newsletters-due": {"task": "reporting.send_due_newsletters", "schedule": 60.0},
    "group-messages-resume": {"task": "reporting.group_messages_resume", "schedule": 300.0},
    "warm-reports": {"task": "reporting.warm_reports", "schedule": 300.0},
    # The public calendar feed made again within a minute of a change, before apps fetch it.
    "warm-public-feed": {"task": "activities.warm_public_feed", "schedule": 60.0},
    # Months the report's rows changed in are counted again just after the commit; this is the
    # sweep in case that task was lost (reporting/reports/rollups.py).
    "refresh-rollups": {"task": "reporting.refresh_rollups", "schedule": 60.0},
    # Reminders of booked places: the day before after REMINDER_HOUR, on the morning after
    # MORNING_REMINDER_HOUR; each once per place (activities/bookings/services.py).
    "booking-reminders": {"task": "activities.send_reminders", "schedule": 300.0},
    "digests-daily": {
        "task": "reporting.send_digests",
        "schedule": crontab(hour=7, minute=0),  # 07:00 UK time (CELERY_TIMEZONE)
    },
    # Refreshers of training due within 60 days: each person told once per completion, at 08:00
    # UK time (capacity/training/services.py, refreshers_notify).
    "training-refreshers-daily": {
        "task": "capacity.send_refreshers_due",
        "schedule": crontab(hour=8, minute=0),
    },
    # Development plan reviews a week away: each person told once per review date, at 08:30
    # (capacity/plans/services.py, plan_reviews_notify).
    "plan-reviews-daily": {
        "task": "capacity.send_plan_reviews_due",
        "schedule": crontab(hour=8, minute=30),
    },
    # Accreditation renewals due within ACCREDITATION_RENEWAL_REMINDER_DAYS: each service contact
    # told once per award (capacity/accreditation/panel/services.py, renewals_notify).
    "accreditation-renewals-daily": {
        "task": "capacity.send_accreditation_renewals",
        "schedule": crontab(hour=8, minute=15),
    },
}
# The local hour (Europe/London) after which the day-before reminder goes, and the morning one.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=10)
MORNING_REMINDER_HOUR = env.int("MORNING_REMINDER_HOUR", default=7)
# Service accreditation: an award is renewed this many months after it unless the panel chooses
# another date, and each service's contacts are reminded this many days before its renewal date.
ACCREDITATION_RENEW_AFTER_MONTHS = 24
ACCREDITATION_RENEWAL_REMINDER_DAYS = 90
# A worker whose last heartbeat is older than this is reported as down by /healthz.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=120)
# After the broker fails, web requests stop trying to publish for this long; the sweep catches up.
OUTBOX_PUBLISH_BACKOFF_SECONDS = 30
OUTBOX_SWEEP_MIN_AGE_SECONDS = 30

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
# allauth's forms with our words; joining asks for a name and how to take part.
ACCOUNT_FORMS = {
    "login": "community.forms.accounts.LoginForm",
    "signup": "community.forms.accounts.JoinForm",
    "request_login_code": "community.forms.accounts.RequestLoginCodeForm",
    "confirm_login_code": "community.forms.accounts.ConfirmLoginCodeForm",
    "confirm_email_verification_code": "community.forms.accounts.ConfirmEmailVerificationCodeForm",
    "reset_password": "community.forms.accounts.ResetPasswordForm",
    "reset_password_from_key": "community.forms.accounts.ResetPasswordKeyForm",
    "change_password": "community.forms.accounts.ChangePasswordForm",
    "set_password": "community.forms.accounts.SetPasswordForm",
    "add_email": "community.forms.accounts.AddEmailForm",
    "reauthenticate": "community.forms.accounts.ReauthenticateForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# No password to join: the address is confirmed with an emailed code and sign-in is by code.
# A password can be set later from the portal; the sign-in page still takes one.
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
# Ten minutes, not allauth's three: time to find the email, on another device if need be.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SERVICE_NAME}] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's default rate limits stay on (ACCOUNT_RATE_LIMITS is deliberately not overridden).
# Behind proxies, the number of them that add to X-Forwarded-For, so that the rate limits count
# each person's address, not the proxy's; only a connection from one of the trusted proxy
# networks is believed (community/adapters.py), so a direct client cannot forge its address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_NETWORKS = env.list(
    "TRUSTED_PROXY_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME

# Staff must set up two-factor authentication before any staff page. On in production.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)
# An impact record is published by someone other than the person who marked it as checked.
IMPACT_TWO_PERSON_PUBLISH = env_bool("IMPACT_TWO_PERSON_PUBLISH", default=True)
# Service accreditation is a pilot: while this is on, only services staff have invited can apply.
ACCREDITATION_PILOT = env_bool("ACCREDITATION_PILOT", default=True)

# Involvement payments (payments/). A claim whose total (payment and expenses) is over this
# needs a second, different approver; mileage is paid at this rate a mile (HMRC's approved
# mileage allowance for the first 10,000 business miles: 45p). Both are Decimal strings.
PAYMENTS_SECOND_APPROVAL_OVER = Decimal(env.str("PAYMENTS_SECOND_APPROVAL_OVER", default="150.00"))
PAYMENTS_MILEAGE_RATE = Decimal(env.str("PAYMENTS_MILEAGE_RATE", default="0.45"))
# Sessions end after this long without a page being opened (staff, and everyone else), and in
# any case this long after signing in (SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_ABSOLUTE_SECONDS", default=60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cocreation.views.csrf_failure"

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# EMAIL_URL `notify://` sends email through GOV.UK Notify (community/notify.py); any other value
# is one of django-environ's email URLs (smtp://, smtp+tls://, consolemail:// ...).
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
if EMAIL_URL.startswith("notify://"):
    EMAIL_BACKEND = "community.notify.NotifyEmailBackend"
else:
    EMAIL_CONFIG = environ.Env.email_url_config(EMAIL_URL)
    vars().update(EMAIL_CONFIG)
# A mail server that stops answering fails the try (and it is retried) rather than hanging a worker.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Co-creation community <involvement@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere; the QR code for two-factor set-up is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The representation gap marks a group under-represented when its share of the community is less
# than this many times its share of the population served (community ÷ population), and it is a
# group the trust is trying to reach: half of the population or fewer, or marked a priority by
# staff (docs/architecture.md, "Who counts as under-represented").
REPRESENTATION_UNDER_THRESHOLD = 0.8

# Surveys: a SWEMWBS change of at least this many metric points is meaningful; an experience
# survey goes at 9am UK time the morning after the session (or after its attendance is recorded);
# reminders this many days after the last message, at most this many; the wellbeing follow-up
# comes this many months after the "before" answers.
SWEMWBS_CHANGE_THRESHOLD = Decimal("3")
SURVEY_REMINDER_AFTER_DAYS = 7
SURVEY_MAX_REMINDERS = 2
WELLBEING_FOLLOWUP_MONTHS = 6

# Delivering messages (community/messaging/). GOV.UK Notify is used when NOTIFY_API_KEY is set:
# for text messages always, and for email when EMAIL_URL is `notify://`.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_SMS_TEMPLATE_ID = env.str("NOTIFY_SMS_TEMPLATE_ID", default="")
# "notify", "locmem" (tests) or "none": people who chose only text messages are then not sent to.
SMS_BACKEND = "notify" if NOTIFY_API_KEY else "none"
if EMAIL_URL.startswith("notify://") and not (NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "EMAIL_URL is notify:// but NOTIFY_API_KEY or NOTIFY_EMAIL_TEMPLATE_ID is not set. "
        "Set both to send email through GOV.UK Notify."
    )
# Messages per delivery task, and so what one worker holds at once: what a crash holds up (for
# about a lease, 30 s). 50 rather than 10: each task's own work (the lease, reading the rows, the
# task's round trips) was a third of the time per message at 10.
MESSAGE_BATCH_SIZE = 50
# A temporary failure is retried after 30 s, doubling up to an hour; after this many tries, failed.
MESSAGE_MAX_ATTEMPTS = 6
# A worker holds the messages of its batch for this long, renewing the hold every third of it
# from a thread while it lives (a slow send does not lose it); once the hold runs out the worker
# has died, and the sweep hands them to another (asking the provider about one it was sending).
MESSAGE_LEASE_SECONDS = 30
# The sweep queues again a message waiting this long that no worker has held: its task was lost,
# or taken by a worker that died before starting it. It then leaves that message for as long
# again, so a message waiting in a long queue is queued again at most this often.
MESSAGE_RESUME_AFTER_SECONDS = 30
