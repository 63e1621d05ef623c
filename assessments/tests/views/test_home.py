"""`/`: each role lands on its own home, sees what it may, and nothing else; the admin is the office's."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentResult, Assignment, Cycle
from assessments.tests.factories import AssessmentFactory, AssessorFactory, CycleFactory
from excellence.roles import GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS
from organizations.models import OrganizationMember
from organizations.tests.factories import OrganizationFactory, UserFactory


def result_for(assessment, *, total, stars):
    return AssessmentResult.objects.create(
        assessment=assessment,
        total=Decimal(total),
        criterion_points={},
        scheme=assessment.cycle.rating_scheme,
        level_code="recognition",
        level_fa="تقدیرنامه",
        level_en="Recognition",
        stars=stars,
        computed_at=timezone.now(),
    )


@pytest.fixture
def cycle(db):
    return CycleFactory(year=1401, status=Cycle.Status.ASSESSMENT)


def in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


def test_an_assessor_sees_their_assessments_of_the_current_cycle_with_role_and_status(client, cycle):
    # Given an assessor leading one team and on another, and a team they are not on
    assessor = AssessorFactory()
    led = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(name_fa="آتش‌نشانی"))
    joined = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(name_fa="قطار شهری"))
    other = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(name_fa="پارک‌ها"))
    Assignment.objects.create(assessment=led, assessor=assessor, role=Assignment.Role.LEADER)
    Assignment.objects.create(assessment=joined, assessor=assessor, role=Assignment.Role.MEMBER)
    Assignment.objects.create(assessment=other, assessor=AssessorFactory(), role=Assignment.Role.LEADER)
    client.force_login(assessor.user)

    # When they open their home
    page = client.get(reverse("home")).content.decode()

    # Then both of their assessments are listed with their role, and the other team's is not
    assert "آتش‌نشانی" in page and "قطار شهری" in page
    assert "پارک‌ها" not in page
    assert '<span class="badge text-bg-primary">سرارزیاب</span>' in page
    assert '<span class="badge role-badge">ارزیاب</span>' in page


def test_a_representative_sees_only_their_units_released_result(client, cycle):
    # Given a unit with a released result, an earlier one, and another unit's result
    unit = OrganizationFactory(name_fa="سازمان آتش‌نشانی")
    earlier = CycleFactory(year=1400, status=Cycle.Status.CLOSED)
    released = AssessmentFactory(cycle=cycle, organization=unit, status=Assessment.Status.RELEASED)
    before = AssessmentFactory(cycle=earlier, organization=unit, status=Assessment.Status.RELEASED)
    result_for(released, total="461.3", stars=4)
    result_for(before, total="432.5", stars=4)
    stranger = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(name_fa="شرکت دیگر"))
    stranger.status = Assessment.Status.RELEASED
    stranger.save()
    result_for(stranger, total="300.0", stars=1)
    representative = UserFactory()
    OrganizationMember.objects.create(organization=unit, user=representative)
    client.force_login(representative)

    page = client.get(reverse("home")).content.decode()

    assert "سازمان آتش‌نشانی" in page
    assert "۴۶۱٫۳" in page
    assert "+۲۸٫۸" in page
    assert "شرکت دیگر" not in page and "۳۰۰٫۰" not in page


def test_a_representative_sees_no_unreleased_result(client, cycle):
    unit = OrganizationFactory()
    finalized = AssessmentFactory(cycle=cycle, organization=unit, status=Assessment.Status.FINALIZED)
    result_for(finalized, total="399.0", stars=3)
    representative = UserFactory()
    OrganizationMember.objects.create(organization=unit, user=representative)
    client.force_login(representative)

    page = client.get(reverse("home")).content.decode()

    assert "399" not in page
    assert "هنوز نتیجه‌ای از این واحد اعلام نشده است." in page


def test_a_manager_sees_the_star_distribution_with_provisional_results_marked(client, cycle):
    released = AssessmentFactory(cycle=cycle, status=Assessment.Status.RELEASED)
    result_for(released, total="461.3", stars=4)
    # In consensus, rated from its (empty) consensus scores: 0 points, 0 stars, provisional
    AssessmentFactory(cycle=cycle, status=Assessment.Status.CONSENSUS)
    client.force_login(in_group(UserFactory(), GROUP_MANAGERS))

    response = client.get(reverse("home"))
    stars = response.context["stars"]

    assert stars.units == 2
    assert {count: (units, provisional) for count, units, provisional in stars.counts}[4] == (1, 0)
    assert {count: (units, provisional) for count, units, provisional in stars.counts}[0] == (1, 1)
    assert "set_up" not in response.context
    page = response.content.decode()
    assert "رتبه‌های ستاره‌ای دوره ۱۴۰۱" in page
    assert "۱ موقت" in page


def test_a_programme_admin_sees_the_set_up_and_the_administration_link(client, cycle):
    office = in_group(UserFactory(), GROUP_PROGRAMME_ADMINS)
    client.force_login(office)

    response = client.get(reverse("home"))

    assert response.context["set_up"].cycles == 1
    assert reverse("admin:index") in response.content.decode()


def test_a_person_without_a_role_is_told_to_ask_for_one(client, db, english_client):
    english_client.force_login(UserFactory())

    page = english_client.get(reverse("home")).content.decode()

    assert "Your account has no role in the programme yet." in page
    assert reverse("admin:index") not in page


def test_the_home_page_runs_a_fixed_number_of_queries(client, cycle, django_assert_max_num_queries):
    # Given a person with every role
    user = in_group(in_group(UserFactory(), GROUP_MANAGERS), GROUP_PROGRAMME_ADMINS)
    assessor = AssessorFactory(user=user)
    client.force_login(user)

    def queries_with(units):
        while Assignment.objects.filter(assessor=assessor).count() < units:
            assessment = AssessmentFactory(cycle=cycle)
            Assignment.objects.create(assessment=assessment, assessor=assessor)
            OrganizationMember.objects.create(organization=assessment.organization, user=user)
        with django_assert_max_num_queries(40) as counted:
            assert client.get(reverse("home")).status_code == 200
        return len(counted)

    # Then the page's queries do not grow with the number of teams and units
    assert queries_with(2) == queries_with(12)


def test_the_admin_is_for_programme_admins_only(client, db, english_client):
    # A manager is signed in but not the programme office: 403, in the product's page
    english_client.force_login(in_group(UserFactory(), GROUP_MANAGERS))
    refused = english_client.get(reverse("admin:index"), follow=True)

    assert refused.status_code == 403
    assert "The admin is for the programme office (programme admins) only." in refused.content.decode()


def test_the_admin_lets_a_non_staff_programme_admin_in(client, db):
    client.force_login(in_group(UserFactory(), GROUP_PROGRAMME_ADMINS))

    assert client.get(reverse("admin:index")).status_code == 200


def test_anonymous_visitors_of_the_admin_go_to_the_one_sign_in_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=%2Fadmin%2F"


def test_the_token_section_of_the_admin_is_for_superusers_only(client, db):
    office = in_group(UserFactory(), GROUP_PROGRAMME_ADMINS)
    client.force_login(office)
    url = reverse("admin:authtoken_tokenproxy_changelist")

    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200


def test_an_unknown_address_answers_the_persian_404_page(client, db):
    client.force_login(UserFactory())

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "این صفحه یافت نشد" in response.content.decode()


def test_every_product_response_carries_the_content_security_and_permissions_policies(client, db):
    response = client.get(reverse("login"))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
