"""Display preferences that follow a person from device to account."""

LARGE_TEXT_COOKIE = "large_text"


def adopt_large_text(request, user) -> None:
    """Keep 长辈模式 on across sign-in: someone who turned it on before signing in must not
    see the text shrink on the next page. Turning it off stays an explicit choice."""
    if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1" and not user.large_text:
        user.large_text = True
        user.save(update_fields=["large_text"])
