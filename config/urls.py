from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from applicants import views as applicant_views

# The admin signs in through allauth: same rate limits, same MFA, no side door.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "IMG Path administration"

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
