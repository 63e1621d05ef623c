"""The access layer's answers for the dashboards: `dashboard.read`, `dashboard.read_unit` and the
results a person may see aggregated beside their unit (`results_benchmarked`)."""

import pytest
from django.contrib.auth.models import Group

from assessments import access
from assessments.models import Assessment, AssessmentResult
from assessments.tests.dashboard_fixtures import programme_build
from excellence.roles import GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS, AccessDenied
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return programme_build(units=4, live=1)


def in_group(name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def representative_of(organization):
    user = UserFactory()
    OrganizationMember.objects.create(organization=organization, user=user)
    return user


def test_managers_and_the_office_read_every_dashboard(programme):
    for user in (in_group(GROUP_MANAGERS), in_group(GROUP_PROGRAMME_ADMINS)):
        assert access.can(user, "dashboard.read")
        assert access.can(user, "dashboard.read_unit")
        assert all(access.can(user, "dashboard.read_unit", unit) for unit in programme.organizations)


def test_a_representative_reads_their_own_units_dashboard_only(programme):
    own, other = programme.organizations[:2]
    user = representative_of(own)

    assert not access.can(user, "dashboard.read")
    assert access.can(user, "dashboard.read_unit")
    assert access.can(user, "dashboard.read_unit", own)
    assert not access.can(user, "dashboard.read_unit", other)


def test_an_assessor_and_a_person_without_a_role_read_no_dashboard(programme, english):
    for user in (programme.internal.user, UserFactory()):
        assert not access.can(user, "dashboard.read")
        assert not access.can(user, "dashboard.read_unit")
        assert not access.can(user, "dashboard.read_unit", programme.organizations[0])
    with pytest.raises(AccessDenied) as refused:
        access.ensure(programme.internal.user, "dashboard.read_unit", programme.organizations[0])
    assert refused.value.messages == [
        "A unit's dashboard is for managers, the programme office and the unit's own representatives."
    ]


def test_results_benchmarked(programme):
    released = AssessmentResult.objects.filter(assessment__status=Assessment.Status.RELEASED)
    # everything for those who read everything
    assert access.results_benchmarked(in_group(GROUP_MANAGERS)).count() == AssessmentResult.objects.count()
    # every unit's released results for a representative, not only their own unit's
    representative = representative_of(programme.organizations[0])
    assert set(access.results_benchmarked(representative)) == set(released)
    assert access.results_visible(representative).count() < released.count()
    # nothing for anyone else
    assert not access.results_benchmarked(programme.internal.user).exists()
    assert not access.results_benchmarked(UserFactory()).exists()


def test_a_representative_benchmarks_against_no_unreleased_result(programme):
    # given a finalized (not released) result in 1401
    finalized = Assessment.objects.filter(cycle__year=1401, status=Assessment.Status.RELEASED).first()
    finalized.status = Assessment.Status.FINALIZED
    finalized.save(update_fields=["status"])
    representative = representative_of(programme.organizations[1])

    assert finalized.result not in access.results_benchmarked(representative)
    assert finalized.result in access.results_benchmarked(in_group(GROUP_MANAGERS))
