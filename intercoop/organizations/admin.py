from django.contrib import admin
from django.db import models

from intercoop.organizations.models import Invitation, Organization, Relationship, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "ally_category", "created_at")
    list_filter = ("kind", "ally_category")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (RoleInline,)


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    # Only confirmed relationships are public; the organizations' pages propose and confirm
    # them, keeping who did it in the history.
    list_display = ("subject", "predicate", "object", "created_at", "confirmed_at")
    list_filter = ("predicate", ("confirmed_at", admin.EmptyFieldListFilter))
    autocomplete_fields = ("subject", "object")
    readonly_fields = ("proposed_by", "confirmed_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    readonly_fields = ("token_digest", "accepted_at", "accepted_by", "invited_by")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__name")
    autocomplete_fields = ("user", "organization")
