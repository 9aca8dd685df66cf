from django.urls import include, path

app_name = "certification"

# One module per area, so each area owns its routes.
urlpatterns = [
    path("", include("certification.urls.checklist")),
    path("", include("certification.urls.records")),
    path("", include("certification.urls.documents")),
    path("", include("certification.urls.canada")),
]
