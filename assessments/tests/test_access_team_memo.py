"""`access.remember_team`: a page that has loaded an assessment's team lets the predicates answer
"on the team?" from it, with the same answers as the database gives and no query each."""

from assessments import access
from assessments.models import Assessment, Assignment, Finding
from assessments.tests.factories import AssessmentFactory, AssessorFactory

from .test_access import fresh, team  # noqa: F401 (the fixture)

ACTIONS = ("finding.add_individual", "finding.add_consensus", "finding.change")


def answers(user, assessment):
    """What `user` may do to a finding of their own and to a consensus finding of `assessment`."""
    assessor_id = access.roles_of(user).assessor_id
    own = Finding(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author_id=assessor_id)
    agreed = Finding(assessment=assessment, stage=Finding.Stage.CONSENSUS)
    return [access.can(user, action, finding) for action in ACTIONS for finding in (own, agreed)]


def test_a_remembered_team_answers_as_the_database_without_a_query(team, django_assert_num_queries):  # noqa: F811
    assessment, leader, member, _findings = team
    seen = set()
    for status in (Assessment.Status.INDIVIDUAL, Assessment.Status.CONSENSUS):
        Assessment.objects.filter(pk=assessment.pk).update(status=status)
        for assessor in (leader, member):
            user = fresh(assessor.user)
            access.roles_of(user)
            asked = Assessment.objects.get(pk=assessment.pk)
            from_database = answers(user, asked)

            remembered = Assessment.objects.get(pk=assessment.pk)
            access.remember_team(remembered, Assignment.objects.filter(assessment=remembered))
            with django_assert_num_queries(0):
                from_memory = answers(user, remembered)

            assert from_memory == from_database
            seen.update(from_database)
    assert seen == {True, False}  # the answers differ by person and stage, and each is matched


def test_someone_not_in_the_remembered_team_is_asked_of_the_database(team, django_assert_num_queries):  # noqa: F811
    assessment, _leader, _member, _findings = team
    outsider = AssessorFactory()
    elsewhere = AssessmentFactory(status=Assessment.Status.INDIVIDUAL)
    Assignment.objects.create(assessment=elsewhere, assessor=outsider, role=Assignment.Role.LEADER)
    user = fresh(outsider.user)
    access.roles_of(user)

    remembered = Assessment.objects.get(pk=assessment.pk)
    access.remember_team(remembered, Assignment.objects.filter(assessment=remembered))
    own = Finding(assessment=remembered, stage=Finding.Stage.INDIVIDUAL, author_id=outsider.pk)

    with django_assert_num_queries(1):
        assert access.can(user, "finding.add_individual", own) is False
