from django.contrib import admin

from compounds import models
from portal.audit import AuditedAdmin, save_audited_formset


@admin.register(models.StreetOffice)
class StreetOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "district"]


@admin.register(models.Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "street_office"]
    list_select_related = ["street_office"]


@admin.register(models.PropertyCompany)
class PropertyCompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "hotline"]


@admin.register(models.Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "households", "management", "property_company"]
    list_select_related = ["community", "property_company"]


@admin.register(models.Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "compound"]
    list_select_related = ["compound"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "floor", "area", "area_source", "developer_held"]
    list_select_related = ["building"]
    list_filter = ["building__compound", "developer_held"]


@admin.register(models.Residency)
class ResidencyAdmin(AuditedAdmin):
    audit_code = "compounds.residency"
    list_display = ["user", "unit", "relation", "status", "start", "end"]
    list_select_related = ["user", "unit__building"]
    list_filter = ["status", "relation"]
    raw_id_fields = ["user", "unit", "reviewed_by"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "compound", "community", "start", "end"]
    list_select_related = ["compound", "community"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        def save():
            super(BodyAdmin, self).save_formset(request, form, formset, change)

        save_audited_formset(request.user, formset, "compounds.membership", save)


@admin.register(models.BuildingRoleKind)
class BuildingRoleKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "community", "order"]


@admin.register(models.BuildingRole)
class BuildingRoleAdmin(AuditedAdmin):
    audit_code = "compounds.building_role"
    list_display = ["building", "kind", "holder", "start", "end", "phone_public"]
    list_select_related = ["building", "kind", "holder"]
    raw_id_fields = ["holder"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    audit_code = "compounds.staff_role"
    list_display = [
        "user",
        "role",
        "compound",
        "community",
        "street_office",
        "property_company",
        "start",
        "end",
    ]
    list_select_related = ["user", "compound", "community", "street_office", "property_company"]
    raw_id_fields = ["user"]
