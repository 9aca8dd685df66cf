"""Hostile uploads and huge bodies: refused with a readable message, nothing kept anywhere.

The corpus is made by scripts/hostile_corpus.py (once per session, into a temporary folder)
and each file goes through the real upload page as the browser would send it.
"""

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from PIL import Image

from certification.models import CredentialDocument, DocumentEvent
from core.limits import OVER_LIMIT, LimitedUploadHandler
from tests.factories import small_pdf

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def _corpus_module():
    spec = importlib.util.spec_from_file_location("hostile_corpus",
                                                  ROOT / "scripts" / "hostile_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus_module()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The manifest of the corpus, built once for the session."""
    manifest = CORPUS.build(tmp_path_factory.mktemp("hostile-corpus"))
    return manifest.parent, {e["file"]: e for e in json.loads(manifest.read_text())}


@pytest.fixture
def places(settings, tmp_path):
    """Where an upload could leave something: storage and the upload temp folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    settings.DOCUMENT_MAX_BYTES = MB  # the corpus's oversize files are 1.5 MB
    return tmp_path


def _left_in(places) -> list[Path]:
    return [p for p in places.rglob("*") if p.is_file()]


def _upload(client, name, data, content_type):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("certification:document-upload"),
                       {"type": CredentialDocument.Type.DIPLOMA, "file": file})


def test_corpus_has_the_kinds_and_numbers_the_issue_asks_for():
    expects = [c.expect for c in CORPUS.CASES]
    assert expects.count("refuse") >= 60 and expects.count("accept") >= 30


@pytest.mark.parametrize("index", range(len(CORPUS.CASES)),
                         ids=[CORPUS.case_id(i, c) for i, c in enumerate(CORPUS.CASES)])
def test_corpus_file(applicant_client, corpus, places, index):
    folder, manifest = corpus
    entry = manifest[CORPUS.file_name(index)]
    data = (folder / entry["file"]).read_bytes()
    response = _upload(applicant_client, entry["name"], data, entry["content_type"])

    assert response.status_code < 500
    if entry["expect"] == "refuse":
        assert response.status_code == 200, f"{entry['what']}: accepted"
        errors = response.context["form"].errors.get("file", [])
        assert len(errors) == 1 and len(errors[0]) > 30, errors  # a sentence, not a code
        assert "Traceback" not in errors[0] and "Error" not in errors[0]
        assert CredentialDocument.objects.count() == DocumentEvent.objects.count() == 0
        assert _left_in(places) == [], "the refused file left something behind"
    else:
        assert response.status_code == 302, response.context["form"].errors
        document = CredentialDocument.objects.get()
        stored = (places / "media" / document.file.name).read_bytes()
        if document.content_type == "application/pdf":
            assert stored == data
        else:
            _assert_no_metadata(stored)
        assert _left_in(places) == [places / "media" / document.file.name]


def _assert_no_metadata(stored: bytes):
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif(), "EXIF kept"
    assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info
    assert not getattr(image, "text", {}), "text chunks kept"
    assert b"GPS" not in stored and b"CameraMaker" not in stored


def test_a_phone_photo_keeps_its_pixels_turned_upright_and_loses_gps(applicant_client, places):
    photo = CORPUS._photo(orientation=6)  # 160 x 120, "rotate 90° to view"
    _upload(applicant_client, "photo.jpg", photo, "image/jpeg")

    document = CredentialDocument.objects.get()
    stored = Image.open(document.file.open("rb"))
    assert stored.size == (120, 160) and not stored.getexif()
    assert document.size == document.file.size
    download = applicant_client.get(reverse("certification:document-download",
                                            args=[document.pk]))
    assert b"".join(download.streaming_content) != photo  # not byte-identical to the upload


# Body limits: refused before anything reads or writes the body.


@pytest.fixture
def written(monkeypatch):
    """Bytes that reached Django's upload handlers (memory or temporary file)."""
    count = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            count["bytes"] += len(raw_data)
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return count


def _multipart(size: int) -> bytes:
    return encode_multipart(BOUNDARY, {"login": "someone@example.com", "file": SimpleUploadedFile(
        "big.bin", b"\0" * size, content_type="application/octet-stream")})


def test_a_huge_anonymous_post_to_sign_in_is_refused_before_it_is_read(client, db, written,
                                                                       settings):
    client.handler.enforce_csrf_checks = True
    body = _multipart(settings.REQUEST_MAX_BYTES + MB)
    response = client.generic("POST", reverse("account_login"), body,
                              content_type=MULTIPART_CONTENT)

    assert response.status_code == 413
    assert written["bytes"] == 0


def test_a_declared_length_over_the_limit_is_refused_unread(client, db, written, settings):
    response = client.generic("POST", reverse("account_login"), b"x=1",
                              content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(300 * MB))

    assert response.status_code == 413
    assert written["bytes"] == 0


def test_the_upload_handler_stops_a_streamed_file_part_at_the_limit(rf, written, settings,
                                                                    places):
    # Behind the Content-Length check this guards a body whose length was not declared up
    # front; the parser is driven directly, as for such a body.
    settings.REQUEST_MAX_BYTES = MB
    body = _multipart(3 * MB)
    request = rf.generic("POST", "/", body, content_type=MULTIPART_CONTENT)
    handlers = [LimitedUploadHandler(request), TemporaryFileUploadHandler(request)]
    _, files = MultiPartParser(request.META, io.BytesIO(body), handlers).parse()

    assert "file" not in files and getattr(request, OVER_LIMIT)
    assert written["bytes"] <= MB
    assert _left_in(places) == []


def test_nginx_in_docker_compose_has_the_same_body_limit(settings):
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    limit = next(line.split()[1].rstrip(";") for line in conf.splitlines()
                 if line.strip().startswith("client_max_body_size"))
    assert limit.endswith("k") and int(limit[:-1]) * 1024 == settings.REQUEST_MAX_BYTES
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf" in compose
    assert '"8000:80"' in compose and '"8000:8000"' not in compose  # gunicorn only via nginx


# Quota and the scanner hook.


def test_the_quota_of_files_is_said_next_to_the_file(applicant_client, places, settings):
    settings.DOCUMENT_QUOTA_FILES = 2
    for n in range(2):
        response = _upload(applicant_client, f"d{n}.pdf", small_pdf(), "application/pdf")
        assert response.status_code == 302
    response = _upload(applicant_client, "d3.pdf", small_pdf(), "application/pdf")

    assert "the most we hold for one person" in response.context["form"].errors["file"][0]
    assert CredentialDocument.objects.count() == 2 and len(_left_in(places)) == 2


def test_the_quota_of_bytes_is_said_next_to_the_file(applicant_client, places, settings):
    settings.DOCUMENT_QUOTA_BYTES = len(small_pdf()) * 2 - 1
    _upload(applicant_client, "d1.pdf", small_pdf(), "application/pdf")
    response = _upload(applicant_client, "d2.pdf", small_pdf(), "application/pdf")

    assert "more than the 0 MB we hold" in response.context["form"].errors["file"][0]
    assert CredentialDocument.objects.count() == 1 and len(_left_in(places)) == 1


def broken_scanner(file):
    raise ConnectionRefusedError("clamd is not running")


def infected_scanner(file):
    return False


@pytest.mark.parametrize(("scanner", "message"), [
    ("tests.trust.test_uploads.broken_scanner", "could not be checked for viruses"),
    ("tests.trust.test_uploads.infected_scanner", "refused by the virus check"),
])
def test_a_configured_scanner_fails_closed(applicant_client, places, settings, scanner, message):
    settings.UPLOAD_SCANNER = scanner
    response = _upload(applicant_client, "diploma.pdf", small_pdf(), "application/pdf")

    assert message in response.context["form"].errors["file"][0]
    assert CredentialDocument.objects.count() == 0 and _left_in(places) == []
