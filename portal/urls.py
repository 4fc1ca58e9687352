from django.contrib import admin
from django.urls import include, path, register_converter

from portal import views
from portal.converters import IdConverter

register_converter(IdConverter, "id")

handler500 = "portal.views.server_error"

portal_patterns = (
    [
        path("settings/large-text/", views.large_text, name="large_text"),
        path("accounts/demo-login/", views.demo_login, name="demo_login"),
        path(
            "accounts/password/reset/phone/",
            views.password_reset_phone,
            name="password_reset_phone",
        ),
        path(
            "accounts/password/reset/phone/confirm/",
            views.password_reset_phone_confirm,
            name="password_reset_phone_confirm",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("", include("portal.site.urls")),
    path("compounds/", include("compounds.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("notices/", include("compounds.announcements.urls")),
    path("requests/", include("requests.urls")),
    path("deliberation/", include("deliberation.urls")),
    path("finance/", include("finance.urls")),
    path("community/", include("community.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", views.admin_login, name="admin_login"),  # before the admin's own
    path("admin/", admin.site.urls),
]
