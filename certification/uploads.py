"""Check an uploaded credential document by what it contains: PDF, JPEG or PNG only, parsed
in full, and nothing a browser or a PDF reader could run.

- The kind comes from the content; a name or a browser's content type that says another
  kind is refused (a PNG named .pdf, an executable named .jpg).
- A PDF is refused if any of its objects carries active content (JavaScript, a launch or
  JavaScript action run on opening, embedded files, XFA forms): its objects are walked with
  pypdf, not its bytes searched, so compressed objects are read too.
- An image is decoded in full and stored re-encoded by Pillow: EXIF (GPS, camera), XMP,
  comments and text chunks are dropped, and text chunks carrying markup are refused.
- A virus scanner runs when UPLOAD_SCANNER names one (none is installed here: signatures
  need the internet); when it is set and cannot answer, the upload is refused.

No ORM here: `check_upload` takes a Django File (an upload is one) and returns what the
service stores.
"""

import hashlib
import html
import io
import re
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.module_loading import import_string
from PIL import Image, ImageFile, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extension: str
    magic: bytes
    # What a name or a browser may call this kind.
    extensions: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()


PDF = Kind("PDF", "application/pdf", ".pdf", b"%PDF-", (".pdf",),
           ("application/pdf", "application/x-pdf"))
JPEG = Kind("JPEG", "image/jpeg", ".jpg", b"\xff\xd8\xff", (".jpg", ".jpeg", ".jpe"),
            ("image/jpeg", "image/jpg", "image/pjpeg"))
PNG = Kind("PNG", "image/png", ".png", b"\x89PNG\r\n\x1a\n", (".png",), ("image/png",))
# What a browser says when it does not know; it says nothing about the content.
VAGUE_CONTENT_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
KINDS = (PDF, JPEG, PNG)
EXTENSIONS = {PDF.content_type: PDF.extension, JPEG.content_type: JPEG.extension,
              PNG.content_type: PNG.extension}

# What a browser would treat as a page: a file carrying any of these is refused, since a
# "PDF" or "PNG" that is also HTML is how stored cross-site scripting gets in.
WEB_MARKERS = (b"<html", b"<head", b"<body", b"<script", b"<!doctype", b"<svg", b"<iframe",
               b"<object", b"<embed")
# In an image's text (metadata chunks, comments), which are short and never compressed
# data, any markup at all is refused: <img onerror>, <meta refresh>, <x:script>.
TEXT_MARKUP = re.compile(r"<\s*[a-z!?/][\w:-]*|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)
# PDF names that run something or carry something: any object holding one is refused.
PDF_ACTIVE_NAMES = {"/JavaScript": "JavaScript", "/JS": "JavaScript", "/Launch": "a program "
                    "launch", "/EmbeddedFile": "an embedded file", "/EmbeddedFiles":
                    "an embedded file", "/XFA": "an XFA form", "/RichMedia": "embedded media",
                    "/SubmitForm": "a form that sends data", "/ImportData": "a data import",
                    "/GoToE": "a link into an embedded file", "/Sound": "embedded media",
                    "/Movie": "embedded media"}
# Objects walked in one PDF at most: a real scan has a few hundred.
PDF_MAX_OBJECTS = 50_000
_CHUNK = 64 * 1024
# A 600 dpi scan of an A4 page is 35 million pixels; decoding far more costs the server
# gigabytes of memory for no legible gain.
MAX_PIXELS = 60_000_000
NAME_LIMIT = 120
# NUL, and the bidirectional controls that make "diploma\u202efdp.exe" read "diplomaexe.pdf".
HIDING_CHARACTERS = {"\x00", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
                     "\u200e", "\u200f", "\u061c"}


@dataclass(frozen=True)
class CheckedFile:
    display_name: str
    content_type: str
    size: int
    sha256: str
    # What to store: the upload itself (a PDF) or the re-encoded image.
    content: object = None


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
    _check_claims(file, kind, name)
    _parse(file, kind, name)
    _scan_for_viruses(file, name)
    if kind is PDF:
        return CheckedFile(display_name=name, content_type=kind.content_type, size=size,
                           sha256=digest, content=file)
    clean = _reencoded(file, kind, name)
    return CheckedFile(display_name=name, content_type=kind.content_type, size=len(clean),
                       sha256=hashlib.sha256(clean).hexdigest(),
                       content=ContentFile(clean, name="upload"))


def _check_claims(file, kind: Kind, name: str) -> None:
    """The name's extension and the browser's content type, when they say a kind, say this."""
    _, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" not in kind.extensions:
        _refuse(f"“{name}” is a {kind.label} file but its name ends in .{extension}. Rename "
                f"it to end in {kind.extension} (or save it as the kind its name says) and "
                "upload it again.")
    declared = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in VAGUE_CONTENT_TYPES and declared not in kind.content_types:
        _refuse(f"“{name}” is a {kind.label} file but was sent as {declared[:60]}. Save it "
                f"again as {kind.label} and upload that copy.")


def _scan_for_viruses(file, name: str) -> None:
    """The configured scanner's verdict; with a scanner set, no verdict is a refusal."""
    if not settings.UPLOAD_SCANNER:
        return
    file.seek(0)
    try:
        clean = import_string(settings.UPLOAD_SCANNER)(file)
    except Exception:  # The scanner is down or broken: fail closed.
        clean = None
    finally:
        file.seek(0)
    if clean is None:
        _refuse(f"“{name}” could not be checked for viruses just now, so it was not kept. "
                "Try again in a few minutes.")
    if not clean:
        _refuse(f"“{name}” was refused by the virus check. Scan the paper document again "
                "on a clean computer and upload the new copy.")


def check_file_name(raw: str) -> str:
    """The uploader's file name, cleaned for display only; it never names a file on disk.

    Django already drops folders from the name; one that still names a folder once
    decoded (e.g. `..%2Fpasswd.pdf`) is refused rather than guessed at.
    """
    decoded = unquote(html.unescape(raw))
    if any(c in HIDING_CHARACTERS for c in decoded):
        _refuse("The file name has hidden characters (which can make it read as another "
                "name). Rename the file (for example diploma.pdf) and upload it again.")
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
    found = _pdf_active_content(reader)
    if found:
        _refuse(f"“{name}” contains {found}, which a PDF reader could run, so it was "
                "refused. Print it to a new PDF (or scan the paper again) and upload that.")


def _pdf_active_content(reader: PdfReader) -> str:
    """What active content the PDF's objects carry (in words), or "" for none.

    Walks every object reachable from the trailer (the catalogue, pages, annotations, name
    trees, form fields, open and page actions), each once.
    """
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        walked += 1
        if walked > PDF_MAX_OBJECTS:
            return "more objects than a scanned document has"
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in PDF_ACTIVE_NAMES:
                    return PDF_ACTIVE_NAMES[key]
                if key in {"/S", "/Subtype"} and value in PDF_ACTIVE_NAMES:  # action, annot
                    return PDF_ACTIVE_NAMES[value]
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return ""


@contextmanager
def _truncated_images_refused():
    """Pillow's global switch, off while we decode: WeasyPrint turns it on when imported
    (the PDF report), which would let a file cut off half-way through as an image."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _parse_image(file, kind: Kind, name: str) -> None:
    # A decompression bomb (a small file that decodes to gigapixels) is refused, not decoded.
    with warnings.catch_warnings(), _truncated_images_refused():
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
            texts = _image_texts(image)
            if kind is PNG:
                texts.append(_png_trailer(file).decode("latin-1"))
            if any(TEXT_MARKUP.search(text) for text in texts):
                _refuse(f"“{name}” carries web-page code in its hidden text, so it was "
                        "refused. Take or export the picture again and upload that copy.")


def _image_texts(image) -> list[str]:
    """The free text an image carries beside its pixels: PNG text chunks and comments.

    (XMP is markup by design and EXIF is binary; both are dropped by the re-encoding.)
    """
    texts = [str(v) for v in getattr(image, "text", {}).values()]
    comment = image.info.get("comment")
    if comment:
        texts.append(comment.decode("latin-1") if isinstance(comment, bytes) else str(comment))
    return texts


def _png_trailer(file) -> bytes:
    """Bytes after a PNG's IEND chunk: no image needs them; a polyglot hides a page there."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    end = data.rfind(b"IEND")
    return data[end + 8:] if end >= 0 else b""


def _reencoded(file, kind: Kind, name: str) -> bytes:
    """The image's pixels only, turned upright as its EXIF said: no EXIF, GPS, XMP, text."""
    file.seek(0)
    with Image.open(file, formats=[kind.label]) as image:
        upright = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")  # colours, not about anyone: kept
        extra = {"icc_profile": icc} if icc else {}
        upright.info = {}  # Pillow writes a comment (and more) from here when saving
        out = io.BytesIO()
        if kind is JPEG:
            upright = upright.convert("RGB") if upright.mode not in {"RGB", "L"} else upright
            upright.save(out, format="JPEG", quality=92, optimize=True, **extra)
        else:
            upright.save(out, format="PNG", optimize=False, **extra)
    file.seek(0)
    return out.getvalue()
