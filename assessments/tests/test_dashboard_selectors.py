"""The dashboards' selectors in plain terms: headline figures, distributions, the units table's
filters and order, the unit's profile and the comparisons, on a small bulk-built programme."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from assessments.models import AssessmentResult
from assessments.selectors import comparisons as comparison_selectors
from assessments.selectors import dashboard, unit_dashboard
from assessments.tests.dashboard_fixtures import programme_build
from excellence.roles import GROUP_MANAGERS
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return programme_build(units=8, live=2)


@pytest.fixture
def manager(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=GROUP_MANAGERS))
    return user


def page_of(manager):
    cycles = dashboard.dashboard_cycles(user=manager)
    return dashboard.programme_dashboard(user=manager, cycle=dashboard.default_cycle(cycles), cycles=cycles)


def test_the_headline_counts_units_assessors_hours_findings_and_projects(programme, manager):
    headline = page_of(manager).headline

    # 8 units, every fourth a company; two assessors on every team; 6 + 3.5 hours per assessment
    assert (headline.organizations, headline.companies) == (6, 2)
    assert (headline.internal_assessors, headline.external_assessors) == (1, 1)
    assert (headline.internal_hours, headline.external_hours) == (Decimal(48), Decimal(28))
    assert headline.window_days == 42 and headline.window_weeks == 6
    # per assessment two strengths, three improvement points and a best practice
    assert (headline.strengths, headline.improvements, headline.best_practices) == (16, 24, 8)
    # three projects each, two of them in the six sections: 16 of 24, 67 %
    assert (headline.projects, headline.projects_in_sections, headline.sections_share) == (24, 16, 67)


def test_the_distributions_count_every_unit_once_and_mark_the_live_ones(programme, manager):
    page = page_of(manager)

    assert sum(units for _stars, units, _provisional in page.stars.counts) + page.stars.not_rated == 8
    assert sum(level.units for level in page.levels) == 8 - page.stars.not_rated
    assert page.provisional == 2
    assert sum(level.provisional for level in page.levels) == 2
    assert [level.code for level in page.levels] == ["gold", "silver", "crystal", "recognition", "commitment"]


def test_the_units_table_sorts_unrated_units_last_and_filters_by_kind_stars_and_level(programme, manager):
    lines = page_of(manager).units
    first = lines[0]
    unrated = dashboard.UnitLine(
        rating=replace(first.rating, total=None, stars=None, level_code=None), previous=None, level_rank=None
    )

    for sort in ("total", "-total", "stars", "-stars", "level", "change", "-change"):
        ordered = dashboard.units_sort([unrated, *lines], sort=sort)
        assert ordered[-1] is unrated, sort
    by_total = [line.rating.total for line in dashboard.units_sort(lines, sort="total")]
    assert by_total == sorted(by_total)
    assert {line.rating.kind for line in dashboard.units_filter(lines, kind="company")} == {"company"}
    some_stars = lines[0].rating.stars
    assert {line.rating.stars for line in dashboard.units_filter(lines, stars=some_stars)} == {some_stars}
    assert dashboard.units_filter(lines, level="gold") == []


def test_the_unit_profile_sets_the_unit_beside_the_average_and_best_of_stored_results(programme, manager):
    unit = programme.organizations[0]

    page = unit_dashboard.unit_dashboard(user=manager, organization=unit, year=1401)

    results = AssessmentResult.objects.filter(assessment__cycle__year=1401)
    first = {point.criterion.code: point for point in page.profile}["1"]
    values = [Decimal(result.criterion_points["1"]) for result in results]
    assert first.best == max(values)
    assert first.average == unit_dashboard.one_decimal(sum(values) / len(values))
    assert first.unit == Decimal(results.get(assessment__organization=unit).criterion_points["1"])


def test_the_comparisons_rank_the_most_improved_and_the_weakest(programme, manager):
    cycles = dashboard.dashboard_cycles(user=manager)

    page = comparison_selectors.comparisons(user=manager, cycle=cycles[0], cycles=cycles)

    gains = [unit.gain for unit in page.units if unit.gain is not None]
    assert gains == sorted(gains, reverse=True)
    assert page.most_improved == [unit for unit in page.units if unit.gain and unit.gain > 0][:5]
    for item in page.criteria:
        weakest = [weak.points for weak in item.weakest]
        others = [
            row.criterion_points[item.criterion.code]
            for unit in page.units
            if (row := unit.ratings[-1]) is not None and item.criterion.code in row.criterion_points
        ]
        assert weakest == sorted(others)[:3]
