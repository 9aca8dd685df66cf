from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models, transaction
from simple_history.admin import SimpleHistoryAdmin

from . import audit
from .models import Applicant, AuditEvent, HelpPage, Membership, Organisation, User
from .sharing.services import add_member


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Staff opening an applicant's profile is a look at their file: audited."""
        if request.method == "GET" and str(object_id).isdigit():
            audit.record(request, "admin.view", actor=request.user,
                         subject_applicant=int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class OrganisationForm(forms.ModelForm):
    first_lead = forms.EmailField(
        required=False, help_text="New organisations: the email of an existing account "
        "(not an applicant's) that leads it; it becomes an advisor.")

    class Meta:
        model = Organisation
        fields = ["name"]

    def clean_first_lead(self):
        email = self.cleaned_data["first_lead"].strip()
        if not email:
            if self.instance.pk is None:
                raise forms.ValidationError("Name the organisation's first lead.")
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account has this email address; ask them to "
                                        "create one first.")
        if hasattr(user, "applicant"):
            raise forms.ValidationError("This account has an applicant profile; a lead needs "
                                        "an account of their own.")
        return user


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            lead = form.cleaned_data.get("first_lead")
            if lead:
                add_member(obj, lead, role=Membership.Role.LEAD)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the database refuses changes anyway."""

    list_display = ["at", "actor_email", "action", "subject_applicant_id", "object_label",
                    "ip"]
    list_filter = ["action"]
    search_fields = ["actor_email", "=subject_applicant_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HelpPage)
class HelpPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "order", "published", "checked_on", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("title", "slug"), "summary", "body", ("source_line", "source_url", "checked_on"),
              "internal_note", ("order", "published")]
