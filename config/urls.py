from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from applicants import views as applicant_views

# The admin signs in through allauth: same rate limits, same MFA, no side door.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "IMG Path administration"


def _history_checks_permission_first(model_admin) -> None:
    """Django's history page looks the object up before checking permissions, so staff
    without a model's permissions (content editors) learned which ids exist (a redirect for
    a missing one, 403 for a real one): the model permission comes first, as elsewhere."""
    history_view = model_admin.history_view

    def checked(request, object_id, extra_context=None):
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        return history_view(request, object_id, extra_context)

    model_admin.history_view = checked


for _model_admin in admin.site._registry.values():
    _history_checks_permission_first(_model_admin)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", applicant_views.home, name="home"),
    path("healthz", applicant_views.healthz, name="healthz"),
    path("", include("applicants.urls")),
    path("", include("road.urls")),
    path("directory/", include("directory.urls")),
    path("certification/", include("certification.urls")),
    path("residency/", include("residency.urls")),
]
