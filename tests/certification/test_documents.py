"""Credential documents: uploads checked by content, private downloads, who may change a
document's verification state, and the history and progress that follow."""

import io
import mimetypes
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, PngImagePlugin

from applicants.models import Applicant
from certification.models import CredentialDocument, DocumentEvent
from certification.services import documents as services
from core.clock import today as eastern_today
from directory.models import MedicalSchool
from road.refresh import refresh_road as refresh_progress
from tests.factories import CredentialDocumentFactory, small_pdf

State = CredentialDocument.State
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def image_bytes(fmt: str, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, fmt, **save)
    return out.getvalue()


def png_with_text(text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return image_bytes("PNG", pnginfo=info)


def padded_png(size: int) -> bytes:
    """A valid PNG of exactly `size` bytes (zeros after the image end are ignored)."""
    data = image_bytes("PNG")
    return data + b"\0" * (size - len(data))


def upload(name: str, data: bytes, content_type: str | None = None):
    """As a browser sends it: the content type its name suggests, unless told otherwise."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_upload(client, file, **extra):
    data = {"type": CredentialDocument.Type.DIPLOMA, "file": file, **extra}
    return client.post(reverse("certification:document-upload"), data)


def file_errors(response) -> list[str]:
    """The messages shown next to the file field (and that they are on the page)."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file", [])
    html = response.content.decode()
    for number, message in enumerate(errors, start=1):
        assert f'id="id_file_error_{number}"' in html
        assert escape(message) in html
    return errors


def nothing_kept(media):
    assert CredentialDocument.objects.count() == 0
    assert DocumentEvent.objects.count() == 0
    assert stored_files(media) == []


def as_user(client, user):
    client.force_login(user)
    return client


# Uploads refused, each with a message next to the file field and nothing kept.

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

REFUSED = [
    pytest.param("diploma.pdf", HTML_PAGE, "is a web page (HTML)", id="html-named-pdf"),
    pytest.param("diploma.pdf", b"", "is empty", id="empty"),
    pytest.param("scan.png", png_with_text("<script>alert(1)</script>"),
                 "looks like a web page hidden in a file", id="png-that-is-html"),
    pytest.param("scan.png", png_with_text("<SVG onload=alert(1)>"),
                 "looks like a web page hidden in a file", id="png-with-svg-any-case"),
    pytest.param("diploma.pdf", small_pdf() + b"\n<iframe src=x>",
                 "looks like a web page hidden in a file", id="pdf-that-is-html"),
    pytest.param("..%2F..%2Fetc%2Fpasswd.pdf", small_pdf(), "names a folder",
                 id="path-traversal-name"),
    pytest.param("notes.pdf", b"just some text, no document", "not a PDF, JPEG or PNG",
                 id="text-named-pdf"),
    pytest.param("diploma.pdf", b"%PDF-1.7\nnot really a pdf", "could not be read",
                 id="damaged-pdf"),
    pytest.param("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 200, "could not be read",
                 id="damaged-jpeg"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED)
def test_refused_upload_says_why_and_keeps_nothing(applicant_client, media, name, data,
                                                   message):
    response = post_upload(applicant_client, upload(name, data))

    errors = file_errors(response)
    assert len(errors) == 1 and message in errors[0]
    nothing_kept(media)


def test_file_one_byte_over_the_limit_is_refused_with_the_limit_in_mb(applicant_client, media,
                                                                      settings):
    assert settings.DOCUMENT_MAX_BYTES == 10 * MB  # the default
    response = post_upload(applicant_client,
                           upload("scan.png", padded_png(10 * MB + 1), "image/png"))

    assert file_errors(response) == [
        "“scan.png” is over the 10 MB size limit. Scan it at a lower resolution or "
        "compress it, then upload it again."
    ]
    nothing_kept(media)


def test_file_exactly_at_the_limit_is_accepted(applicant_client, media):
    response = post_upload(applicant_client, upload("scan.png", padded_png(10 * MB), "image/png"))

    document = CredentialDocument.objects.get()
    assert response.status_code == 302
    # Stored re-encoded: the padding after the image's end is gone with the metadata.
    assert [f.stat().st_size for f in stored_files(media)] == [document.size]
    assert document.size < 10 * MB


def test_limit_follows_the_setting(applicant_client, media, settings):
    settings.DOCUMENT_MAX_BYTES = 2 * MB
    page = applicant_client.get(reverse("certification:document-upload"))
    response = post_upload(applicant_client, upload("scan.png", padded_png(2 * MB + 1)))

    assert "up to 2 MB" in page.content.decode()
    assert "over the 2 MB size limit" in file_errors(response)[0]
    nothing_kept(media)


def test_an_image_too_large_to_decode_is_refused(applicant_client, media, monkeypatch):
    monkeypatch.setattr("certification.uploads.MAX_PIXELS", 40 * 30 - 1)

    response = post_upload(applicant_client, upload("scan.png", image_bytes("PNG")))

    assert file_errors(response) == [
        "“scan.png” is 40 × 30 pixels, too large to check. Scan it at 300 dpi and upload that."
    ]
    nothing_kept(media)


def test_no_file_chosen_is_refused(applicant_client, media):
    response = post_upload(applicant_client, "")

    assert file_errors(response) == ["Choose a file to upload."]
    nothing_kept(media)


def _raw_multipart(filename: str, data: bytes) -> bytes:
    return (b"--XyZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nDIPLOMA\r\n"
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.encode() + b"\"\r\nContent-Type: application/pdf\r\n\r\n"
            + data + b"\r\n--XyZ--\r\n")


def test_a_name_of_only_dots_is_dropped_and_refused(applicant_client, media):
    response = applicant_client.post(
        reverse("certification:document-upload"), _raw_multipart("..", small_pdf()),
        content_type="multipart/form-data; boundary=XyZ",
    )

    assert file_errors(response) == ["Choose a file to upload."]
    nothing_kept(media)


def test_folders_in_a_name_never_reach_the_disk(applicant_client, media, tmp_path):
    """Django drops the folders before the view sees the name; the stored name is ours."""
    response = applicant_client.post(
        reverse("certification:document-upload"),
        _raw_multipart("../../../outside.pdf", small_pdf()),
        content_type="multipart/form-data; boundary=XyZ",
    )

    document = CredentialDocument.objects.get()
    assert response.status_code == 302
    assert document.original_name == "outside.pdf"
    assert "outside" not in document.file.name and ".." not in document.file.name
    assert stored_files(media) == [media / document.file.name]
    assert not list(tmp_path.glob("outside*"))


def test_a_failed_database_write_leaves_no_file(applicant, media, monkeypatch):
    def broken(applicant_id):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.road, "refresh", broken)
    with pytest.raises(RuntimeError):
        services.upload_document(applicant=applicant, by=applicant.user, type="DIPLOMA",
                                 file=upload("diploma.pdf", small_pdf()))

    nothing_kept(media)


def test_the_service_refuses_a_bad_file_too(applicant, media):
    with pytest.raises(ValidationError) as caught:
        services.upload_document(applicant=applicant, by=applicant.user, type="DIPLOMA",
                                 file=upload("page.pdf", HTML_PAGE))

    assert "web page" in caught.value.message_dict["file"][0]
    nothing_kept(media)


# Uploads accepted: the type comes from the content, the name from the server.

ACCEPTED = [
    pytest.param("diploma.pdf", small_pdf(2), "application/pdf", id="pdf"),
    pytest.param("photo.jpeg", image_bytes("JPEG"), "image/jpeg", id="jpeg"),
    pytest.param("scan.png", image_bytes("PNG"), "image/png", id="png"),
]


@pytest.mark.parametrize(("name", "data", "content_type"), ACCEPTED)
def test_valid_documents_are_stored_under_a_server_name(applicant_client, applicant, media,
                                                        name, data, content_type):
    # The browser says nothing useful: the stored type comes from the content.
    response = post_upload(applicant_client, upload(name, data, "application/octet-stream"),
                           title="Original")

    document = CredentialDocument.objects.get()
    assert response.url == reverse("certification:document-detail", args=[document.pk])
    stored = (media / document.file.name).read_bytes()
    assert (document.content_type, document.original_name, document.size) == (
        content_type, name, len(stored))
    assert document.state == State.UPLOADED and document.applicant == applicant
    assert name not in document.file.name
    # A PDF is kept as sent; an image as Pillow re-encoded it (no metadata), same pixels.
    if content_type == "application/pdf":
        assert stored == data
    else:
        assert Image.open(io.BytesIO(stored)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    event = document.events.get()
    assert (event.from_state, event.to_state, event.by) == ("", State.UPLOADED, applicant.user)


def test_forged_state_in_the_upload_form_is_ignored(applicant_client, media):
    post_upload(applicant_client, upload("diploma.pdf", small_pdf()), state="verified")

    assert CredentialDocument.objects.get().state == State.UPLOADED


def test_display_name_is_cleaned_and_capped(applicant_client, media):
    long_name = "dip\x07loma " + "x" * 300 + ".pdf"
    post_upload(applicant_client, upload(long_name, small_pdf()))

    name = CredentialDocument.objects.get().original_name
    assert "\x07" not in name and len(name) <= 120 and name.endswith(".pdf")


def test_transcript_records_credit_years_and_granting_school(applicant_client, media):
    school = MedicalSchool.objects.create(name="Universidad Central", country="VE",
                                          wdoms_id="F0000123")
    response = post_upload(
        applicant_client, upload("transcript.pdf", small_pdf()), type="FINAL_TRANSCRIPT",
        credit_years="2.5", granting_school=school.pk, transferred="on",
    )

    document = CredentialDocument.objects.get()
    assert response.status_code == 302
    assert (str(document.credit_years), document.granting_school, document.transferred) == (
        "2.5", school, True)
    detail = applicant_client.get(response.url).content.decode()
    assert "2.5 years, transferred" in detail and "Universidad Central" in detail


def test_transcript_needs_credit_years(applicant_client, media):
    response = post_upload(applicant_client, upload("transcript.pdf", small_pdf()),
                           type="FINAL_TRANSCRIPT")

    assert "how many years" in response.context["form"].errors["credit_years"][0]
    nothing_kept(media)


def test_credit_years_belong_to_a_transcript_only(applicant_client, media):
    response = post_upload(applicant_client, upload("diploma.pdf", small_pdf()),
                           credit_years="4")

    assert "final transcript" in response.context["form"].errors["credit_years"][0]
    nothing_kept(media)


# Downloads: attachment only, never sniffed, for the owner only.


def test_download_is_an_attachment_of_the_stored_type(applicant_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant, original_name="my diploma.pdf")

    response = applicant_client.get(reverse("certification:document-download",
                                            args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my diploma.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == small_pdf()


def test_download_name_carries_the_real_extension(applicant_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant, original_name="scan.html",
                                         content_type="image/png")

    response = applicant_client.get(reverse("certification:document-download",
                                            args=[document.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="scan.html.png"'


# Another applicant, an advisor or a forged POST can change nothing.

OWNER_URLS = ["document-detail", "document-download", "document-delete", "document-send",
              "document-resubmit"]


@pytest.mark.parametrize("name", OWNER_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicant_gets_404_and_changes_nothing(client, applicant, other_applicant,
                                                       media, name, method):
    document = CredentialDocumentFactory(applicant=applicant, state=State.REJECTED,
                                         rejection_reason="Blurred")
    url = reverse(f"certification:{name}", args=[document.pk])
    as_user(client, other_applicant.user)

    data = {"file": upload("mine.pdf", small_pdf(3))} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)

    assert response.status_code == 404
    document.refresh_from_db()
    assert (document.state, document.size) == (State.REJECTED, len(small_pdf()))
    assert stored_files(media) == [media / document.file.name]
    assert not document.events.exists()


@pytest.mark.parametrize("name", OWNER_URLS)
def test_advisors_see_no_applicant_documents_until_caseloads_exist(client, applicant,
                                                                   advisor_with_mfa, name):
    document = CredentialDocumentFactory(applicant=applicant)

    response = as_user(client, advisor_with_mfa).get(
        reverse(f"certification:{name}", args=[document.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("actor", ["applicant", "other_applicant", "advisor_with_mfa"])
def test_only_staff_reach_the_staff_check(client, request, applicant, actor):
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT)
    person = request.getfixturevalue(actor)

    response = as_user(client, getattr(person, "user", person)).post(
        reverse("certification:document-review", args=[document.pk]),
        {"verdict": "looks_right"})

    assert response.status_code == 403
    assert not document.reviews.exists()


def test_staff_cannot_record_ecfmgs_answer(staff, applicant):
    """ECFMG's answer is the applicant's to record; staff only check the upload."""
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT)

    with pytest.raises(ValidationError, match="Only the applicant"):
        services.record_ecfmg_answer(document, by=staff, answer=State.VERIFIED,
                                     answered_on=date(2026, 11, 1))

    document.refresh_from_db()
    assert document.state == State.SENT and not document.events.exists()


# The applicant's moves.


def test_applicant_marks_a_document_sent(applicant_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant)

    response = applicant_client.post(
        reverse("certification:document-send", args=[document.pk]), follow=True)

    document.refresh_from_db()
    assert document.state == State.SENT
    assert document.state_changed_on == timezone.localdate()
    event = document.events.get()
    assert (event.from_state, event.to_state, event.by) == (
        State.UPLOADED, State.SENT, applicant.user)
    assert "Marked as sent" in response.content.decode()


@pytest.mark.parametrize("state", [State.SENT, State.VERIFIED, State.REJECTED])
def test_illegal_send_is_refused_with_a_message(applicant_client, applicant, state):
    document = CredentialDocumentFactory(applicant=applicant, state=state)

    response = applicant_client.post(
        reverse("certification:document-send", args=[document.pk]), follow=True)

    document.refresh_from_db()
    assert document.state == state and not document.events.exists()
    label = State(state).label
    assert escape(f"This document is “{label}”; it cannot be marked “Sent for verification”."
                  ) in response.content.decode()


def test_rejected_document_is_replaced_and_marked_resubmitted(
        applicant_client, applicant, media, django_capture_on_commit_callbacks):
    document = CredentialDocumentFactory(applicant=applicant, state=State.REJECTED,
                                         rejection_reason="Blurred")
    old_file = media / document.file.name
    url = reverse("certification:document-resubmit", args=[document.pk])

    page = applicant_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        applicant_client.post(url, {"file": upload("sharp.png", image_bytes("PNG"), "image/png")})

    document.refresh_from_db()
    assert "Blurred" in page.content.decode()
    assert (document.state, document.content_type, document.original_name) == (
        State.RESUBMITTED, "image/png", "sharp.png")
    assert stored_files(media) == [media / document.file.name] and not old_file.exists()
    event = document.events.get()
    assert (event.from_state, event.to_state, event.by) == (
        State.REJECTED, State.RESUBMITTED, applicant.user)


def test_a_bad_replacement_is_refused_and_the_old_file_kept(applicant_client, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant, state=State.REJECTED)

    response = applicant_client.post(
        reverse("certification:document-resubmit", args=[document.pk]),
        {"file": upload("again.png", png_with_text("<html>"), "image/png")})

    assert "web page hidden" in file_errors(response)[0]
    document.refresh_from_db()
    assert document.state == State.REJECTED
    assert stored_files(media) == [media / document.file.name]


def test_a_failed_replacement_leaves_the_document_as_it_was(applicant, media, monkeypatch):
    document = CredentialDocumentFactory(applicant=applicant, state=State.REJECTED)
    monkeypatch.setattr(services.road, "refresh", lambda applicant_id: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        services.resubmit_document(document, by=applicant.user,
                                   file=upload("new.pdf", small_pdf(2)))

    document.refresh_from_db()
    assert document.state == State.REJECTED and not document.events.exists()
    assert stored_files(media) == [media / document.file.name]


def test_only_a_rejected_document_can_be_replaced(applicant_client, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant, state=State.VERIFIED)
    url = reverse("certification:document-resubmit", args=[document.pk])

    page = applicant_client.get(url, follow=True)
    response = applicant_client.post(url, {"file": upload("new.pdf", small_pdf(2))})

    assert "Only a rejected document can be replaced." in page.content.decode()
    assert "cannot be marked “Re-submitted”" in response.context["form"].non_field_errors()[0]
    document.refresh_from_db()
    assert document.state == State.VERIFIED
    assert stored_files(media) == [media / document.file.name]


def test_delete_asks_first_then_removes_file_and_row(applicant_client, applicant, media,
                                                     django_capture_on_commit_callbacks):
    document = CredentialDocumentFactory(applicant=applicant)
    url = reverse("certification:document-delete", args=[document.pk])

    page = applicant_client.get(url)
    assert "Delete “Final diploma”?" in page.content.decode()
    assert CredentialDocument.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(url)

    assert response.url == reverse("certification:documents")
    nothing_kept(media)


# The applicant records ECFMG's answer.


def answer_url(document):
    return reverse("certification:document-answer", args=[document.pk])


def test_applicant_records_ecfmg_verified_and_the_diploma_counts(applicant_client, applicant):
    refresh_progress(applicant.pk)
    before = Applicant.objects.get(pk=applicant.pk).cert_met
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT,
                                         state_changed_on=date(2026, 10, 1))
    detail = applicant_client.get(reverse("certification:document-detail", args=[document.pk]))

    response = applicant_client.post(answer_url(document), {
        "answer": "verified", "answered_on": "2026-10-20"}, follow=True)

    assert "Record ECFMG's answer" in detail.content.decode()
    document.refresh_from_db()
    assert (document.state, document.ecfmg_answered_on) == (State.VERIFIED, date(2026, 10, 20))
    event = document.events.get()
    assert (event.from_state, event.to_state, event.by) == (
        State.SENT, State.VERIFIED, applicant.user)
    html = response.content.decode()
    assert "ECFMG&#x27;s answer is recorded." in html
    assert "Verified on 20 Oct 2026" in html
    assert Applicant.objects.get(pk=applicant.pk).cert_met == before + 1
    checklist = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert "Final diploma verified by ECFMG with your school on 20 Oct 2026" in checklist


def test_applicant_records_a_rejection_with_ecfmgs_reason_and_the_checklist_blocks(
        applicant_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.RESUBMITTED,
                                         state_changed_on=date(2026, 10, 1))

    applicant_client.post(answer_url(document), {
        "answer": "rejected", "answered_on": "2026-10-15",
        "reason": "The translation is not certified."})

    document.refresh_from_db()
    assert (document.state, document.rejection_reason, document.ecfmg_answered_on) == (
        State.REJECTED, "The translation is not certified.", date(2026, 10, 15))
    listing = applicant_client.get(reverse("certification:documents")).content.decode()
    assert "Rejected by ECFMG on 15 Oct 2026:" in listing
    assert "The translation is not certified." in listing
    checklist = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert ("Final diploma rejected by ECFMG on 15 Oct 2026: The translation is not certified."
            in checklist)
    assert "Fix what ECFMG named and upload a replacement final diploma" in checklist


def test_a_bad_answer_gets_every_message_at_its_field_and_saves_nothing(applicant_client,
                                                                         applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT,
                                         state_changed_on=date(2026, 10, 1))

    rejected = applicant_client.post(answer_url(document), {
        "answer": "rejected", "answered_on": "2026-09-30", "reason": " "})
    future = applicant_client.post(answer_url(document), {
        "answer": "verified", "answered_on": "2099-01-01"})
    empty = applicant_client.post(answer_url(document), {})

    errors = rejected.context["form"].errors
    assert errors["answered_on"] == ["You marked it sent on 2026-10-01; ECFMG's answer can't "
                                     "be earlier. Check the date."]
    assert errors["reason"][0].startswith("Write the reason ECFMG gave")
    assert "is in the future" in future.context["form"].errors["answered_on"][0]
    assert set(empty.context["form"].errors) == {"answer", "answered_on"}
    document.refresh_from_db()
    assert document.state == State.SENT and not document.events.exists()


@pytest.mark.parametrize("state", [State.UPLOADED, State.VERIFIED, State.REJECTED])
def test_ecfmgs_answer_is_for_a_document_sent(applicant_client, applicant, state):
    document = CredentialDocumentFactory(applicant=applicant, state=state)

    page = applicant_client.get(answer_url(document), follow=True)
    response = applicant_client.post(answer_url(document), {
        "answer": "verified", "answered_on": "2026-10-20"})

    assert "once you have sent the document" in page.content.decode()
    assert "cannot be marked “Verified”" in response.context["form"].non_field_errors()[0]
    document.refresh_from_db()
    assert document.state == state and not document.events.exists()


def test_someone_elses_document_gets_no_answer(client, applicant, other_applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT)

    response = as_user(client, other_applicant.user).post(answer_url(document), {
        "answer": "verified", "answered_on": "2026-10-20"})

    assert response.status_code == 404
    document.refresh_from_db()
    assert document.state == State.SENT


# Staff check the upload: never ECFMG's answer.


@pytest.fixture
def staff_client(client, staff):
    return as_user(client, staff)


def test_staff_check_an_upload_without_touching_ecfmgs_answer(staff_client, staff, client,
                                                             applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT)
    url = reverse("certification:document-review", args=[document.pk])

    page = staff_client.get(url).content.decode()
    staff_client.post(url, {"verdict": "looks_right"})

    assert applicant.legal_name in page and "does not record ECFMG's answer" in page
    assert "Record ECFMG" not in page
    document.refresh_from_db()
    assert document.state == State.SENT and not document.events.exists()
    review = document.reviews.get()
    assert (review.verdict, review.reviewer, review.organisation) == ("looks_right", staff, None)
    as_user(client, applicant.user)
    detail = client.get(reverse("certification:document-detail", args=[document.pk]))
    html = detail.content.decode()
    assert "IMG Path staff" in html and "readable, and the right document" in html
    assert "It is not ECFMG's answer" in html
    assert "Record ECFMG's answer" in html  # still the applicant's to record


def test_a_staff_check_asking_for_a_new_upload_needs_a_reason_the_applicant_reads(
        staff_client, client, applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.UPLOADED)
    url = reverse("certification:document-review", args=[document.pk])

    refused = staff_client.post(url, {"verdict": "needs_changes", "reason": "  "})
    staff_client.post(url, {"verdict": "needs_changes", "reason": "Page 2 is cut off."})

    assert "Say what is wrong" in refused.context["form"].errors["reason"][0]
    document.refresh_from_db()
    assert document.state == State.UPLOADED and document.advisor_request == ""
    as_user(client, applicant.user)
    html = client.get(reverse("certification:document-detail", args=[document.pk])
                      ).content.decode()
    assert "needs a new upload: Page 2 is cut off." in html
    notes = client.get(reverse("applicants:notifications")).content.decode()
    assert "please upload it again. Page 2 is cut off." in notes


def test_staff_download_the_file(staff_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant)

    response = staff_client.get(reverse("certification:document-review-file",
                                        args=[document.pk]))

    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == small_pdf()


def test_admin_lists_documents_with_a_review_link(staff_client, applicant):
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT)

    response = staff_client.get(reverse("admin:certification_credentialdocument_changelist"),
                                {"state__exact": "sent"})

    assert reverse("certification:document-review", args=[document.pk]) in (
        response.content.decode())


# Progress and pages.


def test_a_late_evening_answer_is_recorded_on_that_evenings_date_in_us_eastern(
        monkeypatch, applicant):
    """The day recorded is US Eastern, the zone of every ECFMG and NRMP deadline: 22:00 ET
    on 21 November is 03:00 UTC on the 22nd, and the event reads the 21st."""
    moment = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    document = CredentialDocumentFactory(applicant=applicant, state=State.SENT,
                                         state_changed_on=date(2026, 11, 1))
    services.record_ecfmg_answer(document, by=applicant.user, answer=State.VERIFIED,
                                 answered_on=date(2026, 11, 21))
    document.refresh_from_db()
    assert document.state_changed_on == date(2026, 11, 21) == eastern_today()


def test_documents_page_lists_history_in_constant_queries(applicant_client, applicant,
                                                        django_assert_max_num_queries):
    for document in CredentialDocumentFactory.create_batch(10, applicant=applicant):
        services.send_document(document, by=applicant.user)

    with django_assert_max_num_queries(8):
        response = applicant_client.get(reverse("certification:documents"))

    html = response.content.decode()
    assert html.count("Sent for verification") >= 10 and "You" in html
    labels = [item["label"] for item in response.context["nav_items"] if item["current"]]
    assert labels == ["Documents"]


# Correcting a document's details without uploading it again.


def test_a_transcripts_credit_years_are_corrected_in_place(applicant_client, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant, type="FINAL_TRANSCRIPT",
                                         credit_years=4, state=State.VERIFIED)
    edit = reverse("certification:document-edit", args=[document.pk])
    assert "Edit the details (credit years)" in applicant_client.get(
        reverse("certification:document-detail", args=[document.pk])).content.decode()
    response = applicant_client.post(edit, {"title": "Final transcript, 2018",
                                            "credit_years": "4.5"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (str(document.credit_years), document.title, document.state) == (
        "4.5", "Final transcript, 2018", State.VERIFIED)  # the verification stays
    detail = applicant_client.get(response.url).content.decode()
    assert "4.5 years" in detail


def test_a_transcript_cannot_lose_its_credit_years(applicant_client, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant, type="FINAL_TRANSCRIPT",
                                         credit_years=4)
    response = applicant_client.post(
        reverse("certification:document-edit", args=[document.pk]), {"credit_years": ""})
    assert "how many years" in response.context["form"].errors["credit_years"][0]
    document.refresh_from_db()
    assert document.credit_years == 4


def test_a_diploma_edit_offers_no_credit_years(applicant_client, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant)
    page = applicant_client.get(
        reverse("certification:document-edit", args=[document.pk])).content.decode()
    assert 'name="title"' in page and 'name="credit_years"' not in page


def test_someone_elses_document_cannot_be_edited(client, other_applicant, applicant, media):
    document = CredentialDocumentFactory(applicant=applicant, type="FINAL_TRANSCRIPT",
                                         credit_years=4)
    client.force_login(other_applicant.user)
    response = client.post(reverse("certification:document-edit", args=[document.pk]),
                           {"credit_years": "1"})
    assert response.status_code == 404


def test_after_an_upload_error_the_page_says_to_choose_the_file_again(applicant_client,
                                                                       media):
    response = post_upload(applicant_client, upload("transcript.pdf", small_pdf()),
                           type="FINAL_TRANSCRIPT", title="Transcript, English")
    page = response.content.decode()
    assert "Choose the file again." in page
    assert 'value="Transcript, English"' in page  # the other fields are kept


def test_the_migration_keeps_staff_recorded_answers_as_ecfmgs_with_their_date(applicant):
    """Before issue 10 only staff recorded ECFMG's answer: migration 0012 keeps each as ECFMG's
    answer, dated the day it was recorded, and leaves documents without an answer alone."""
    from importlib import import_module

    from django.apps import apps
    step = import_module("certification.migrations.0012_ecfmg_answer_by_the_applicant")
    verified = CredentialDocumentFactory(applicant=applicant, state=State.VERIFIED,
                                         state_changed_on=date(2026, 3, 4))
    rejected = CredentialDocumentFactory(applicant=applicant, state=State.REJECTED,
                                         state_changed_on=date(2026, 4, 5),
                                         rejection_reason="Blurred")
    sent = CredentialDocumentFactory(applicant=applicant, state=State.SENT,
                                     state_changed_on=date(2026, 5, 6))

    step.date_the_answers(apps, None)

    answered = dict(CredentialDocument.objects.values_list("pk", "ecfmg_answered_on"))
    assert answered == {verified.pk: date(2026, 3, 4), rejected.pk: date(2026, 4, 5),
                        sent.pk: None}
    assert CredentialDocument.objects.get(pk=rejected.pk).rejection_reason == "Blurred"
