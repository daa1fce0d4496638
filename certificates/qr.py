"""The QR code of a certificate's public verification page, drawn as vectors."""

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from szkola.home.pdf import qr_dark_runs, qr_matrix


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles, one per horizontal run of dark
    modules, in one filled path: sharp at any zoom or print resolution, and
    a 150 dpi scan decodes. (ReportLab's QR widget draws the same but costs
    about 300 ms a certificate: it scores every mask pattern and builds a
    node per module.)"""
    matrix = qr_matrix(url)
    module = size / len(matrix)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    # In module units, row 0 at the top: each run is "column row length 1
    # re" in whole numbers, written as one literal path (a few hundred
    # path.rect() calls, each formatting four floats, took as long as
    # encoding the code).
    canvas.translate(x, y + size)
    canvas.scale(module, -module)
    canvas.addLiteral(
        "\n".join(
            f"{start} {row} {length} 1 re"
            for row, start, length in qr_dark_runs(matrix)
        )
        + "\nf"
    )
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)
