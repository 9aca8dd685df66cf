from django.urls import path

from ..views import documents

urlpatterns = [
    path("documents/", documents.document_list, name="documents"),
    path("documents/upload/", documents.document_upload, name="document-upload"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/download/", documents.document_download, name="document-download"),
    path("documents/<int:pk>/send/", documents.document_send, name="document-send"),
    path("documents/<int:pk>/answer/", documents.document_answer, name="document-answer"),
    path("documents/<int:pk>/replace/", documents.document_resubmit, name="document-resubmit"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document-delete"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document-edit"),
    path("documents/<int:pk>/review/", documents.document_review, name="document-review"),
    path("documents/<int:pk>/review/file/", documents.document_review_file,
         name="document-review-file"),
]
