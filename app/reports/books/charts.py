"""The report's charts, drawn with reportlab.graphics in the bundled CJK font: net fee income
by category (bars) and fees by how they were paid (pie)."""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.money import format_fen
from app.reports.books.model import IncomeSection
from app.reports.fonts import register_fonts

BARS_MAX = 12               # the largest categories; the rest are summed as 其他
COLOURS = (colors.HexColor("#2f6db5"), colors.HexColor("#e08a1e"), colors.HexColor("#3d9a50"),
           colors.HexColor("#c0392b"), colors.HexColor("#8e5ea2"), colors.HexColor("#7f8c8d"))


def _bars(section: IncomeSection) -> list[tuple[str, int]]:
    rows = [(r.label, r.net_fen) for r in section.rows]
    if len(rows) > BARS_MAX:
        rows = rows[:BARS_MAX - 1] + [("其他", sum(v for _, v in rows[BARS_MAX - 1:]))]
    return rows


def income_bars(section: IncomeSection, title: str, width: float, height: float = 70 * mm) -> Drawing:
    font = register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 10, title, fontName=font, fontSize=10, textAnchor="middle"))
    bars = _bars(section)
    if not bars:
        drawing.add(String(width / 2, height / 2, "无数据", fontName=font, fontSize=9, textAnchor="middle"))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 20 * mm, 14 * mm, width - 30 * mm, height - 30 * mm
    chart.data = [[v / 100 for _, v in bars]]        # drawing only: the figures print in the tables
    chart.categoryAxis.categoryNames = [label[:8] for label, _ in bars]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(bars) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(bars) > 6 else "n"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = min(0, *(v / 100 for _, v in bars))
    chart.bars[0].fillColor = COLOURS[0]
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def method_pie(section: IncomeSection, title: str, width: float, height: float = 60 * mm) -> Drawing:
    font = register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 10, title, fontName=font, fontSize=10, textAnchor="middle"))
    slices = [(r.label, r.fees_fen) for r in section.rows if r.fees_fen > 0]
    if not slices:
        drawing.add(String(width / 2, height / 2, "无数据", fontName=font, fontSize=9, textAnchor="middle"))
        return drawing
    pie = Pie()
    size = height - 24 * mm
    pie.x, pie.y, pie.width, pie.height = (width - size) / 2, 8 * mm, size, size
    pie.data = [v for _, v in slices]
    pie.labels = [f"{label} {format_fen(v)}" for label, v in slices]
    pie.simpleLabels = 1
    pie.slices.fontName = font
    pie.slices.fontSize = 8
    for i in range(len(slices)):
        pie.slices[i].fillColor = COLOURS[i % len(COLOURS)]
    drawing.add(pie)
    return drawing
