"""The floor of the bench: the least a page can cost — the full middleware (session, user,
locale, CSRF, messages…) and one primary-key query. Pages are reported as multiples of it."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse


def floor(request):
    pk = request.user.pk or 1
    found = get_user_model().objects.filter(pk=pk).values_list("pk", flat=True).first()
    return HttpResponse(f"floor {found}", content_type="text/plain; charset=utf-8")
