import re

from monitoring.report import Chart, _lines, bar_chart_svg


def test_chart_escapes_labels_and_writes_every_value():
    chart = Chart("x", "Osoby <b>", "liczba osób", [("<script>", 3), ("wieś", 12)])
    svg = bar_chart_svg(chart)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert ">3</text>" in svg and ">12</text>" in svg
    assert 'role="img"' in svg and "<desc" in svg and "wieś: 12" in svg


def test_longest_bar_is_the_largest_value():
    svg = bar_chart_svg(Chart("x", "T", "v", [("a", 1), ("b", 4)]))
    widths = [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)"', svg)]
    assert widths == [68, 272]  # 4:1 of the 272-unit plot


def test_long_labels_wrap_into_two_lines_by_words():
    lines = _lines("partnerskie spotkanie wymiany doświadczeń w gminach wiejskich")
    assert len(lines) == 2 and all(len(line) <= 38 for line in lines)
