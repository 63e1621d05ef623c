"""The programme dashboard (`/dashboard/?cycle=…`) as a manager opens it, beside its SQL floor.

The product is the whole request through Django's test client: the access checks, the
selectors, the template and its charts' data. The floor is one hand-written SQL query per
figure the page shows — units by kind, assessors and person-hours by kind, consensus
findings by kind, projects by category, stars and levels, and the units table's first
page with each unit's change since the cycle before — computing the same numbers inside
the database: what the page would cost if nothing but the database worked.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from assessments.models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    Cycle,
    Finding,
    ImprovementProject,
    TimeEntry,
)
from assessments.selectors.dashboard import DEFAULT_SORT, dashboard_cycles, programme_dashboard, units_sort
from bench.measure import measure_alternately
from excellence.roles import GROUP_MANAGERS
from organizations.models import Organization

BENCH_MANAGER = "bench-manager"
PAGE_SIZE = 25


def _tables() -> dict[str, str]:
    models = {
        "assessment": Assessment,
        "result": AssessmentResult,
        "assessor": Assessor,
        "assignment": Assignment,
        "entry": TimeEntry,
        "finding": Finding,
        "project": ImprovementProject,
        "organization": Organization,
    }
    return {name: connection.ops.quote_name(model._meta.db_table) for name, model in models.items()}


def floor_queries() -> dict[str, str]:
    """One query per figure; each takes the cycle's id (and the units table also the previous one's)."""
    t = _tables()
    locked = "('finalized', 'released')"
    return {
        "units": f"""SELECT o.kind, COUNT(*) FROM {t["assessment"]} a JOIN {t["organization"]} o
            ON o.id = a.organization_id WHERE a.cycle_id = %s GROUP BY o.kind""",
        "assessors": f"""SELECT s.kind, COUNT(DISTINCT g.assessor_id) FROM {t["assignment"]} g
            JOIN {t["assessment"]} a ON a.id = g.assessment_id JOIN {t["assessor"]} s ON s.id = g.assessor_id
            WHERE a.cycle_id = %s GROUP BY s.kind""",
        "hours": f"""SELECT s.kind, SUM(e.hours) FROM {t["entry"]} e
            JOIN {t["assessment"]} a ON a.id = e.assessment_id JOIN {t["assessor"]} s ON s.id = e.assessor_id
            WHERE a.cycle_id = %s GROUP BY s.kind""",
        "findings": f"""SELECT f.kind, COUNT(*) FROM {t["finding"]} f JOIN {t["assessment"]} a
            ON a.id = f.assessment_id WHERE a.cycle_id = %s AND f.stage = 'consensus' GROUP BY f.kind""",
        "projects": f"""SELECT p.category, COUNT(*) FROM {t["project"]} p WHERE p.cycle_id = %s
            GROUP BY p.category""",
        "stars": f"""SELECT r.stars, COUNT(*) FROM {t["result"]} r JOIN {t["assessment"]} a
            ON a.id = r.assessment_id WHERE a.cycle_id = %s AND a.status IN {locked} GROUP BY r.stars""",
        "levels": f"""SELECT r.level_code, COUNT(*) FROM {t["result"]} r JOIN {t["assessment"]} a
            ON a.id = r.assessment_id WHERE a.cycle_id = %s AND a.status IN {locked} GROUP BY r.level_code""",
        "table": f"""SELECT o.code, o.name_fa, o.kind, r.total, r.stars, r.level_fa, r.points_to_next,
                r.total - p.total
            FROM {t["assessment"]} a
            JOIN {t["organization"]} o ON o.id = a.organization_id
            LEFT JOIN {t["result"]} r ON r.assessment_id = a.id
            LEFT JOIN (
                SELECT b.organization_id, q.total FROM {t["assessment"]} b
                JOIN {t["result"]} q ON q.assessment_id = b.id WHERE b.cycle_id = %s
            ) p ON p.organization_id = a.organization_id
            WHERE a.cycle_id = %s
            ORDER BY r.total DESC, o.code LIMIT {PAGE_SIZE}""",
    }


def floor(*, cycle: Cycle, previous: Cycle | None) -> dict[str, list]:
    figures = {}
    with connection.cursor() as cursor:
        for name, sql in floor_queries().items():
            params = [previous.pk if previous else None, cycle.pk] if name == "table" else [cycle.pk]
            cursor.execute(sql, params)
            figures[name] = cursor.fetchall()
    return figures


def _manager_client() -> Client:
    user, _created = get_user_model().objects.get_or_create(username=BENCH_MANAGER)
    user.groups.add(Group.objects.get(name=GROUP_MANAGERS))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.user = user
    return client


def _same_numbers(*, user, cycle: Cycle, figures) -> None:
    """The floor computes what the page shows, or it is no floor."""
    page = programme_dashboard(user=user, cycle=cycle, cycles=dashboard_cycles(user=user))
    headline = page.headline
    as_dict = {name: dict(rows) for name, rows in figures.items() if name != "table"}
    assert (headline.organizations, headline.companies) == (
        as_dict["units"].get("organization", 0),
        as_dict["units"].get("company", 0),
    )
    assert headline.internal_assessors == as_dict["assessors"].get("internal", 0)
    assert headline.external_assessors == as_dict["assessors"].get("external", 0)
    assert headline.internal_hours == Decimal(str(as_dict["hours"].get("internal") or 0))
    assert headline.external_hours == Decimal(str(as_dict["hours"].get("external") or 0))
    assert headline.strengths == as_dict["findings"].get("strength", 0)
    assert headline.improvements == as_dict["findings"].get("improvement", 0)
    assert headline.best_practices == as_dict["findings"].get("best_practice", 0)
    assert headline.projects == sum(as_dict["projects"].values())
    # With every result stored (the demo's and the synthetic cycles are released), the stored
    # results' stars, levels and order are the page's.
    assert page.provisional == 0, "the floor reads stored results only"
    assert {stars: units for stars, units, _provisional in page.stars.counts if units} == as_dict["stars"]
    assert {level.code: level.units for level in page.levels if level.units} == as_dict["levels"]
    first_page = units_sort(page.units, sort=DEFAULT_SORT)[:PAGE_SIZE]
    assert [line.rating.code for line in first_page] == [row[0] for row in figures["table"]]
    assert [line.change for line in first_page] == [row[7] for row in figures["table"]]


def run(*, cycle: Cycle, measure, ratio, repeat):
    previous = Cycle.objects.filter(year__lt=cycle.year).order_by("-year").first()
    client = _manager_client()
    url = f"/dashboard/?cycle={cycle.year}"

    def product():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    product()
    _same_numbers(user=client.user, cycle=cycle, figures=floor(cycle=cycle, previous=previous))
    page, sql = measure_alternately(product, lambda: floor(cycle=cycle, previous=previous), repeat=repeat)
    name = f"programme dashboard {cycle.year}"
    return [
        {"name": f"{name}: the page, as a manager", **page},
        {
            "name": f"{name}: SQL, a query per figure (floor)",
            **sql,
            "floor_of": f"{name}: the page, as a manager",
            "product_vs_floor": ratio(page, sql),
        },
    ]
