"""The units' list, extended from the assessments app: it counts each unit's assessments."""

import pytest

from assessments.admin.organizations import OrganizationWithAssessmentsAdmin
from assessments.tests.factories import AssessmentFactory, CycleFactory
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory

from .conftest import admin_url

pytestmark = pytest.mark.django_db


def test_the_units_list_counts_each_units_assessments(admin_en):
    # given a unit assessed in two cycles and one never assessed
    assessed = OrganizationFactory(code="FIRE")
    OrganizationFactory(code="PARKS")
    AssessmentFactory(organization=assessed, cycle=CycleFactory(year=1400))
    AssessmentFactory(organization=assessed, cycle=CycleFactory(year=1401))

    # when the units' list is opened
    response = admin_en.get(admin_url(Organization, "changelist"))

    # then it is the extended admin, with the count as its last column
    changelist = response.context["cl"]
    assert isinstance(changelist.model_admin, OrganizationWithAssessmentsAdmin)
    assert changelist.list_display[-1] == "assessment_count"
    counts = {row.code: row.assessment_count for row in changelist.result_list}
    assert counts == {"FIRE": 2, "PARKS": 0}
    assert "assessments" in [str(header["text"]) for header in response.context["result_headers"]]
