from hypothesis import given
from hypothesis import strategies as st

from operations.dashboard import charts
from operations.dashboard.charts import Series, _nice_maximum


def test_it_draws_one_line_per_series_with_a_point_per_day():
    svg = charts.line_chart(
        "Users", ["01.03", "02.03", "03.03"], [Series("new", [1, 0, 4]), Series("active", [2, 2, 5])]
    )
    assert svg.startswith('<svg class="dh-chart"')
    assert svg.count('class="dh-series"') == 2
    assert svg.count("<circle") == 6


def test_it_draws_one_bar_per_label_and_series():
    svg = charts.bar_chart("Stages", ["collect", "clean"], [Series("avg", [1.5, 3]), Series("p95", [2, 9])], unit=" s")
    assert svg.count('class="dh-bar"') == 4
    assert "9 s" in svg


def test_it_escapes_names_and_labels():
    svg = charts.line_chart("<b>", ["<i>"], [Series("<script>alert(1)</script>", [1])])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_it_draws_an_empty_chart_without_dividing_by_zero():
    assert "dh-chart" in charts.line_chart("Nothing", [], [Series("none", [])])
    assert "dh-chart" in charts.bar_chart("Nothing", ["a"], [Series("zero", [0])])


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_the_axis_top_is_a_round_number_not_below_the_largest_value(value):
    top = _nice_maximum(value)
    assert top >= value
    assert top > 0
    digits = f"{top:.0f}".rstrip("0") if top >= 1 else "1"
    assert digits in {"1", "2", "5"}
