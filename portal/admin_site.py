"""The admin is for superusers only, and only after they typed their password again
(issue 16, item 6): a stolen session of a signed-in operator must not open every table.

Django's own check is `is_staff`; ours is `is_superuser`, and every admin page asks for a
re-authentication (allauth's page) older than ACCOUNT_REAUTHENTICATION_TIMEOUT. Staff who
are not superusers are refused with 403 by portal.views.admin_login."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        # Imported here: this module is loaded with the app registry, before models.
        from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
        from allauth.core.exceptions import ReauthenticationRequired

        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def recently_reauthenticated(request, *args, **kwargs):
            if self.has_permission(request) and not did_recently_reauthenticate(request):
                # allauth's middleware keeps the request and sends the operator to type
                # their password, then back here.
                raise ReauthenticationRequired()
            return inner(request, *args, **kwargs)

        return recently_reauthenticated


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
