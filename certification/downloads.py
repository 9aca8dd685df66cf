"""A stored document as a download: never shown inline or sniffed into a page (the
applicant's own download and the advisor's both answer with this)."""

from django.http import FileResponse
from django.utils.cache import patch_cache_control

from .models import CredentialDocument
from .uploads import download_name


def document_response(document: CredentialDocument) -> FileResponse:
    name = download_name(document.original_name, document.content_type)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
