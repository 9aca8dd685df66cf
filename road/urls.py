from django.urls import path

from .canada import views as canada_views
from .caseload import file
from .caseload import views as caseload
from .dashboard import views as dashboard_views

app_name = "road"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/report/", dashboard_views.report, name="report"),
    path("advisor/caseload/", caseload.caseload_page, name="caseload"),
    path("advisor/caseload/export.csv", caseload.caseload_export, name="caseload-export"),
    path("advisor/caseload/filters/", caseload.filter_save, name="caseload-filter-save"),
    path("advisor/caseload/filters/<int:pk>/delete/", caseload.filter_delete,
         name="caseload-filter-delete"),
    path("advisor/applicants/<int:pk>/", file.file_page, name="advisor-file"),
    path("advisor/applicants/<int:pk>/notes/", file.note_add, name="advisor-note"),
    path("advisor/applicants/<int:pk>/assign/", file.assign, name="advisor-assign"),
    path("advisor/applicants/<int:pk>/documents/<int:doc>/", file.document_page,
         name="advisor-document"),
    path("advisor/applicants/<int:pk>/documents/<int:doc>/download/", file.document_download,
         name="advisor-document-download"),
    path("canada/", canada_views.canada, name="canada"),
]
