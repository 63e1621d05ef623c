"""The two shipped framework files and the service that loads a framework document."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from assessments.models import (
    AttributeScore,
    Criterion,
    Framework,
    RadarAttribute,
    RadarElement,
    Score,
    SubCriterion,
)
from assessments.services.frameworks import (
    SHIPPED_FRAMEWORK_FILE_NAMES,
    framework_load,
    framework_load_from_file,
    framework_load_from_files,
    shipped_framework_files,
)
from assessments.tests.factories import AssessmentFactory, FindingFactory
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EFQM2013_FILE = "efqm2013-ir1393.json"
EFQM2020_FILE = "efqm2020.json"
MODELS = (Framework, Criterion, SubCriterion, RadarElement, RadarAttribute)


def shipped_document(name: str) -> dict:
    """A fresh copy of a shipped file's document, parsed the way the loader parses files."""
    return json.loads((Path(settings.FRAMEWORKS_DIR) / name).read_text(encoding="utf-8"), parse_float=Decimal)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def row_ids() -> dict[str, list[int]]:
    return {model.__name__: sorted(model.objects.values_list("id", flat=True)) for model in MODELS}


def document_criterion(document: dict, code: str) -> dict:
    return next(criterion for criterion in document["criteria"] if criterion["code"] == code)


def drop_sub_criterion_points(document: dict) -> None:
    """Sub-criterion points are a cross-check of weight × criterion points; tests that change a
    criterion's points drop them so that only the rule under test speaks."""
    for criterion in document["criteria"]:
        for sub_criterion in criterion["sub_criteria"]:
            sub_criterion.pop("points", None)


def refused_messages(document: dict) -> list[str]:
    with pytest.raises(ApplicationError) as refused:
        framework_load(actor=COMMAND_LINE, data=document)
    return refused.value.messages


def effective_points(sub_criterion: SubCriterion) -> Decimal:
    return sub_criterion.criterion.points * sub_criterion.weight


# --------------------------------------------------------------------------- shipped files


def test_shipped_framework_files_are_the_two_files_in_the_frameworks_directory():
    # when
    paths = shipped_framework_files()

    # then
    assert [path.name for path in paths] == list(SHIPPED_FRAMEWORK_FILE_NAMES)
    assert all(path.parent == Path(settings.FRAMEWORKS_DIR) for path in paths)
    assert all(path.is_file() for path in paths), "every shipped framework file exists"


def test_shipped_framework_files_reads_the_setting_when_called(settings, tmp_path):
    # given
    settings.FRAMEWORKS_DIR = tmp_path

    # when
    paths = shipped_framework_files()

    # then
    assert [path.parent for path in paths] == [tmp_path, tmp_path]


@pytest.mark.parametrize("name", SHIPPED_FRAMEWORK_FILE_NAMES)
def test_each_shipped_file_loads_every_row_of_its_document(name):
    # given
    document = shipped_document(name)

    # when
    framework = framework_load_from_file(actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / name)

    # then
    assert framework.code == document["code"]
    assert framework.name_en == document["name_en"]
    assert framework.source_file == f"assessments/frameworks/{name}"
    assert list(framework.criteria.order_by("order").values_list("code", flat=True)) == [
        criterion["code"] for criterion in document["criteria"]
    ]
    assert sorted(framework.sub_criteria.values_list("code", flat=True)) == sorted(
        sub["code"] for criterion in document["criteria"] for sub in criterion["sub_criteria"]
    )
    for kind, elements in document["radar"].items():
        loaded = RadarAttribute.objects.filter(element__framework=framework, element__kind=kind)
        assert sorted(loaded.values_list("element__code", "code")) == sorted(
            (element["code"], attribute["code"])
            for element in elements
            for attribute in element["attributes"]
        )


@pytest.mark.parametrize("name", SHIPPED_FRAMEWORK_FILE_NAMES)
def test_each_shipped_framework_has_1000_points_and_weights_summing_to_1(name):
    # when
    framework = framework_load_from_file(actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / name)

    # then
    assert sum(framework.criteria.values_list("points", flat=True)) == 1000
    for criterion in framework.criteria.all():
        weights = criterion.sub_criteria.values_list("weight", flat=True)
        assert sum(weights) == 1, f"criterion {criterion.code}"
        assert all(sub.framework_id == framework.id for sub in criterion.sub_criteria.all())


def test_efqm2013_has_9_criteria_5_enablers_of_100_and_32_parts():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2013_FILE
    )

    # then
    criteria = {criterion.code: criterion for criterion in framework.criteria.all()}
    assert framework.code == "EFQM2013-IR1393"
    assert len(criteria) == 9
    assert framework.sub_criteria.count() == 32
    assert {code: (criterion.kind, criterion.points) for code, criterion in criteria.items()} == {
        "1": ("enabler", 100),
        "2": ("enabler", 100),
        "3": ("enabler", 100),
        "4": ("enabler", 100),
        "5": ("enabler", 100),
        "6": ("result", 150),
        "7": ("result", 100),
        "8": ("result", 100),
        "9": ("result", 150),
    }


def test_efqm2013_enabler_parts_are_20_points_each_and_2a_to_2d_25_each():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2013_FILE
    )

    # then
    enabler_parts = framework.sub_criteria.filter(criterion__kind="enabler").select_related("criterion")
    points = {sub.code: effective_points(sub) for sub in enabler_parts}
    assert len(points) == 24
    assert {code for code, value in points.items() if value == 25} == {"2a", "2b", "2c", "2d"}
    assert {value for code, value in points.items() if not code.startswith("2")} == {20}


def test_efqm2013_results_parts_split_their_criterion_75_25_and_50_50():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2013_FILE
    )

    # then
    parts = {
        sub.code: (sub.weight, effective_points(sub))
        for sub in framework.sub_criteria.filter(criterion__kind="result").select_related("criterion")
    }
    assert parts == {
        "6a": (Decimal("0.75"), Decimal("112.5")),
        "6b": (Decimal("0.25"), Decimal("37.5")),
        "7a": (Decimal("0.75"), Decimal("75")),
        "7b": (Decimal("0.25"), Decimal("25")),
        "8a": (Decimal("0.5"), Decimal("50")),
        "8b": (Decimal("0.5"), Decimal("50")),
        "9a": (Decimal("0.5"), Decimal("75")),
        "9b": (Decimal("0.5"), Decimal("75")),
    }


def test_efqm2013_parts_keep_their_persian_codes_and_titles():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2013_FILE
    )

    # then
    one_a = framework.sub_criteria.get(code="1a")
    six_a = framework.sub_criteria.select_related("criterion").get(code="6a")
    assert one_a.code_fa == "۱الف"
    assert framework.sub_criteria.get(code="1e").code_fa == "۱ه"
    assert one_a.name_en == "Leaders develop the mission, vision, values and ethics and act as role models."
    assert (six_a.criterion.name_fa, six_a.name_fa) == ("نتایج مشتری", "ادراکات")
    assert (six_a.criterion.name_en, six_a.name_en) == ("Customer Results", "Perceptions")


def test_efqm2013_radar_matrix_has_structured_and_causes():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2013_FILE
    )

    # then
    matrix = {
        (element.kind, element.code): list(
            element.attributes.order_by("order").values_list("code", flat=True)
        )
        for element in framework.radar_elements.all()
    }
    assert matrix == {
        ("enabler", "approach"): ["sound", "integrated"],
        ("enabler", "deployment"): ["implemented", "structured"],
        ("enabler", "assessment_refinement"): [
            "measurement",
            "learning_creativity",
            "improvement_innovation",
        ],
        ("result", "relevance_usability"): ["scope_relevance", "integrity", "segmentation"],
        ("result", "performance"): ["trends", "targets", "comparisons", "causes"],
    }


def test_efqm2020_has_7_criteria_23_sub_criteria_and_6_and_7_scored_as_a_whole():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2020_FILE
    )

    # then
    criteria = {criterion.code: criterion for criterion in framework.criteria.all()}
    assert framework.code == "EFQM2020"
    assert {code: (criterion.kind, criterion.points) for code, criterion in criteria.items()} == {
        "1": ("enabler", 100),
        "2": ("enabler", 100),
        "3": ("enabler", 100),
        "4": ("enabler", 200),
        "5": ("enabler", 100),
        "6": ("result", 200),
        "7": ("result", 200),
    }
    assert framework.sub_criteria.filter(criterion__code__in=["1", "2", "3", "4", "5"]).count() == 23
    assert framework.sub_criteria.count() == 25
    for code in ("6", "7"):
        assert list(criteria[code].sub_criteria.values_list("code", "weight")) == [(code, 1)]


def test_efqm2020_sub_criteria_share_their_criterion_equally_and_c4_parts_are_worth_50():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2020_FILE
    )

    # then
    for criterion in framework.criteria.all():
        weights = set(criterion.sub_criteria.values_list("weight", flat=True))
        assert weights == {Decimal(1) / criterion.sub_criteria.count()}, f"criterion {criterion.code}"
    criterion_4 = framework.sub_criteria.filter(criterion__code="4").select_related("criterion")
    assert {sub.code: effective_points(sub) for sub in criterion_4} == {
        "4.1": 50,
        "4.2": 50,
        "4.3": 50,
        "4.4": 50,
    }


def test_efqm2020_radar_results_use_confidence_instead_of_causes():
    # when
    framework = framework_load_from_file(
        actor=COMMAND_LINE, path=Path(settings.FRAMEWORKS_DIR) / EFQM2020_FILE
    )

    # then
    performance = framework.radar_elements.get(kind="result", code="performance")
    assert list(performance.attributes.order_by("order").values_list("code", flat=True)) == [
        "trends",
        "targets",
        "comparisons",
        "confidence",
    ]
    assert RadarAttribute.objects.filter(element__framework=framework, element__kind="enabler").count() == 7


# --------------------------------------------------------------------------- loading again


def test_loading_the_same_document_twice_changes_nothing():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    counts, ids = row_counts(), row_ids()
    stamps = {model.__name__: sorted(model.objects.values_list("updated_at", flat=True)) for model in MODELS}

    # when
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))

    # then
    assert row_counts() == counts
    assert row_ids() == ids
    assert {
        model.__name__: sorted(model.objects.values_list("updated_at", flat=True)) for model in MODELS
    } == stamps


def test_a_first_load_costs_a_fixed_number_of_queries(django_assert_num_queries):
    # given
    document = shipped_document(EFQM2013_FILE)

    # then: savepoint, framework lookup, one insert per level (5), release
    with django_assert_num_queries(8):
        framework_load(actor=COMMAND_LINE, data=document)


def test_a_repeated_load_costs_one_query_per_level_and_writes_nothing(django_assert_num_queries):
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))

    # then: savepoint, one select per level (5), release
    with django_assert_num_queries(7):
        framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))


def test_a_corrected_title_updates_the_row_in_place():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    before = SubCriterion.objects.get(framework__code="EFQM2013-IR1393", code="9a")
    untouched = SubCriterion.objects.get(framework__code="EFQM2013-IR1393", code="9b")
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "9")["sub_criteria"][0]["name_fa"] = "نتایج کلیدی کسب‌وکار"

    # when
    framework_load(actor=COMMAND_LINE, data=document)

    # then
    after = SubCriterion.objects.get(id=before.id)
    assert after.name_fa == "نتایج کلیدی کسب‌وکار"
    assert after.updated_at > before.updated_at
    assert SubCriterion.objects.get(id=untouched.id).updated_at == untouched.updated_at


def test_arabic_letters_in_persian_titles_are_stored_in_persian_and_reload_changes_nothing():
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "1")["name_fa"] = "رهبري"  # Arabic Yeh
    framework_load(actor=COMMAND_LINE, data=document)
    leadership = Criterion.objects.get(framework__code="EFQM2013-IR1393", code="1")

    # when
    framework_load(actor=COMMAND_LINE, data=document)

    # then
    assert leadership.name_fa == "رهبری"
    assert Criterion.objects.get(id=leadership.id).updated_at == leadership.updated_at


def test_an_unreferenced_sub_criterion_dropped_from_the_file_is_deleted():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    document = shipped_document(EFQM2013_FILE)
    criterion_8 = document_criterion(document, "8")
    criterion_8["sub_criteria"] = criterion_8["sub_criteria"][:1]
    criterion_8["sub_criteria"][0].update(weight=1, points=100)

    # when
    framework_load(actor=COMMAND_LINE, data=document)

    # then
    codes = set(SubCriterion.objects.filter(framework__code="EFQM2013-IR1393").values_list("code", flat=True))
    assert "8a" in codes
    assert "8b" not in codes
    assert len(codes) == 31


def test_an_unreferenced_radar_attribute_dropped_from_the_file_is_deleted():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    attributes_before = RadarAttribute.objects.count()
    document = shipped_document(EFQM2013_FILE)
    performance = document["radar"]["result"][1]
    performance["attributes"] = [
        attribute for attribute in performance["attributes"] if attribute["code"] != "causes"
    ]

    # when
    framework_load(actor=COMMAND_LINE, data=document)

    # then
    assert not RadarAttribute.objects.filter(
        element__framework__code="EFQM2013-IR1393", code="causes"
    ).exists()
    assert RadarAttribute.objects.count() == attributes_before - 1


def test_a_sub_criterion_referenced_by_a_finding_cannot_be_dropped():
    # given
    framework = framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    FindingFactory(
        assessment=AssessmentFactory(cycle__framework=framework),
        sub_criterion=framework.sub_criteria.get(code="8b"),
    )
    counts, ids = row_counts(), row_ids()
    document = shipped_document(EFQM2013_FILE)
    document["name_en"] = "Renamed while refused"
    criterion_8 = document_criterion(document, "8")
    criterion_8["sub_criteria"] = criterion_8["sub_criteria"][:1]
    criterion_8["sub_criteria"][0].update(weight=1, points=100)

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "Sub-criterion 8b cannot be removed from framework EFQM2013-IR1393: findings or scores refer to it."
    ]
    assert row_counts() == counts
    assert row_ids() == ids
    assert Framework.objects.get(id=framework.id).name_en == framework.name_en


def test_a_criterion_whose_sub_criterion_is_scored_cannot_be_dropped():
    # given
    framework = framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2020_FILE))
    assessment = AssessmentFactory(cycle__framework=framework)
    Score.objects.create(
        assessment=assessment, sub_criterion=framework.sub_criteria.get(code="7"), stage="consensus"
    )
    document = shipped_document(EFQM2020_FILE)
    document["criteria"] = [criterion for criterion in document["criteria"] if criterion["code"] != "7"]
    document_criterion(document, "6")["points"] = 400
    drop_sub_criterion_points(document)

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "Criterion 7 cannot be removed from framework EFQM2020: "
        "findings or scores refer to its sub-criterion 7."
    ]
    assert framework.criteria.filter(code="7").exists()


def test_a_radar_attribute_with_scores_cannot_be_dropped():
    # given
    framework = framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    assessment = AssessmentFactory(cycle__framework=framework)
    score = Score.objects.create(
        assessment=assessment, sub_criterion=framework.sub_criteria.get(code="6a"), stage="consensus"
    )
    causes = RadarAttribute.objects.get(element__framework=framework, code="causes")
    AttributeScore.objects.create(score=score, attribute=causes, value=50)
    document = shipped_document(EFQM2013_FILE)
    performance = document["radar"]["result"][1]
    performance["attributes"] = [
        attribute for attribute in performance["attributes"] if attribute["code"] != "causes"
    ]

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "RADAR attribute causes (performance, result) cannot be removed from framework EFQM2013-IR1393: "
        "scores refer to it."
    ]
    assert RadarAttribute.objects.filter(id=causes.id).exists()


def test_a_referenced_sub_criterion_cannot_change_kind():
    # given
    framework = framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    FindingFactory(
        assessment=AssessmentFactory(cycle__framework=framework),
        sub_criterion=framework.sub_criteria.get(code="6a"),
    )
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "6")["kind"] = "enabler"

    # when
    messages = refused_messages(document)

    # then
    assert messages == [
        "Sub-criterion 6a of framework EFQM2013-IR1393 cannot change its kind from result to enabler: "
        "findings or scores refer to it."
    ]
    assert framework.criteria.get(code="6").kind == "result"


def test_a_referenced_sub_criterion_may_get_a_new_title_and_weight():
    # given
    framework = framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    sub_criterion = framework.sub_criteria.get(code="8a")
    FindingFactory(assessment=AssessmentFactory(cycle__framework=framework), sub_criterion=sub_criterion)
    document = shipped_document(EFQM2013_FILE)
    parts = document_criterion(document, "8")["sub_criteria"]
    parts[0].update(name_en="Society Perceptions", weight=Decimal("0.6"), points=60)
    parts[1].update(weight=Decimal("0.4"), points=40)

    # when
    framework_load(actor=COMMAND_LINE, data=document)

    # then
    sub_criterion.refresh_from_db()
    assert (sub_criterion.name_en, sub_criterion.weight) == ("Society Perceptions", Decimal("0.6"))


# --------------------------------------------------------------------------- refused documents


def test_points_not_summing_to_1000_are_refused_and_nothing_of_a_new_framework_is_loaded():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2020_FILE))
    counts = row_counts()
    document = shipped_document(EFQM2013_FILE)
    document["code"] = "TEST-990"
    document_criterion(document, "9")["points"] = 140
    drop_sub_criterion_points(document)

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["Criterion points must sum to 1000; this file's sum to 990."]
    assert row_counts() == counts
    assert not Framework.objects.filter(code="TEST-990").exists()


def test_points_not_summing_to_1000_leave_a_loaded_framework_untouched():
    # given
    framework_load(actor=COMMAND_LINE, data=shipped_document(EFQM2013_FILE))
    counts, ids = row_counts(), row_ids()
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "1")["points"] = 110
    document_criterion(document, "1")["name_en"] = "Leading"
    drop_sub_criterion_points(document)

    # when
    messages = refused_messages(document)

    # then
    assert messages == ["Criterion points must sum to 1000; this file's sum to 1010."]
    assert (row_counts(), row_ids()) == (counts, ids)
    assert Criterion.objects.get(framework__code="EFQM2013-IR1393", code="1").points == 100


# --------------------------------------------------------------------------- files


def write_document(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, default=float), encoding="utf-8")
    return path


def test_problems_in_a_file_are_prefixed_with_its_name(tmp_path):
    # given
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "9")["points"] = 140
    drop_sub_criterion_points(document)
    path = write_document(tmp_path / "sum990.json", document)

    # when
    with pytest.raises(ApplicationError) as refused:
        framework_load_from_file(actor=COMMAND_LINE, path=path)

    # then
    assert refused.value.messages == [f"{path}: Criterion points must sum to 1000; this file's sum to 990."]
    assert not Framework.objects.exists()


def test_several_files_load_all_or_none(tmp_path):
    # given
    good = Path(settings.FRAMEWORKS_DIR) / EFQM2020_FILE
    document = shipped_document(EFQM2013_FILE)
    document_criterion(document, "6")["sub_criteria"][0]["weight"] = Decimal("0.65")
    drop_sub_criterion_points(document)
    bad = write_document(tmp_path / "bad.json", document)

    # when
    with pytest.raises(ApplicationError) as refused:
        framework_load_from_files(actor=COMMAND_LINE, paths=[good, bad])

    # then
    assert refused.value.messages == [
        f"{bad}: The sub-criterion weights of criterion 6 must sum to 1; they sum to 0.9."
    ]
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_the_source_file_of_a_file_outside_the_project_is_its_path(tmp_path):
    # given
    path = write_document(tmp_path / "copy.json", shipped_document(EFQM2020_FILE))

    # when
    framework = framework_load_from_file(actor=COMMAND_LINE, path=path)

    # then
    assert framework.source_file == str(path)
