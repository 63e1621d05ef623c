"""A cycle's framework (three sub-criteria with Persian codes), a unit in its individual stage with a
team of two, another team's unit, the programme office; and workbooks to upload, made with openpyxl."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, Assessor, Assignment, Finding
from assessments.tests.exports.programme import Framework, admin_user, framework_and_cycle
from assessments.tests.factories import AssessorFactory
from organizations.tests.factories import OrganizationFactory, UserFactory

PASSWORD = "a-long-test-password"
HEADERS_FA = ("زیرمعیار", "نوع", "یافته")
HEADERS_EN = ("Sub-criterion", "Kind", "Finding")


@dataclass
class Setup:
    fw: Framework
    assessment: Assessment
    leader: Assessor
    member: Assessor
    other: Assessment
    stranger: Assessor
    office: object

    def set_status(self, status, assessment=None):
        assessment = assessment or self.assessment
        Assessment.objects.filter(pk=assessment.pk).update(status=status)
        assessment.refresh_from_db()


def assessor(username, first, last):
    return AssessorFactory(
        user=UserFactory(username=username, first_name=first, last_name=last, password=PASSWORD)
    )


def team_assessment(fw, *, code, status, leader, member=None):
    organization = OrganizationFactory(code=code, name_fa=f"سازمان {code}", name_en=f"Unit {code}")
    assessment = Assessment.objects.create(cycle=fw.cycle, organization=organization, status=status)
    Assignment.objects.create(assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    if member is not None:
        Assignment.objects.create(assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    return assessment


@pytest.fixture
def setup(db):
    return build_setup()


def build_setup() -> Setup:
    fw = framework_and_cycle()
    leader = assessor("leila", "لیلا", "احمدی")
    member = assessor("mahdi", "مهدی", "کریمی")
    stranger = assessor("reza", "رضا", "دیگری")
    office = admin_user()
    office.set_password(PASSWORD)
    office.save()
    return Setup(
        fw=fw,
        assessment=team_assessment(
            fw, code="FIRE", status=Assessment.Status.INDIVIDUAL, leader=leader, member=member
        ),
        leader=leader,
        member=member,
        other=team_assessment(fw, code="PARKS", status=Assessment.Status.INDIVIDUAL, leader=stranger),
        stranger=stranger,
        office=office,
    )


def workbook(rows, *, headers=HEADERS_FA, title="یافته‌ها", extra_sheets=()) -> bytes:
    """An .xlsx with one sheet of `headers` then `rows` (and more sheets: (title, headers, rows))."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for extra_title, extra_headers, extra_rows in extra_sheets:
        extra = book.create_sheet(extra_title)
        extra.append(list(extra_headers))
        for row in extra_rows:
            extra.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_url(assessment) -> str:
    return reverse("workspace-import", args=[assessment.pk])


def target_of(author: Assessor | None) -> str:
    return "consensus" if author is None else f"individual-{author.pk}"


def upload(client, assessment, content: bytes, *, name="findings.xlsx", target="") -> object:
    return client.post(
        import_url(assessment),
        {
            "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
            "target": target,
        },
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def findings_state():
    """Everything the database holds of findings: a failed import leaves it exactly as it was."""
    return (
        Finding.objects.count(),
        Finding.history.count(),
        sorted(Finding.objects.values_list("pk", "text")),
    )


def page_errors(response) -> list[tuple[str, str, str, str]]:
    """(sheet, row, column, message) of every error the page lists."""
    outcome = response.context["outcome"]
    return [(e.sheet, e.shown_row, e.column, e.message) for e in outcome.errors]
