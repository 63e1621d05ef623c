import io

import openpyxl
import pytest

from .programme import framework_and_cycle, unit_build


@pytest.fixture
def fw(db):
    return framework_and_cycle()


@pytest.fixture
def units(fw):
    """Two organizations and a company, one of the organizations not yet released."""
    return {
        "FIRE": unit_build(fw, code="FIRE", score=70),
        "METRO": unit_build(fw, code="METRO", status="consensus", score=40),
        "BUS": unit_build(fw, code="BUS", kind="company", score=55),
    }


def reopen(content) -> openpyxl.Workbook:
    """A written workbook read back as a spreadsheet program would see it."""
    if isinstance(content, io.BytesIO):
        content.seek(0)
        return openpyxl.load_workbook(content)
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(sheet) -> list[dict]:
    """The data rows of a sheet as {header: value}."""
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]
