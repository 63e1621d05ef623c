"""Reading projects: overdue, closing the loop (scores of the linked sub-criteria, cycle to cycle),
a unit's summary and the programme's view."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Assessment, ImprovementProject
from assessments.selectors.projects import (
    overdue_condition,
    programme_projects,
    project_detail,
    unit_projects,
    with_overdue,
)
from assessments.services.projects import improvement_project_progress_add
from assessments.tests.projects_programme import FUTURE, PAST, projects_programme_build
from excellence.roles import AccessDenied

Status = ImprovementProject.Status
Category = ImprovementProject.Category


@pytest.fixture
def programme(db):
    return projects_programme_build()


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (Status.PROPOSED, PAST, True),
        (Status.APPROVED, PAST, True),
        (Status.IN_PROGRESS, PAST, True),
        (Status.COMPLETED, PAST, False),
        (Status.VERIFIED, PAST, False),
        (Status.CANCELLED, PAST, False),
        (Status.IN_PROGRESS, FUTURE, False),
        (Status.IN_PROGRESS, None, False),
    ],
)
def test_a_project_is_overdue_when_its_due_date_has_passed_and_it_is_not_done(
    programme, status, due, overdue
):
    project = programme.project(programme.fire, status=status, due_date=due)
    annotated = with_overdue(ImprovementProject.objects.filter(pk=project.pk)).get()
    assert annotated.is_overdue is overdue
    assert ImprovementProject.objects.filter(overdue_condition(), pk=project.pk).exists() is overdue


def test_due_today_is_not_yet_overdue(programme):
    today = timezone.localdate()
    project = programme.project(programme.fire, status=Status.IN_PROGRESS, due_date=today)
    assert not ImprovementProject.objects.filter(overdue_condition(today=today), pk=project.pk).exists()
    tomorrow = today + datetime.timedelta(days=1)
    assert ImprovementProject.objects.filter(overdue_condition(today=tomorrow), pk=project.pk).exists()


def test_closing_the_loop_shows_the_linked_sub_criteria_from_the_projects_cycle_to_the_next(programme):
    # Given a 1400 project answering points of 1a and 1b (1a: 40 → 60 %, 1b: 50 → 45 %)
    points = [programme.point(programme.fire, year=1400, code=code) for code in ("1a", "1b")]
    project = programme.project(programme.fire, year=1400, points=points)

    # When a representative of the unit opens it
    loop = project_detail(user=programme.fire.representative, project_id=project.pk).loop

    # Then each sub-criterion shows its consensus percentage in 1400 and 1401, and the change
    assert (loop.cycle.year, loop.next_cycle.year, loop.comparable) == (1400, 1401, True)
    assert [(row.sub_criterion.code, row.before, row.after, row.change) for row in loop.rows] == [
        ("1a", Decimal("40.0"), Decimal("60.0"), Decimal("20.0")),
        ("1b", Decimal("50.0"), Decimal("45.0"), Decimal("-5.0")),
    ]
    assert (loop.improved, loop.compared, loop.after_provisional) == (1, 2, False)


def test_the_next_cycles_unreleased_scores_are_not_shown_to_a_representative(programme):
    # Given the unit's 1401 assessment taken back to finalized (not released)
    Assessment.objects.filter(pk=programme.fire.assessments[1401].pk).update(
        status=Assessment.Status.FINALIZED
    )
    project = programme.project(programme.fire, year=1400)

    representative_view = project_detail(user=programme.fire.representative, project_id=project.pk).loop
    office_view = project_detail(user=programme.office, project_id=project.pk).loop

    assert [(row.before, row.after) for row in representative_view.rows] == [(Decimal("40.0"), None)]
    assert [(row.before, row.after) for row in office_view.rows] == [(Decimal("40.0"), Decimal("60.0"))]
    assert not office_view.after_provisional  # finalized: the scores of record


def test_a_project_of_the_newest_cycle_waits_for_the_next(programme):
    project = programme.project(programme.fire, year=1401)
    loop = project_detail(user=programme.office, project_id=project.pk).loop
    assert loop.next_cycle is None
    assert [(row.before, row.after, row.change) for row in loop.rows] == [(Decimal("60.0"), None, None)]


def test_the_units_summary_counts_the_latest_cycles_projects_and_closes_the_earlier_loop(programme):
    # Given FIRE's projects: two of 1400 on 1a (one verified), three of 1401, one of them late
    fire = programme.fire
    programme.project(fire, year=1400, status=Status.VERIFIED)
    programme.project(fire, year=1400, status=Status.CANCELLED)
    programme.project(fire, status=Status.IN_PROGRESS, due_date=PAST)
    running = programme.project(fire, status=Status.IN_PROGRESS, due_date=FUTURE)
    programme.project(fire, status=Status.PROPOSED)
    programme.project(programme.metro, status=Status.IN_PROGRESS, due_date=PAST)
    improvement_project_progress_add(
        actor=fire.representative,
        project=running,
        expected_updated_at=running.updated_at,
        progress=35,
        note="نخستین کارگاه برگزار شد.",
    )

    summary = unit_projects(user=fire.representative, organization=fire.organization)

    assert (summary.cycle.year, summary.total, summary.overdue) == (1401, 3, 1)
    assert dict((status, count) for status, _label, count in summary.by_status) == {
        Status.PROPOSED: 1,
        Status.APPROVED: 0,
        Status.IN_PROGRESS: 2,
        Status.COMPLETED: 0,
        Status.VERIFIED: 0,
        Status.CANCELLED: 0,
    }
    assert summary.latest_updates[0].note == "نخستین کارگاه برگزار شد."
    assert len(summary.latest_updates) == 5  # the newest five of the unit's timeline
    assert all(update.project.organization_id == fire.organization.pk for update in summary.latest_updates)
    loop = summary.compared_loop
    assert (loop.cycle.year, loop.next_cycle.year) == (1400, 1401)
    assert [(row.sub_criterion.code, row.projects, row.verified, row.change) for row in loop.rows] == [
        ("1a", 2, 1, Decimal("20.0"))
    ]


def test_a_representative_reads_nothing_of_another_units_projects(programme):
    programme.project(programme.metro, status=Status.IN_PROGRESS)
    summary = unit_projects(user=programme.fire.representative, organization=programme.metro.organization)
    assert (summary.cycle, summary.total, summary.latest_updates, summary.loops) == (None, 0, [], [])


def test_the_programmes_view_counts_categories_with_shares_statuses_overdue_and_units(programme):
    # Given 1401: FIRE 3 projects (strategy, processes, other; one late), METRO 1 (results)
    fire, metro = programme.fire, programme.metro
    programme.project(fire, category=Category.STRATEGY, status=Status.IN_PROGRESS, due_date=PAST)
    programme.project(fire, category=Category.PROCESSES, status=Status.VERIFIED)
    programme.project(fire, category=Category.OTHER, status=Status.APPROVED, progress=50)
    programme.project(metro, category=Category.RESULTS)
    programme.project(metro, year=1400, category=Category.RESULTS)  # another cycle: not counted

    view = programme_projects(user=programme.manager, cycle=programme.cycles[1401])

    assert (view.total, view.in_sections, view.sections_share, view.overdue) == (4, 3, Decimal("75.0"), 1)
    assert [(share.category, share.count, share.share) for share in view.categories] == [
        ("strategy", 1, Decimal("25.0")),
        ("stakeholders", 0, Decimal("0.0")),
        ("human_capital", 0, Decimal("0.0")),
        ("processes", 1, Decimal("25.0")),
        ("results", 1, Decimal("25.0")),
        ("indicators", 0, Decimal("0.0")),
        ("other", 1, Decimal("25.0")),
    ]
    assert dict((status, count) for status, _label, count in view.statuses) == {
        "proposed": 1,
        "approved": 1,
        "in_progress": 1,
        "completed": 0,
        "verified": 1,
        "cancelled": 0,
    }
    assert [
        (unit.code, unit.total, unit.by_status, unit.overdue, unit.mean_progress) for unit in view.units
    ] == [
        ("FIRE", 3, (0, 1, 1, 0, 1, 0), 1, Decimal("50.0")),
        ("METRO", 1, (1, 0, 0, 0, 0, 0), 0, Decimal("0.0")),
    ]


def test_the_programmes_view_is_for_managers_and_the_office(programme):
    with pytest.raises(AccessDenied):
        programme_projects(user=programme.fire.representative, cycle=programme.cycles[1401])
