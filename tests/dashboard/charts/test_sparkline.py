"""The caseload's sparkline: pure geometry from the last SRS totals."""

from decimal import Decimal

from dashboard.charts.sparkline import HEIGHT, PAD, WIDTH
from dashboard.charts.sparkline import sparkline as drawn
from review.rules import DEFAULT_THRESHOLDS


def sparkline(totals):
    return drawn(totals, cutoff=DEFAULT_THRESHOLDS.srs_cutoff)


def test_fewer_than_two_totals_draw_nothing():
    assert sparkline([]) is None
    assert sparkline(["38.0"]) is None


def test_the_line_spans_the_width_and_higher_totals_sit_higher():
    line = sparkline(["30.0", "40.0"])
    (x0, y0), (x1, y1) = (tuple(map(float, point.split(","))) for point in line.points.split())
    assert (x0, x1) == (PAD, WIDTH - PAD)
    assert (y0, y1) == (HEIGHT - PAD, PAD)
    assert (line.last_x, line.last_y) == (x1, y1)


def test_the_cutoff_line_sits_at_36():
    line = sparkline([Decimal("30.0"), Decimal("40.0")])
    assert line.cutoff_y == round(HEIGHT - PAD - 0.6 * (HEIGHT - 2 * PAD), 1)


def test_low_totals_stretch_the_scale_instead_of_leaving_it():
    line = sparkline(["12.0", "38.0", "39.0"])
    ys = [float(point.split(",")[1]) for point in line.points.split()]
    assert max(ys) == HEIGHT - PAD
    assert all(PAD <= y <= HEIGHT - PAD for y in ys)


def test_screen_readers_get_the_totals():
    assert sparkline(["37.5", "36.0"]).label == "37.5, 36.0"
