"""The access layer's scopes: who sees which findings, and independence before consensus."""

import pytest
from django.contrib.auth.models import Group

from assessments import access
from assessments.models import Assessment, Assignment, Finding
from assessments.tests.factories import AssessmentFactory, AssessorFactory, FindingFactory
from excellence.roles import GROUP_MANAGERS
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory


@pytest.fixture
def team(db):
    assessment = AssessmentFactory(status=Assessment.Status.INDIVIDUAL)
    leader, member, colleague = AssessorFactory(), AssessorFactory(), AssessorFactory()
    Assignment.objects.create(assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    Assignment.objects.create(assessment=assessment, assessor=member)
    Assignment.objects.create(assessment=assessment, assessor=colleague)
    findings = {
        "member": FindingFactory(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author=member),
        "colleague": FindingFactory(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author=colleague),
        "consensus": FindingFactory(assessment=assessment, stage=Finding.Stage.CONSENSUS),
    }
    return assessment, leader, member, findings


def visible(user, findings):
    seen = set(access.findings_visible(user).values_list("pk", flat=True))
    return {name for name, finding in findings.items() if finding.pk in seen}


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_during_individual_a_member_sees_only_their_own_findings_and_the_leader_all(team):
    assessment, leader, member, findings = team

    assert visible(member.user, findings) == {"member"}
    assert visible(leader.user, findings) == {"member", "colleague", "consensus"}


def test_from_consensus_on_the_whole_team_sees_the_teams_findings(team):
    assessment, _leader, member, findings = team
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.CONSENSUS)

    assert visible(fresh(member.user), findings) == {"member", "colleague", "consensus"}


def test_an_assessor_of_another_team_sees_nothing_of_this_one(team):
    _assessment, _leader, _member, findings = team
    outsider = AssessorFactory()
    Assignment.objects.create(assessment=AssessmentFactory(), assessor=outsider)

    assert visible(outsider.user, findings) == set()
    assert not access.assessments_visible(outsider.user).filter(pk=team[0].pk).exists()


def test_a_representative_sees_consensus_findings_of_released_assessments_only(team):
    assessment, _leader, _member, findings = team
    representative = UserFactory()
    OrganizationMember.objects.create(organization=assessment.organization, user=representative)

    assert visible(representative, findings) == set()
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.RELEASED)
    assert visible(fresh(representative), findings) == {"consensus"}


def test_managers_see_everything_and_may_change_nothing(team):
    assessment, _leader, _member, findings = team
    manager = UserFactory()
    manager.groups.add(Group.objects.get(name=GROUP_MANAGERS))

    assert visible(manager, findings) == {"member", "colleague", "consensus"}
    assert not access.can(manager, "finding.change", findings["consensus"])
    assert not access.can(manager, "programme.manage")


def test_a_refused_action_says_which_rule(team, english):
    _assessment, _leader, member, findings = team

    with pytest.raises(access.AccessDenied) as refused:
        access.ensure(member.user, "finding.change", findings["colleague"])

    assert (
        "an individual finding is its author's during the individual assessment" in refused.value.messages[0]
    )
    assert access.can(member.user, "finding.change", findings["member"])


def named(viewer, *people):
    """Which of `people` `viewer` may name (as an assessor's account or a project's owner)."""
    seen = set(access.users_visible(viewer).values_list("pk", flat=True))
    return {person.pk for person in people if person.pk in seen}


def test_people_a_person_may_name_are_those_of_their_own_teams_and_units(team):
    assessment, leader, member, _findings = team
    stranger, inactive = UserFactory(), UserFactory(is_active=False)
    other_team = AssessorFactory()
    Assignment.objects.create(assessment=AssessmentFactory(), assessor=other_team)
    representative, colleague = UserFactory(), UserFactory()
    for person in (representative, colleague):
        OrganizationMember.objects.create(organization=assessment.organization, user=person)
    everyone = (leader.user, member.user, other_team.user, representative, colleague, stranger, inactive)
    manager = UserFactory()
    manager.groups.add(Group.objects.get(name=GROUP_MANAGERS))

    # Those who read everything may name every active person
    assert named(manager, *everyone) == named(manager, *everyone[:-1]) == {p.pk for p in everyone[:-1]}
    # An assessor: themselves and their teammates; never another team's people
    assert named(member.user, *everyone) == {leader.user.pk, member.user.pk}
    # A representative: themselves and their unit's members
    assert named(representative, *everyone) == {representative.pk, colleague.pk}
    # Someone with no role: nobody, not even themselves
    assert named(stranger, *everyone) == set()
