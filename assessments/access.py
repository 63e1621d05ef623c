"""Who may see and do what: the one place that answers it, for pages, API, exports, admin and services.

Two kinds of answer:

- **Scoped querysets** (`<things>_visible(user)`): every row a person may see. Pages and
  the API resolve objects through them, so an object outside a person's scope is simply
  not found (404): its existence is not revealed.
- **Predicates** (`can(user, action, obj)`, `ensure(user, action, obj)`): may this person
  do this to this visible object? A refusal is an `AccessDenied` (403) with a message
  that names the action. Services call `ensure` with their `actor`, so every caller is
  refused the same thing with the same words.

The roles (DESIGN §1), which a person may combine:

- programme admin — a superuser or a member of the `programme_admins` group: everything;
- manager — the `managers` group: reads everything, changes nothing;
- assessor — has an `Assessor` row: the assessments of the teams they are on. While an
  assessment is planned or in its individual stage an assessor sees only their own
  findings, scores and hours; its team leader sees the whole team's. From consensus on
  the whole team sees the team's work; nobody sees another team's;
- team leader — the leader assignment of one assessment: runs its consensus and finalizes;
- unit representative — an `OrganizationMember`: their unit's released assessments, its
  consensus findings, consensus scores and results, and its improvement projects; their
  unit's dashboard page, which sets it beside every unit's released results in aggregate
  (`results_benchmarked`).

Whether a row may change at all in its state (a closed cycle, a finalized assessment) is
not a question of who asks: `services/rules.py` answers that for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from excellence.roles import (
    PROGRAMME_ADMIN_ONLY,
    AccessDenied,
    CommandLineActor,
    is_manager,
    is_programme_admin,
)
from organizations.models import Organization, OrganizationMember

from .models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    Cycle,
    DeclarationExportJob,
    Finding,
    Framework,
    ImprovementProject,
    RatingScheme,
    Score,
    TimeEntry,
)

# Before consensus an assessor works alone: the team's work is the leader's to see.
INDEPENDENT_STATUSES = frozenset({Assessment.Status.PLANNED, Assessment.Status.INDIVIDUAL})


# ----------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class Roles:
    """What one person is in the programme; computed once per user object (one request)."""

    is_admin: bool = False
    is_manager: bool = False
    assessor_id: int | None = None
    organization_ids: frozenset[int] = frozenset()

    @property
    def is_assessor(self) -> bool:
        return self.assessor_id is not None

    @property
    def is_representative(self) -> bool:
        return bool(self.organization_ids)

    @property
    def reads_everything(self) -> bool:
        return self.is_admin or self.is_manager

    @property
    def any(self) -> bool:
        return self.reads_everything or self.is_assessor or self.is_representative

    def labels(self) -> list[str]:
        """The person's roles as shown in the page header, in the active language."""
        labels = []
        if self.is_admin:
            labels.append(_("Programme admin"))
        if self.is_manager:
            labels.append(_("Manager"))
        if self.is_assessor:
            labels.append(_("Assessor"))
        if self.is_representative:
            labels.append(_("Unit representative"))
        return labels


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    """The roles of `user`, remembered on the user object (a request's user lives for one request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ROLES
    cached = getattr(user, "_access_roles", None)
    if cached is not None:
        return cached
    if isinstance(user, CommandLineActor):
        roles = Roles(is_admin=True)
    else:
        roles = Roles(
            is_admin=is_programme_admin(user),
            is_manager=is_manager(user),
            assessor_id=Assessor.objects.filter(user=user, is_active=True)
            .values_list("pk", flat=True)
            .first(),
            organization_ids=frozenset(
                OrganizationMember.objects.filter(user=user).values_list("organization_id", flat=True)
            ),
        )
    user._access_roles = roles
    return roles


# ----------------------------------------------------------------------------- scoped querysets


def _team_assessment_ids(roles: Roles, *, leading=False):
    assignments = Assignment.objects.filter(assessor_id=roles.assessor_id)
    if leading:
        assignments = assignments.filter(role=Assignment.Role.LEADER)
    return assignments.values("assessment_id")


def _released_unit_assessments(roles: Roles) -> Q:
    return Q(organization_id__in=roles.organization_ids, status=Assessment.Status.RELEASED)


def organizations_visible(user) -> QuerySet[Organization]:
    roles = roles_of(user)
    organizations = Organization.objects.all()
    if roles.reads_everything:
        return organizations
    scope = Q(pk__in=roles.organization_ids)
    if roles.is_assessor:
        scope |= Q(
            pk__in=Assessment.objects.filter(pk__in=_team_assessment_ids(roles)).values("organization_id")
        )
    return organizations.filter(scope)


def cycles_visible(user) -> QuerySet[Cycle]:
    """Cycles are the programme's calendar: anyone with a role sees them all."""
    if not roles_of(user).any:
        return Cycle.objects.none()
    return Cycle.objects.all()


def frameworks_visible(user) -> QuerySet[Framework]:
    """The excellence models are the programme's reference data: anyone with a role reads them."""
    if not roles_of(user).any:
        return Framework.objects.none()
    return Framework.objects.all()


def rating_schemes_visible(user) -> QuerySet[RatingScheme]:
    """The rating schemes are published bands: anyone with a role reads them."""
    if not roles_of(user).any:
        return RatingScheme.objects.none()
    return RatingScheme.objects.all()


def assessments_visible(user) -> QuerySet[Assessment]:
    roles = roles_of(user)
    assessments = Assessment.objects.all()
    if roles.reads_everything:
        return assessments
    if not roles.any:
        return assessments.none()
    scope = _released_unit_assessments(roles)
    if roles.is_assessor:
        scope |= Q(pk__in=_team_assessment_ids(roles))
    return assessments.filter(scope)


def assessors_visible(user) -> QuerySet[Assessor]:
    """Assessors: all for those who read everything; an assessor sees the people on their own teams."""
    roles = roles_of(user)
    assessors = Assessor.objects.all()
    if roles.reads_everything:
        return assessors
    if not roles.is_assessor:
        return assessors.none()
    teammates = Assignment.objects.filter(assessment_id__in=_team_assessment_ids(roles)).values("assessor_id")
    return assessors.filter(Q(pk=roles.assessor_id) | Q(pk__in=teammates))


def users_visible(user) -> QuerySet:
    """The people a person may name (an assessor's account, a project's owner), active ones only.

    Everyone for those who read everything; otherwise themselves, the people on their own
    teams and the members of their own units.
    """
    roles = roles_of(user)
    people = get_user_model().objects.filter(is_active=True)
    if roles.reads_everything:
        return people
    if not roles.any:
        return people.none()
    scope = Q(pk=user.pk) | Q(
        pk__in=OrganizationMember.objects.filter(organization_id__in=roles.organization_ids).values("user_id")
    )
    if roles.is_assessor:
        scope |= Q(pk__in=assessors_visible(user).values("user_id"))
    return people.filter(scope)


def assignments_visible(user) -> QuerySet[Assignment]:
    """A team is seen by its own members (and by those who read everything); nobody else."""
    roles = roles_of(user)
    assignments = Assignment.objects.all()
    if roles.reads_everything:
        return assignments
    if not roles.is_assessor:
        return assignments.none()
    return assignments.filter(assessment_id__in=_team_assessment_ids(roles))


def _team_work_scope(roles: Roles, *, own: Q) -> Q:
    """Rows of a team's work an assessor sees: their own always; the team's if they lead it or
    once the assessment has left its independent stages."""
    team = Q(assessment_id__in=_team_assessment_ids(roles))
    shared = Q(assessment_id__in=_team_assessment_ids(roles, leading=True)) | ~Q(
        assessment__status__in=INDEPENDENT_STATUSES
    )
    return team & (own | shared)


def time_entries_visible(user) -> QuerySet[TimeEntry]:
    roles = roles_of(user)
    entries = TimeEntry.objects.all()
    if roles.reads_everything:
        return entries
    if not roles.is_assessor:
        return entries.none()
    return entries.filter(_team_work_scope(roles, own=Q(assessor_id=roles.assessor_id)))


def team_hours_visible(user) -> QuerySet[TimeEntry]:
    """The hours of every team a person is on, for the team's totals only (the workspace's "team").

    A figure of the assessment, like the person-hours the dashboards show: an assessor
    sees how many hours their team has logged even while the entries themselves, which
    `time_entries_visible` scopes, are still each assessor's own.
    """
    roles = roles_of(user)
    entries = TimeEntry.objects.all()
    if roles.reads_everything:
        return entries
    if not roles.is_assessor:
        return entries.none()
    return entries.filter(assessment_id__in=_team_assessment_ids(roles))


def _team_work_visible(queryset: QuerySet, user, *, consensus: str, own: str) -> QuerySet:
    """Findings or scores: the unit's representatives see the consensus rows of its released
    assessments; an assessor sees their team's rows as `_team_work_scope` says."""
    roles = roles_of(user)
    if roles.reads_everything:
        return queryset
    if not roles.any:
        return queryset.none()
    scope = Q(stage=consensus, assessment__in=Assessment.objects.filter(_released_unit_assessments(roles)))
    if roles.is_assessor:
        scope |= _team_work_scope(roles, own=Q(**{own: roles.assessor_id}))
    return queryset.filter(scope)


def findings_visible(user) -> QuerySet[Finding]:
    return _team_work_visible(Finding.objects.all(), user, consensus=Finding.Stage.CONSENSUS, own="author_id")


def scores_visible(user) -> QuerySet[Score]:
    return _team_work_visible(Score.objects.all(), user, consensus=Score.Stage.CONSENSUS, own="assessor_id")


def results_visible(user) -> QuerySet[AssessmentResult]:
    """Stored ratings of the assessments a person sees (a representative: released ones only)."""
    roles = roles_of(user)
    results = AssessmentResult.objects.all()
    if roles.reads_everything:
        return results
    return results.filter(assessment__in=assessments_visible(user))


def results_benchmarked(user) -> QuerySet[AssessmentResult]:
    """Results a person may see only as the programme's aggregates (average, spread, best per
    criterion): every result for those who read everything; for a unit representative every unit's
    released result — released results are announced to the whole programme — so that their own
    unit's page can set it beside the programme. Pages never list these rows one by one."""
    roles = roles_of(user)
    results = AssessmentResult.objects.all()
    if roles.reads_everything:
        return results
    if not roles.is_representative:
        return results.none()
    return results.filter(assessment__status=Assessment.Status.RELEASED)


def assessments_exportable(user) -> QuerySet[Assessment]:
    """The assessments whose declarations a person may export: an admin all of them, a manager the
    released ones, nobody else any (the rows behind `declaration.export`)."""
    roles = roles_of(user)
    assessments = Assessment.objects.all()
    if roles.is_admin:
        return assessments
    if roles.is_manager:
        return assessments.filter(status=Assessment.Status.RELEASED)
    return assessments.none()


def export_jobs_visible(user) -> QuerySet[DeclarationExportJob]:
    """The background declaration exports a person may follow and download: an admin every one,
    anyone else who may export their own, nobody else any."""
    roles = roles_of(user)
    jobs = DeclarationExportJob.objects.all()
    if roles.is_admin:
        return jobs
    if roles.is_manager:
        return jobs.filter(requested_by_id=user.pk)
    return jobs.none()


def projects_visible(user) -> QuerySet[ImprovementProject]:
    """A unit's projects: its representatives, the assessors of its assessments, admins and managers."""
    roles = roles_of(user)
    projects = ImprovementProject.objects.all()
    if roles.reads_everything:
        return projects
    if not roles.any:
        return projects.none()
    return projects.filter(organization__in=organizations_visible(user))


# ----------------------------------------------------------------------------- actions


def remember_team(assessment: Assessment, assignments) -> None:
    """Let the predicates answer "on the team?" of `assessment` from `assignments`, its team as
    just loaded (a page's), rather than with a query for each `can`.

    Only this assessment object remembers it, so only what asks about that object (the page
    that loaded its team) is answered from it; an assessor not among `assignments` is still
    asked of the database.
    """
    assessment._access_team = {assignment.assessor_id: assignment.role for assignment in assignments}


def _on_team(roles: Roles, assessment: Assessment, *, leading=False) -> bool:
    if not roles.is_assessor:
        return False
    known = getattr(assessment, "_access_team", None)
    if known is not None and roles.assessor_id in known:
        return not leading or known[roles.assessor_id] == Assignment.Role.LEADER
    team = Assignment.objects.filter(assessment_id=assessment.pk, assessor_id=roles.assessor_id)
    if leading:
        team = team.filter(role=Assignment.Role.LEADER)
    return team.exists()


def _admin(roles: Roles, obj=None) -> bool:
    return roles.is_admin


def _leader(roles: Roles, assessment: Assessment) -> bool:
    return roles.is_admin or _on_team(roles, assessment, leading=True)


def _individual_work(roles: Roles, assessment: Assessment) -> bool:
    """An assessor of the team works on their own during the individual stage."""
    if roles.is_admin:
        return True
    return assessment.status == Assessment.Status.INDIVIDUAL and _on_team(roles, assessment)


def _consensus_work(roles: Roles, assessment: Assessment) -> bool:
    """The leader builds the consensus list and scores during consensus."""
    if roles.is_admin:
        return True
    return assessment.status == Assessment.Status.CONSENSUS and _on_team(roles, assessment, leading=True)


def _own_individual_work(roles: Roles, assessor_id: int | None, assessment: Assessment) -> bool:
    """An individual finding or score is its assessor's own; the office may write any."""
    if roles.is_admin:
        return True
    return (
        assessor_id is not None and assessor_id == roles.assessor_id and _individual_work(roles, assessment)
    )


def _write_finding(roles: Roles, finding: Finding) -> bool:
    """Add, change or delete `finding` (a new row or a stored one)."""
    if finding.stage == Finding.Stage.CONSENSUS:
        return _consensus_work(roles, finding.assessment)
    return _own_individual_work(roles, finding.author_id, finding.assessment)


def _write_score(roles: Roles, score: Score) -> bool:
    if score.stage == Score.Stage.CONSENSUS:
        return _consensus_work(roles, score.assessment)
    return _own_individual_work(roles, score.assessor_id, score.assessment)


def _log_hours(roles: Roles, entry: TimeEntry) -> bool:
    """An assessor of the team logs their own hours; the office may log anyone's."""
    if roles.is_admin:
        return True
    return entry.assessor_id == roles.assessor_id and _on_team(roles, entry.assessment)


def _change_time_entry(roles: Roles, entry: TimeEntry) -> bool:
    return roles.is_admin or (roles.is_assessor and entry.assessor_id == roles.assessor_id)


def _keep_unit_projects(roles: Roles, organization: Organization) -> bool:
    return roles.is_admin or organization.pk in roles.organization_ids


def _change_project(roles: Roles, project: ImprovementProject) -> bool:
    return _keep_unit_projects(roles, project.organization)


def _export(roles: Roles, obj=None) -> bool:
    """Admins export everything; managers export released results.

    Without an object (a programme workbook) a manager may export, and the workbook holds the
    released assessments only (`assessments_exportable`); a unit's declaration, once released.
    """
    if roles.is_admin:
        return True
    if not roles.is_manager:
        return False
    return obj is None or (isinstance(obj, Assessment) and obj.status == Assessment.Status.RELEASED)


def _read_dashboards(roles: Roles, obj=None) -> bool:
    return roles.reads_everything


def _read_unit_dashboard(roles: Roles, organization: Organization | None = None) -> bool:
    """Managers and the office read every unit's page; a representative their own unit's (whose
    scoped querysets hold its released results only). Without a unit: may they read any unit's page?"""
    if roles.reads_everything:
        return True
    if organization is None:
        return roles.is_representative
    return organization.pk in roles.organization_ids


# action → (predicate(roles, obj), the refusal's message)
ACTIONS = {
    "programme.manage": (_admin, PROGRAMME_ADMIN_ONLY),
    "assessment.start": (
        _leader,
        gettext_lazy("Only the team leader or the programme office can start the individual assessment."),
    ),
    "assessment.begin_consensus": (
        _leader,
        gettext_lazy("Only the team leader or the programme office can begin the consensus."),
    ),
    "assessment.finalize": (
        _leader,
        gettext_lazy("Only the team leader or the programme office can finalize the assessment."),
    ),
    "assessment.release": (
        _admin,
        gettext_lazy("Only the programme office can release an assessment's results."),
    ),
    "assessment.reopen": (
        _admin,
        gettext_lazy("Only the programme office can reopen a finalized assessment."),
    ),
    "result.recompute": (
        _admin,
        gettext_lazy("Only the programme office can recompute a stored result."),
    ),
    "finding.add_individual": (
        _write_finding,
        gettext_lazy(
            "Individual findings are added by the team's assessors during the individual assessment."
        ),
    ),
    "finding.add_consensus": (
        _write_finding,
        gettext_lazy("Consensus findings are added by the team leader during the consensus."),
    ),
    "finding.change": (
        _write_finding,
        gettext_lazy(
            "You cannot change this finding: an individual finding is its author's during the "
            "individual assessment, a consensus finding the team leader's during the consensus."
        ),
    ),
    "score.set_individual": (
        _write_score,
        gettext_lazy(
            "Individual scores are entered by the team's assessors during the individual assessment."
        ),
    ),
    "score.set_consensus": (
        _write_score,
        gettext_lazy("Consensus scores are entered by the team leader during the consensus."),
    ),
    "time_entry.add": (
        _log_hours,
        gettext_lazy("Hours are logged by the assessors of the team."),
    ),
    "time_entry.change": (
        _change_time_entry,
        gettext_lazy("You can change only your own hours."),
    ),
    "project.add": (
        _keep_unit_projects,
        gettext_lazy(
            "Improvement projects are defined by the unit's representatives or the programme office."
        ),
    ),
    "project.change": (
        _change_project,
        gettext_lazy("This project is kept up by its unit's representatives or the programme office."),
    ),
    "project.approve": (
        _admin,
        gettext_lazy("Only the programme office can approve an improvement project."),
    ),
    "project.verify": (
        _admin,
        gettext_lazy("Only the programme office can verify an improvement project."),
    ),
    "declaration.export": (
        _export,
        gettext_lazy(
            "Declarations are exported by the programme office, and by managers once the results "
            "are released."
        ),
    ),
    "dashboard.read": (
        _read_dashboards,
        gettext_lazy("The programme dashboards are for managers and the programme office."),
    ),
    "dashboard.read_unit": (
        _read_unit_dashboard,
        gettext_lazy(
            "A unit's dashboard is for managers, the programme office and the unit's own representatives."
        ),
    ),
}

TRANSITION_ACTIONS = {
    Assessment.Status.INDIVIDUAL: "assessment.start",
    Assessment.Status.CONSENSUS: "assessment.begin_consensus",
    Assessment.Status.FINALIZED: "assessment.finalize",
    Assessment.Status.RELEASED: "assessment.release",
}


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` (a key of ACTIONS) to `obj`? `obj` must be one they can see."""
    predicate, _message = ACTIONS[action]
    roles = roles_of(user)
    return roles.any and predicate(roles, obj)


def ensure(user, action: str, obj=None) -> None:
    """Refuse with the action's message unless `user` may do `action` to `obj`."""
    if not can(user, action, obj):
        raise AccessDenied(str(ACTIONS[action][1]), code=action.replace(".", "_"))


def can_administer(user) -> bool:
    """May use the admin (the programme office's back office)."""
    return roles_of(user).is_admin


def can_transition(user, assessment: Assessment, to_status: str) -> bool:
    return can(user, TRANSITION_ACTIONS.get(to_status, "programme.manage"), assessment)


def ensure_transition(user, assessment: Assessment, to_status: str) -> None:
    """Who may move an assessment to `to_status`; a move to anywhere else is the office's to try
    (and the transitions table's to refuse)."""
    ensure(user, TRANSITION_ACTIONS.get(to_status, "programme.manage"), assessment)
