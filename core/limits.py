"""Request bodies are refused at the size limit before anything reads them.

Django's own size settings ignore file parts, and the CSRF check reads the whole body (a
multipart body is written to a temporary file as it is parsed), so a 300 MB POST to the
sign-in page used to reach the disk before its 403. Two guards, before any middleware that
reads the body:

- `BodyLimitMiddleware` answers 413 to a request whose declared Content-Length is over
  `REQUEST_MAX_BYTES`, without reading a byte of it;
- `LimitedUploadHandler` (first in FILE_UPLOAD_HANDLERS) stops the parser as soon as one
  file part passes `REQUEST_MAX_BYTES`, so no more of it is written; the middleware then
  answers 413 too.

The reverse proxy in docker-compose.yml (nginx, `client_max_body_size`) has the same limit.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.template.loader import render_to_string

OVER_LIMIT = "_body_over_limit"


def too_large(request) -> HttpResponse:
    limit = f"{round(settings.DOCUMENT_MAX_BYTES / (1024 * 1024), 1):g} MB"
    body = render_to_string("413.html", {"limit": limit}, request=None)
    return HttpResponse(body, status=413)


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads an unparsable length as no body at all.
        if declared > settings.REQUEST_MAX_BYTES:
            return too_large(request)
        response = self.get_response(request)
        if getattr(request, OVER_LIMIT, False):
            return too_large(request)  # What the view made of the cut-off body is void.
        return response


class LimitedUploadHandler(FileUploadHandler):
    """Counts each file part's bytes and stops the upload at the document limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_MAX_BYTES:
            setattr(self.request, OVER_LIMIT, True)
            raise StopUpload(connection_reset=True)
        return raw_data  # Passed on to the next handler, which writes it.

    def file_complete(self, file_size):
        return None
