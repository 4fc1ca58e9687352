"""Password reset by SMS code (allauth resets passwords by email only).

The state lives in the session: which number asked, a salted hash of the code, when it
expires and how many wrong tries are left. An unknown number gets an explanatory SMS and
the same screens as a known one, so the form cannot be used to find out who has an account.
allauth's `reset_password` rate limit applies per IP and per number.
"""

import secrets
import time

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest
from django.utils.translation import gettext as _

from portal import sms_limits
from portal.sms import send_sms

SESSION_KEY = "portal_password_reset"


def start(request: HttpRequest, phone: str) -> bool:
    """Send a code to `phone` (E.164). False when allauth's per-minute limit refuses it;
    a ValidationError when the hourly or daily caps do (portal.sms_limits)."""
    if not ratelimit.consume(request, action="reset_password", key=phone):
        return False
    sms_limits.check(request, phone)
    user = get_user_model().objects.filter(phone=phone, is_active=True).first()
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[SESSION_KEY] = {
        "phone": phone,
        "user_id": user.pk if user else None,
        "code_hash": make_password(code),
        "expires_at": time.time() + settings.PORTAL_RESET_CODE_TIMEOUT,
        "attempts_left": settings.PORTAL_RESET_CODE_MAX_ATTEMPTS,
    }
    if user:
        send_sms(
            phone,
            _("Your password reset code is %(code)s. It is valid for %(minutes)s minutes.")
            % {"code": code, "minutes": settings.PORTAL_RESET_CODE_TIMEOUT // 60},
        )
    else:
        send_sms(
            phone,
            _(
                "Someone asked to reset a password for this number, "
                "but it has no account. You can sign up with it."
            ),
        )
    return True


def pending(request: HttpRequest) -> dict | None:
    state = request.session.get(SESSION_KEY)
    if not state or state["expires_at"] < time.time() or state["attempts_left"] <= 0:
        return None
    return state


def pending_user(request: HttpRequest):
    state = pending(request)
    if not state or not state["user_id"]:
        return None
    return get_user_model().objects.filter(pk=state["user_id"], is_active=True).first()


def check_code(request: HttpRequest, code: str) -> bool:
    """Compare `code` with the pending one, spending one try when it is wrong."""
    state = pending(request)
    if state is None:
        return False
    if state["user_id"] and check_password(code, state["code_hash"]):
        return True
    state["attempts_left"] -= 1
    request.session[SESSION_KEY] = state
    return False


def finish(request: HttpRequest, user, password: str) -> None:
    user.set_password(password)
    user.phone_verified = True  # the code reached this phone
    user.save(update_fields=["password", "phone_verified"])
    request.session.pop(SESSION_KEY, None)
