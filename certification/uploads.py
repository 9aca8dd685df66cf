"""Check an uploaded credential document by what it contains, never by its name or the
browser's word: PDF, JPEG or PNG only, parsed in full, and nothing a browser could run.

No ORM here: `check_upload` takes a Django File (an upload is one) and returns what the
service stores.
"""

import hashlib
import html
import re
import unicodedata
import warnings
from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extension: str
    magic: bytes


PDF = Kind("PDF", "application/pdf", ".pdf", b"%PDF-")
JPEG = Kind("JPEG", "image/jpeg", ".jpg", b"\xff\xd8\xff")
PNG = Kind("PNG", "image/png", ".png", b"\x89PNG\r\n\x1a\n")
KINDS = (PDF, JPEG, PNG)
EXTENSIONS = {PDF.content_type: PDF.extension, JPEG.content_type: JPEG.extension,
              PNG.content_type: PNG.extension}

# What a browser would treat as a page: a file carrying any of these is refused, since a
# "PDF" or "PNG" that is also HTML is how stored cross-site scripting gets in.
WEB_MARKERS = (b"<html", b"<head", b"<body", b"<script", b"<!doctype", b"<svg", b"<iframe",
               b"<object", b"<embed")
_CHUNK = 64 * 1024
# A 600 dpi scan of an A4 page is 35 million pixels; decoding far more costs the server
# gigabytes of memory for no legible gain.
MAX_PIXELS = 60_000_000
NAME_LIMIT = 120


@dataclass(frozen=True)
class CheckedFile:
    display_name: str
    content_type: str
    size: int
    sha256: str


def check_upload(file, *, max_bytes: int) -> CheckedFile:
    """What the file is, or ValidationError({"file": ...}) saying in plain words why not."""
    name = check_file_name(getattr(file, "name", "") or "")
    size = file.size
    if not size:
        _refuse(f"“{name}” is empty (0 bytes). Choose the file again; it may not have "
                "finished saving.")
    if size > max_bytes:
        _refuse(f"“{name}” is over the {_mb(max_bytes)} size limit. Scan it at a lower "
                "resolution or compress it, then upload it again.")
    head = _read_head(file)
    digest, looks_like_web_page = _scan(file)
    kind = next((k for k in KINDS if head.startswith(k.magic)), None)
    if kind is None:
        what = "a web page (HTML)" if looks_like_web_page else "not a PDF, JPEG or PNG file"
        _refuse(f"“{name}” is {what}, whatever its name says. Save the document as PDF, "
                "JPEG or PNG and upload that.")
    if looks_like_web_page:
        _refuse(f"“{name}” looks like a web page hidden in a file, so it was refused. "
                "Export the document again as PDF, JPEG or PNG.")
    _parse(file, kind, name)
    return CheckedFile(display_name=name, content_type=kind.content_type, size=size,
                       sha256=digest)


def check_file_name(raw: str) -> str:
    """The uploader's file name, cleaned for display only; it never names a file on disk.

    Django already drops folders from the name; one that still names a folder once
    decoded (e.g. `..%2Fpasswd.pdf`) is refused rather than guessed at.
    """
    decoded = unquote(html.unescape(raw))
    if "/" in decoded or "\\" in decoded or decoded.strip(". ") == "":
        _refuse("The file name names a folder. Rename the file (for example "
                "diploma.pdf) and upload it again.")
    return display_name(raw)


def display_name(raw: str) -> str:
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > NAME_LIMIT:
        stem, dot, ext = name.rpartition(".")
        keep = f".{ext}" if dot and len(ext) <= 5 else ""
        name = name[: NAME_LIMIT - len(keep) - 1].rstrip() + "…" + keep
    return name or "document"


def download_name(original_name: str, content_type: str) -> str:
    """The name offered when downloading: the uploader's, with the extension of its kind."""
    extension = EXTENSIONS.get(content_type, "")
    name = display_name(original_name)
    if extension and not name.lower().endswith(_extension_forms(extension)):
        name += extension
    return name


def _extension_forms(extension: str) -> tuple[str, ...]:
    return (".jpg", ".jpeg") if extension == ".jpg" else (extension,)


def _refuse(message: str):
    raise ValidationError({"file": [message]})


def _mb(size: int) -> str:
    return f"{round(size / (1024 * 1024), 1):g} MB"


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    return head


def _scan(file) -> tuple[str, bool]:
    """SHA-256 of the whole file, and whether it carries a web-page marker anywhere."""
    digest, found, tail = hashlib.sha256(), False, b""
    overlap = max(len(m) for m in WEB_MARKERS) - 1
    for chunk in file.chunks(_CHUNK):
        digest.update(chunk)
        window = (tail + chunk).lower()
        found = found or any(marker in window for marker in WEB_MARKERS)
        tail = window[-overlap:]
    file.seek(0)
    return digest.hexdigest(), found


def _parse(file, kind: Kind, name: str) -> None:
    file.seek(0)
    try:
        _parse_pdf(file, name) if kind is PDF else _parse_image(file, kind, name)
    except ValidationError:
        raise
    except Exception as exc:  # A damaged file can fail in any of the parsers' ways.
        raise ValidationError({"file": [
            f"“{name}” starts like a {kind.label} but could not be read; it may be damaged. "
            "Save it again and upload the new copy."
        ]}) from exc
    finally:
        file.seek(0)


def _parse_pdf(file, name: str) -> None:
    reader = PdfReader(file, strict=False)
    if reader.is_encrypted:
        _refuse(f"“{name}” is protected by a password. Upload a copy without one.")
    if len(reader.pages) < 1:
        _refuse(f"“{name}” is a PDF with no pages.")
    reader.pages[0].mediabox  # noqa: B018 - the first page must be readable.


def _parse_image(file, kind: Kind, name: str) -> None:
    # A decompression bomb (a small file that decodes to gigapixels) is refused, not decoded.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(file, formats=[kind.label]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                _refuse(f"“{name}” is {width} × {height} pixels, too large to check. Scan "
                        "it at 300 dpi and upload that.")
            image.verify()
        file.seek(0)
        with Image.open(file, formats=[kind.label]) as image:
            image.load()
