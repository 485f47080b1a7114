"""Which files the document space accepts (art. 4): content and extension together."""

import io

import pytest

from portal.core import filetypes
from portal.core.filetypes import FileTypeRefused, Kind, detect
from tests.documents import samples


def _detect(name, data):
    return detect(io.BytesIO(data), name)


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("rapport.pdf", samples.pdf_bytes(), Kind.PDF, "application/pdf"),
        ("Logo.PNG", samples.png_bytes(), Kind.IMAGE, "image/png"),
        ("photo.jpg", samples.jpeg_bytes(), Kind.IMAGE, "image/jpeg"),
        ("photo.jpeg", samples.jpeg_bytes(), Kind.IMAGE, "image/jpeg"),
        ("anim.gif", samples.gif_bytes(), Kind.IMAGE, "image/gif"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(40), Kind.IMAGE, "image/webp"),
        ("plan.bmp", b"BM" + bytes(60), Kind.IMAGE, "image/bmp"),
        ("scan.tif", b"II*\x00" + bytes(60), Kind.IMAGE, "image/tiff"),
        ("scan.tiff", b"MM\x00*" + bytes(60), Kind.IMAGE, "image/tiff"),
        (
            "courrier.docx",
            samples.ooxml_bytes("docx"),
            Kind.WORD,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            samples.ooxml_bytes("xlsx"),
            Kind.EXCEL,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            samples.ooxml_bytes("pptx"),
            Kind.POWERPOINT,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("ancien.doc", samples.ole_bytes(), Kind.WORD, "application/msword"),
        ("ancien.xls", samples.ole_bytes(), Kind.EXCEL, "application/vnd.ms-excel"),
        ("ancien.ppt", samples.ole_bytes(), Kind.POWERPOINT, "application/vnd.ms-powerpoint"),
    ],
    # Ids from the names only: zip samples carry timestamps, and ids built from their
    # bytes differ between xdist workers that collect in different seconds.
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_it_accepts_real_files(name, data, kind, content_type):
    detected = _detect(name, data)
    assert (detected.kind, detected.content_type) == (kind, content_type)


@pytest.mark.parametrize("name", ["virus.pdf", "virus.png", "virus.docx", "virus.jpg", "x.doc"])
def test_it_refuses_an_executable_whatever_its_name(name):
    with pytest.raises(FileTypeRefused, match="exécutable"):
        _detect(name, samples.exe_bytes())


@pytest.mark.parametrize("name", ["page.pdf", "page.docx", "page.png"])
def test_it_refuses_html_renamed(name):
    with pytest.raises(FileTypeRefused, match="page web"):
        _detect(name, samples.html_bytes())


def test_it_refuses_an_svg_image():
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(FileTypeRefused):
        _detect("logo.png", data)
    with pytest.raises(FileTypeRefused):
        _detect("logo.svg", data)


def test_it_refuses_a_plain_zip_renamed_docx():
    # puremagic alone calls any zip a .docx: the container must be looked into.
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("archive.docx", samples.plain_zip_bytes())


def test_it_refuses_an_office_file_under_another_office_extension():
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("budget.docx", samples.ooxml_bytes("xlsx"))
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("courrier.pptx", samples.ooxml_bytes("docx"))


def test_it_refuses_a_real_file_under_the_wrong_extension():
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("image.pdf", samples.png_bytes())
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("rapport.png", samples.pdf_bytes())
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("rapport.doc", samples.pdf_bytes())


def test_a_name_alone_is_not_enough():
    # puremagic returns a zero-confidence guess from the name: it must not count.
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("texte.pdf", b"juste du texte, pas un PDF")


def test_it_refuses_a_zip_bomb_by_ratio():
    with pytest.raises(FileTypeRefused, match="volumineuses"):
        _detect("bombe.docx", samples.zip_bomb_docx_bytes())


def test_it_refuses_oversized_declared_content(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_UNCOMPRESSED_BYTES", 1000)
    big = samples.ooxml_bytes("docx", extra={"word/media/a.bin": bytes(range(256)) * 8})
    with pytest.raises(FileTypeRefused, match="volumineuses"):
        _detect("gros.docx", big)


def test_it_refuses_macro_enabled_documents():
    with pytest.raises(FileTypeRefused, match="macros"):
        _detect("macro.docx", samples.ooxml_bytes("docm"))
    with pytest.raises(FileTypeRefused, match="macros"):
        _detect("macro.docx", samples.ooxml_bytes("docx", extra={"word/vbaProject.bin": b"x"}))


@pytest.mark.parametrize(
    "name", ["script.exe", "page.html", "notes.txt", "sans-extension", "a.svg"]
)
def test_it_refuses_other_extensions(name):
    with pytest.raises(FileTypeRefused, match="Formats acceptés"):
        _detect(name, samples.pdf_bytes())


def test_it_refuses_an_empty_file():
    with pytest.raises(FileTypeRefused, match="vide"):
        _detect("vide.pdf", b"")


def test_it_refuses_a_truncated_zip():
    with pytest.raises(FileTypeRefused, match="ne correspond pas"):
        _detect("casse.docx", samples.ooxml_bytes("docx")[:200])


def test_it_leaves_the_stream_at_its_start():
    stream = io.BytesIO(samples.ooxml_bytes("xlsx"))
    detect(stream, "a.xlsx")
    assert stream.tell() == 0
