"""Draws Neuvo's icon (resources/icons/neuvo.png and the multi-size neuvo.ico for Windows) with Qt alone.

Run once after changing the design: `QT_QPA_PLATFORM=offscreen .venv/bin/python release/make_icons.py`.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    """A teal speech bubble with a white N: a desk where someone is listened to."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(unit * 0.5, unit * 0.5, unit * 15, unit * 12), unit * 3, unit * 3)
    tail = QPainterPath()
    tail.moveTo(unit * 3.5, unit * 11)
    tail.lineTo(unit * 3, unit * 15.5)
    tail.lineTo(unit * 8, unit * 11)
    tail.closeSubpath()
    painter.fillPath(bubble.united(tail), QColor("#00796b"))
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(max(8, round(unit * 10)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(unit * 0.5, unit * 0.5, unit * 15, unit * 12), Qt.AlignmentFlag.AlignCenter, "N")
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(images: list[bytes]) -> bytes:
    """An ICO file of PNG-compressed images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, data in zip(SIZES, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def main() -> int:
    _app = QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    images = [png_bytes(draw(size)) for size in SIZES]
    (ICONS / "neuvo.png").write_bytes(images[-1])
    (ICONS / "neuvo.ico").write_bytes(ico_bytes(images))
    print(f"wrote {ICONS / 'neuvo.png'} and {ICONS / 'neuvo.ico'} ({', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
