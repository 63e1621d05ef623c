"""`/projects/…`: who sees which projects, who may do what on them, and what the pages cost.

Roles (DESIGN §1): a unit's representative sees and keeps up only their unit's projects and
cannot approve or verify; the programme office does everything, but not verify a project
it owns; a manager reads everything and changes nothing.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Finding, ImprovementProject, ProjectUpdate
from assessments.tests.projects_programme import PAST, projects_programme_build
from organizations.models import OrganizationMember

Status = ImprovementProject.Status


@pytest.fixture
def programme(db):
    return projects_programme_build()


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    return response, response.content.decode()


def detail_url(project):
    return reverse("project_detail", args=[project.pk])


# --------------------------------------------------------------------------- the list


def test_a_representative_lists_only_their_units_projects_with_owners_by_name(client, programme):
    programme.project(programme.fire, title="پروژه آتش‌نشانی", status=Status.IN_PROGRESS, due_date=PAST)
    programme.project(programme.metro, title="پروژه قطار شهری")

    response, html = page(client, programme.fire.representative, reverse("project_list"))

    assert response.status_code == 200
    assert "پروژه آتش‌نشانی" in html and "پروژه قطار شهری" not in html
    assert "سارا احمدی" in html and "rep-fire" not in html.split("dropdown-menu")[1].split("</table>")[0]
    assert '<span class="badge text-bg-danger overdue">دیرکرد</span>' in html


def test_the_office_lists_every_unit_and_filters_by_unit(client, programme):
    programme.project(programme.fire, title="پروژه آتش‌نشانی")
    programme.project(programme.metro, title="پروژه قطار شهری")

    _response, everything = page(client, programme.office, reverse("project_list"))
    _response, metro = page(client, programme.office, reverse("project_list"), organization="METRO")

    assert "پروژه آتش‌نشانی" in everything and "پروژه قطار شهری" in everything
    assert "پروژه قطار شهری" in metro and "پروژه آتش‌نشانی" not in metro


def test_the_list_is_paginated_and_keeps_its_filters_across_pages(client, programme):
    for number in range(27):
        programme.project(programme.fire, title=f"پروژه {number}", points=[])
    response, html = page(client, programme.office, reverse("project_list"), organization="FIRE")
    assert len(response.context["projects"]) == 25
    assert "?organization=FIRE&amp;page=2" in html
    response, _html = page(client, programme.office, reverse("project_list"), organization="FIRE", page=2)
    assert len(response.context["projects"]) == 2


def test_listing_projects_costs_the_same_whatever_their_number(client, programme, django_assert_num_queries):
    # Given a page of projects with owners, units and cycles to show
    client.force_login(programme.office)
    for number in range(3):
        programme.project(programme.fire, title=f"پروژه {number}", points=[])
    url = reverse("project_list")
    client.get(url)  # the session and the person's roles are read once per request either way

    # When the list shows 3 and then 20 projects of both units, each query count is the same
    with django_assert_num_queries(12) as few:
        client.get(url, {"q": "پروژه"})
    for number in range(17):
        programme.project(
            programme.metro if number % 2 else programme.fire, title=f"پروژه {number}", points=[]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"q": "پروژه"})
    assert len(response.context["projects"]) == 20


# --------------------------------------------------------------------------- one project


def test_another_units_project_is_not_found_for_a_representative(client, programme):
    project = programme.project(programme.metro)
    response, _html = page(client, programme.fire.representative, detail_url(project))
    assert response.status_code == 404


def test_someone_without_a_role_sees_no_project(client, programme):
    from organizations.tests.factories import UserFactory

    project = programme.project(programme.fire)
    response, _html = page(client, UserFactory(), detail_url(project))
    assert response.status_code == 404
    response, html = page(client, UserFactory(), reverse("project_list"))
    assert project.title not in html


def test_the_page_shows_points_sub_criteria_timeline_and_the_representatives_own_moves(client, programme):
    # Given a running project answering a point of 1a
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)

    response, html = page(client, programme.fire.representative, detail_url(project))

    assert response.status_code == 200
    assert "بازنگری سالانه راهبرد انجام نمی‌شود." in html
    assert "۱الف" in html  # the sub-criterion's Persian code
    assert "صورتجلسه بازبینی دیده شد." in html  # the status changes' notes on the timeline
    # The representative may complete or cancel it; approving and verifying are the office's
    moves = [move.status for move in response.context["detail"].allowed_moves]
    assert moves == [Status.COMPLETED, Status.CANCELLED]
    assert "گزارش پیشرفت" in html


def test_the_office_is_offered_verification_with_a_note_and_the_representative_is_not(client, programme):
    project = programme.project(programme.fire, status=Status.COMPLETED)

    office_response, office_html = page(client, programme.office, detail_url(project))
    rep_response, rep_html = page(client, programme.fire.representative, detail_url(project))

    assert [move.status for move in office_response.context["detail"].allowed_moves] == [
        Status.IN_PROGRESS,
        Status.VERIFIED,
    ]
    assert 'name="verification_note" id="id_verification_note"' in office_html
    assert [move.status for move in rep_response.context["detail"].allowed_moves] == [Status.IN_PROGRESS]
    assert 'id="id_verification_note"' not in rep_html


def test_a_manager_reads_a_project_and_is_offered_nothing(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    response, html = page(client, programme.manager, detail_url(project))
    assert response.status_code == 200
    assert response.context["detail"].allowed_moves == []
    assert reverse("project_progress", args=[project.pk]) not in html


def test_showing_a_project_costs_the_same_whatever_its_points_and_timeline(
    client, programme, django_assert_num_queries
):
    client.force_login(programme.office)
    small = programme.project(programme.fire, status=Status.APPROVED, year=1400)
    points = [
        programme.point(programme.fire, year=1400, code=code) for code in ("1a", "1b", "2a", "3a", "5c")
    ]
    large = programme.project(programme.fire, status=Status.COMPLETED, year=1400, points=points)
    client.get(detail_url(small))

    with django_assert_num_queries(15) as measured:
        client.get(detail_url(small))
    with django_assert_num_queries(len(measured.captured_queries)):
        response = client.get(detail_url(large))
    assert len(response.context["detail"].points) == 5
    assert len(response.context["detail"].timeline) == 3
    assert len(response.context["detail"].loop.rows) == 5


# --------------------------------------------------------------------------- progress


def progress(client, user, project, **data):
    client.force_login(user)
    data.setdefault("version", project.updated_at.isoformat())
    return client.post(reverse("project_progress", args=[project.pk]), data)


def test_a_representative_reports_progress_typed_in_persian_and_it_is_on_the_timeline(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    from excellence import jalali

    response = progress(
        client,
        programme.fire.representative,
        project,
        progress="۶۵",
        date=jalali.format_date(yesterday, persian_digits=True),
        note="دومین کارگاه برگزار شد.",
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(project) + "#timeline"
    project.refresh_from_db()
    assert project.progress == 65
    update = ProjectUpdate.objects.get(project=project, status="")
    assert (update.date, update.note, update.author) == (
        yesterday,
        "دومین کارگاه برگزار شد.",
        programme.fire.representative,
    )
    html = client.get(detail_url(project)).content.decode()
    assert "دومین کارگاه برگزار شد." in html and "۶۵٪" in html


def test_a_refused_report_shows_the_rule_beside_its_field(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    from excellence import jalali

    response = progress(
        client,
        programme.fire.representative,
        project,
        progress="50",
        note="x",
        date=jalali.format_date(tomorrow),
    )

    assert response.status_code == 400
    assert response.context["progress_form"].errors["date"] == [
        "تاریخ: گزارش پیشرفت را نمی‌توان با تاریخی در آینده ثبت کرد."
    ]
    assert not ProjectUpdate.objects.filter(project=project, status="").exists()


def test_a_report_on_a_stale_page_is_refused_with_the_conflict_message(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    opened = project.updated_at.isoformat()
    assert progress(client, programme.office, project, progress="30", note="اول").status_code == 302

    response = progress(
        client, programme.fire.representative, project, progress="60", note="دوم", version=opened
    )

    assert response.status_code == 400
    assert "کس دیگری این رکورد را" in " ".join(response.context["progress_form"].non_field_errors())
    project.refresh_from_db()
    assert project.progress == 30


def test_another_units_representative_cannot_report_progress(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    response = progress(client, programme.metro.representative, project, progress="50", note="x")
    assert response.status_code == 404
    response = progress(client, programme.manager, project, progress="50", note="x")
    assert response.status_code == 403
    assert not ProjectUpdate.objects.filter(project=project, status="").exists()


# --------------------------------------------------------------------------- status moves


def move(client, user, project, status, note=""):
    client.force_login(user)
    return client.post(
        reverse("project_transition", args=[project.pk]), {"status": status, "verification_note": note}
    )


def test_a_representative_completes_their_project_but_cannot_approve_or_verify(client, programme):
    running = programme.project(programme.fire, status=Status.IN_PROGRESS)
    proposed = programme.project(programme.fire)

    assert move(client, programme.fire.representative, running, Status.COMPLETED).status_code == 302
    running.refresh_from_db()
    assert (running.status, running.progress) == (Status.COMPLETED, 100)

    assert move(client, programme.fire.representative, proposed, Status.APPROVED).status_code == 403
    assert move(client, programme.fire.representative, running, Status.VERIFIED, "دیدم").status_code == 403
    running.refresh_from_db()
    proposed.refresh_from_db()
    assert (running.status, proposed.status) == (Status.COMPLETED, Status.PROPOSED)


def test_a_move_outside_the_transitions_table_is_refused_with_its_message(client, programme):
    project = programme.project(programme.fire)
    response = move(client, programme.office, project, Status.COMPLETED)
    assert response.status_code == 400
    assert response.context["transition_form"].errors["status"] == [
        "وضعیت: پروژه نمی‌تواند از «پیشنهادشده» به «تکمیل‌شده» برود."
    ]


def test_verifying_needs_a_note_and_someone_other_than_the_owner(client, programme):
    # The office member who owns a project is one of the unit's members too
    OrganizationMember.objects.create(organization=programme.fire.organization, user=programme.office)
    owned_by_office = programme.project(programme.fire, status=Status.COMPLETED, owner=programme.office)
    project = programme.project(programme.fire, status=Status.COMPLETED)

    no_note = move(client, programme.office, project, Status.VERIFIED, "  ")
    own = move(client, programme.office, owned_by_office, Status.VERIFIED, "بررسی شد")
    verified = move(client, programme.office, project, Status.VERIFIED, "گزارش نهایی و شاخص‌ها بررسی شد.")

    assert no_note.status_code == 400
    assert no_note.context["transition_form"].errors["verification_note"] == [
        "یادداشت راستی‌آزمایی: بنویسید چه چیزی بررسی شد."
    ]
    assert own.status_code == 400
    assert own.context["transition_form"].non_field_errors() == [
        "راستی‌آزمایی‌کننده: راستی‌آزمایی پروژه را کسی جز مسئول آن انجام می‌دهد."
    ]
    assert verified.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.verified_by, project.verification_note) == (
        Status.VERIFIED,
        programme.office,
        "گزارش نهایی و شاخص‌ها بررسی شد.",
    )


def test_a_manager_moves_nothing(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    assert move(client, programme.manager, project, Status.CANCELLED).status_code == 403


# --------------------------------------------------------------------------- a new project


def test_a_representative_defines_a_project_from_several_improvement_points(client, programme):
    # Given two of the unit's released points, and one of another unit
    first = programme.point(programme.fire, code="1a")
    second = programme.point(programme.fire, code="2a", text="ذی‌نفعان شناسایی نشده‌اند.")
    foreign = programme.point(programme.metro, code="1a", text="نقطه واحد دیگر")
    client.force_login(programme.fire.representative)

    form_page = client.get(reverse("project_create"))
    html = form_page.content.decode()
    assert form_page.status_code == 200
    assert "ذی‌نفعان شناسایی نشده‌اند." in html and "نقطه واحد دیگر" not in html

    response = client.post(
        reverse("project_create"),
        {
            "organization": "FIRE",
            "cycle": "1401",
            "improvement_points": [first.pk, second.pk],
            "title": "استقرار نظام بازنگری راهبرد",
            "category": "strategy",
            "owner": programme.fire.representative.pk,
            "start_date": "۱۴۰۱/۰۹/۰۱",
            "due_date": "1402/03/31",
        },
    )

    project = ImprovementProject.objects.get(title="استقرار نظام بازنگری راهبرد")
    assert response.status_code == 302 and response["Location"] == detail_url(project)
    assert (project.organization, project.status, project.owner) == (
        programme.fire.organization,
        Status.PROPOSED,
        programme.fire.representative,
    )
    assert set(project.improvement_points.all()) == {first, second}
    assert project.start_date == datetime.date(2022, 11, 22)
    assert foreign not in project.improvement_points.all()


def test_another_units_point_cannot_be_slipped_into_a_new_project(client, programme):
    foreign = programme.point(programme.metro, code="1a")
    client.force_login(programme.fire.representative)
    response = client.post(
        reverse("project_create"),
        {
            "organization": "FIRE",
            "cycle": "1401",
            "improvement_points": [foreign.pk],
            "title": "x",
            "category": "other",
        },
    )
    assert response.status_code == 400
    assert "improvement_points" in response.context["form"].errors
    assert not ImprovementProject.objects.exists()


def test_a_representative_cannot_define_a_project_for_another_unit_nor_a_manager_at_all(client, programme):
    client.force_login(programme.fire.representative)
    assert client.get(reverse("project_create"), {"organization": "METRO"}).status_code == 404
    client.force_login(programme.manager)
    assert client.get(reverse("project_create")).status_code == 403


def test_the_office_chooses_the_unit_first(client, programme):
    programme.point(programme.metro, code="1a", text="نقطه قطار")
    client.force_login(programme.office)
    assert client.get(reverse("project_create")).context["form"] is None
    html = client.get(reverse("project_create"), {"organization": "METRO", "cycle": "۱۴۰۱"}).content.decode()
    assert "نقطه قطار" in html


def test_unreleased_points_are_not_offered_to_a_representative(client, programme):
    from assessments.models import Assessment

    programme.point(programme.fire, code="1a", text="نقطه منتشرنشده")
    Assessment.objects.filter(pk=programme.fire.assessments[1401].pk).update(
        status=Assessment.Status.FINALIZED
    )
    client.force_login(programme.fire.representative)
    html = client.get(reverse("project_create")).content.decode()
    assert "نقطه منتشرنشده" not in html
    assert Finding.objects.filter(text="نقطه منتشرنشده").exists()


# --------------------------------------------------------------------------- the programme's view


def test_the_programmes_view_is_for_managers_and_the_office(client, programme):
    programme.project(programme.fire, category="strategy")
    programme.project(programme.metro, category="other")

    response, html = page(client, programme.manager, reverse("project_programme"), cycle="1401")
    assert response.status_code == 200
    assert response.context["overview"].total == 2
    assert "۵۰٫۰٪" in html  # each of the two categories holds half
    assert page(client, programme.office, reverse("project_programme"))[0].status_code == 200
    assert page(client, programme.fire.representative, reverse("project_programme"))[0].status_code == 403
    assert page(client, programme.manager, reverse("project_programme"), cycle="1300")[0].status_code == 404


def test_the_representatives_home_shows_the_units_projects_and_latest_update(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS, due_date=PAST)
    programme.project(programme.metro, title="پروژه قطار", status=Status.IN_PROGRESS)
    progress(client, programme.fire.representative, project, progress="20", note="گزارش اول واحد")

    response, html = page(client, programme.fire.representative, reverse("home"))

    assert "پروژه‌های بهبود دوره ۱۴۰۱" in html
    assert "گزارش اول واحد" in html and "پروژه قطار" not in html
    assert f"{reverse('project_list')}?organization=FIRE&amp;overdue=true" in html


def test_the_navigation_offers_projects_by_role(client, programme):
    _response, rep = page(client, programme.fire.representative, reverse("home"))
    _response, manager = page(client, programme.manager, reverse("home"))
    assert f'href="{reverse("project_list")}"' in rep and f'href="{reverse("project_programme")}"' not in rep
    assert f'href="{reverse("project_programme")}"' in manager


def test_a_refused_progress_report_names_each_field_and_its_rule(client, programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    client.force_login(programme.fire.representative)
    url = reverse("project_progress", args=[project.pk])

    response = client.post(url, {"progress": "۱۲۰", "note": "", "version": project.updated_at.isoformat()})

    errors = response.context["progress_form"].errors
    assert errors["progress"] == ["پیشرفت: درصد از ۰ تا ۱۰۰ است."]
    assert errors["note"] == ["چه کاری انجام شد: بنویسید این پیشرفت چیست، برای سیر زمانی پروژه."]
