from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["phone"]
    list_display = ["phone", "display_name", "email", "is_active", "is_staff"]
    search_fields = ["phone", "display_name", "email"]
    fieldsets = [
        (None, {"fields": ["phone", "phone_verified", "password"]}),
        (_("Profile"), {"fields": ["display_name", "email", "large_text"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["phone", "password1", "password2"]})]
