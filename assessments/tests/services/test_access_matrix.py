"""Who may do what, asked of the services themselves: every role × every write, and what each sees.

The services check their `actor` through the access layer, so this one table holds for
the admin, the pages, the API and the commands alike. An allowed call succeeds (each
write is arranged so that no state rule stands in its way); a refused one raises
`AccessDenied` with the action's own message. Every call is rolled back.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction

from assessments import access
from assessments.models import (
    Assessment,
    Assessor,
    Assignment,
    Cycle,
    Finding,
    ImprovementProject,
    Score,
    TimeEntry,
)
from assessments.services.assessments import (
    assessment_create,
    assessment_reopen,
    assessment_transition,
    assignment_create,
)
from assessments.services.assessors import assessor_create, conflict_of_interest_declare
from assessments.services.cycles import cycle_close, cycle_create, cycle_open
from assessments.services.findings import finding_create, finding_create_many, finding_delete, finding_update
from assessments.services.hours import time_entry_create, time_entry_delete, time_entry_update
from assessments.services.projects import (
    improvement_project_create,
    improvement_project_progress_add,
    improvement_project_transition,
    improvement_project_update,
)
from assessments.services.rating_schemes import rating_scheme_default_ensure
from assessments.services.results import assessment_result_recompute
from assessments.services.scores import score_set
from assessments.tests.factories import AssessmentFactory, AssessorFactory
from excellence.roles import COMMAND_LINE, GROUP_MANAGERS, PROGRAMME_ADMIN_ONLY, AccessDenied
from organizations.models import Organization, OrganizationMember
from organizations.services import organization_create, organization_member_add
from organizations.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

ROLES = [
    "admin",
    "manager",
    "leader",
    "member",
    "other_assessor",
    "representative",
    "other_representative",
    "anonymous",
]
Status = Assessment.Status


@dataclass
class World:
    programme: object
    people: dict
    other_assessment: Assessment
    member_finding: Finding
    member_entry: TimeEntry
    project: ImprovementProject

    @property
    def assessment(self):
        return self.programme.assessment

    def in_stage(self, status):
        Assessment.objects.filter(pk=self.assessment.pk).update(status=status)
        self.assessment.refresh_from_db()


@pytest.fixture
def world(programme):
    leader, member = programme.leader, programme.member
    other_assessment = AssessmentFactory(
        cycle=programme.cycle, organization=OrganizationFactory(code="PARKS")
    )
    other_assessor = AssessorFactory()
    Assignment.objects.create(
        assessment=other_assessment, assessor=other_assessor, role=Assignment.Role.LEADER
    )
    managers = Group.objects.get(name=GROUP_MANAGERS)
    manager = UserFactory()
    manager.groups.add(managers)
    representative, other_representative = UserFactory(), UserFactory()
    OrganizationMember.objects.create(organization=programme.assessment.organization, user=representative)
    OrganizationMember.objects.create(organization=other_assessment.organization, user=other_representative)
    member_finding = finding_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        text="A yearly strategy review.",
        author=member,
    )
    member_entry = time_entry_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        assessor=member,
        date=datetime.date(2022, 8, 1),
        hours="3",
        activity=TimeEntry.Activity.DOCUMENT_REVIEW,
    )
    project = improvement_project_create(
        actor=COMMAND_LINE,
        organization=programme.assessment.organization,
        cycle=programme.cycle,
        title="Strategy review",
        category=ImprovementProject.Category.STRATEGY,
        owner=representative,
    )
    people = {
        "admin": UserFactory(programme_admin=True),
        "manager": manager,
        "leader": leader.user,
        "member": member.user,
        "other_assessor": other_assessor.user,
        "representative": representative,
        "other_representative": other_representative,
        "anonymous": AnonymousUser(),
    }
    return World(programme, people, other_assessment, member_finding, member_entry, project)


# --------------------------------------------------------------------------- the writes


def _score(world, actor, stage, assessor=None):
    return score_set(
        actor=actor,
        assessment=world.assessment,
        sub_criterion=world.programme.sub_criterion,
        stage=stage,
        values={"sound": 60, "integrated": 55},
        expected_updated_at=None,
        assessor=assessor,
    )


def _finding(world, actor, stage, author=None):
    return finding_create(
        actor=actor,
        assessment=world.assessment,
        sub_criterion=world.programme.sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=stage,
        text="Results are not compared with others.",
        author=author,
    )


def _findings_imported(world, actor, stage, author=None):
    """The batch the Excel import saves: the same rules as one finding, asked once."""
    return finding_create_many(
        actor=actor,
        assessment=world.assessment,
        stage=stage,
        author=author,
        rows=[(world.programme.sub_criterion, Finding.Kind.STRENGTH, "Leaders review the strategy yearly.")],
    )


def _scored(world, status):
    """The team's consensus score entered, then the assessment put in `status`."""
    world.in_stage(Status.CONSENSUS)
    _score(world, COMMAND_LINE, Score.Stage.CONSENSUS)
    world.in_stage(status)


def _finalize(world, actor):
    _scored(world, Status.CONSENSUS)
    return assessment_transition(actor=actor, assessment=world.assessment, to_status=Status.FINALIZED)


def _recompute(world, actor):
    _scored(world, Status.CONSENSUS)
    assessment_transition(actor=COMMAND_LINE, assessment=world.assessment, to_status=Status.FINALIZED)
    return assessment_result_recompute(actor=actor, assessment=world.assessment)


def _report_progress(world, actor):
    ImprovementProject.objects.filter(pk=world.project.pk).update(
        status=ImprovementProject.Status.IN_PROGRESS
    )
    world.project.refresh_from_db()
    return improvement_project_progress_add(
        actor=actor,
        project=world.project,
        expected_updated_at=world.project.updated_at,
        progress=40,
        note="The first workshop was held.",
    )


def _move_project(world, actor, current, target):
    ImprovementProject.objects.filter(pk=world.project.pk).update(status=current)
    return improvement_project_transition(
        actor=actor, project=world.project, to_status=target, note="Minutes of the review seen"
    )


# name → (stage the assessment is put in, the call, who may, the refusal's message)
WRITES = {
    "organization_create": (
        None,
        lambda w, a: organization_create(
            actor=a, code="TAXI", name_fa="تاکسیرانی", kind=Organization.Kind.ORGANIZATION
        ),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "assessor_create": (
        None,
        lambda w, a: assessor_create(
            actor=a, user=UserFactory(), kind=Assessor.Kind.EXTERNAL, affiliation="x"
        ),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "cycle_create_and_open": (
        None,
        lambda w, a: cycle_open(
            actor=a,
            cycle=cycle_create(
                actor=a,
                year=1402,
                framework=w.programme.cycle.framework,
                rating_scheme=w.programme.cycle.rating_scheme,
                window_start=datetime.date(2023, 7, 23),
                window_end=datetime.date(2023, 9, 3),
            ),
        ),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "assessment_create": (
        None,
        lambda w, a: assessment_create(actor=a, cycle=w.programme.cycle, organization=OrganizationFactory()),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "assignment_create": (
        Status.PLANNED,
        lambda w, a: assignment_create(actor=a, assessment=w.assessment, assessor=AssessorFactory()),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "start_individual": (
        Status.PLANNED,
        lambda w, a: assessment_transition(actor=a, assessment=w.assessment, to_status=Status.INDIVIDUAL),
        {"admin", "leader"},
        access.ACTIONS["assessment.start"][1],
    ),
    "individual_finding_of_my_own": (
        Status.INDIVIDUAL,
        lambda w, a: _finding(w, a, Finding.Stage.INDIVIDUAL, author=w.programme.member),
        {"admin", "member"},
        access.ACTIONS["finding.add_individual"][1],
    ),
    "change_a_members_individual_finding": (
        Status.INDIVIDUAL,
        lambda w, a: finding_update(
            actor=a,
            finding=w.member_finding,
            expected_updated_at=w.member_finding.updated_at,
            data={"text": "Changed."},
        ),
        {"admin", "member"},
        access.ACTIONS["finding.change"][1],
    ),
    "delete_a_members_individual_finding": (
        Status.INDIVIDUAL,
        lambda w, a: finding_delete(actor=a, finding=w.member_finding),
        {"admin", "member"},
        access.ACTIONS["finding.change"][1],
    ),
    "individual_score_of_my_own": (
        Status.INDIVIDUAL,
        lambda w, a: _score(w, a, Score.Stage.INDIVIDUAL, assessor=w.programme.member),
        {"admin", "member"},
        access.ACTIONS["score.set_individual"][1],
    ),
    "begin_consensus": (
        Status.INDIVIDUAL,
        lambda w, a: assessment_transition(actor=a, assessment=w.assessment, to_status=Status.CONSENSUS),
        {"admin", "leader"},
        access.ACTIONS["assessment.begin_consensus"][1],
    ),
    "consensus_finding": (
        Status.CONSENSUS,
        lambda w, a: _finding(w, a, Finding.Stage.CONSENSUS),
        {"admin", "leader"},
        access.ACTIONS["finding.add_consensus"][1],
    ),
    "individual_findings_imported_of_my_own": (
        Status.INDIVIDUAL,
        lambda w, a: _findings_imported(w, a, Finding.Stage.INDIVIDUAL, author=w.programme.member),
        {"admin", "member"},
        access.ACTIONS["finding.add_individual"][1],
    ),
    "consensus_findings_imported": (
        Status.CONSENSUS,
        lambda w, a: _findings_imported(w, a, Finding.Stage.CONSENSUS),
        {"admin", "leader"},
        access.ACTIONS["finding.add_consensus"][1],
    ),
    "consensus_score": (
        Status.CONSENSUS,
        lambda w, a: _score(w, a, Score.Stage.CONSENSUS),
        {"admin", "leader"},
        access.ACTIONS["score.set_consensus"][1],
    ),
    "finalize": (
        None,
        _finalize,
        {"admin", "leader"},
        access.ACTIONS["assessment.finalize"][1],
    ),
    "release": (
        Status.FINALIZED,
        lambda w, a: assessment_transition(actor=a, assessment=w.assessment, to_status=Status.RELEASED),
        {"admin"},
        access.ACTIONS["assessment.release"][1],
    ),
    "reopen": (
        Status.FINALIZED,
        lambda w, a: assessment_reopen(actor=a, assessment=w.assessment, reason="3b was scored twice"),
        {"admin"},
        access.ACTIONS["assessment.reopen"][1],
    ),
    "recompute": (
        None,
        _recompute,
        {"admin"},
        access.ACTIONS["result.recompute"][1],
    ),
    "log_my_hours": (
        Status.INDIVIDUAL,
        lambda w, a: time_entry_create(
            actor=a,
            assessment=w.assessment,
            assessor=w.programme.member,
            date=datetime.date(2022, 8, 2),
            hours="2.5",
            activity=TimeEntry.Activity.SITE_VISIT,
        ),
        {"admin", "member"},
        access.ACTIONS["time_entry.add"][1],
    ),
    "change_a_members_hours": (
        Status.INDIVIDUAL,
        lambda w, a: time_entry_update(
            actor=a,
            entry=w.member_entry,
            expected_updated_at=w.member_entry.updated_at,
            date=w.member_entry.date,
            hours="4",
            activity=w.member_entry.activity,
        ),
        {"admin", "member"},
        access.ACTIONS["time_entry.change"][1],
    ),
    "define_a_project": (
        None,
        lambda w, a: improvement_project_create(
            actor=a,
            organization=w.assessment.organization,
            cycle=w.programme.cycle,
            title="Benchmarking",
            category=ImprovementProject.Category.RESULTS,
        ),
        {"admin", "representative"},
        access.ACTIONS["project.add"][1],
    ),
    "approve_a_project": (
        None,
        lambda w, a: _move_project(
            w, a, ImprovementProject.Status.PROPOSED, ImprovementProject.Status.APPROVED
        ),
        {"admin"},
        access.ACTIONS["project.approve"][1],
    ),
    "start_a_project": (
        None,
        lambda w, a: _move_project(
            w, a, ImprovementProject.Status.APPROVED, ImprovementProject.Status.IN_PROGRESS
        ),
        {"admin", "representative"},
        access.ACTIONS["project.change"][1],
    ),
    "change_a_project": (
        None,
        lambda w, a: improvement_project_update(
            actor=a, project=w.project, expected_updated_at=w.project.updated_at, data={"progress": 30}
        ),
        {"admin", "representative"},
        access.ACTIONS["project.change"][1],
    ),
    "report_project_progress": (
        None,
        _report_progress,
        {"admin", "representative"},
        access.ACTIONS["project.change"][1],
    ),
    "verify_a_project": (
        None,
        lambda w, a: _move_project(
            w, a, ImprovementProject.Status.COMPLETED, ImprovementProject.Status.VERIFIED
        ),
        {"admin"},
        access.ACTIONS["project.verify"][1],
    ),
    "delete_a_members_hours": (
        Status.INDIVIDUAL,
        lambda w, a: time_entry_delete(actor=a, entry=w.member_entry),
        {"admin", "member"},
        access.ACTIONS["time_entry.change"][1],
    ),
    "add_a_unit_representative": (
        None,
        lambda w, a: organization_member_add(
            actor=a, organization=w.assessment.organization, user=UserFactory()
        ),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "declare_a_conflict_of_interest": (
        None,
        lambda w, a: conflict_of_interest_declare(
            actor=a,
            assessor=w.programme.member,
            organization=w.other_assessment.organization,
            reason="Former staff",
        ),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "load_the_national_rating_scheme": (
        None,
        lambda w, a: rating_scheme_default_ensure(actor=a),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
    "close_a_cycle": (
        None,
        lambda w, a: cycle_close(actor=a, cycle=w.programme.cycle),
        {"admin"},
        PROGRAMME_ADMIN_ONLY,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", list(WRITES))
def test_each_role_may_make_exactly_the_writes_of_its_role(world, write, role):
    stage, call, allowed, message = WRITES[write]
    if stage is not None:
        world.in_stage(stage)
    actor = world.people[role]

    try:
        with transaction.atomic():
            call(world, actor)
            outcome = None
            transaction.set_rollback(True)
    except Exception as refused:  # the outcome under test
        outcome = refused

    if role in allowed:
        assert outcome is None, f"{role} was refused {write}: {outcome!r}"
    else:
        assert isinstance(outcome, AccessDenied), f"{role} was allowed {write}"
        assert outcome.messages == [str(message)]


def test_no_one_writes_as_a_colleague(world):
    world.in_stage(Status.INDIVIDUAL)

    with pytest.raises(AccessDenied):
        _finding(world, world.people["leader"], Finding.Stage.INDIVIDUAL, author=world.programme.member)
    with pytest.raises(AccessDenied):
        _score(world, world.people["leader"], Score.Stage.INDIVIDUAL, assessor=world.programme.member)

    assert not Score.objects.exists()
    assert list(Finding.objects.values_list("pk", flat=True)) == [world.member_finding.pk]


def test_the_history_names_the_actor(world):
    world.in_stage(Status.INDIVIDUAL)
    member = world.people["member"]

    finding_update(
        actor=member,
        finding=world.member_finding,
        expected_updated_at=world.member_finding.updated_at,
        data={"text": "Reviewed every year since 1399."},
    )

    latest = world.member_finding.history.latest("history_date")
    assert (latest.text, latest.history_user) == ("Reviewed every year since 1399.", member)


# --------------------------------------------------------------------------- the reads

READS = {
    # during the individual stage: the team's members and those who read everything
    "the_assessment": (
        lambda w, u: access.assessments_visible(u).filter(pk=w.assessment.pk).exists(),
        {"admin", "manager", "leader", "member"},
    ),
    # a member's own finding: its author, the leader, those who read everything
    "a_members_individual_finding": (
        lambda w, u: access.findings_visible(u).filter(pk=w.member_finding.pk).exists(),
        {"admin", "manager", "leader", "member"},
    ),
    "a_members_hours": (
        lambda w, u: access.time_entries_visible(u).filter(pk=w.member_entry.pk).exists(),
        {"admin", "manager", "leader", "member"},
    ),
    # the unit's projects: its representatives, its assessors, those who read everything
    "the_units_project": (
        lambda w, u: access.projects_visible(u).filter(pk=w.project.pk).exists(),
        {"admin", "manager", "leader", "member", "representative"},
    ),
    "the_other_teams_assessment": (
        lambda w, u: access.assessments_visible(u).filter(pk=w.other_assessment.pk).exists(),
        {"admin", "manager", "other_assessor"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("read", list(READS))
def test_each_role_sees_exactly_what_its_role_sees(world, read, role):
    world.in_stage(Status.INDIVIDUAL)
    sees, allowed = READS[read]

    assert sees(world, world.people[role]) == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_a_representative_sees_the_units_assessment_once_released(world, role):
    world.in_stage(Status.RELEASED)
    seen = access.assessments_visible(world.people[role]).filter(pk=world.assessment.pk).exists()

    assert seen == (role in {"admin", "manager", "leader", "member", "representative"})


def test_cycles_are_seen_by_everyone_with_a_role(world):
    for role, user in world.people.items():
        seen = access.cycles_visible(user).filter(pk=world.programme.cycle.pk).exists()
        assert seen == (role != "anonymous"), role
    assert Cycle.objects.count() == 1
