from django.contrib import admin

from compounds import models


@admin.register(models.StreetOffice)
class StreetOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "district"]


@admin.register(models.Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "street_office"]
    list_select_related = ["street_office"]


@admin.register(models.Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "households"]
    list_select_related = ["community"]


@admin.register(models.Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "compound"]
    list_select_related = ["compound"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "floor", "area"]
    list_select_related = ["building"]
    list_filter = ["building__compound"]


@admin.register(models.Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "relation", "start", "end", "verified"]
    list_select_related = ["user", "unit__building"]
    raw_id_fields = ["user", "unit"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "role",
        "building",
        "compound",
        "community",
        "street_office",
        "start",
        "end",
    ]
    list_select_related = ["user", "building", "compound", "community", "street_office"]
    raw_id_fields = ["user"]
