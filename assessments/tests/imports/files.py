"""Files that are not workbooks to import, made on the fly: a renamed text file, a zip archive that
is not a workbook, a truncated workbook, an Excel 97–2003 file's signature, a billion laughs."""

from __future__ import annotations

import io
import zipfile

from .conftest import workbook

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def replaced(content: bytes, part: str, data: bytes) -> bytes:
    """`content` (a workbook) with one of its parts replaced by `data`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == part else source.read(item.filename))
    return output.getvalue()


def billion_laughs() -> bytes:
    """A workbook whose first sheet declares nested entities that would expand to 10⁹ «lol»s."""
    return replaced(workbook([("1a", "strength", "x")]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)


def plain_zip() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return output.getvalue()


def truncated() -> bytes:
    content = workbook([("1a", "strength", "یافته")] * 50)
    return content[: len(content) // 2]


def corrupted_sheet() -> bytes:
    """A workbook whose sheet is not XML at all."""
    return replaced(
        workbook([("1a", "strength", "x")]), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"
    )


def renamed_text() -> bytes:
    return "زیرمعیار,نوع,یافته\n1a,strength,متن\n".encode()
