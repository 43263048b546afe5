"""The weekly trend at the desk: visits per week of the chosen range as bars, the previous period as a line.

Drawn with QPainter (QtCharts would add PySide6-Addons, about 180 MB, for one small chart). Saved as PNG at
twice the screen resolution for a report or a slide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.ui.palette import COLOURS
from app.ui.qt import (
    QColor,
    QEvent,
    QFileDialog,
    QFont,
    QFrame,
    QHBoxLayout,
    QImage,
    QLabel,
    QLocale,
    QPainter,
    QPen,
    QPointF,
    QPushButton,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)

PNG_SCALE = 2
PREVIOUS_COLOUR = "#8a5a00"  # the previous period: a dashed amber line, 5.9:1 on white


@dataclass(frozen=True)
class Trend:
    """Visits per week of the range, and of the period of the same length just before it (oldest first)."""

    weeks: list[str]
    visits: list[int]
    previous: list[int]

    @property
    def total(self) -> int:
        return sum(self.visits)

    @property
    def previous_total(self) -> int:
        return sum(self.previous)


def previous_period(first_index: int, last_index: int) -> tuple[int, int]:
    """The same number of weeks just before [first_index, last_index] (indices of consecutive ISO weeks)."""
    length = last_index - first_index + 1
    return first_index - length, first_index - 1


def change_text(current: float, previous: float, locale: QLocale) -> str:
    """'+25 %', '−10 %', '±0 %', or '' when the previous period had nothing to compare with."""
    if previous <= 0:
        return ""
    change = round((current - previous) / previous * 100)
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{locale.toString(abs(change))} %"


class TrendChart(QWidget):
    """Bars for the range's weeks, a dashed line for the previous period; a short legend above."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.language = language
        self.trend: Trend | None = None
        self.setMinimumHeight(170)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._retranslate()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(600, 190)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.current_label = self.tr("Visits per week")
        self.previous_label = self.tr("The previous period")
        self.setAccessibleName(self.tr("Visits per week, with the previous period"))
        self._describe()

    def set_trend(self, trend: Trend) -> None:
        self.trend = trend
        self._describe()
        self.update()

    def _describe(self) -> None:
        """The chart in words, for screen readers and the tooltip."""
        if self.trend is None:
            return
        locale = QLocale(self.language)
        parts = [
            f"{week}: {locale.toString(count)}"
            for week, count in zip(self.trend.weeks, self.trend.visits, strict=False)
        ]
        text = self.tr("Visits per week: %1. The previous period: %2 in all.").replace("%1", ", ".join(parts))
        text = text.replace("%2", locale.toString(self.trend.previous_total))
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def save_png(self, path: Path) -> bool:
        image = QImage(self.size() * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.fill(QColor(COLOURS["base"]))
        painter = QPainter(image)
        self._paint(painter, QRectF(0, 0, self.width(), self.height()))
        painter.end()
        return bool(image.save(str(path)))

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        self._paint(painter, QRectF(self.rect()))
        painter.end()

    def _paint(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = QColor(COLOURS["text"])
        muted = QColor(COLOURS["placeholder-text"])
        font = QFont(self.font())
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        # Legend.
        legend_y = area.top() + line
        painter.fillRect(QRectF(area.left() + 4, legend_y - line * 0.7, 14, line * 0.6), QColor(COLOURS["highlight"]))
        painter.setPen(text_colour)
        painter.drawText(QPointF(area.left() + 24, legend_y), self.current_label)
        offset = area.left() + 40 + metrics.horizontalAdvance(self.current_label)
        pen = QPen(QColor(PREVIOUS_COLOUR), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(offset, legend_y - line * 0.35), QPointF(offset + 18, legend_y - line * 0.35))
        painter.setPen(text_colour)
        painter.drawText(QPointF(offset + 24, legend_y), self.previous_label)
        if self.trend is None or not self.trend.weeks:
            return
        weeks, visits, previous = self.trend.weeks, self.trend.visits, self.trend.previous
        top = legend_y + line * 0.8
        bottom = area.bottom() - line * 1.4
        left, right = area.left() + 8 + metrics.horizontalAdvance("0000"), area.right() - 8
        height = max(bottom - top, 10)
        highest = max([*visits, *previous, 1])
        painter.setPen(QPen(QColor(COLOURS["midlight"]), 1))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        painter.setPen(muted)
        locale = QLocale(self.language)
        painter.drawText(QPointF(area.left() + 4, top + line * 0.7), locale.toString(highest))
        painter.drawText(QPointF(area.left() + 4, bottom), "0")
        slot = (right - left) / len(weeks)
        bar_width = max(min(slot * 0.6, 48), 2)
        label_every = max(1, int(metrics.horizontalAdvance("W00") * 1.6 // max(slot, 1)) + 1)
        points: list[QPointF] = []
        for index, week in enumerate(weeks):
            centre = left + slot * (index + 0.5)
            value = visits[index] if index < len(visits) else 0
            bar_height = height * value / highest
            painter.fillRect(
                QRectF(centre - bar_width / 2, bottom - bar_height, bar_width, bar_height), QColor(COLOURS["highlight"])
            )
            if index < len(previous):
                points.append(QPointF(centre, bottom - height * previous[index] / highest))
            if index % label_every == 0:
                label = week.split("-")[-1]
                painter.setPen(muted)
                painter.drawText(
                    QRectF(centre - slot * label_every / 2, bottom + 2, slot * label_every, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        if len(points) > 1:
            painter.setPen(QPen(QColor(PREVIOUS_COLOUR), 2, Qt.PenStyle.DashLine))
            painter.drawPolyline(points)
        elif points:
            painter.setPen(QPen(QColor(PREVIOUS_COLOUR), 2))
            painter.drawLine(
                QPointF(points[0].x() - bar_width / 2, points[0].y()),
                QPointF(points[0].x() + bar_width / 2, points[0].y()),
            )


class TrendCard(QFrame):
    """The chart on a card, with its 'Save as PNG…' button."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendCard")
        self.setProperty("card", True)
        self.chart = TrendChart(language)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveChartButton")
        self.save_button.clicked.connect(self.choose_png_file)
        self.status = QLabel()
        self.status.setProperty("muted", True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1, Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.chart, 1)
        layout.addLayout(row)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.save_button.setText(self.tr("Save chart as PNG…"))

    def choose_png_file(self) -> None:
        trend = self.chart.trend
        name = f"neuvo-trend-{trend.weeks[0]}-{trend.weeks[-1]}.png" if trend and trend.weeks else "neuvo-trend.png"
        folder = str(QSettings().value("statistics/export_folder", str(Path.home())))
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), str(Path(folder) / name), self.tr("PNG images (*.png)")
        )
        if chosen:
            path = Path(chosen) if chosen.lower().endswith(".png") else Path(chosen + ".png")
            self.save_png(path)

    def save_png(self, path: Path) -> bool:
        is_saved = self.chart.save_png(path)
        self.status.setText(
            self.tr("Saved %1").replace("%1", path.name)
            if is_saved
            else self.tr("Could not save %1").replace("%1", str(path))
        )
        return is_saved
