from django.urls import include, path

app_name = "residency"

# One module per area, so each area owns its routes.
urlpatterns = [
    path("", include("residency.urls.programs")),
    path("", include("residency.urls.match")),
    path("", include("residency.urls.licensure")),
]
