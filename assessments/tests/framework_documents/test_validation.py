"""Checking a parsed framework document: no database, every problem at once, each message translated."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from assessments.framework_documents import (
    KINDS,
    CriterionSpec,
    FieldLimits,
    FrameworkSpec,
    framework_document_validate,
    framework_file_parse,
)
from assessments.models import CriterionKind
from assessments.services.frameworks import SHIPPED_FRAMEWORK_FILE_NAMES, framework_field_limits
from excellence.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")

EFQM2013_FILE = "efqm2013-ir1393.json"
EFQM2020_FILE = "efqm2020.json"
# The models' own limits, read off their fields without a query.
LIMITS = framework_field_limits()


def shipped_document(name: str) -> dict:
    """A fresh copy of a shipped file's document, parsed the way every path parses files."""
    return framework_file_parse(path=Path(settings.FRAMEWORKS_DIR) / name)


def document_criterion(document: dict, code: str) -> dict:
    return next(criterion for criterion in document["criteria"] if criterion["code"] == code)


def document_spec_criterion(spec: FrameworkSpec, code: str) -> CriterionSpec:
    return next(criterion for criterion in spec.criteria if criterion.code == code)


def drop_sub_criterion_points(document: dict) -> None:
    """Sub-criterion points are a cross-check of weight × criterion points; tests that change a
    criterion's points drop them so that only the rule under test speaks."""
    for criterion in document["criteria"]:
        for sub_criterion in criterion["sub_criteria"]:
            sub_criterion.pop("points", None)


def refused_messages(document: object, limits: FieldLimits = LIMITS, source_file: str = "") -> list[str]:
    with pytest.raises(ApplicationError) as refused:
        framework_document_validate(data=document, limits=limits, source_file=source_file)
    return refused.value.messages


# --------------------------------------------------------------------------- accepted documents


@pytest.mark.parametrize("name", SHIPPED_FRAMEWORK_FILE_NAMES)
def test_each_shipped_document_is_read_into_a_spec_of_every_row(name):
    # given
    document = shipped_document(name)

    # when
    spec = framework_document_validate(data=document, limits=LIMITS)

    # then
    assert spec.code == document["code"]
    assert [criterion.code for criterion in spec.criteria] == [item["code"] for item in document["criteria"]]
    assert sum(criterion.points for criterion in spec.criteria) == 1000
    assert spec.sub_criterion_codes() == {
        sub["code"] for criterion in document["criteria"] for sub in criterion["sub_criteria"]
    }
    assert spec.attribute_keys() == {
        (kind, element["code"], attribute["code"])
        for kind, elements in document["radar"].items()
        for element in elements
        for attribute in element["attributes"]
    }


def test_the_reader_knows_the_criterion_kinds_of_the_models():
    # then
    assert tuple(CriterionKind.values) == KINDS


# --------------------------------------------------------------------------- refused documents


def test_problems_of_many_rows_are_reported_at_once():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "9")["points"] = 140
    drop_sub_criterion_points(document)
    document_criterion(document, "1")["kind"] = "driver"
    document["radar"]["enabler"][0]["attributes"] = []

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        'Criterion 1: kind must be "enabler" or "result", not "driver".',
        "Criterion points must sum to 1000; this file's sum to 990.",
        'RADAR element approach (enabler): "attributes" must not be empty.',
    ]


def test_texts_longer_than_their_column_are_refused_with_the_columns_limit():
    # given
    limits = FieldLimits(
        max_lengths={**LIMITS.max_lengths, "criterion.name_en": 40, "framework.source_file": 5},
        decimal_places=LIMITS.decimal_places,
    )
    document = shipped_document(EFQM2020_FILE)
    document_criterion(document, "2")["name_en"] = "Organisational Culture, Leadership and Values"

    # when
    messages = refused_messages(document, limits=limits, source_file="efqm2020.json")

    # then
    assert messages == [
        'Criterion 2: "name_en" must be at most 40 characters long; it has 45.',
        "The source file name must be at most 5 characters long.",
    ]


def test_weights_of_a_criterion_not_summing_to_1_are_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "6")["sub_criteria"][0]["weight"] = Decimal("0.65")
    drop_sub_criterion_points(document)

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["The sub-criterion weights of criterion 6 must sum to 1; they sum to 0.9."]


def test_weights_given_as_json_floats_are_read_exactly():
    # given: a document parsed without Decimal, as json.loads does by default
    document = json.loads(json.dumps(shipped_document(EFQM2020_FILE), default=float))

    # when
    spec = framework_document_validate(data=document, limits=LIMITS)

    # then
    assert {sub_criterion.weight for sub_criterion in document_spec_criterion(spec, "1").sub_criteria} == {
        Decimal("0.2")
    }


def test_a_weight_outside_0_to_1_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    parts = document_criterion(document, "8")["sub_criteria"]
    parts[0]["weight"] = Decimal("1.5")
    parts[1]["weight"] = Decimal("-0.5")
    drop_sub_criterion_points(document)

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "Sub-criterion 8a: weight must be greater than 0 and at most 1, "
        "with at most 5 decimal places; found 1.5.",
        "Sub-criterion 8b: weight must be greater than 0 and at most 1, "
        "with at most 5 decimal places; found -0.5.",
    ]


def test_sub_criterion_points_that_disagree_with_the_weight_are_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "6")["sub_criteria"][0]["points"] = 100

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "Sub-criterion 6a: points 100 do not match weight 0.75 × criterion points 150 = 112.5."
    ]


def test_duplicate_sub_criterion_codes_are_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "7")["sub_criteria"][1]["code"] = "6b"

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["Sub-criterion code 6b appears more than once."]


def test_duplicate_criterion_codes_are_refused():
    # given
    document = shipped_document(EFQM2020_FILE)
    document_criterion(document, "7")["code"] = "6"

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["Criterion code 6 appears more than once."]


def test_duplicate_radar_codes_are_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document["radar"]["enabler"][1]["code"] = "approach"
    document["radar"]["result"][1]["attributes"][0]["code"] = "integrity"

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "RADAR element code approach appears more than once among the enabler elements.",
        "RADAR attribute code integrity appears more than once among the result attributes.",
    ]


def test_an_unknown_criterion_kind_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "1")["kind"] = "driver"

    # when
    messages = refused_messages(document)

    # then
    assert messages == ['Criterion 1: kind must be "enabler" or "result", not "driver".']


def test_a_radar_matrix_without_the_result_kind_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    del document["radar"]["result"]

    # when
    messages = refused_messages(document)

    # then
    assert messages == ['The RADAR matrix: "result" is required.']


def test_an_element_without_attributes_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document["radar"]["enabler"][0]["attributes"] = []

    # when
    messages = refused_messages(document)

    # then
    assert messages == ['RADAR element approach (enabler): "attributes" must not be empty.']


def test_a_criterion_without_sub_criteria_is_refused():
    # given
    document = shipped_document(EFQM2020_FILE)
    document_criterion(document, "7")["sub_criteria"] = []

    # when
    messages = refused_messages(document)

    # then
    assert messages == ['Criterion 7: "sub_criteria" must not be empty.']


def test_missing_and_misspelt_keys_are_named():
    # given
    document = shipped_document(EFQM2013_FILE)
    part = document_criterion(document, "3")["sub_criteria"][0]
    part["code_Fa"] = part.pop("code_fa")
    del document_criterion(document, "4")["name_en"]

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        'Sub-criterion 3a: unknown key "code_Fa"; the keys allowed here are code, name_en, name_fa, weight, '
        "code_fa, points, name_fa_alternatives, status, sources, notes.",
        'Criterion 4: "name_en" is required.',
    ]


def test_points_given_as_text_are_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "5")["points"] = "100"

    # when
    messages = refused_messages(document)

    # then
    assert messages == ['Criterion 5: "points" must be a number.']


def test_an_unsupported_format_version_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document["format_version"] = 2

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["The framework's format_version is 2; this version of Excellence reads 1."]


def test_a_document_that_is_not_an_object_is_refused():
    # when
    messages = refused_messages([shipped_document(EFQM2013_FILE)])

    # then
    assert messages == ["A framework document must be a JSON object."]


def test_a_source_not_listed_in_the_file_is_refused():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "2")["sources"] = ["S2", "S404"]

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["Criterion 2: source S404 is not listed in the file's sources."]
