"""A closed cycle's ratings are read in one query and built straight from its rows
(`results._row_from_stored_values`, for the dashboards' thousands of units): the rows are
those each assessment's own stored result gives."""

import dataclasses

from assessments.models import Assessment
from assessments.selectors.results import assessment_rating_row, cycle_ratings
from assessments.services.results import assessment_result_store
from excellence.roles import COMMAND_LINE

from .test_results import cycle, cycle_with_units  # noqa: F401 (the fixture)


def test_a_closed_cycles_rows_are_each_assessments_stored_result(cycle, django_assert_num_queries):  # noqa: F811
    cycle_with_units(cycle, 6)
    scored = Assessment.objects.filter(cycle=cycle).exclude(organization__code="ZZZ")
    for assessment in scored.exclude(status=Assessment.Status.FINALIZED):
        assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
    scored.update(status=Assessment.Status.RELEASED)
    Assessment.objects.filter(cycle=cycle, organization__code="ZZZ").delete()

    with django_assert_num_queries(1):
        with_points = cycle_ratings(cycle=cycle, criterion_points=True)
    without_points = cycle_ratings(cycle=cycle)

    one_by_one = [
        assessment_rating_row(
            assessment=Assessment.objects.select_related("organization", "result", "cycle").get(
                pk=row.assessment_id
            )
        )
        for row in with_points
    ]
    assert len(with_points) == 6 and all(row.stored for row in with_points)
    assert with_points == one_by_one
    assert all(row.criterion_points for row in with_points)
    assert without_points == [dataclasses.replace(row, criterion_points={}) for row in one_by_one]
