"""The dashboards' pages: who may open which (403 and 404 through the access layer), what they show,
provisional marking, filters, sorting and the findings drill-down; and fixed query counts at 20 and
200 units."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Finding
from assessments.tests.dashboard_fixtures import programme_build
from assessments.tests.factories import AssessorFactory
from excellence.persian import to_ascii_digits, to_persian_digits
from excellence.roles import GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "dashboard-comparisons"]


def in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def programme(db):
    return programme_build(units=8, live=2)


@pytest.fixture
def manager():
    return in_group(UserFactory(), GROUP_MANAGERS)


@pytest.fixture
def office():
    return in_group(UserFactory(), GROUP_PROGRAMME_ADMINS)


def representative_of(organization):
    user = UserFactory()
    OrganizationMember.objects.create(organization=organization, user=user)
    return user


def unit_url(organization, **query):
    url = reverse("dashboard-unit", kwargs={"code": organization.code})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def findings_url(organization, **query):
    url = reverse("dashboard-unit-findings", kwargs={"code": organization.code})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def chart_data(page: str, name: str) -> dict:
    match = re.search(rf'<script id="{name}-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no data for chart {name}"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- who may open what


@pytest.mark.parametrize("name", PAGES)
def test_managers_and_the_office_open_the_programme_pages(client, programme, manager, office, name):
    for user in (manager, office):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_an_assessor_a_representative_and_a_person_without_a_role_get_403(client, programme, name):
    assessor = AssessorFactory().user
    representative = representative_of(programme.organizations[0])
    for user in (assessor, representative, UserFactory()):
        client.force_login(user)
        response = client.get(reverse(name))
        assert response.status_code == 403, user


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, programme, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_403_names_the_rule(english_client, programme):
    english_client.force_login(AssessorFactory().user)

    response = english_client.get(reverse("dashboard"))

    assert response.status_code == 403
    assert "The programme dashboards are for managers and the programme office." in response.content.decode()


def test_managers_open_every_units_page(client, programme, manager):
    client.force_login(manager)
    for organization in programme.organizations:
        assert client.get(unit_url(organization)).status_code == 200
        assert client.get(findings_url(organization)).status_code == 200


def test_a_representative_opens_their_own_unit_and_gets_404_for_another(client, programme):
    own, other = programme.organizations[0], programme.organizations[1]
    client.force_login(representative_of(own))

    assert client.get(unit_url(own)).status_code == 200
    assert client.get(findings_url(own)).status_code == 200
    assert client.get(unit_url(other)).status_code == 404
    assert client.get(findings_url(other)).status_code == 404


def test_an_assessor_gets_403_on_a_unit_page_even_of_their_own_team(client, programme):
    # given an assessor on the team of every unit
    client.force_login(programme.internal.user)

    # then a unit's dashboard is not theirs to read
    assert client.get(unit_url(programme.organizations[0])).status_code == 403
    assert client.get(findings_url(programme.organizations[0])).status_code == 403


def test_a_representative_who_is_also_an_assessor_gets_403_for_a_team_unit_they_do_not_represent(
    client, programme
):
    # given the external assessor represents unit 0 and sits on every team
    user = programme.external.user
    OrganizationMember.objects.create(organization=programme.organizations[0], user=user)
    client.force_login(user)

    # then their own unit opens, another unit they see through their team does not
    assert client.get(unit_url(programme.organizations[0])).status_code == 200
    assert client.get(unit_url(programme.organizations[1])).status_code == 403


def test_an_unknown_unit_or_cycle_answers_404(client, programme, manager):
    client.force_login(manager)

    assert client.get(reverse("dashboard-unit", kwargs={"code": "NOPE"})).status_code == 404
    assert client.get(reverse("dashboard") + "?cycle=1300").status_code == 404
    assert client.get(reverse("dashboard") + "?cycle=abc").status_code == 404
    assert client.get(unit_url(programme.organizations[0], cycle=1399)).status_code == 404


def test_a_representative_sees_only_released_results(client, programme):
    # given a unit whose 1401 assessment is still in consensus (the last units are live)
    unit = programme.organizations[-1]
    assert Assessment.objects.get(organization=unit, cycle__year=1401).status == Assessment.Status.CONSENSUS
    client.force_login(representative_of(unit))

    # when they open their unit's page
    response = client.get(unit_url(unit))

    # then it shows 1400, the released cycle, and 1401 is neither shown nor reachable
    dashboard = response.context["dashboard"]
    assert dashboard.cycle.year == 1400
    assert [cycle.year for cycle in dashboard.cycles] == [1400]
    assert [point.cycle.year for point in dashboard.trend] == [1400]
    assert client.get(unit_url(unit, cycle=1401)).status_code == 404
    assert client.get(findings_url(unit, cycle=1401)).status_code == 404
    # and no team is shown to them
    assert dashboard.team is None
    assert "team-table" not in response.content.decode()


def test_a_representative_compares_with_released_results_only(client, programme):
    unit = programme.organizations[0]
    client.force_login(representative_of(unit))

    dashboard = client.get(unit_url(unit, cycle=1401)).context["dashboard"]

    released = Assessment.objects.filter(cycle__year=1401, status=Assessment.Status.RELEASED).count()
    assert dashboard.benchmark_units == released == 6


# --------------------------------------------------------------------------- navigation and home


def test_the_header_links_the_dashboard_for_managers_and_the_unit_page_for_representatives(
    client, programme, manager
):
    client.force_login(manager)
    assert f'href="{reverse("dashboard")}"' in client.get(reverse("home")).content.decode()

    unit = programme.organizations[0]
    client.force_login(representative_of(unit))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard-unit", kwargs={"code": unit.code})}"' in page
    assert f'href="{reverse("dashboard")}"' not in page

    client.force_login(AssessorFactory().user)
    assert "/dashboard/" not in client.get(reverse("home")).content.decode()


# --------------------------------------------------------------------------- what the pages show


def test_the_programme_dashboard_marks_provisional_results(client, programme, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard"))
    page = response.content.decode()

    assert response.context["cycle"].year == 1401
    assert response.context["dashboard"].provisional == 2
    assert "۲ نتیجه موقت است" in page
    live = programme.organizations[-1]
    row = re.search(rf'<tr data-unit="{live.code}">(.*?)</tr>', page, re.S).group(1)
    assert 'class="badge text-bg-warning provisional"' in row


def test_the_units_table_filters_sorts_and_paginates(client, manager):
    programme = programme_build(units=30, live=0)
    client.force_login(manager)

    # sorted by total, highest first, by default; 25 a page
    first = client.get(reverse("dashboard")).context
    totals = [line.rating.total for line in first["units"]]
    assert len(totals) == 25 and totals == sorted(totals, reverse=True)
    second = client.get(reverse("dashboard") + "?page=2").context["units"]
    assert len(second) == 5

    # companies only, by name
    companies = client.get(reverse("dashboard") + "?kind=company&sort=name").context
    assert {line.rating.kind for line in companies["units"]} == {"company"}
    assert companies["units_shown"] == sum(1 for unit in programme.organizations if unit.kind == "company")

    # three stars, and a level
    three = client.get(reverse("dashboard") + "?stars=3").context["units"]
    assert three and {line.rating.stars for line in three} == {3}
    crystal = client.get(reverse("dashboard") + "?level=crystal").context["units"]
    assert crystal and {line.rating.level_code for line in crystal} == {"crystal"}

    # by change since 1400: every unit gained 12 points
    changes = client.get(reverse("dashboard") + "?sort=-change").context["units"]
    assert {line.change for line in changes} == {12}

    # a filter value that is no choice is refused by name and ignored
    bad = client.get(reverse("dashboard") + "?stars=9")
    assert bad.status_code == 200 and bad.context["units_shown"] == 30
    assert bad.context["form"].errors["stars"]


def test_the_unit_page_shows_profile_trend_findings_projects_and_team(client, programme, manager):
    unit = programme.organizations[0]
    client.force_login(manager)

    response = client.get(unit_url(unit, cycle=1401))
    dashboard = response.context["dashboard"]
    page = response.content.decode()

    # the profile: nine criteria, the unit's points beside the average and best of 6 results
    assert [point.criterion.code for point in dashboard.profile] == [str(code) for code in range(1, 10)]
    assert dashboard.benchmark_units == 6
    assert sum(point.unit for point in dashboard.profile) == dashboard.rating.total
    assert all(point.average <= point.best for point in dashboard.profile)
    # the trend: both cycles
    assert [point.cycle.year for point in dashboard.trend] == [1400, 1401]
    # findings per criterion and kind: two strengths (1, 2), three improvements (5, 9, 9), a best practice (3)
    by_criterion = {line.criterion.code: [cell.count for cell in line.cells] for line in dashboard.findings}
    assert by_criterion["9"] == [0, 2, 0, 0]
    assert [cell.count for cell in dashboard.finding_totals] == [2, 3, 1, 0]
    assert f"{findings_url(unit)}?cycle=1401&amp;criterion=9&amp;kind=improvement" in page
    # projects by status, and the team with its hours
    assert {status.code: status.projects for status in dashboard.projects if status.projects} == {
        "proposed": 1,
        "in_progress": 1,
        "completed": 1,
    }
    assert [(member.role, member.hours) for member in dashboard.team] == [("leader", 6), ("member", 3.5)]
    assert "۹٫۵" in page  # 9.5 person-hours, Persian digits and decimal mark
    # every chart has its data
    for name in ("chart-profile", "chart-trend", "chart-findings", "chart-project-status"):
        assert chart_data(page, name)["datasets"], name
    assert chart_data(page, "chart-trend")["datasets"][0]["data"] == [
        float(p.rating.total) for p in dashboard.trend
    ]


def test_a_provisional_unit_page_says_so(client, programme, manager):
    client.force_login(manager)

    response = client.get(unit_url(programme.organizations[-1], cycle=1401))

    assert response.context["dashboard"].rating.provisional
    assert "موقت" in response.content.decode()


def test_the_findings_drill_down_lists_the_findings_of_a_criterion_and_kind(client, programme, manager):
    unit = programme.organizations[0]
    client.force_login(manager)

    response = client.get(findings_url(unit, cycle=1401, criterion=9, kind="improvement"))

    findings = list(response.context["findings"])
    assert len(findings) == 2
    assert {(finding.sub_criterion.criterion.code, finding.kind) for finding in findings} == {
        ("9", "improvement")
    }
    assert all(finding.stage == Finding.Stage.CONSENSUS for finding in findings)
    everything = client.get(findings_url(unit, cycle=1401)).context["findings"]
    assert everything.paginator.count == 6


def test_the_comparisons_page_compares_cycles_kinds_and_criteria(client, programme, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard-comparisons") + "?cycle=1401")
    comparisons = response.context["comparisons"]
    page = response.content.decode()

    assert [cycle.year for cycle in comparisons.cycles] == [1400, 1401]
    # released units gained 12 points each; the two live ones are rated from their scores
    gains = {unit.code: unit.gain for unit in comparisons.units}
    assert [gains[unit.code] for unit in programme.organizations[:6]] == [12] * 6
    assert comparisons.provisional
    # per criterion, both kinds with their mean, spread and best; the three weakest units
    for item in comparisons.criteria:
        assert [stats.kind for stats in item.by_kind] == ["organization", "company"]
        assert all(stats.mean <= stats.best for stats in item.by_kind)
        assert len(item.weakest) == 3
        points = [weak.points for weak in item.weakest]
        assert points == sorted(points)
    for name in ("chart-programme-trend", "chart-improved", "chart-kinds"):
        assert chart_data(page, name)["datasets"], name


def test_english_pages_use_english_labels_and_digits(english_client, programme, manager):
    english_client.force_login(manager)

    page = english_client.get(reverse("dashboard")).content.decode()

    assert "Programme dashboard — cycle 1401" in page
    assert chart_data(page, "chart-stars")["labels"][0] == "4 stars"
    assert "۱" not in page.split("<main", 1)[1]


def test_persian_pages_use_persian_digits_and_labels(client, programme, manager):
    client.force_login(manager)

    page = client.get(reverse("dashboard")).content.decode()

    assert chart_data(page, "chart-stars")["labels"][0] == "۴ ستاره"
    assert "داشبورد برنامه — دوره ۱۴۰۱" in page


def test_no_inline_script_or_style_on_the_dashboards(client, programme, manager):
    client.force_login(manager)
    unit = programme.organizations[0]
    for url in (reverse("dashboard"), reverse("dashboard-comparisons"), unit_url(unit), findings_url(unit)):
        page = client.get(url).content.decode()
        scripts = re.findall(r"<script(?P<attributes>[^>]*)>", page)
        assert all(
            "src=" in attributes or 'type="application/json"' in attributes for attributes in scripts
        ), url
        assert " style=" not in page and "<style" not in page, url


# --------------------------------------------------------------------------- query counts


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def urls_for(unit):
    return [
        reverse("dashboard") + "?cycle=1401",
        reverse("dashboard") + "?cycle=1401&kind=organization&sort=-change&page=2",
        reverse("dashboard-comparisons") + "?cycle=1401",
        unit_url(unit, cycle=1401),
        findings_url(unit, cycle=1401, kind="improvement"),
    ]


# Each page: the session, the user and the roles (groups, assessor, memberships: five), then its own.
EXPECTED_QUERIES = [
    # programme: cycles, 1401's ratings (six: two units are rated live), 1400's (one: all stored),
    # bands, projects, assessors, hours, findings
    18,
    18,
    # comparisons: cycles, 1400's ratings (one), 1401's (six), criteria
    14,
    # a unit: the unit, its assessments, criteria, benchmark, findings, projects, hours, team,
    # and its projects' summary (selectors.projects.unit_projects: four)
    17,
    # its findings: the unit, its assessments, criteria, the count, the page
    10,
]
# A unit still in consensus is rated live from its consensus scores: framework (three), scores, bands.
LIVE_RATING_QUERIES = 5


@pytest.mark.parametrize("units", [20, 200])
def test_every_dashboard_runs_a_fixed_number_of_queries(client, manager, units):
    # given a programme of 20 or of 200 units, the last two of 1401 still in consensus
    programme = programme_build(units=units, live=2)
    client.force_login(manager)

    # when each page is opened, for a released unit and for a live one
    counts = [
        queries_for(client, url)
        for unit in (programme.organizations[0], programme.organizations[-1])
        for url in urls_for(unit)
    ]

    # then each page sends the same queries whatever the number of units
    assert counts[:5] == EXPECTED_QUERIES, counts
    assert counts[5:] == [
        *EXPECTED_QUERIES[:3],
        EXPECTED_QUERIES[3] + LIVE_RATING_QUERIES,
        EXPECTED_QUERIES[4],
    ]


def test_the_declaration_buttons_show_to_those_who_may_export(client, programme, manager, office):
    released, live = programme.organizations[0], programme.organizations[-1]
    programme_workbook = reverse("declaration_programme", args=[1401])

    def unit_workbook(organization):
        return reverse("declaration_unit", args=[1401, organization.code])

    def page(url):
        return client.get(url).content.decode()

    # The office exports the programme's workbook and any unit's
    client.force_login(office)
    assert programme_workbook in page(reverse("dashboard"))
    assert unit_workbook(live) in page(unit_url(live))
    # A manager: the programme's (released results) and a released unit's only
    client.force_login(manager)
    assert programme_workbook in page(reverse("dashboard"))
    assert unit_workbook(released) in page(unit_url(released))
    assert unit_workbook(live) not in page(unit_url(live))
    # A representative exports nothing, not even their own unit's
    client.force_login(representative_of(released))
    assert unit_workbook(released) not in page(unit_url(released))


@pytest.mark.parametrize(
    "spelling",
    [
        lambda sub: sub.code,
        lambda sub: sub.code.upper(),
        lambda sub: sub.code_fa,
        lambda sub: to_ascii_digits(sub.code_fa),
        lambda sub: to_persian_digits(sub.code),
    ],
    ids=["code", "capitals", "persian", "persian-letters-latin-digits", "persian-digits-latin-letters"],
)
def test_the_findings_drill_down_finds_a_sub_criterion_as_either_language_writes_its_code(
    client, programme, manager, spelling
):
    unit = programme.organizations[0]
    client.force_login(manager)
    everything = list(client.get(findings_url(unit, cycle=1401)).context["findings"])
    sub = everything[0].sub_criterion
    assert sub.code_fa and sub.code_fa != sub.code  # a code each language writes its own way
    expected = {finding.pk for finding in everything if finding.sub_criterion_id == sub.pk}

    response = client.get(findings_url(unit, cycle=1401, sub_criterion=spelling(sub)))

    assert {finding.pk for finding in response.context["findings"]} == expected
