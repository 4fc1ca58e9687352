"""Settings of the portal's defences (issue 16): the security headers every mode sends and
the caps on texts anyone can trigger. docs/security.md says what each one guards."""

import environ

env = environ.Env()

# Web security headers (issue 16, item 6), in every mode so that the browser tests meet
# them: a Content Security Policy with no inline script, no eval and no inline style (the
# share bars and charts are SVG geometry, htmx injects no indicator style), frames denied,
# the referrer kept on the site, MIME types not sniffed; the camera only where a request
# is filed (portal/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (base.html hx-headers)
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the language or the 长辈模式 cookie (portal.views.large_text): both
# HttpOnly, as wapiti's cookie check asks.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Texts people may make the portal send (portal/sms_limits.py): per number and per client
# as "hourly,daily", and all texts of a day together (reaching it logs an error).
SMS_LIMIT_PER_PHONE = tuple(env.list("SMS_LIMIT_PER_PHONE", cast=int, default=[5, 10]))
SMS_LIMIT_PER_CLIENT = tuple(env.list("SMS_LIMIT_PER_CLIENT", cast=int, default=[20, 60]))
SMS_DAILY_BUDGET = env.int("SMS_DAILY_BUDGET", default=5000)
