"""Reading back the PDFs the platform prints, as a person's tools would:
poppler's ``pdftotext -bbox`` for where every word sits, ``pdftoppm`` and
zbar for the QR code at scan resolution. Locally a missing tool skips the
test; in CI (``CI`` set, where .ci/run installs them) it fails."""

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">'
    r"([^<]*)</word>"
)


def require(tool: str) -> None:
    if shutil.which(tool):
        return
    message = f"needs {tool} (poppler-utils / zbar-tools)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def word_boxes(pdf: bytes) -> list[dict]:
    """Every word of every page with its box and its page's size (points)."""
    require("pdftotext")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    words = []
    for number, chunk in enumerate(html.split("<page ")[1:], start=1):
        page = _PAGE.match("<page " + chunk)
        width, height = float(page.group(1)), float(page.group(2))
        for match in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            words.append(
                {
                    "page": number,
                    "word": match.group(5),
                    "box": (x0, y0, x1, y1),
                    "size": (width, height),
                }
            )
    return words


def assert_all_text_inside_pages(pdf: bytes) -> list[dict]:
    words = word_boxes(pdf)
    assert words, "no text found"
    outside = [
        w
        for w in words
        if w["box"][0] < 0
        or w["box"][1] < 0
        or w["box"][2] > w["size"][0]
        or w["box"][3] > w["size"][1]
    ]
    assert outside == []
    return words


def qr_codes(pdf: bytes, *, page: int = 1, dpi: int = 150) -> list[str]:
    """The QR codes zbar reads on ``page`` rendered at ``dpi``."""
    require("pdftoppm")
    require("zbarimg")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                str(path),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        image = next(Path(folder).glob("page*.png"))
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
    return [line for line in result.stdout.splitlines() if line.strip()]
