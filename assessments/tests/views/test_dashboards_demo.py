"""The dashboards with the demo programme loaded: the 1401 programme dashboard shows exactly the
article's figures (DESIGN §6) on the rendered page, its star distribution is what `ratings --cycle
1401` lists, and every chart has its data.

The demo is seeded once for the module, inside a transaction rolled back at its end.
"""

import io
import json
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from assessments.demo.people import MANAGER

pytestmark = pytest.mark.django_db

CHARTS = {
    "dashboard": ["chart-stars", "chart-levels", "chart-projects"],
    "dashboard-comparisons": ["chart-programme-trend", "chart-improved", "chart-kinds"],
    "dashboard-unit": ["chart-profile", "chart-trend", "chart-findings", "chart-project-status"],
}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        call_command("seed_demo", stdout=io.StringIO())
        connection.check_constraints()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture
def manager_client(client):
    client.force_login(get_user_model().objects.get(username=MANAGER.username))
    return client


def figure(page: str, name: str) -> str:
    match = re.search(rf'<dd[^>]*data-figure="{name}">(.*?)</dd>', page, re.S)
    assert match, f"no figure {name}"
    return match.group(1).strip()


def chart_data(page: str, name: str) -> dict:
    match = re.search(rf'<script id="{name}-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no data for chart {name}"
    return json.loads(match.group(1))


def test_the_1401_dashboard_shows_the_articles_figures_in_persian(manager_client):
    page = manager_client.get(reverse("dashboard") + "?cycle=1401").content.decode()

    assert figure(page, "units") == "۲۰"
    assert "۱۵ سازمان، ۵ شرکت" in page
    assert figure(page, "internal-assessors") == "۵۵"
    assert figure(page, "external-assessors") == "۱۰"
    assert figure(page, "internal-hours") == "۱٬۱۰۰"
    assert figure(page, "external-hours") == "۶۰۰"
    assert figure(page, "window-weeks") == "۶ هفته"
    assert figure(page, "strengths") == "۱٬۲۹۳"
    assert figure(page, "improvements") == "۲٬۷۳۱"
    assert figure(page, "best-practices") == "۶۸"
    assert figure(page, "projects") == "۷۳۶"
    assert figure(page, "projects-in-sections") == "۵۵۲ (۷۵٪) در شش بخش"


def test_the_1401_dashboard_shows_the_articles_figures_in_english(manager_client, english_client):
    english_client.force_login(get_user_model().objects.get(username=MANAGER.username))

    page = english_client.get(reverse("dashboard") + "?cycle=1401").content.decode()

    assert (
        figure(page, "units"),
        figure(page, "internal-assessors"),
        figure(page, "external-assessors"),
    ) == (
        "20",
        "55",
        "10",
    )
    assert "15 organizations, 5 companies" in page
    assert (figure(page, "internal-hours"), figure(page, "external-hours")) == ("1,100", "600")
    assert figure(page, "window-weeks") == "6 weeks"
    assert [figure(page, name) for name in ("strengths", "improvements", "best-practices")] == [
        "1,293",
        "2,731",
        "68",
    ]
    assert figure(page, "projects") == "736"
    assert figure(page, "projects-in-sections") == "552 (75%) in the six sections"


def test_the_star_distribution_is_what_the_ratings_command_lists(manager_client):
    # given the ratings command's list of 1401
    out = io.StringIO()
    with translation.override("en"):
        call_command("ratings", cycle="1401", output_format="json", stdout=out)
    listed = Counter(row["stars"] for row in json.loads(out.getvalue()))

    # when the dashboard is opened
    response = manager_client.get(reverse("dashboard") + "?cycle=1401")
    page = response.content.decode()

    # then its table, its chart and its context count the same stars: every unit 1 to 4, each used
    shown = {count: units for count, units, _provisional in response.context["dashboard"].stars.counts}
    assert {stars: units for stars, units in shown.items() if units} == dict(listed)
    assert set(listed) == {1, 2, 3, 4} and sum(listed.values()) == 20
    assert chart_data(page, "chart-stars")["datasets"][0]["data"] == [
        float(shown[s]) for s in (4, 3, 2, 1, 0)
    ]
    for stars, units in shown.items():
        row = re.search(rf'<tr data-stars="{stars}">(.*?)</tr>', page, re.S).group(1)
        assert f'<td class="num">{units}</td>'.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in row
    # and nothing is provisional: every 1401 result is released
    assert response.context["dashboard"].provisional == 0
    assert "provisional-note" not in page


def test_the_levels_and_projects_add_up(manager_client):
    response = manager_client.get(reverse("dashboard") + "?cycle=1401")
    dashboard = response.context["dashboard"]

    assert sum(level.units for level in dashboard.levels) == 20
    assert sum(category.projects for category in dashboard.projects) == 736
    assert sum(category.projects for category in dashboard.projects if category.in_sections) == 552
    page = response.content.decode()
    assert chart_data(page, "chart-projects")["datasets"][0]["data"] == [
        float(category.projects) for category in dashboard.projects
    ]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_has_its_data(manager_client, name):
    url = reverse(name, kwargs={"code": "FIRE"}) if name == "dashboard-unit" else reverse(name)
    page = manager_client.get(url + "?cycle=1401").content.decode()

    for chart in CHARTS[name]:
        data = chart_data(page, chart)
        assert data["labels"], chart
        assert data["datasets"] and all(
            len(dataset["data"]) == len(data["labels"]) for dataset in data["datasets"]
        ), chart
        assert any(value for dataset in data["datasets"] for value in dataset["data"]), chart


def test_the_fire_units_page_and_the_comparisons(manager_client):
    # FIRE is one of the two 4-star units of 1401 and has been assessed since 1398
    unit = manager_client.get(reverse("dashboard-unit", kwargs={"code": "FIRE"})).context["dashboard"]
    assert unit.cycle.year == 1401 and unit.rating.stars == 4
    assert [point.cycle.year for point in unit.trend] == [1398, 1399, 1400, 1401]
    totals = [point.rating.total for point in unit.trend]
    assert totals == sorted(totals)
    assert unit.benchmark_units == 20
    assert len(unit.team) >= 4 and unit.team_hours > 0

    comparisons = manager_client.get(reverse("dashboard-comparisons")).context["comparisons"]
    assert [cycle.year for cycle in comparisons.cycles] == [1398, 1399, 1400, 1401]
    assert len(comparisons.units) == 20
    assert comparisons.most_improved and all(unit.gain > 0 for unit in comparisons.most_improved)
    means = comparisons.means
    assert means == sorted(means)


def test_the_apis_statistics_are_the_dashboards_figures(manager_client):
    # The API and the page read the same selectors: the article's 1401 figures, twice.
    response = manager_client.get(reverse("dashboard") + "?cycle=1401")
    headline = response.context["dashboard"].headline

    figures = manager_client.get(reverse("api:cycle-statistics", kwargs={"year": 1401})).json()

    assert figures["cycle"] == 1401
    assert (figures["organizations"], figures["companies"], figures["units"]) == (15, 5, 20)
    assert (figures["internal_assessors"], figures["external_assessors"]) == (55, 10)
    assert (figures["internal_hours"], figures["external_hours"]) == ("1100.00", "600.00")
    assert figures["window_weeks"] == 6
    assert (figures["strengths"], figures["improvements"], figures["best_practices"]) == (1293, 2731, 68)
    assert (figures["projects"], figures["projects_in_sections"]) == (736, 552)
    assert figures["strengths"] == headline.strengths and figures["projects"] == headline.projects
    assert {row["stars"]: row["units"] for row in figures["stars"]} == {
        stars: units for stars, units, _provisional in response.context["dashboard"].stars.counts
    }
