"""Build the upload corpus: hostile files an applicant's upload must refuse, good ones it must
accept. Every file is made here (pypdf, Pillow, bytes), nothing is downloaded.

    uv run python scripts/hostile_corpus.py DIR     # writes DIR/<n>-<name> and DIR/manifest.json

tests/trust/test_hostile_corpus.py builds it once per test session and uploads each file.
The oversize cases are over 1 MB: the test sets DOCUMENT_MAX_BYTES to 1 MB for them.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

REFUSE, ACCEPT = "refuse", "accept"
OVERSIZE = 1536 * 1024  # over the test's 1 MB limit


@dataclass(frozen=True)
class Case:
    name: str  # the file name the browser sends
    content_type: str  # what the browser claims
    expect: str  # REFUSE or ACCEPT
    what: str  # why, for the reader of a failure
    make: Callable[[], bytes]


# ----- PDFs -----------------------------------------------------------------------------

def _pdf(build: Callable[[PdfWriter], None] | None = None, pages: int = 1,
         size=(595, 842)) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(*size)
    if build:
        build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name(value: str) -> NameObject:
    return NameObject(value)


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    action.update({_name(f"/{k}"): v for k, v in entries.items()})
    return action


def _js(code="app.alert('x')") -> DictionaryObject:
    return _action("/JavaScript", JS=TextStringObject(code))


def _open_action(action_maker) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        writer._root_object[_name("/OpenAction")] = writer._add_object(action_maker())
    return build


def _catalog_entry(key: str, value_maker) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        writer._root_object[_name(key)] = value_maker(writer)
    return build


def _page_entry(key: str, value_maker) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        writer.pages[-1][_name(key)] = value_maker(writer)
    return build


def _annotation(subtype: str, **entries) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        annot = DictionaryObject({
            _name("/Type"): _name("/Annot"), _name("/Subtype"): _name(subtype),
            _name("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 90, 40)]),
        })
        annot.update({_name(f"/{k}"): (v() if callable(v) else v) for k, v in entries.items()})
        writer.pages[0][_name("/Annots")] = ArrayObject([writer._add_object(annot)])
    return build


def _js_stream(writer: PdfWriter) -> DictionaryObject:
    """A JavaScript action whose code is an indirect stream (not a string)."""
    stream = StreamObject()
    stream.set_data(b"app.launchURL('http://example.invalid', true);")
    return _action("/JavaScript", JS=writer._add_object(stream))


def _names_js(writer: PdfWriter) -> DictionaryObject:
    tree = DictionaryObject({_name("/Names"): ArrayObject(
        [TextStringObject("init"), writer._add_object(_js())])})
    return DictionaryObject({_name("/JavaScript"): writer._add_object(tree)})


def _xfa(writer: PdfWriter) -> DictionaryObject:
    stream = StreamObject()
    stream.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    return DictionaryObject({_name("/Fields"): ArrayObject(),
                             _name("/XFA"): writer._add_object(stream)})


def _attach(data: bytes, name: str) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        writer.add_attachment(name, data)
    return build


def _encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret-password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _no_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def _with_text(text: str) -> Callable[[PdfWriter], None]:
    def build(writer: PdfWriter) -> None:
        stream = StreamObject()
        stream.set_data(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
        font = DictionaryObject({_name("/Type"): _name("/Font"),
                                 _name("/Subtype"): _name("/Type1"),
                                 _name("/BaseFont"): _name("/Helvetica")})
        page = writer.pages[0]
        page[_name("/Contents")] = writer._add_object(stream)
        page[_name("/Resources")] = DictionaryObject({_name("/Font"): DictionaryObject(
            {_name("/F1"): writer._add_object(font)})})
    return build


def _uri_link(writer: PdfWriter) -> None:
    _annotation("/Link", A=_action("/URI", URI=TextStringObject("https://www.ecfmg.org/")))(
        writer)


def _metadata(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": "Diploma", "/Author": "Registrar"})


def _outline(writer: PdfWriter) -> None:
    writer.add_outline_item(title="Page 1", page_number=0)


def _padded_pdf() -> bytes:
    data = _pdf()
    return data + b"%" + b"0" * (OVERSIZE - len(data)) + b"\n"


# ----- images ---------------------------------------------------------------------------

def _image(fmt: str, mode="RGB", size=(120, 80), colour="white", **save) -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, size, colour)
    image.save(out, fmt, **save)
    return out.getvalue()


def _png_text(key: str, text: str, chunk: str = "text") -> bytes:
    info = PngImagePlugin.PngInfo()
    {"text": info.add_text, "itxt": info.add_itxt,
     "ztxt": lambda k, v: info.add_text(k, v, zip=True)}[chunk](key, text)
    return _image("PNG", pnginfo=info)


def _exif(gps: bool = True, orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "PhoneModel X"  # Model
    exif[0x0131] = "PhotoApp 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    return exif.tobytes()


def _photo(fmt="JPEG", **kwargs) -> bytes:
    return _image(fmt, exif=_exif(**kwargs), size=(160, 120), colour="#88aacc")


def _jpeg_comment(text: str) -> bytes:
    return _image("JPEG", comment=text.encode())


def _png_chunks(*chunks: tuple[bytes, bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunk(k, d) for k, d in chunks)


def _claims_huge(width: int, height: int) -> bytes:
    """An IHDR that claims gigapixels, a tiny IDAT: a decompression bomb's header."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return _png_chunks((b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\0" * 1024)), (b"IEND", b""))


def _bomb_png() -> bytes:
    """A real 9000 × 9000 bilevel PNG: a few kB that decode to 81 million pixels."""
    return _image("PNG", mode="1", size=(9000, 9000), colour=1, optimize=True)


def _noise_png(size: int) -> bytes:
    side = int((size / 3) ** 0.5) + 1
    return _image_from(Image.frombytes("RGB", (side, side), _random_bytes(side * side * 3)),
                       "PNG")


def _image_from(image: Image.Image, fmt: str, **save) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def _random_bytes(n: int) -> bytes:
    # Deterministic, incompressible enough: a corpus built twice is the same corpus.
    out, seed = bytearray(), 2026
    while len(out) < n:
        seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
        out += seed.to_bytes(8, "little")
    return bytes(out[:n])


def _truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def _cmyk_jpeg() -> bytes:
    return _image("JPEG", mode="CMYK", colour=(0, 50, 100, 0))


def _progressive_jpeg() -> bytes:
    return _image("JPEG", progressive=True, size=(300, 200), colour="#223344")


def _palette_png() -> bytes:
    return _image_from(Image.new("RGB", (90, 60), "#aa3300").convert("P"), "PNG")


def _png_with_exif() -> bytes:
    return _image("PNG", exif=_exif())


# ----- other things people upload by mistake or on purpose -------------------------------

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 48 + b"PE\0\0" + b"\0" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 300
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\0" * 100
SHELL = b"#!/bin/sh\nrm -rf / --no-preserve-root\n"


def _cases() -> list[Case]:
    pdf, png, jpeg = "application/pdf", "image/png", "image/jpeg"
    refuse = [
        # PDFs with active content, in the places a reader looks for it.
        Case("open-js.pdf", pdf, REFUSE, "JavaScript /OpenAction", lambda: _pdf(_open_action(_js))),
        Case("open-js-stream.pdf", pdf, REFUSE, "JavaScript /OpenAction, code in a stream",
             lambda: _pdf(lambda w: _open_action(lambda: _js_stream(w))(w))),
        Case("names-js.pdf", pdf, REFUSE, "document-level JavaScript name tree",
             lambda: _pdf(_catalog_entry("/Names", _names_js))),
        Case("launch.pdf", pdf, REFUSE, "/Launch on opening",
             lambda: _pdf(_open_action(lambda: _action("/Launch", F=TextStringObject(
                 "cmd.exe"))))),
        Case("launch-link.pdf", pdf, REFUSE, "a link that launches a program",
             lambda: _pdf(_annotation("/Link", A=lambda: _action(
                 "/Launch", F=TextStringObject("/bin/sh"))))),
        Case("embedded-exe.pdf", pdf, REFUSE, "an embedded executable",
             lambda: _pdf(_attach(EXE, "invoice.exe"))),
        Case("embedded-doc.pdf", pdf, REFUSE, "an embedded file of any kind",
             lambda: _pdf(_attach(b"hello", "notes.txt"))),
        Case("xfa.pdf", pdf, REFUSE, "an XFA form",
             lambda: _pdf(_catalog_entry("/AcroForm", _xfa))),
        Case("catalog-aa.pdf", pdf, REFUSE, "document additional actions (/AA) with JavaScript",
             lambda: _pdf(_catalog_entry("/AA", lambda w: DictionaryObject(
                 {_name("/WC"): w._add_object(_js())})))),
        Case("page-aa.pdf", pdf, REFUSE, "page-open action with JavaScript",
             lambda: _pdf(_page_entry("/AA", lambda w: DictionaryObject(
                 {_name("/O"): w._add_object(_js())})))),
        Case("link-js.pdf", pdf, REFUSE, "a link annotation running JavaScript",
             lambda: _pdf(_annotation("/Link", A=_js))),
        Case("widget-js.pdf", pdf, REFUSE, "a form field running JavaScript",
             lambda: _pdf(_annotation("/Widget", AA=lambda: DictionaryObject(
                 {_name("/K"): _js()})))),
        Case("submit-form.pdf", pdf, REFUSE, "a form that submits data",
             lambda: _pdf(_annotation("/Widget", A=lambda: _action(
                 "/SubmitForm", F=TextStringObject("http://example.invalid/"))))),
        Case("import-data.pdf", pdf, REFUSE, "an import-data action",
             lambda: _pdf(_open_action(lambda: _action("/ImportData", F=TextStringObject(
                 "data.fdf"))))),
        Case("rich-media.pdf", pdf, REFUSE, "a RichMedia annotation",
             lambda: _pdf(_annotation("/RichMedia", RichMediaContent=DictionaryObject()))),
        Case("gotoe.pdf", pdf, REFUSE, "a jump into an embedded file",
             lambda: _pdf(_open_action(lambda: _action("/GoToE", NewWindow=BooleanObject(True))))),
        Case("js-page-3.pdf", pdf, REFUSE, "JavaScript on the last of three pages",
             lambda: _pdf(_page_entry("/AA", lambda w: DictionaryObject(
                 {_name("/O"): w._add_object(_js())})), pages=3)),
        Case("encrypted.pdf", pdf, REFUSE, "password-protected", _encrypted),
        Case("no-pages.pdf", pdf, REFUSE, "a PDF with no pages", _no_pages),
        Case("truncated.pdf", pdf, REFUSE, "cut off half-way", lambda: _truncated(_pdf(pages=3))),
        Case("header-only.pdf", pdf, REFUSE, "a PDF header and nothing else",
             lambda: b"%PDF-1.7\n"),
        Case("pdf-with-html.pdf", pdf, REFUSE, "a PDF that is also a web page",
             lambda: _pdf() + HTML),
        Case("big.pdf", pdf, REFUSE, "over the size limit", _padded_pdf),
        # Images with markup, bombs, damage.
        Case("img-onerror.png", png, REFUSE, "text chunk with <img onerror>",
             lambda: _png_text("Comment", '<img src=x onerror="alert(1)">')),
        Case("meta-refresh.png", png, REFUSE, "iTXt chunk with <meta refresh>",
             lambda: _png_text("Description", '<meta http-equiv="refresh" content="0;url=//x">',
                               "itxt")),
        Case("ns-script.png", png, REFUSE, "compressed text chunk with a namespaced script",
             lambda: _png_text("XML", '<x:script xmlns:x="http://www.w3.org/1999/xhtml">'
                               "alert(1)</x:script>", "ztxt")),
        Case("onload-attr.png", png, REFUSE, "text chunk with an event handler",
             lambda: _png_text("Title", 'x" onload="alert(1)')),
        Case("js-url.png", png, REFUSE, "text chunk with a javascript: URL",
             lambda: _png_text("Source", "javascript:alert(1)")),
        Case("html-after-iend.png", png, REFUSE, "an HTML page after the image's end",
             lambda: _image("PNG") + HTML),
        Case("img-after-iend.png", png, REFUSE, "<img onerror> after the image's end",
             lambda: _image("PNG") + b'<img src=x onerror=alert(1)>'),
        Case("script-comment.jpg", jpeg, REFUSE, "JPEG comment with a script",
             lambda: _jpeg_comment("<script>alert(1)</script>")),
        Case("img-comment.jpg", jpeg, REFUSE, "JPEG comment with <img onerror>",
             lambda: _jpeg_comment('<img src=x onerror="alert(1)">')),
        Case("bomb.png", png, REFUSE, "decompression bomb (81 megapixels)", _bomb_png),
        Case("claims-huge.png", png, REFUSE, "header claiming 100000 x 100000 pixels",
             lambda: _claims_huge(100_000, 100_000)),
        Case("claims-wide.png", png, REFUSE, "header claiming 2^31 - 1 pixels wide",
             lambda: _claims_huge(2**31 - 1, 1)),
        Case("truncated.png", png, REFUSE, "cut off half-way",
             lambda: _truncated(_noise_png(20_000))),
        Case("truncated.jpg", jpeg, REFUSE, "cut off half-way",
             lambda: _truncated(_image("JPEG", size=(400, 300)), 0.3)),
        Case("png-signature-only.png", png, REFUSE, "a PNG signature and nothing else",
             lambda: b"\x89PNG\r\n\x1a\n"),
        Case("big.png", png, REFUSE, "over the size limit", lambda: _noise_png(OVERSIZE)),
        # Kinds that disagree with the name or the browser's word.
        Case("scan.pdf", pdf, REFUSE, "a PNG named .pdf", lambda: _image("PNG")),
        Case("scan-jpeg.pdf", pdf, REFUSE, "a JPEG named .pdf", lambda: _image("JPEG")),
        Case("photo.png", png, REFUSE, "a JPEG named .png", lambda: _image("JPEG")),
        Case("diploma.jpg", jpeg, REFUSE, "a PDF named .jpg", lambda: _pdf()),
        Case("photo.exe", "application/octet-stream", REFUSE, "a PNG named .exe",
             lambda: _image("PNG")),
        Case("claims-pdf.png", pdf, REFUSE, "a PNG sent as application/pdf",
             lambda: _image("PNG")),
        Case("claims-png.pdf", png, REFUSE, "a PDF sent as image/png", lambda: _pdf()),
        Case("claims-html.jpg", "text/html", REFUSE, "a JPEG sent as text/html",
             lambda: _image("JPEG")),
        # Renamed executables, archives, scripts, web pages, SVG.
        Case("diploma.pdf", pdf, REFUSE, "a Windows executable named .pdf", lambda: EXE),
        Case("passport.jpg", jpeg, REFUSE, "a Linux executable named .jpg", lambda: ELF),
        Case("scores.png", png, REFUSE, "a shell script named .png", lambda: SHELL),
        Case("transcript.pdf", pdf, REFUSE, "a ZIP archive named .pdf", lambda: ZIP),
        Case("transcript.docx", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document", REFUSE, "a Word document", lambda: ZIP),
        Case("setup.exe", "application/x-msdownload", REFUSE, "an executable", lambda: EXE),
        Case("page.html", "text/html", REFUSE, "an HTML page", lambda: HTML),
        Case("page-as.pdf", pdf, REFUSE, "an HTML page named .pdf", lambda: HTML),
        Case("page-as.png", png, REFUSE, "an HTML page named .png", lambda: HTML),
        Case("drawing.svg", "image/svg+xml", REFUSE, "an SVG with a script", lambda: SVG),
        Case("drawing.png", png, REFUSE, "an SVG named .png", lambda: SVG),
        Case("plain.svg", "image/svg+xml", REFUSE, "an SVG without a script", lambda: SVG_PLAIN),
        # Empty files.
        Case("empty.pdf", pdf, REFUSE, "0 bytes", lambda: b""),
        Case("empty.png", png, REFUSE, "0 bytes", lambda: b""),
        # Names that hide something.
        Case("dip%00loma.pdf", pdf, REFUSE, "an encoded NUL byte in the name", lambda: _pdf()),
        Case("diploma\u202efdp.exe", pdf, REFUSE, "a right-to-left override: looks like "
             "'diplomaexe.pdf'", lambda: _pdf()),
        Case("scan%E2%81%A6.pdf", pdf, REFUSE, "an encoded bidi isolate in the name",
             lambda: _pdf()),
        Case("report%E2%80%AEfdp.png", png, REFUSE, "an encoded right-to-left override",
             lambda: _image("PNG")),
        Case("..%2F..%2Fetc%2Fpasswd.pdf", pdf, REFUSE, "an encoded path traversal",
             lambda: _pdf()),
        Case("%2e%2e%5cboot.pdf", pdf, REFUSE, "an encoded Windows path traversal",
             lambda: _pdf()),
        Case("...", pdf, REFUSE, "a name of dots only", lambda: _pdf()),
    ]
    accept = [
        Case("diploma.pdf", pdf, ACCEPT, "one blank page", lambda: _pdf()),
        Case("transcript.pdf", pdf, ACCEPT, "three pages", lambda: _pdf(pages=3)),
        Case("letter.pdf", pdf, ACCEPT, "US Letter, text", lambda: _pdf(_with_text(
            "Certificate of graduation"), size=(612, 792))),
        Case("landscape.pdf", pdf, ACCEPT, "landscape A4", lambda: _pdf(size=(842, 595))),
        Case("with-link.pdf", pdf, ACCEPT, "a plain web link (not active content)",
             lambda: _pdf(_uri_link)),
        Case("with-metadata.pdf", pdf, ACCEPT, "title and author", lambda: _pdf(_metadata)),
        Case("with-outline.pdf", pdf, ACCEPT, "a bookmark", lambda: _pdf(_outline)),
        Case("ten-pages.pdf", pdf, ACCEPT, "ten pages", lambda: _pdf(pages=10)),
        Case("diplôme.pdf", pdf, ACCEPT, "an accented name", lambda: _pdf()),
        Case("شهادة.pdf", pdf, ACCEPT, "an Arabic name", lambda: _pdf()),
        Case("卒業証書.pdf", "application/octet-stream", ACCEPT,
             "a Japanese name, content type unknown to the browser", lambda: _pdf()),
        Case("no-extension", pdf, ACCEPT, "no extension", lambda: _pdf()),
        Case("gps-photo.jpg", jpeg, ACCEPT, "a phone photo with GPS in EXIF", _photo),
        Case("rotated.jpg", jpeg, ACCEPT, "EXIF orientation 6", lambda: _photo(orientation=6)),
        Case("camera.jpeg", jpeg, ACCEPT, "EXIF without GPS", lambda: _photo(gps=False)),
        Case("grey.jpg", jpeg, ACCEPT, "greyscale", lambda: _image("JPEG", mode="L")),
        Case("cmyk.jpg", jpeg, ACCEPT, "CMYK", _cmyk_jpeg),
        Case("progressive.jpg", jpeg, ACCEPT, "progressive", _progressive_jpeg),
        Case("commented.jpg", jpeg, ACCEPT, "a plain comment",
             lambda: _jpeg_comment("Scanned at 300 dpi")),
        Case("photo.JPG", "image/pjpeg", ACCEPT, "upper-case extension, old IE type",
             lambda: _photo(gps=False)),
        Case("passport.jpe", jpeg, ACCEPT, ".jpe extension", lambda: _image("JPEG")),
        Case("big-photo.jpg", jpeg, ACCEPT, "2000 x 1500", lambda: _image(
            "JPEG", size=(2000, 1500), colour="#ddeeff")),
        Case("scan.png", png, ACCEPT, "RGB", lambda: _image("PNG")),
        Case("alpha.png", png, ACCEPT, "RGBA", lambda: _image("PNG", mode="RGBA",
                                                             colour=(0, 0, 0, 0))),
        Case("palette.png", png, ACCEPT, "palette", _palette_png),
        Case("grey.png", png, ACCEPT, "greyscale", lambda: _image("PNG", mode="L")),
        Case("bilevel.png", png, ACCEPT, "1-bit", lambda: _image("PNG", mode="1")),
        Case("software.png", png, ACCEPT, "a plain text chunk",
             lambda: _png_text("Software", "Scanner Suite 4")),
        Case("exif.png", png, ACCEPT, "EXIF with GPS in a PNG", _png_with_exif),
        Case("noise.png", png, ACCEPT, "incompressible, 200 kB", lambda: _noise_png(200_000)),
        Case("wide.png", png, ACCEPT, "a long strip", lambda: _image("PNG", size=(4000, 20))),
        Case("σκαν.png", png, ACCEPT, "a Greek name", lambda: _image("PNG")),
        # Django drops unprintable characters from a sent name: what arrives is plain.
        Case("dip\x00loma.pdf", pdf, ACCEPT, "a raw NUL in the name (Django drops it)",
             lambda: _pdf()),
        Case("scan\u2066.pdf", pdf, ACCEPT, "a raw bidi isolate (Django drops it)",
             lambda: _pdf()),
    ]
    return refuse + accept


CASES = _cases()


def case_id(index: int, case: Case) -> str:
    return f"{index:02d}-{case.expect}-{case.what}"


def file_name(index: int) -> str:
    return f"{index:02d}.bin"  # on disk; the name the browser sends is in the manifest


def build(directory: Path) -> Path:
    """Write every case's bytes and manifest.json into `directory`; returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest = []
    for index, case in enumerate(CASES):
        (directory / file_name(index)).write_bytes(case.make())
        manifest.append({"file": file_name(index), "name": case.name,
                         "content_type": case.content_type, "expect": case.expect,
                         "what": case.what})
    path = directory / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    print(build(target))
    counts = {kind: sum(c.expect == kind for c in CASES) for kind in (REFUSE, ACCEPT)}
    print(f"{counts[REFUSE]} to refuse, {counts[ACCEPT]} to accept")
