from django.urls import path

from ..views import programs as views

urlpatterns = [
    path("programs/", views.program_list, name="programs"),
    path("programs/saved/", views.saved_programs, name="saved"),
    path("programs/saved/<int:pk>/deadline/", views.saved_deadline, name="saved-deadline"),
    path("programs/compare/", views.compare, name="compare"),
    path("programs/<int:pk>/", views.program_detail, name="program-detail"),
    path("programs/<int:pk>/save/", views.program_save, name="program-save"),
    path("programs/<int:pk>/unsave/", views.program_unsave, name="program-unsave"),
]
