from django.conf import settings

from portal.preferences import LARGE_TEXT_COOKIE


def portal(request) -> dict:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        large_text = user.large_text
    else:
        large_text = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_DEMO": settings.PORTAL_DEMO,
        "large_text": large_text,
    }
    context["NOTIFICATIONS_POLL_SECONDS"] = settings.NOTIFICATIONS_POLL_SECONDS
    if user is not None and user.is_authenticated:
        from portal.notifications.services import unread_count

        context["unread_count"] = unread_count(user)
    if settings.PORTAL_DEMO:
        from portal.demo_accounts import DEMO_ACCOUNTS

        context["demo_accounts"] = DEMO_ACCOUNTS
    return context
