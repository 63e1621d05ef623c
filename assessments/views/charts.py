"""What each dashboard chart draws, as plain data for `json_script`: `static/js/dashboard.js` reads it.

A chart spec is a dict: `type` (bar, line or radar), `labels`, `datasets` (each a `label`
and its `data`, numbers or None), and optionally `horizontal`, `stacked` and `decimals`
(how many decimals numbers are shown with). Labels are in the page's
language; the script draws right to left and in Persian digits on Persian pages. Every
chart has a plain table beside it holding the same numbers.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from excellence.languages import is_persian
from excellence.persian import to_persian_digits


def _number(value) -> float | None:
    return None if value is None else float(value)


def _digits(value) -> str:
    return to_persian_digits(value) if is_persian() else str(value)


def _stars_label(stars: int) -> str:
    return ngettext("%(stars)s star", "%(stars)s stars", stars) % {"stars": _digits(stars)}


def chart(kind: str, labels, datasets, **options) -> dict:
    return {"type": kind, "labels": list(labels), "datasets": list(datasets), **options}


def dataset(label: str, data) -> dict:
    return {"label": label, "data": [_number(value) for value in data]}


def stars_chart(stars) -> dict:
    counts = [(count, units) for count, units, _provisional in stars.counts]
    return chart(
        "bar",
        [_stars_label(count) for count, _units in counts],
        [dataset(_("Units"), [units for _count, units in counts])],
        decimals=0,
    )


def levels_chart(levels) -> dict:
    return chart(
        "bar",
        [level.label for level in levels],
        [dataset(_("Units"), [level.units for level in levels])],
        horizontal=True,
        decimals=0,
    )


def projects_chart(categories) -> dict:
    return chart(
        "bar",
        [category.label for category in categories],
        [dataset(_("Projects"), [category.projects for category in categories])],
        horizontal=True,
        decimals=0,
    )


def profile_chart(profile) -> dict:
    return chart(
        "bar",
        [_digits(point.criterion.code) for point in profile],
        [
            dataset(_("This unit"), [point.unit for point in profile]),
            dataset(_("Programme average"), [point.average for point in profile]),
            dataset(_("Best in the programme"), [point.best for point in profile]),
        ],
        decimals=1,
    )


def trend_chart(trend) -> dict:
    return chart(
        "line",
        [_digits(point.cycle.year) for point in trend],
        [dataset(_("Total points"), [point.rating.total for point in trend])],
        decimals=1,
    )


def findings_chart(lines, kinds) -> dict:
    return chart(
        "bar",
        [_digits(line.criterion.code) for line in lines],
        [
            dataset(label, [line.cells[position].count for line in lines])
            for position, (_kind, label) in enumerate(kinds)
        ],
        stacked=True,
        decimals=0,
    )


def project_status_chart(statuses) -> dict:
    return chart(
        "bar",
        [status.label for status in statuses],
        [dataset(_("Projects"), [status.projects for status in statuses])],
        horizontal=True,
        decimals=0,
    )


def programme_trend_chart(comparisons) -> dict:
    return chart(
        "line",
        [_digits(cycle.year) for cycle in comparisons.cycles],
        [dataset(_("Programme mean"), comparisons.means)]
        + [dataset(unit.name, unit.totals) for unit in comparisons.most_improved],
        decimals=1,
    )


def kinds_chart(comparisons, kind_labels) -> dict:
    return chart(
        "bar",
        [_digits(item.criterion.code) for item in comparisons.criteria],
        [
            dataset(kind_labels[position], [item.by_kind[position].mean for item in comparisons.criteria])
            for position in range(len(kind_labels))
        ],
        decimals=1,
    )


def improved_chart(units) -> dict:
    return chart(
        "bar",
        [unit.name for unit in units],
        [dataset(_("Points gained"), [unit.gain or Decimal(0) for unit in units])],
        horizontal=True,
        decimals=1,
    )
