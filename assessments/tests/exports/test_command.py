"""`manage.py export_declaration`: the same workbooks as the downloads, written to a file."""

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessments.models import Finding

from .conftest import sheet_rows


def test_the_command_writes_the_programme_workbook(units, fw, tmp_path, capsys):
    output = tmp_path / "declarations.xlsx"

    call_command("export_declaration", cycle="1401", output=str(output))

    book = openpyxl.load_workbook(output)
    assert len(book.worksheets) == 7
    assert sorted(row["کد واحد"] for row in sheet_rows(book.worksheets[0])) == ["BUS", "FIRE", "METRO"]
    improvements = Finding.objects.filter(
        stage=Finding.Stage.CONSENSUS, kind=Finding.Kind.IMPROVEMENT
    ).count()
    assert book.worksheets[3].max_row - 1 == improvements
    assert "declarations.xlsx" in capsys.readouterr().out


def test_the_command_writes_one_unit_in_english(units, fw, tmp_path):
    output = tmp_path / "metro.xlsx"

    call_command("export_declaration", cycle="۱۴۰۱", organization="metro", output=str(output), language="en")

    book = openpyxl.load_workbook(output)
    assert book.sheetnames[0] == "Profile"
    assert [row["Unit code"] for row in sheet_rows(book["Profile"])] == ["METRO"]
    assert book["Profile"].sheet_view.rightToLeft is False


@pytest.mark.parametrize(
    "options, message",
    [
        ({"cycle": "1399"}, "Cycle 1399 does not exist."),
        ({"cycle": "next"}, "Cycle must be a Jalali year such as 1401"),
        ({"cycle": "1401", "organization": "NOPE"}, "Unit NOPE has no assessment in cycle 1401."),
    ],
)
def test_the_command_refuses_what_it_cannot_export(units, tmp_path, english, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_declaration", output=str(tmp_path / "x.xlsx"), **options)
    assert not (tmp_path / "x.xlsx").exists()
