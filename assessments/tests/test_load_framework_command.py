"""`manage.py load_framework`: a thin command over the framework loading service."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Criterion, Framework, RadarAttribute, RadarElement, SubCriterion
from assessments.services.frameworks import shipped_framework_files
from assessments.tests.framework_documents.hostile_files import (
    HOSTILE_FILES,
    NOT_AN_OBJECT,
    NOT_AN_OBJECT_MESSAGE,
    HostileFile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MODELS = (Framework, Criterion, SubCriterion, RadarElement, RadarAttribute)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def shipped_file(name: str) -> Path:
    return Path(settings.FRAMEWORKS_DIR) / name


def load_framework(*args) -> str:
    out = StringIO()
    call_command("load_framework", *args, stdout=out)
    return out.getvalue()


def write_mutated_copy(tmp_path: Path, name: str, mutate) -> Path:
    """A copy of a shipped file with one change, written next to the test."""
    document = json.loads(shipped_file(name).read_text(encoding="utf-8"), parse_float=Decimal)
    mutate(document)
    path = tmp_path / f"mutated-{name}"
    path.write_text(json.dumps(document, ensure_ascii=False, default=float), encoding="utf-8")
    return path


def points_summing_to_990(document: dict) -> None:
    criterion_9 = next(criterion for criterion in document["criteria"] if criterion["code"] == "9")
    criterion_9["points"] = 140
    for sub_criterion in criterion_9["sub_criteria"]:
        del sub_criterion["points"]


def test_the_command_loads_each_file_and_says_what_it_loaded():
    # when
    output = load_framework(str(shipped_file("efqm2013-ir1393.json")), str(shipped_file("efqm2020.json")))

    # then
    assert output.splitlines() == [
        "Loaded framework EFQM2013-IR1393: 9 criteria, 32 sub-criteria.",
        "Loaded framework EFQM2020: 7 criteria, 25 sub-criteria.",
    ]
    assert list(Framework.objects.order_by("code").values_list("code", flat=True)) == [
        "EFQM2013-IR1393",
        "EFQM2020",
    ]


def test_shipped_loads_the_frameworks_shipped_with_the_product():
    # when
    output = load_framework("--shipped")

    # then
    assert len(output.splitlines()) == len(shipped_framework_files())
    assert Framework.objects.count() == len(shipped_framework_files())


def test_running_the_command_twice_changes_no_row_count():
    # given
    first_output = load_framework("--shipped")
    counts = row_counts()

    # when
    second_output = load_framework("--shipped")

    # then
    assert second_output == first_output
    assert row_counts() == counts


def test_without_files_the_command_says_what_it_needs():
    # when
    with pytest.raises(CommandError) as refused:
        load_framework()

    # then
    assert str(refused.value) == "Name at least one framework file, or use --shipped."


def test_a_missing_file_is_a_command_error_naming_it(tmp_path):
    # given
    path = tmp_path / "absent.json"

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(path))

    # then
    assert str(refused.value) == f"The framework file {path} does not exist."
    assert refused.value.returncode != 0


def test_invalid_json_is_a_command_error_naming_the_file_and_nothing_is_loaded(tmp_path):
    # given
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(shipped_file("efqm2020.json")), str(path))

    # then
    assert str(refused.value) == (
        f"The framework file {path} is not valid JSON: "
        "Expecting property name enclosed in double quotes at line 1, column 2."
    )
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_file_whose_points_sum_to_990_is_a_command_error_and_nothing_is_loaded(tmp_path):
    # given
    path = write_mutated_copy(tmp_path, "efqm2013-ir1393.json", points_summing_to_990)

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(shipped_file("efqm2020.json")), str(path))

    # then
    assert str(refused.value) == f"{path}: Criterion points must sum to 1000; this file's sum to 990."
    assert not Framework.objects.exists()


def test_every_problem_of_a_file_is_on_its_own_line(tmp_path):
    # given
    def two_problems(document):
        points_summing_to_990(document)
        document["radar"]["result"][0]["attributes"][0]["code"] = "segmentation"

    path = write_mutated_copy(tmp_path, "efqm2013-ir1393.json", two_problems)

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(path))

    # then
    assert str(refused.value).splitlines() == [
        f"{path}: Criterion points must sum to 1000; this file's sum to 990.",
        f"{path}: RADAR attribute code segmentation appears more than once among the result attributes.",
    ]


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=str)
def test_a_hostile_file_is_a_command_error_with_the_readers_message_and_nothing_is_loaded(
    hostile: HostileFile, tmp_path
):
    # given
    path = tmp_path / "hostile.json"
    path.write_bytes(hostile.content)

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(shipped_file("efqm2020.json")), str(path))

    # then
    assert str(refused.value) == hostile.message.format(file=path)
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_file_whose_top_level_is_not_an_object_is_a_command_error_naming_it(tmp_path):
    # given
    path = tmp_path / "list.json"
    path.write_bytes(NOT_AN_OBJECT)

    # when
    with pytest.raises(CommandError) as refused:
        load_framework(str(path))

    # then
    assert str(refused.value) == f"{path}: {NOT_AN_OBJECT_MESSAGE}"
