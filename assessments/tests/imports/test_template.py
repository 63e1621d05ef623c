"""The template workbook: its sheets, headers, direction, frozen header, comments and drop-down lists;
and a template filled in is imported as it is."""

import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.models import Finding

from .conftest import findings_state, page_errors, signed_in, target_of, upload


def template(client, setup, language="fa"):
    client.cookies["django_language"] = language
    response = client.get(reverse("workspace-import-template", args=[setup.assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="findings-template-1401-FIRE.xlsx"'
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("language", "sheets", "headers", "rtl", "codes", "kinds", "places"),
    [
        (
            "fa",
            ["یافته‌ها", "راهنما", "زیرمعیارها"],
            ["زیرمعیار", "نوع", "یافته", "شاهد", "توضیح شاهد"],
            True,
            ["۱الف", "۱ب", "۲الف"],
            '"نقطه قوت,نقطه قابل بهبود,تجربه برتر,موضوع بازدید"',
            '"سند,بازدید,مصاحبه"',
        ),
        (
            "en",
            ["Findings", "Guide", "Sub-criteria"],
            ["Sub-criterion", "Kind", "Finding", "Evidence", "Evidence note"],
            False,
            ["1a", "1b", "2a"],
            '"Strength,Area for improvement,Best practice,Site-visit issue"',
            '"Document,Site visit,Interview"',
        ),
    ],
)
def test_the_template_lists_the_frameworks_codes_and_the_kinds(
    client, setup, language, sheets, headers, rtl, codes, kinds, places
):
    book = openpyxl.load_workbook(io.BytesIO(template(signed_in(client, setup.member.user), setup, language)))
    assert book.sheetnames == sheets
    findings, guide, sub_criteria = (book[name] for name in sheets)
    for sheet in book.worksheets:
        assert sheet.sheet_view.rightToLeft is rtl
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("1F5F5B")
    assert [cell.value for cell in findings[1]] == headers
    assert findings.max_row == 1  # nothing to delete before filling it in
    assert all(cell.comment is not None and cell.comment.text for cell in findings[1])
    assert [row[0] for row in sub_criteria.iter_rows(min_row=2, values_only=True)] == codes
    validations = {str(v.sqref): v for v in findings.data_validations.dataValidation}
    assert validations["A2:A10001"].type == "list"
    assert validations["A2:A10001"].formula1 == f"'{sheets[2]}'!$A$2:$A$4"
    assert validations["B2:B10001"].formula1 == kinds
    assert (validations["C2:C10001"].type, validations["C2:C10001"].formula1) == ("textLength", "4000")
    assert validations["D2:D10001"].formula1 == places
    guide_text = "\n".join(row[0] for row in guide.iter_rows(min_row=2, values_only=True))
    assert "site_visit_issue" in guide_text and ("4,000" in guide_text or "۴٬۰۰۰" in guide_text)
    assert book.properties.creator == "Excellence"


def test_a_filled_in_template_is_imported(client, setup):
    client = signed_in(client, setup.member.user)
    book = openpyxl.load_workbook(io.BytesIO(template(client, setup)))
    sheet = book["یافته‌ها"]
    sheet.append(["۱الف", "نقطه قوت", "مأموریت روشن است."])
    sheet.append(["۲الف", "نقطه قابل بهبود", "نظرسنجی منظم نیست."])
    output = io.BytesIO()
    book.save(output)
    before = findings_state()[0]

    response = upload(client, setup.assessment, output.getvalue(), target=target_of(setup.member))

    assert response.status_code == 200
    assert Finding.objects.count() == before + 2
    assert sorted(Finding.objects.values_list("sub_criterion__code", "kind")) == [
        ("1a", "strength"),
        ("2a", "improvement"),
    ]


def test_another_teams_template_is_not_found(client, setup):
    client = signed_in(client, setup.stranger.user)
    assert client.get(reverse("workspace-import-template", args=[setup.assessment.pk])).status_code == 404


def test_where_a_finding_was_seen_is_imported_and_a_wrong_place_is_refused(client, setup):
    client = signed_in(client, setup.member.user)
    book = openpyxl.load_workbook(io.BytesIO(template(client, setup)))
    sheet = book["یافته‌ها"]
    sheet.append(["۱الف", "نقطه قوت", "مأموریت روشن است.", "مصاحبه", "گفت‌وگو با معاون برنامه‌ريزی"])
    sheet.append(["۱ب", "نقطه قوت", "بی‌شاهد", None, None])
    good = io.BytesIO()
    book.save(good)
    sheet.append(["۲الف", "نقطه قابل بهبود", "نظرسنجی منظم نیست.", "تلفن", "x" * 301])
    bad = io.BytesIO()
    book.save(bad)
    before = findings_state()

    refused = upload(client, setup.assessment, bad.getvalue(), target=target_of(setup.member))

    assert refused.status_code == 400
    assert [(row, column, message) for _sheet, row, column, message in page_errors(refused)] == [
        (
            "۴",
            "شاهد (D)",
            "شاهد: «تلفن» جایی نیست که یافته در آن دیده شود؛ "
            "یکی از این‌ها را بنویسید: سند، بازدید، مصاحبه، یا خالی بگذارید.",
        ),
        ("۴", "توضیح شاهد (E)", "توضیح شاهد: حداکثر ۳۰۰ نویسه؛ این یکی ۳۰۱ نویسه دارد."),
    ]
    assert findings_state() == before

    imported = upload(client, setup.assessment, good.getvalue(), target=target_of(setup.member))

    assert imported.status_code == 200
    assert sorted(Finding.objects.values_list("sub_criterion__code", "evidence", "evidence_note")) == [
        ("1a", "interview", "گفت‌وگو با معاون برنامه‌ریزی"),
        ("1b", "", ""),
    ]
