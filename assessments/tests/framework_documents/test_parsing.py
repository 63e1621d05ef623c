"""Reading a framework file into a JSON value: no database, and every refusal names the file."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from assessments.framework_documents import (
    MAX_DOCUMENT_BYTES,
    framework_document_parse,
    framework_file_parse,
)
from excellence.errors import ApplicationError

from .hostile_files import HOSTILE_FILES, HostileFile

pytestmark = pytest.mark.usefixtures("english")


def parse_refusal(content: bytes, name: str = "upload.json") -> list[str]:
    with pytest.raises(ApplicationError) as refused:
        framework_document_parse(file=io.BytesIO(content), name=name)
    return refused.value.messages


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=str)
def test_a_hostile_file_is_refused_with_the_readers_message(hostile: HostileFile):
    # when
    messages = parse_refusal(hostile.content)

    # then
    assert messages == [hostile.message.format(file="upload.json")]


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=str)
def test_a_hostile_file_on_disk_is_refused_naming_its_path(hostile: HostileFile, tmp_path):
    # given
    path = tmp_path / "hostile.json"
    path.write_bytes(hostile.content)

    # when
    with pytest.raises(ApplicationError) as refused:
        framework_file_parse(path=path)

    # then
    assert refused.value.messages == [hostile.message.format(file=path)]


def test_a_shipped_file_parses_with_exact_decimals_and_integers():
    # when
    document = framework_file_parse(path=Path(settings.FRAMEWORKS_DIR) / "efqm2013-ir1393.json")

    # then
    assert document["format_version"] == 1 and type(document["format_version"]) is int
    weights = [sub["weight"] for criterion in document["criteria"] for sub in criterion["sub_criteria"]]
    assert Decimal("0.75") in weights
    assert all(isinstance(weight, Decimal | int) for weight in weights)


def test_a_byte_order_mark_is_accepted():
    # when
    document = framework_document_parse(file=io.BytesIO(b'\xef\xbb\xbf{"code": "A"}'), name="bom.json")

    # then
    assert document == {"code": "A"}


def test_a_file_of_exactly_the_size_limit_is_read():
    # given: a valid document padded with spaces to the limit
    content = b'{"code": "A"}'.ljust(MAX_DOCUMENT_BYTES)

    # when
    document = framework_document_parse(file=io.BytesIO(content), name="big.json")

    # then
    assert document == {"code": "A"}


def test_brackets_inside_texts_do_not_count_as_nesting():
    # given
    content = b'{"notes": ["' + b"[{" * 1_000 + b'\\"]"]}'

    # when
    document = framework_document_parse(file=io.BytesIO(content), name="brackets.json")

    # then
    assert document["notes"][0].startswith("[{[{")


def test_a_number_of_30_digits_and_a_surrogate_pair_are_accepted():
    # given
    content = b'{"points": ' + b"1" * 30 + b', "weight": 0.00001, "name_en": "\\ud83d\\ude00"}'

    # when
    document = framework_document_parse(file=io.BytesIO(content), name="edge.json")

    # then
    assert document == {"points": int("1" * 30), "weight": Decimal("0.00001"), "name_en": "\U0001f600"}


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    # given
    path = tmp_path / "absent.json"

    # when
    with pytest.raises(ApplicationError) as refused:
        framework_file_parse(path=path, shown="absent.json")

    # then
    assert refused.value.messages == ["The framework file absent.json does not exist."]


def test_a_directory_is_refused_as_unreadable(tmp_path):
    # when
    with pytest.raises(ApplicationError) as refused:
        framework_file_parse(path=tmp_path, shown="frameworks")

    # then
    assert refused.value.messages == ["The framework file frameworks cannot be read: Is a directory."]


def test_a_utf16_file_is_refused_as_not_utf8(tmp_path):
    # given
    path = tmp_path / "utf16.json"
    path.write_bytes('{"name_fa": "رهبری"}'.encode("utf-16"))

    # when
    with pytest.raises(ApplicationError) as refused:
        framework_file_parse(path=path)

    # then
    assert refused.value.messages == [f"The framework file {path} is not UTF-8 text."]


def test_refusals_are_translated(persian):
    # when
    messages = parse_refusal(b'{"code": "A", "code": "B"}')

    # then
    assert messages == ["فایل مدل تعالی upload.json معتبر نیست: کلید «code» در یک شیء دو بار آمده است."]
