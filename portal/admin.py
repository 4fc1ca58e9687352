from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import CalendarDay, CalendarYear, User


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


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ["day", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Years of the holiday calendar an operator added or corrected. A year listed here
    replaces the year shipped in portal/calendar.py (2026, and 2027 provisionally); see
    docs/calendar.md, and `manage.py holidays show` for the calendar in force."""

    list_display = ["year", "source", "provisional", "updated_at"]
    readonly_fields = ["updated_at"]
    inlines = [CalendarDayInline]
