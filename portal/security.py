"""Security headers Django does not set itself (issue 16, item 6)."""

from django.http import HttpRequest

# Nothing may use the camera, the microphone, the location or payments, except the pages
# that say so with @camera_allowed (filing a request: the photo of what is broken).
DENIED = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CAMERA = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


def camera_allowed(view):
    """Mark a view whose page may use the camera."""
    view.camera_allowed = True
    return view


class PermissionsPolicyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            match = getattr(request, "resolver_match", None)
            allowed = match is not None and getattr(match.func, "camera_allowed", False)
            response["Permissions-Policy"] = CAMERA if allowed else DENIED
        return response
