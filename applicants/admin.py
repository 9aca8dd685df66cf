from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Applicant, HelpPage, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email"]
    readonly_fields = ["last_login", "date_joined", "welcome_sent_at"]
    fieldsets = [
        (None, {"fields": ["email", "password", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                    "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "welcome_sent_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "role", "password1", "password2"]})]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "user", "school_country", "graduation_date",
                    "target_match_year"]
    list_filter = ["target_match_year", "school_accreditation"]
    search_fields = ["legal_name", "user__email", "school_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(HelpPage)
class HelpPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "order", "published", "checked_on", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("title", "slug"), "summary", "body", ("source_line", "source_url", "checked_on"),
              "internal_note", ("order", "published")]
