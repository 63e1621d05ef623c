"""The projects' FilterSet: each filter narrows a scoped queryset and never widens it."""

import pytest
from django.test import RequestFactory

from assessments import access
from assessments.filters import ImprovementProjectFilterSet
from assessments.models import ImprovementProject
from assessments.tests.projects_programme import FUTURE, PAST, projects_programme_build
from organizations.models import Organization

Status = ImprovementProject.Status
Category = ImprovementProject.Category


@pytest.fixture
def programme(db):
    return projects_programme_build()


def titles(user, **params):
    request = RequestFactory().get("/projects/", params)
    request.user = user
    filterset = ImprovementProjectFilterSet(
        request.GET, queryset=access.projects_visible(user).order_by("id"), request=request
    )
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("title", flat=True))


def test_each_filter_narrows_the_list(programme):
    # Given projects of two units, two cycles, categories, statuses and due dates
    fire, metro = programme.fire, programme.metro
    programme.project(fire, title="الف", status=Status.IN_PROGRESS, due_date=PAST)
    programme.project(fire, title="ب", status=Status.COMPLETED, due_date=PAST, category=Category.PROCESSES)
    programme.project(fire, title="پ", year=1400, due_date=FUTURE, category=Category.OTHER)
    programme.project(
        metro,
        title="ت",
        status=Status.APPROVED,
        points=[programme.point(metro, code="2a")],
        category=Category.RESULTS,
    )
    metro.organization.kind = Organization.Kind.COMPANY
    metro.organization.save()
    office = programme.office

    # Then each filter keeps only its projects
    assert titles(office) == ["الف", "ب", "پ", "ت"]
    assert titles(office, cycle=1400) == ["پ"]
    assert titles(office, organization="METRO") == ["ت"]
    assert titles(office, organization_kind="company") == ["ت"]
    assert titles(office, category="processes") == ["ب"]
    assert titles(office, status="approved") == ["ت"]
    assert titles(office, overdue="true") == ["الف"]  # completed and future-due projects are not late
    assert titles(office, overdue="false") == ["ب", "پ", "ت"]
    criterion_2 = programme.subs["2a"].criterion
    assert titles(office, criterion=criterion_2.code) == ["ت"]
    assert titles(office, cycle=1401, organization="FIRE", overdue="true") == ["الف"]


def test_a_project_with_two_points_of_the_criterion_is_listed_once(programme):
    points = [programme.point(programme.fire, code="1a"), programme.point(programme.fire, code="1b")]
    programme.project(programme.fire, title="دو نقطه", points=points)
    assert titles(programme.office, criterion=programme.subs["1a"].criterion.code) == ["دو نقطه"]


@pytest.mark.parametrize("typed", ["كيفيت", "کیفیت", "۱۴۰۱", "1401", "قطار"])
def test_the_text_query_finds_either_spelling_and_either_digits(programme, typed):
    # Given a title stored in Persian spelling with ASCII digits, and a unit name
    programme.project(programme.metro, title="بهبود کیفیت خدمات 1401")
    programme.project(programme.fire, title="چیز دیگر")

    assert titles(programme.office, q=typed) == ["بهبود کیفیت خدمات 1401"]


def test_the_filters_never_widen_a_representatives_scope(programme):
    programme.project(programme.fire, title="آتش")
    programme.project(programme.metro, title="قطار")
    representative = programme.fire.representative

    assert titles(representative) == ["آتش"]
    # Another unit's code is not one of the choices: the filter refuses it, and shows nothing of it
    request = RequestFactory().get("/projects/", {"organization": "METRO"})
    request.user = representative
    filterset = ImprovementProjectFilterSet(
        request.GET, queryset=access.projects_visible(representative), request=request
    )
    assert not filterset.is_valid()
    assert "organization" in filterset.errors
    assert [project.title for project in filterset.qs] == ["آتش"]
