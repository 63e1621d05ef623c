"""`manage.py seed_demo` and `print_demo_logins`: every figure of DESIGN §6, proved from the database.

The demo is seeded once for the whole module (inside a transaction rolled back at the
end); each test runs in a savepoint of it, so tests that seed again, delete or change
passwords leave the shared demo as it was.
"""

import hashlib
import json
from decimal import Decimal
from io import StringIO

import jdatetime
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Concat, Lower
from django.test import override_settings
from django.utils import translation

from assessments.demo.people import DEMO_PASSWORD
from assessments.demo.units import DEMO_UNITS
from assessments.models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    AttributeScore,
    ConflictOfInterest,
    Cycle,
    Finding,
    ImprovementProject,
    ProjectUpdate,
    RadarAttribute,
    Score,
    SubCriterion,
    TimeEntry,
)
from assessments.selectors.projects import overdue_condition
from assessments.selectors.results import assessment_consensus_result, assessment_spread, cycle_ratings
from organizations.models import Organization, OrganizationMember

pytestmark = pytest.mark.django_db

User = get_user_model()
SECTIONS = ["strategy", "stakeholders", "human_capital", "processes", "results", "indicators"]


def seed(*args, **options) -> str:
    """Run seed_demo with English active, so its report compares with the English source text."""
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def print_logins() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("print_demo_logins", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction that is rolled back when the module ends."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        output = seed()
        # Check PostgreSQL's deferred foreign keys now, once, rather than after every test.
        connection.check_constraints()
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


def cycle_1401() -> Cycle:
    return Cycle.objects.get(year=1401)


def row_counts() -> dict[str, int]:
    models = [
        Organization,
        OrganizationMember,
        User,
        Group,
        Assessor,
        ConflictOfInterest,
        Cycle,
        Assessment,
        Assignment,
        TimeEntry,
        Finding,
        Finding.merged_from.through,
        Score,
        AttributeScore,
        ImprovementProject,
        ImprovementProject.improvement_points.through,
        AssessmentResult,
    ]
    return {model._meta.label: model.objects.count() for model in models}


# --------------------------------------------------------------------------- the article's figures


def test_1401_assesses_15_organizations_and_5_companies_all_demo_units():
    # given the seeded demo, when the units assessed in 1401 are counted by kind
    kinds = dict(
        Assessment.objects.filter(cycle__year=1401)
        .values_list("organization__kind")
        .annotate(count=Count("id"))
        .values_list("organization__kind", "count")
    )
    # then there are 15 organizations and 5 companies, every one marked as demo data
    assert kinds == {"organization": 15, "company": 5}, kinds
    assert not Assessment.objects.filter(cycle__year=1401, organization__is_demo=False).exists(), (
        "every demo unit must be marked is_demo"
    )
    assert set(Organization.objects.filter(is_demo=True).values_list("code", flat=True)) == {
        unit.code for unit in DEMO_UNITS
    }


def test_55_internal_and_10_external_assessors_all_work_in_1401():
    # given the seeded demo, when assessors are counted by kind
    kinds = dict(
        Assessor.objects.values_list("kind").annotate(count=Count("id")).values_list("kind", "count")
    )
    # then there are 55 internal and 10 external ones
    assert kinds == {"internal": 55, "external": 10}, kinds
    assert not Assessor.objects.filter(kind="internal", home_organization__isnull=True).exists()
    externals = Assessor.objects.filter(kind="external")
    assert not externals.filter(Q(affiliation="") | Q(home_organization__isnull=False)).exists(), (
        "external assessors have an affiliation and no home organization"
    )
    # and every one of the 65 is on a 1401 team and logged hours in 1401
    on_teams = Assessor.objects.filter(assignments__assessment__cycle__year=1401).distinct().count()
    with_hours = Assessor.objects.filter(time_entries__assessment__cycle__year=1401).distinct().count()
    assert (on_teams, with_hours) == (65, 65), (on_teams, with_hours)


def test_1401_person_hours_are_1100_internal_and_600_external():
    # when the 1401 hours are summed over internal and external assessors
    sums = dict(
        TimeEntry.objects.filter(assessment__cycle__year=1401)
        .values_list("assessor__kind")
        .annotate(hours=Sum("hours"))
        .values_list("assessor__kind", "hours")
    )
    # then they are the article's person-hours
    assert sums == {"internal": Decimal("1100"), "external": Decimal("600")}, sums


def test_1401_hours_lie_in_one_six_week_window_in_half_hour_steps():
    cycle = cycle_1401()
    # the window is 42 days from 1 Mordad 1401, both ends included
    assert cycle.window_start == jdatetime.date(1401, 5, 1).togregorian()
    assert (cycle.window_end - cycle.window_start).days + 1 == 42
    entries = TimeEntry.objects.filter(assessment__cycle=cycle)
    first = entries.order_by("date").values_list("date", flat=True).first()
    last = entries.order_by("-date").values_list("date", flat=True).first()
    assert cycle.window_start <= first and last <= cycle.window_end, (first, last)
    assert (last - first).days < 42, (first, last)
    # every entry is more than 0 and at most 24 hours, in half hours
    hours = list(entries.values_list("hours", flat=True))
    assert all(Decimal(0) < h <= Decimal(24) and (h * 2) % 1 == 0 for h in hours), "hours out of rule"
    # and nobody logs more than 24 hours on one day
    assert not (
        TimeEntry.objects.values("assessor", "date").annotate(day=Sum("hours")).filter(day__gt=24).exists()
    )


def test_1401_consensus_findings_are_1293_strengths_2731_improvements_68_best_practices():
    # when the 1401 consensus findings are counted by kind
    counts = dict(
        Finding.objects.filter(assessment__cycle__year=1401, stage="consensus")
        .values_list("kind")
        .annotate(count=Count("id"))
        .values_list("kind", "count")
    )
    # then the article's three figures hold, besides some site-visit issues
    assert counts.pop("site_visit_issue", 0) > 0, "some site-visit issues are expected"
    assert counts == {"strength": 1293, "improvement": 2731, "best_practice": 68}, counts


def test_each_consensus_finding_merges_one_or_two_individual_findings_of_its_team():
    consensus = Finding.objects.filter(stage="consensus")
    # every consensus finding keeps 1–2 merged individual findings
    merged_counts = consensus.annotate(merged=Count("merged_from")).values_list("merged", flat=True)
    assert set(merged_counts) <= {1, 2}, set(merged_counts)
    Merge = Finding.merged_from.through
    links = Merge.objects.all()
    # of the same assessment, sub-criterion and kind, written by an assessor on its team
    assert not links.exclude(to_finding__stage="individual").exists()
    assert not links.exclude(to_finding__assessment=F("from_finding__assessment")).exists()
    assert not links.exclude(to_finding__sub_criterion=F("from_finding__sub_criterion")).exists()
    assert not links.exclude(to_finding__kind=F("from_finding__kind")).exists()
    off_team = Finding.objects.filter(stage="individual").exclude(
        author__assignments__assessment=F("assessment")
    )
    assert not off_team.exists(), "an individual finding written by someone off the team"
    assert consensus.filter(author__isnull=False).count() == 0


def test_findings_belong_to_the_cycle_framework_and_read_as_persian():
    cycle = cycle_1401()
    findings = Finding.objects.filter(assessment__cycle=cycle)
    assert not findings.exclude(sub_criterion__framework=cycle.framework).exists()
    texts = list(findings.values_list("text", flat=True)[:500])
    assert all(text.strip() and "ي" not in text and "ك" not in text for text in texts), texts[:3]


def test_1401_has_736_improvement_projects_552_of_them_in_the_six_sections():
    projects = ImprovementProject.objects.filter(cycle__year=1401)
    # then 736 projects, 552 (75 %) in the six sections and the rest "other"
    assert projects.count() == 736
    assert projects.filter(category__in=SECTIONS).count() == 552
    assert projects.filter(category="other").count() == 184
    assert set(projects.values_list("category", flat=True)) == {*SECTIONS, "other"}


def test_projects_answer_improvement_points_of_their_own_organization_and_cycle():
    Link = ImprovementProject.improvement_points.through
    # every project links at least one improvement point
    assert (
        not ImprovementProject.objects.annotate(points=Count("improvement_points")).filter(points=0).exists()
    )
    links = Link.objects.all()
    assert not links.exclude(finding__kind="improvement", finding__stage="consensus").exists()
    assert not links.exclude(finding__assessment__organization=F("improvementproject__organization")).exists()
    assert not links.exclude(finding__assessment__cycle=F("improvementproject__cycle")).exists()


def test_project_statuses_vary_and_verified_ones_were_verified_by_someone_else():
    projects = ImprovementProject.objects.filter(cycle__year=1401)
    assert set(projects.values_list("status", flat=True)) == {
        "proposed",
        "approved",
        "in_progress",
        "completed",
        "verified",
        "cancelled",
    }
    verified = ImprovementProject.objects.filter(status="verified")
    assert verified.exists()
    assert not verified.filter(Q(verified_by__isnull=True) | Q(verified_at__isnull=True)).exists()
    assert not verified.filter(verified_by=F("owner")).exists()
    assert not ImprovementProject.objects.filter(due_date__lt=F("start_date")).exists()
    assert (
        not ImprovementProject.objects.filter(status__in=["completed", "verified"])
        .exclude(progress=100)
        .exists()
    )


def test_every_1401_unit_is_rated_one_to_four_stars_with_each_star_count_used():
    cycle = cycle_1401()
    # from the stored results
    stored = dict(
        AssessmentResult.objects.filter(assessment__cycle=cycle).values_list(
            "assessment__organization__code", "stars"
        )
    )
    assert len(stored) == 20
    assert set(stored.values()) == {1, 2, 3, 4}, stored
    # and from the selector every page reads
    rows = cycle_ratings(cycle=cycle)
    assert {row.code: row.stars for row in rows} == stored
    assert all(row.stored and row.complete and row.total >= 251 for row in rows), rows


def test_stored_results_match_the_consensus_scores():
    # given each 1401 assessment, when its result is recomputed from the consensus scores
    for assessment in Assessment.objects.filter(cycle__year=1401).select_related("cycle", "result"):
        outcome = assessment_consensus_result(assessment=assessment)
        # then it equals what was stored
        assert (outcome.scoring.total, outcome.rating.stars) == (
            assessment.result.total,
            assessment.result.stars,
        ), assessment


def test_the_ratings_command_agrees_with_the_stored_results():
    # given the demo's stored 1401 results
    stored = {
        result.assessment.organization.code: result
        for result in AssessmentResult.objects.filter(assessment__cycle__year=1401).select_related(
            "assessment__organization"
        )
    }
    # when the ratings command lists cycle 1401 as JSON
    out = StringIO()
    with translation.override("en"):
        call_command("ratings", "--cycle", "1401", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    # then every unit shows the total, stars and level that were stored
    assert {row["code"] for row in rows} == set(stored)
    for row in rows:
        result = stored[row["code"]]
        assert Decimal(str(row["total"])) == result.total, row
        assert (row["stars"], row["level"], row["points_to_next"], row["complete"], row["missing"]) == (
            result.stars,
            result.level_en,
            result.points_to_next,
            True,
            [],
        ), row


def test_every_assessment_has_consensus_and_individual_scores_for_every_attribute():
    cycle = cycle_1401()
    sub_count = SubCriterion.objects.filter(framework=cycle.framework).count()
    attributes_per_kind = dict(
        RadarAttribute.objects.filter(element__framework=cycle.framework)
        .values_list("element__kind")
        .annotate(count=Count("id"))
        .values_list("element__kind", "count")
    )
    assert (sub_count, attributes_per_kind) == (32, {"enabler": 7, "result": 7})
    for assessment in Assessment.objects.all().annotate(team_size=Count("team")):
        scores = Score.objects.filter(assessment=assessment)
        assert scores.filter(stage="consensus").count() == sub_count, assessment
        assert scores.filter(stage="individual").count() == sub_count * assessment.team_size, assessment
    # one attribute score per attribute of the sub-criterion's kind, in steps of 5
    assert AttributeScore.objects.count() == 7 * Score.objects.count()
    assert not AttributeScore.objects.exclude(
        attribute__element__kind=F("score__sub_criterion__criterion__kind")
    ).exists()
    values = set(AttributeScore.objects.values_list("value", flat=True).distinct())
    assert values <= set(range(0, 101, 5)), values
    # individual scores are by team members only
    assert (
        not Score.objects.filter(stage="individual")
        .exclude(assessor__assignments__assessment=F("assessment"))
        .exists()
    )


def test_individual_scores_are_close_to_consensus_with_some_spread_of_25_or_more():
    flagged = 0
    for assessment in Assessment.objects.filter(cycle__year=1401).select_related("cycle"):
        rows = assessment_spread(assessment=assessment)
        flagged += sum(1 for row in rows if row.flagged)
        assert sum(1 for row in rows if row.flagged) <= len(rows) // 3, assessment
    assert flagged >= 20, f"only {flagged} sub-criteria flagged for spread in 1401"


def test_teams_have_one_leader_three_to_five_members_and_no_conflict_of_interest():
    assessments = Assessment.objects.annotate(
        leaders=Count("team", filter=Q(team__role="leader")),
        size=Count("team"),
        externals=Count("team", filter=Q(team__assessor__kind="external")),
    )
    # exactly one leader and 3–5 members on every team of every cycle
    assert set(assessments.values_list("leaders", flat=True)) == {1}
    assert set(assessments.values_list("size", flat=True)) <= {4, 5, 6}
    assert set(assessments.values_list("externals", flat=True)) == {1}
    # no internal assessor on their home organization
    assert not Assignment.objects.filter(assessor__home_organization=F("assessment__organization")).exists()
    # no assessor on an organization they declared a conflict with
    conflicts = ConflictOfInterest.objects.filter(
        assessor__assignments__assessment__organization=F("organization")
    )
    assert ConflictOfInterest.objects.count() >= 3
    assert not conflicts.exists(), list(conflicts)
    # assessor01 leads a 1401 team: the login example
    assert Assignment.objects.filter(
        assessment__cycle__year=1401, assessor__user__username="assessor01", role=Assignment.Role.LEADER
    ).exists()


def test_earlier_cycles_grow_and_improve_and_are_closed():
    cycles = {cycle.year: cycle for cycle in Cycle.objects.all()}
    assert sorted(cycles) == [1398, 1399, 1400, 1401]
    assert {year: cycles[year].status for year in cycles} == {
        1398: "closed",
        1399: "closed",
        1400: "closed",
        1401: "assessment",
    }
    assert {cycle.framework.code for cycle in cycles.values()} == {"EFQM2013-IR1393"}
    assert len({cycle.rating_scheme_id for cycle in cycles.values()}) == 1
    sizes = [Assessment.objects.filter(cycle__year=year).count() for year in sorted(cycles)]
    assert sizes == [8, 12, 16, 20], sizes
    assert not Assessment.objects.exclude(status="released").exists()
    assert not Assessment.objects.filter(Q(finalized_at__isnull=True) | Q(released_at__isnull=True)).exists()
    # the mean total rises every year
    means = [
        AssessmentResult.objects.filter(assessment__cycle__year=year).aggregate(m=Sum("total"))["m"]
        / sizes[index]
        for index, year in enumerate(sorted(cycles))
    ]
    assert means == sorted(means) and len(set(means)) == 4, means
    # the Metro company's first entry, in 1399, earned one star after its site visit on 14 Bahman
    metro_1399 = Assessment.objects.select_related("result").get(cycle__year=1399, organization__code="METRO")
    assert metro_1399.result.stars == 1
    assert metro_1399.site_visit_date == jdatetime.date(1399, 11, 14).togregorian()
    assert not Assessment.objects.filter(cycle__year__lt=1399, organization__code="METRO").exists()


def test_all_time_entries_lie_inside_their_cycle_window():
    outside = TimeEntry.objects.filter(
        Q(date__lt=F("assessment__cycle__window_start")) | Q(date__gt=F("assessment__cycle__window_end"))
    )
    assert not outside.exists()
    assert not TimeEntry.objects.exclude(assessor__assignments__assessment=F("assessment")).exists()


# --------------------------------------------------------------------------- people and logins


def test_demo_users_groups_and_unit_representatives():
    admin = User.objects.get(username="admin")
    manager = User.objects.get(username="manager")
    assert admin.is_superuser and admin.is_staff
    assert not manager.is_staff and not manager.is_superuser
    memberships = {
        group.name: set(group.user_set.values_list("username", flat=True)) for group in Group.objects.all()
    }
    assert memberships["programme_admins"] == {"admin"}
    assert memberships["managers"] == {"manager"}
    assert memberships["assessors"] == {f"assessor{number:02d}" for number in range(1, 66)}
    assert memberships["unit_representatives"] == {f"rep-{unit.code.lower()}" for unit in DEMO_UNITS}
    representatives = OrganizationMember.objects.filter(role="representative")
    assert representatives.count() == 20
    rep_username = Concat(Value("rep-"), Lower("organization__code"))
    assert not representatives.exclude(user__username=rep_username).exists()
    # Persian names on every demo person
    assert not User.objects.filter(Q(first_name="") | Q(last_name="")).exists()


def test_programme_admins_may_change_every_programme_model_and_nothing_else():
    office = Group.objects.get(name="programme_admins")
    apps = set(office.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"organizations", "assessments"}
    codenames = set(office.permissions.values_list("codename", flat=True))
    assert {"change_assessment", "add_finding", "delete_timeentry", "view_organization"} <= codenames
    assert not Group.objects.get(name="managers").permissions.exists()


def test_without_debug_or_password_no_demo_login_can_log_in():
    # given the module's seed ran with DEBUG off and no password
    usable = [user.username for user in User.objects.all() if user.has_usable_password()]
    # then no demo user has a usable password
    assert usable == []


@override_settings(DEBUG=True)
def test_with_debug_every_demo_login_gets_the_documented_password():
    # when seeding again with DEBUG on
    output = seed()
    # then every demo login logs in with the demo password, and nothing else was created
    users = User.objects.all()
    assert users.count() == 87
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert "87 passwords set" in output


def test_a_given_password_goes_to_every_demo_login():
    seed("--password", "a-long-demo-password")
    admin, assessor, representative = (
        User.objects.get(username=name) for name in ("admin", "assessor01", "rep-fire")
    )
    assert admin.check_password("a-long-demo-password")
    assert assessor.check_password("a-long-demo-password")
    assert representative.check_password("a-long-demo-password")


@override_settings(DEBUG=True)
def test_print_demo_logins_shows_the_password_when_debug_is_on():
    seed()
    text = print_logins()
    assert "http://127.0.0.1:8000/accounts/login/" in text
    for username in ("admin", "manager", "assessor01", "assessor56", "rep-fire"):
        assert username in text, username
    assert DEMO_PASSWORD in text


def test_print_demo_logins_hides_passwords_when_debug_is_off():
    text = print_logins()
    assert "http://127.0.0.1:8000/accounts/login/" in text
    assert DEMO_PASSWORD not in text
    assert "seed_demo --password" in text


# --------------------------------------------------------------------------- idempotent, deterministic


def test_a_second_run_creates_nothing(demo, django_assert_max_num_queries):
    # given the seeded demo and its row counts
    before = row_counts()
    # when seeding again: a few checks per phase, not per row
    with django_assert_max_num_queries(100):
        output = seed()
    # then every count is the same and the command says so
    assert row_counts() == before
    assert "nothing to do" in output
    assert "Cycle 1401: 20 assessments" in demo, demo


def cycle_fingerprint(year: int) -> str:
    """A hash of everything built for a cycle, by natural keys (codes, usernames), never by id."""
    parts = [
        sorted(
            Assessment.objects.filter(cycle__year=year).values_list(
                "organization__code", "status", "site_visit_date", "result__total", "result__stars"
            )
        ),
        sorted(
            Assignment.objects.filter(assessment__cycle__year=year).values_list(
                "assessment__organization__code", "assessor__user__username", "role"
            )
        ),
        sorted(
            TimeEntry.objects.filter(assessment__cycle__year=year).values_list(
                "assessment__organization__code", "assessor__user__username", "date", "hours", "activity"
            )
        ),
        sorted(
            Finding.objects.filter(assessment__cycle__year=year).values_list(
                "assessment__organization__code",
                "sub_criterion__code",
                "kind",
                "stage",
                "author__user__username",
                "text",
            ),
            key=repr,
        ),
        sorted(
            Finding.merged_from.through.objects.filter(
                from_finding__assessment__cycle__year=year
            ).values_list("from_finding__text", "to_finding__author__user__username", "to_finding__text")
        ),
        sorted(
            AttributeScore.objects.filter(score__assessment__cycle__year=year).values_list(
                "score__assessment__organization__code",
                "score__sub_criterion__code",
                "score__stage",
                "score__assessor__user__username",
                "attribute__code",
                "value",
            ),
            key=repr,
        ),
        sorted(
            ImprovementProject.objects.filter(cycle__year=year).values_list(
                "organization__code", "title", "category", "status", "progress", "start_date", "due_date"
            ),
            key=repr,
        ),
        sorted(
            ImprovementProject.improvement_points.through.objects.filter(
                improvementproject__cycle__year=year
            ).values_list("improvementproject__title", "finding__text")
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cycle_delete(year: int) -> None:
    """Remove everything of a cycle, fast: the seed's bulk rows have no history to keep."""
    cycle = Cycle.objects.get(year=year)
    ImprovementProject.improvement_points.through.objects.filter(improvementproject__cycle=cycle)._raw_delete(
        "default"
    )
    ProjectUpdate.objects.filter(project__cycle=cycle)._raw_delete("default")
    ImprovementProject.objects.filter(cycle=cycle)._raw_delete("default")
    Finding.merged_from.through.objects.filter(from_finding__assessment__cycle=cycle)._raw_delete("default")
    Finding.objects.filter(assessment__cycle=cycle)._raw_delete("default")
    AttributeScore.objects.filter(score__assessment__cycle=cycle)._raw_delete("default")
    Score.objects.filter(assessment__cycle=cycle)._raw_delete("default")
    TimeEntry.objects.filter(assessment__cycle=cycle)._raw_delete("default")
    AssessmentResult.objects.filter(assessment__cycle=cycle)._raw_delete("default")
    Assignment.objects.filter(assessment__cycle=cycle)._raw_delete("default")
    Assessment.objects.filter(cycle=cycle)._raw_delete("default")
    Cycle.objects.filter(pk=cycle.pk)._raw_delete("default")


def test_some_open_1401_projects_are_overdue_and_most_are_still_due_on_the_day_of_seeding():
    open_projects = ImprovementProject.objects.filter(
        cycle__year=1401, status__in=["proposed", "approved", "in_progress"]
    )
    overdue = open_projects.filter(overdue_condition()).count()

    assert 0 < overdue < open_projects.count() / 3
    assert ImprovementProject.objects.filter(cycle__year=1401, status="completed", progress=100).exists()


def test_seeding_is_deterministic():
    # given the fingerprint of the seeded 1401 cycle
    before = cycle_fingerprint(1401)
    counts = row_counts()
    # when the cycle is removed and seeded again
    cycle_delete(1401)
    assert not Cycle.objects.filter(year=1401).exists()
    output = seed()
    # then the very same rows come back
    assert "Cycle 1401: 20 assessments" in output
    assert cycle_fingerprint(1401) == before
    assert row_counts() == counts


# --------------------------------------------------------------------------- synthetic units


def test_units_builds_a_synthetic_cycle_at_the_1401_density():
    # when three synthetic units are asked for
    output = seed("--units", "3")
    # then cycle 1402 holds three released, rated SYN units with valid teams
    cycle = Cycle.objects.get(year=1402)
    assert "Synthetic cycle 1402: 3 assessments built" in output
    assessments = Assessment.objects.filter(cycle=cycle)
    assert sorted(assessments.values_list("organization__code", flat=True)) == [
        "SYN00001",
        "SYN00002",
        "SYN00003",
    ]
    assert not assessments.filter(organization__is_demo=False).exists()
    assert set(assessments.values_list("status", flat=True)) == {"released"}
    stars = list(AssessmentResult.objects.filter(assessment__cycle=cycle).values_list("stars", flat=True))
    assert len(stars) == 3 and all(1 <= star <= 4 for star in stars), stars
    team = Assignment.objects.filter(assessment__cycle=cycle)
    assert not team.filter(assessor__home_organization=F("assessment__organization")).exists()
    leaders = assessments.annotate(leaders=Count("team", filter=Q(team__role="leader")))
    assert set(leaders.values_list("leaders", flat=True)) == {1}
    # at about a 1401 unit's density
    consensus = Finding.objects.filter(
        assessment__cycle=cycle, stage="consensus", kind__in=["strength", "improvement", "best_practice"]
    )
    assert 100 * 3 <= consensus.count() <= 320 * 3, consensus.count()
    hours = TimeEntry.objects.filter(assessment__cycle=cycle).aggregate(total=Sum("hours"))["total"]
    assert hours == Decimal(85 * 3), hours
    assert 20 * 3 <= ImprovementProject.objects.filter(cycle=cycle).count() <= 60 * 3
    assert Score.objects.filter(assessment__cycle=cycle, stage="consensus").count() == 32 * 3
    # and a second run adds nothing
    before = row_counts()
    seed("--units", "3")
    assert row_counts() == before


def test_units_must_be_at_least_one():
    with pytest.raises(CommandError, match="--units: give a number of units of at least 1; 0 was given"):
        seed("--units", "0")


def test_the_synthetic_year_must_follow_the_demo_cycles():
    with pytest.raises(CommandError, match="--year: the synthetic cycle needs a Jalali year after 1401"):
        seed("--units", "2", "--year", "1401")
    assert not Organization.objects.filter(code__startswith="SYN").exists()


def test_print_demo_logins_names_the_address_the_server_runs_on():
    out = StringIO()
    with translation.override("en"):
        call_command("print_demo_logins", "--address", "127.0.0.1:8123", stdout=out)
    assert "http://127.0.0.1:8123/accounts/login/" in out.getvalue()
