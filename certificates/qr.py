"""The QR code of a certificate's public verification page, drawn as vectors."""

from functools import lru_cache

import qrcode
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas


@lru_cache(maxsize=8)
def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules, quiet zone included (4 modules each side).
    Kept for the last few URLs: the issuing service makes it before taking
    the register number, the drawing reuses it. Not to be modified."""
    # A fixed mask pattern: choosing the "best" one scores all eight in pure
    # Python (about 18 ms a code); any mask decodes the same.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=2
    )
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles, one per horizontal run of dark
    modules, in one filled path: sharp at any zoom or print resolution, and
    a 150 dpi scan decodes. (ReportLab's QR widget draws the same but costs
    about 300 ms a certificate: it scores every mask pattern and builds a
    node per module.)"""
    matrix = qr_matrix(url)
    count = len(matrix)
    module = size / count
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            path.rect(x + start * module, top, (column - start) * module, module)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)
