"""Issue 13, at national scale: the findings search finds a word whatever its letters' case, and on
PostgreSQL asks it in the form the trigram index on the stored text answers (migration 0006)."""

import pytest
from django.db import connection

from assessments.admin.findings import TEXT_WORD_MIN, text_contains
from assessments.models import Finding, SubCriterion
from assessments.services.findings import finding_create
from excellence.roles import COMMAND_LINE

from .conftest import admin_url

pytestmark = pytest.mark.django_db

INDEX = "finding_text_trgm"


@pytest.fixture
def written(unit):
    """Three consensus findings of the unit: a Latin acronym, a Persian word, and LIKE's wildcards."""
    sub = unit.findings.first().sub_criterion
    texts = {
        "latin": "سامانه GIS شهری در همه مناطق به‌کار گرفته می‌شود",
        "persian": "پایش ماهانه پیمانکاران مستند است",
        "wildcards": "رشد ۱۰% در رضایت و شاخص_کیفیت",
        "short": "کد QZ در متن این یافته آمده است",
    }
    return {
        name: finding_create(
            actor=COMMAND_LINE,
            assessment=unit,
            sub_criterion=sub,
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.CONSENSUS,
            text=text,
        )
        for name, text in texts.items()
    }


def found(admin_en, term):
    return set(admin_en.get(admin_url(Finding, "changelist"), {"q": term}).context["cl"].result_list)


def test_a_latin_word_is_found_in_any_case(admin_en, written):
    assert written["latin"] in found(admin_en, "gis")
    assert written["latin"] in found(admin_en, "GiS")
    assert written["persian"] not in found(admin_en, "gis")


def test_a_persian_word_is_found(admin_en, written):
    assert found(admin_en, "پیمانکاران") == {written["persian"]}
    assert found(admin_en, "پیمانكاران") == {written["persian"]}  # Arabic ك


def test_like_wildcards_in_a_search_are_taken_literally(admin_en, written):
    assert found(admin_en, "۱۰%") == {written["wildcards"]}
    assert found(admin_en, "0%د") == set()  # "10% در" would answer a wildcard
    assert found(admin_en, "ص_ک") == {written["wildcards"]}
    assert found(admin_en, "ر_د") == set()  # "رشد" would answer a wildcard


def test_a_word_too_short_for_the_index_is_looked_for_in_codes_and_names_only(admin_en, written):
    url = admin_url(Finding, "changelist")
    sub = written["short"].sub_criterion
    SubCriterion.objects.filter(pk=sub.pk).update(code="Q9")  # a code as short as the frameworks' own
    sub.refresh_from_db()
    assert len(sub.code) < TEXT_WORD_MIN

    by_short_text = admin_en.get(url, {"q": "QZ"})
    by_code = admin_en.get(url, {"q": sub.code})

    assert list(by_short_text.context["cl"].result_list) == []
    assert [str(message) for message in by_short_text.context["messages"]] == [
        f"Search: words shorter than {TEXT_WORD_MIN} characters (QZ) are looked for in sub-criterion codes "
        "and unit names and codes, not in the findings' text."
    ]
    assert set(written.values()) <= set(by_code.context["cl"].result_list)
    assert found(admin_en, f"{sub.code} QZ") == set()
    assert found(admin_en, f"{sub.code} پیمانکاران") == {written["persian"]}


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's; CI runs it"
)


@postgresql_only
@pytest.mark.parametrize(("word", "operator"), [("پیمانکاران", "LIKE"), ("GIS", "ILIKE")])
def test_the_text_search_is_answered_by_the_trigram_index(written, word, operator):
    rows = Finding.objects.filter(text_contains(word)).order_by().values("id")
    sql, params = rows.query.sql_with_params()
    assert f" {operator} " in sql and "UPPER(" not in sql, sql

    with connection.cursor() as cursor:
        # A test table is small enough to read whole; forbidding that shows whether the index can answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan, plan


def test_a_finding_is_found_by_the_reference_its_declaration_prints(admin_en, written):
    finding = written["persian"]
    persian = str(finding.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    assert finding in found(admin_en, str(finding.pk))
    assert finding in found(admin_en, persian)
