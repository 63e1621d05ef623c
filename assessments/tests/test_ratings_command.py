"""`manage.py ratings`: one row per unit, exact JSON keys, an ASCII table, clear errors."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Assessment, AssessmentResult
from assessments.selectors.results import cycle_ratings
from assessments.services.rating_schemes import rating_scheme_default_ensure
from assessments.services.results import assessment_result_store
from assessments.tests.factories import AssessmentFactory, CycleFactory
from assessments.tests.scoring_fixtures import (
    EFQM2013_FILE,
    framework_from_file,
    scores_create,
    structure_from_file,
    uniform_scores,
)
from excellence.roles import COMMAND_LINE
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory

EFQM2013 = structure_from_file(EFQM2013_FILE)
KEYS = [
    "code",
    "name",
    "kind",
    "status",
    "total",
    "stars",
    "level",
    "next_level",
    "points_to_next",
    "complete",
    "missing",
]


def ratings(*args):
    out = StringIO()
    call_command("ratings", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cycle(db):
    """Cycle 1401: a finalized unit at 35 % (stored), a company at 45 %, a unit in district ۱۲ not scored."""
    cycle = CycleFactory(
        year=1401,
        framework=framework_from_file(EFQM2013_FILE),
        rating_scheme=rating_scheme_default_ensure(actor=COMMAND_LINE),
    )
    fire = AssessmentFactory(
        cycle=cycle,
        organization=OrganizationFactory(code="FIRE", name_fa="سازمان آتش‌نشانی", name_en="Fire Department"),
        status=Assessment.Status.CONSENSUS,
    )
    scores_create(assessment=fire, scores=uniform_scores(EFQM2013, 35))
    assessment_result_store(actor=COMMAND_LINE, assessment=fire)
    Assessment.objects.filter(pk=fire.pk).update(status=Assessment.Status.FINALIZED)
    metro = AssessmentFactory(
        cycle=cycle,
        organization=OrganizationFactory(
            code="METRO", name_fa="شرکت قطار شهری", name_en="Metro Company", kind=Organization.Kind.COMPANY
        ),
        status=Assessment.Status.CONSENSUS,
    )
    scores_create(assessment=metro, scores=uniform_scores(EFQM2013, 45))
    AssessmentFactory(
        cycle=cycle,
        organization=OrganizationFactory(code="D12", name_fa="شهرداری منطقه ۱۲", name_en=""),
        status=Assessment.Status.INDIVIDUAL,
    )
    return cycle


def test_json_rows_have_exactly_the_documented_keys_and_values(cycle):
    # when the ratings of 1401 are printed as JSON, in English
    rows = json.loads(ratings("--cycle", "1401", "--format", "json", "--language", "en"))

    # then one object per unit, companies first, with exactly these keys
    assert [row["code"] for row in rows] == ["METRO", "D12", "FIRE"]
    assert all(list(row) == KEYS for row in rows)
    metro, district, fire = rows
    assert metro == {
        "code": "METRO",
        "name": "Metro Company",
        "kind": "company",
        "status": "consensus",
        "total": 450.0,
        "stars": 4,
        "level": "Recognition",
        "next_level": "Crystal statue",
        "points_to_next": 1,
        "complete": True,
        "missing": [],
    }
    assert (fire["status"], fire["total"], fire["stars"], fire["points_to_next"]) == (
        "finalized",
        350.0,
        2,
        101,
    )
    # and an unscored unit is not rated, its missing sub-criteria listed; its name falls back to Persian
    assert (district["total"], district["stars"], district["level"], district["complete"]) == (
        None,
        None,
        None,
        False,
    )
    assert district["missing"] == list(EFQM2013.sub_criterion_codes)
    assert district["name"] == "شهرداری منطقه ۱۲"


def test_json_total_keeps_one_decimal(cycle):
    # given a unit whose total is 450.5
    scores = uniform_scores(EFQM2013, 45)
    scores["1a"].update({"sound": 50, "integrated": 55})
    assessment = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(code="AAA"))
    scores_create(assessment=assessment, scores=scores)

    output = ratings("--cycle", "1401", "--format", "json")

    assert '"total": 450.5' in output
    assert '"total": 450.0' in output
    row = next(row for row in json.loads(output) if row["code"] == "AAA")
    assert (row["total"], row["level"], row["stars"]) == (450.5, "تندیس بلورین", 4)


def test_json_names_and_levels_are_persian_by_default(cycle):
    rows = json.loads(ratings("--cycle", "1401", "--format", "json"))

    fire = next(row for row in rows if row["code"] == "FIRE")
    assert (fire["name"], fire["level"], fire["next_level"]) == (
        "سازمان آتش‌نشانی",
        "تقدیرنامه",
        "تندیس بلورین",
    )


def test_the_table_is_aligned_with_ascii_digits_only(cycle):
    # when printed as a table (the default format)
    output = ratings("--cycle", "۱۴۰۱")
    lines = output.rstrip("\n").split("\n")

    # then a header, a rule and one line per unit, and no Persian or Arabic-Indic digit anywhere
    assert lines[0].split() == KEYS
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 2 + 3
    assert not re.search(r"[۰-۹٠-٩]", output)
    assert "منطقه 12" in output
    # and the columns line up: every value starts under its header
    total_column = lines[0].index("total")
    metro = next(line for line in lines if line.startswith("METRO"))
    assert metro[total_column:].startswith("450.0")
    district = next(line for line in lines if line.startswith("D12"))
    assert district[total_column:].startswith("-")
    assert district.endswith(",".join(EFQM2013.sub_criterion_codes))


def test_an_unknown_cycle_is_refused(cycle, english):
    with pytest.raises(CommandError, match=r"^Cycle 1499 does not exist\.$"):
        ratings("--cycle", "1499")


def test_a_cycle_that_is_not_a_year_is_refused(db, english):
    with pytest.raises(CommandError, match="Cycle must be a Jalali year such as 1401; got “next”."):
        ratings("--cycle", "next")


def test_the_command_agrees_with_the_stored_results(cycle):
    # given every complete unit finalized with its result stored
    for assessment in Assessment.objects.filter(cycle=cycle, organization__code="METRO"):
        assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
    Assessment.objects.filter(cycle=cycle, organization__code="METRO").update(
        status=Assessment.Status.FINALIZED
    )

    # when the command prints the cycle
    rows = {row["code"]: row for row in json.loads(ratings("--cycle", "1401", "--format", "json"))}

    # then each stored result reads the same in the command and in the service
    stored = AssessmentResult.objects.filter(assessment__cycle=cycle).select_related(
        "assessment__organization"
    )
    assert stored.count() == 2
    for result in stored:
        row = rows[result.assessment.organization.code]
        assert Decimal(str(row["total"])) == result.total
        assert (row["stars"], row["level"], row["points_to_next"]) == (
            result.stars,
            result.level_fa,
            result.points_to_next,
        )
    service_rows = {row.code: row for row in cycle_ratings(cycle=cycle)}
    assert {code: float(row.total) for code, row in service_rows.items() if row.total is not None} == {
        code: row["total"] for code, row in rows.items() if row["total"] is not None
    }
