import datetime as dt

from tadmor.extract.records import Document, TimePrecision
from tadmor.extract.stages.dates import DateStage, find_dateline, find_dates

BASE = dt.date(2015, 5, 24)  # a Sunday


def _dates(text: str, anchor: dt.date | None = BASE) -> dict[str, dt.date]:
    return {d.span.text: d.date for d in find_dates(text, anchor)}


def test_absolute_forms() -> None:
    got = _dates("On 21 May 2015, then April 8 2017, then 25-04-2016 and 4/25/2016.", None)
    assert got == {
        "21 May 2015": dt.date(2015, 5, 21),
        "April 8 2017": dt.date(2017, 4, 8),
        "25-04-2016": dt.date(2016, 4, 25),
        "4/25/2016": dt.date(2016, 4, 25),
    }


def test_relative_to_publication() -> None:
    got = _dates("Yesterday the army shelled it; on Tuesday rebels fought; May 20 they came.")
    assert got["Yesterday"] == dt.date(2015, 5, 23)
    assert got["on Tuesday"] == dt.date(2015, 5, 19)
    assert got["May 20"] == dt.date(2015, 5, 20)


def test_day_month_without_year_stays_in_year_when_just_after_base() -> None:
    # dateparser's PREFER_DATES_FROM='past' would send this to 2014 (packages.md).
    assert _dates("on May 25 the talks open")["May 25"] == dt.date(2015, 5, 25)
    assert _dates("on December 3 they struck")["December 3"] == dt.date(2014, 12, 3)


def test_chain_from_previous_date() -> None:
    ms = find_dates(
        "Immediately (May 20), they came. It was the next day that photos appeared. "
        "Two days later they left.",
        BASE,
    )
    by = {d.span.text: d for d in ms}
    assert by["the next day"].date == dt.date(2015, 5, 21)
    assert by["the next day"].anchor == "previous"
    assert by["Two days later"].date == dt.date(2015, 5, 23)


def test_modal_may_is_not_a_month() -> None:
    assert _dates("they may 20 times have tried") == {}


def test_coarse_precision() -> None:
    ms = {d.span.text: d for d in find_dates("last week and last month and June 2014", BASE)}
    assert ms["last week"].precision == TimePrecision.WEEK
    assert ms["last month"].date == dt.date(2015, 4, 1)
    assert ms["June 2014"].precision == TimePrecision.MONTH


def test_dateline_anchors_relative_dates_when_publication_unknown() -> None:
    text = "Date of publication 10 July 2016 At least 29 rebels were killed on Saturday."
    assert find_dateline(text) is not None
    doc = DateStage()(Document(text))
    assert doc.dateline is not None and doc.dateline.date == dt.date(2016, 7, 10)
    assert [d.date for d in doc.dates] == [dt.date(2016, 7, 9)]


def test_without_anchor_relative_dates_are_left_unresolved() -> None:
    assert _dates("yesterday and on Monday", None) == {}
