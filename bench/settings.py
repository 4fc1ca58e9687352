"""Settings of the bench server (bench/run.py): production's (DEBUG off, persistent
connections with health checks, cached templates, whitenoise's manifest storage), served
over plain HTTP on localhost, with the floor view mounted (bench/urls.py) — only here."""

from portal.settings import *  # noqa: F403
from portal.settings import DATABASES, TEMPLATES

ROOT_URLCONF = "bench.urls"

# Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Cached templates, spelled out (Django caches them already when DEBUG is off).
TEMPLATES[0]["APP_DIRS"] = False
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
