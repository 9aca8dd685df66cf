from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ..models import CredentialDocument, DocumentEvent


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    fields = ["at", "from_state", "to_state", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CredentialDocument)
class CredentialDocumentAdmin(admin.ModelAdmin):
    """Read-only: files arrive through the checked upload and states change only through the
    applicant's pages (sent, ECFMG's answer, a replacement), so every change has its event
    and the applicant's progress follows. Staff check an upload on the review page."""

    list_display = ["__str__", "applicant", "type", "state", "state_changed_on",
                    "ecfmg_answered_on", "uploaded_at", "review_link"]
    list_filter = ["state", "type", "transferred"]
    search_fields = ["applicant__legal_name", "applicant__user__email", "title",
                     "original_name", "sha256"]
    list_select_related = ["applicant"]
    date_hierarchy = "uploaded_at"
    inlines = [DocumentEventInline]
    exclude = ["file"]

    @admin.display(description="Check the upload")
    def review_link(self, obj):
        return format_html('<a href="{}">Check the upload</a>',
                           reverse("certification:document-review", args=[obj.pk]))

    def get_urls(self):
        # No add or delete pages: they would only ever answer 403.
        return [url for url in super().get_urls()
                if not (url.name or "").endswith(("_add", "_delete"))]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Never one by one (the applicant deletes their own); but deleting an applicant in
        # the admin (an erasure) takes their documents along, and asks for this per object.
        return obj is not None and request.user.is_superuser
