"""Everyone signs in at /accounts/login/ in a real browser, lands on their own home, and signs out.

Each role of the programme (DESIGN §1) is built with factories and plain rows, not the write
services, so these tests do not depend on who the services take as their actor. The pages
are read as a person reads them: the text on screen, in Persian (right to left) and in
English (left to right), and the browser's console, where Chromium reports every breach of
the Content-Security-Policy.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import Assessment, AssessmentResult, Assignment, Cycle
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    CycleFactory,
    FrameworkFactory,
    RatingSchemeFactory,
)
from excellence import jalali
from excellence.roles import GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS
from organizations.models import Organization, OrganizationMember
from organizations.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
WIDTHS = (1366, 768)  # a laptop and a tablet
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")
LATIN_LETTERS = re.compile("[A-Za-z]")
PERSIAN_DATETIME = re.compile("[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}")


@dataclass
class Programme:
    superuser: object
    office: object
    manager: object
    assessor: object
    representative: object


def result_for(assessment, *, total, stars, level_fa="تقدیرنامه", level_en="Recognition"):
    return AssessmentResult.objects.create(
        assessment=assessment,
        total=Decimal(total),
        criterion_points={},
        scheme=assessment.cycle.rating_scheme,
        level_code="recognition",
        level_fa=level_fa,
        level_en=level_en,
        stars=stars,
        computed_at=timezone.now(),
    )


def in_group(user, name):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture(autouse=True)
def no_lockouts():
    """No test starts with another's failed sign-ins (django-axes keeps them in the database)."""
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def programme(db):
    """Cycle 1401 in assessment (1400 closed), three units, and one person of each role.

    - the fire department: released in 1400 (432.5 points, 3 stars); finalized, not yet
      released, in 1401 (399.0 points, 2 stars) — its representative sees only 1400;
    - the urban railway: released in 1400 (300.0 points), in individual assessment in 1401;
    - the parks company: in consensus in 1401, on a team the assessor is not on.
    The assessor leads the railway's team and is a member of the fire department's.
    """
    framework = FrameworkFactory(code="EFQM", name_fa="مدل تعالی سازمانی", name_en="Excellence model")
    scheme = RatingSchemeFactory(code="municipal")
    current = CycleFactory(
        year=1401,
        framework=framework,
        rating_scheme=scheme,
        status=Cycle.Status.ASSESSMENT,
        window_start=datetime.date(2022, 7, 23),
        window_end=datetime.date(2022, 9, 3),
    )
    earlier = CycleFactory(
        year=1400,
        framework=framework,
        rating_scheme=scheme,
        status=Cycle.Status.CLOSED,
        window_start=datetime.date(2021, 7, 23),
        window_end=datetime.date(2021, 9, 3),
    )
    fire = OrganizationFactory(code="FIRE", name_fa="سازمان آتش‌نشانی", name_en="Fire Department")
    metro = OrganizationFactory(
        code="METRO", name_fa="سازمان قطار شهری", name_en="Urban Railway Organization"
    )
    parks = OrganizationFactory(
        code="PARKS", name_fa="شرکت پارک‌ها", name_en="Parks Company", kind=Organization.Kind.COMPANY
    )

    fire_before = AssessmentFactory(cycle=earlier, organization=fire, status=Assessment.Status.RELEASED)
    result_for(fire_before, total="432.5", stars=3)
    fire_now = AssessmentFactory(cycle=current, organization=fire, status=Assessment.Status.FINALIZED)
    result_for(fire_now, total="399.0", stars=2, level_fa="گواهی تعهد", level_en="Committed")
    metro_before = AssessmentFactory(cycle=earlier, organization=metro, status=Assessment.Status.RELEASED)
    result_for(metro_before, total="300.0", stars=1, level_fa="گواهی تعهد", level_en="Committed")
    metro_now = AssessmentFactory(cycle=current, organization=metro, status=Assessment.Status.INDIVIDUAL)
    parks_now = AssessmentFactory(cycle=current, organization=parks, status=Assessment.Status.CONSENSUS)

    assessor = AssessorFactory(
        user=UserFactory(username="leila", first_name="لیلا", last_name="احمدی", password=PASSWORD)
    )
    Assignment.objects.create(assessment=metro_now, assessor=assessor, role=Assignment.Role.LEADER)
    Assignment.objects.create(assessment=fire_now, assessor=assessor, role=Assignment.Role.MEMBER)
    Assignment.objects.create(assessment=parks_now, assessor=AssessorFactory(), role=Assignment.Role.LEADER)

    representative = UserFactory(username="rep-fire", first_name="رضا", last_name="کریمی", password=PASSWORD)
    OrganizationMember.objects.create(organization=fire, user=representative)

    superuser = UserFactory(username="root", first_name="", last_name="", password=PASSWORD)
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    office = in_group(
        UserFactory(username="office", first_name="مریم", last_name="رضایی", password=PASSWORD),
        GROUP_PROGRAMME_ADMINS,
    )
    manager = in_group(
        UserFactory(username="manager", first_name="حسن", last_name="مرادی", password=PASSWORD),
        GROUP_MANAGERS,
    )
    return Programme(
        superuser=superuser,
        office=office,
        manager=manager,
        assessor=assessor.user,
        representative=representative,
    )


@pytest.fixture
def csp_violations(page):
    """Every message in which Chromium refused something because of the Content-Security-Policy.

    Chromium's wording changes between versions ("Refused to load…", "Executing inline script
    violates…"); every one of them names the Content Security Policy.
    """
    refused = []

    def listen(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return refused


@pytest.fixture
def screenshots_at_both_widths(page, screenshot):
    """Full-page screenshots at the laptop's and the tablet's width; the viewport is then put back."""

    def take(name):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(f"{name}-{width}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    return take


def sign_out(page, live_server):
    """Sign out as a person does: the name in the header opens the menu, "خروج" posts the form."""
    page.click(".site-header .person")
    page.get_by_role("button", name="خروج").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def assert_signed_out_on_the_persian_login_page(page, live_server):
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator(".sign-in h1").inner_text() == "ورود"
    # The session is over: the home page sends the browser back to sign in
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/")


def assert_persian_right_to_left(page):
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"


def header_roles(page):
    return page.locator(".site-header .person .role-badge").all_inner_texts()


def figures(page):
    """The set-up card's figures, label → value."""
    card = page.locator("section[aria-labelledby=set-up-title]")
    return dict(
        zip(
            card.locator("dt").all_inner_texts(),
            card.locator("dd").all_inner_texts(),
            strict=True,
        )
    )


def star_rows(page):
    """The star table's rows: stars drawn → (units, provisional badge or "")."""
    rows = {}
    for row in page.locator(".star-table tbody tr").all():
        badge = row.locator(".badge")
        units = row.locator("td").first
        rows[row.locator("th .stars").inner_text()] = (
            units.inner_text().split()[0],
            badge.inner_text() if badge.count() else "",
        )
    return rows


def assessment_rows(page):
    """The assessor's table: unit → (kind, my role, status)."""
    table = page.locator("section[aria-labelledby=assessments-title] table tbody tr")
    return {
        row.locator("td").nth(0).inner_text(): tuple(row.locator("td").nth(i).inner_text() for i in (1, 2, 3))
        for row in table.all()
    }


def assert_home_text_is_all_persian(page):
    """No English word is left untranslated in the cards of a Persian home page."""
    text = page.locator(".home-grid").inner_text()
    assert not LATIN_LETTERS.search(text), text


# ----------------------------------------------------------------------------- the login page


def test_the_login_page_is_persian_right_to_left_with_the_language_switcher(
    page, live_server, screenshots_at_both_widths, csp_violations
):
    # Given an anonymous visitor with a Persian browser
    # When they open the sign-in page
    response = page.goto(f"{live_server.url}/accounts/login/")

    # Then it is the product's Persian page, right to left, with the fa/en switcher
    assert response.status == 200
    assert_persian_right_to_left(page)
    assert page.locator(".sign-in h1").inner_text() == "ورود"
    assert page.locator("label[for=id_username]").inner_text().strip().startswith("نام کاربری")
    assert page.locator("label[for=id_password]").inner_text().strip().startswith("گذرواژه")
    switcher = page.locator(".language-switcher")
    assert switcher.locator("button[value=fa]").is_disabled()
    assert switcher.locator("button[value=en]").inner_text() == "English"
    assert not LATIN_LETTERS.search(page.locator("main").inner_text())
    screenshots_at_both_widths("login-fa")
    assert csp_violations == []


def test_a_wrong_password_is_told_as_such_never_as_a_staff_account(
    page, live_server, programme, screenshots_at_both_widths, csp_violations
):
    # Given the sign-in page
    page.goto(f"{live_server.url}/accounts/login/")

    # When a person types their user name with a wrong password
    page.fill("#id_username", "leila")
    page.fill("#id_password", "not-the-password")
    page.click(".sign-in button[type=submit]")
    page.wait_for_load_state()

    # Then they stay on the sign-in page, told in Persian that the user name or password is wrong
    assert page.url == f"{live_server.url}/accounts/login/"
    alert = page.locator(".sign-in .alert-danger").inner_text()
    assert "نام کاربری یا گذرواژه نادرست است" in alert
    assert page.locator("#lockout-message").count() == 0
    body = page.locator("body").inner_text()
    assert "staff" not in body.lower() and "کارمند" not in body
    assert page.input_value("#id_username") == "leila"
    assert page.input_value("#id_password") == ""
    screenshots_at_both_widths("login-wrong-password-fa")
    assert csp_violations == []


def test_five_wrong_passwords_lock_the_sign_in_and_then_even_the_right_one_is_refused(
    page, live_server, programme, screenshots_at_both_widths, csp_violations
):
    # Given the sign-in page, and four wrong passwords for one user name
    page.goto(f"{live_server.url}/accounts/login/")

    def try_password(password):
        page.fill("#id_username", "rep-fire")
        page.fill("#id_password", password)
        with page.expect_navigation() as navigation:
            page.click(".sign-in button[type=submit]")
        return navigation.value

    for attempt in range(4):
        answer = try_password(f"wrong-{attempt}")
        assert answer.status == 200
        assert page.locator("#lockout-message").count() == 0

    # When the fifth wrong password is sent
    fifth = try_password("wrong-4")

    # Then the page says, in Persian, that signing in is locked until a time about 15 minutes away
    assert fifth.status == 429
    message = page.locator("#lockout-message").inner_text()
    assert "تا" in message and "دقیقه" in message
    shown = PERSIAN_DATETIME.search(message)
    assert shown is not None, message
    now = timezone.now()
    expected = {
        jalali.format_datetime(now + datetime.timedelta(minutes=minutes), persian_digits=True)
        for minutes in (14, 15, 16)
    }
    assert shown.group(0) in expected, (shown.group(0), expected)
    assert_persian_right_to_left(page)
    screenshots_at_both_widths("login-lockout-fa")

    # When the right password comes next
    right = try_password(PASSWORD)

    # Then it is refused with the same lockout message, and no one is signed in
    assert right.status == 429
    assert page.url == f"{live_server.url}/accounts/login/"
    assert "تا" in page.locator("#lockout-message").inner_text()
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/")

    # And another person signing in from the same browser is not locked out
    page.fill("#id_username", "leila")
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert csp_violations == []


# ----------------------------------------------------------------------------- each role, in Persian


def test_a_superuser_signs_in_sees_the_set_up_and_the_stars_and_signs_out(
    page, live_server, programme, sign_in, screenshots_at_both_widths, csp_violations
):
    # Given the superuser on the sign-in page
    # When they sign in
    sign_in("root", PASSWORD)

    # Then their home shows the programme's set-up in figures, the cycle's stars and the admin's link
    assert_persian_right_to_left(page)
    assert header_roles(page) == ["مدیر برنامه"]
    assert page.locator("#set-up-title").inner_text() == "تنظیمات برنامه"
    assert figures(page) == {
        "مدل‌های تعالی": "۱",
        "جدول‌های سطح‌بندی": "۱",
        "دوره‌ها": "۲",
        "واحدهای فعال": "۳",
        "ارزیابان فعال": "۲",
        "ارزیابی‌های ۱۴۰۱": "۳",
    }
    assert page.locator("#stars-title").inner_text() == "رتبه‌های ستاره‌ای دوره ۱۴۰۱"
    assert page.locator("a[href='/admin/']").count() >= 1
    assert_home_text_is_all_persian(page)
    screenshots_at_both_widths("home-superuser-fa")

    # When they sign out from the header's menu
    sign_out(page, live_server)

    # Then they are on the sign-in page, signed out
    assert_signed_out_on_the_persian_login_page(page, live_server)
    assert csp_violations == []


def test_a_programme_admin_who_is_not_superuser_signs_in_opens_the_admin_and_signs_out(
    page, live_server, programme, sign_in, screenshots_at_both_widths, csp_violations
):
    # Given a member of the programme admins' group, neither superuser nor staff
    assert not programme.office.is_superuser and not programme.office.is_staff

    # When they sign in
    sign_in("office", PASSWORD)

    # Then their home is the office's: the set-up and the stars
    assert_persian_right_to_left(page)
    assert page.locator(".site-header .person-name").inner_text() == "مریم رضایی"
    assert header_roles(page) == ["مدیر برنامه"]
    assert figures(page)["ارزیابی‌های ۱۴۰۱"] == "۳"
    assert page.locator("#stars-title").is_visible()
    assert_home_text_is_all_persian(page)
    screenshots_at_both_widths("home-programme-admin-fa")

    # When they follow the link to the administration
    page.get_by_role("link", name="ورود به بخش مدیریت").click()

    # Then the admin opens for them
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("#site-name").inner_text().strip() != ""
    assert page.locator("#content h1").count() == 1
    assert_persian_right_to_left(page)

    # When they go home and sign out
    page.goto(f"{live_server.url}/")
    sign_out(page, live_server)

    # Then they are signed out on the sign-in page
    assert_signed_out_on_the_persian_login_page(page, live_server)
    assert csp_violations == []


def test_a_manager_signs_in_sees_the_current_cycles_stars_only_and_signs_out(
    page, live_server, programme, sign_in, screenshots_at_both_widths, csp_violations
):
    # Given a manager
    # When they sign in
    sign_in("manager", PASSWORD)

    # Then their home shows cycle 1401's star distribution, the unfinalized units marked provisional
    assert_persian_right_to_left(page)
    assert header_roles(page) == ["مدیر ارشد"]
    assert page.locator("#stars-title").inner_text() == "رتبه‌های ستاره‌ای دوره ۱۴۰۱"
    assert star_rows(page) == {
        "★★★★": ("۰", ""),
        "★★★☆": ("۰", ""),
        "★★☆☆": ("۱", ""),  # the fire department, finalized: as stored
        "★☆☆☆": ("۰", ""),
        "☆☆☆☆": ("۲", "۲ موقت"),  # the railway and the parks, from their (empty) consensus scores
    }
    assert "۳ واحد در این دوره" in page.locator("section[aria-labelledby=stars-title]").inner_text()
    # And nothing of the office's: no set-up, no link to the admin
    assert page.locator("#set-up-title").count() == 0
    assert page.locator("a[href='/admin/']").count() == 0
    assert_home_text_is_all_persian(page)
    screenshots_at_both_widths("home-manager-fa")

    # When they sign out
    sign_out(page, live_server)

    # Then they are signed out on the sign-in page
    assert_signed_out_on_the_persian_login_page(page, live_server)
    assert csp_violations == []


def test_an_assessor_signs_in_sees_their_two_teams_with_their_roles_and_signs_out(
    page, live_server, programme, sign_in, screenshot, screenshots_at_both_widths, csp_violations
):
    # Given an assessor leading the railway's team and on the fire department's, not on the parks'
    # When they sign in
    sign_in("leila", PASSWORD)

    # Then their home lists both assessments of 1401 with the unit's kind, their role and the status
    assert_persian_right_to_left(page)
    assert header_roles(page) == ["ارزیاب"]
    assert page.locator("#assessments-title").inner_text() == "ارزیابی‌های من در ۱۴۰۱"
    assert assessment_rows(page) == {
        "سازمان آتش‌نشانی": ("سازمان", "عضو", "نهایی‌شده"),
        "سازمان قطار شهری": ("سازمان", "سرارزیاب", "ارزیابی فردی"),
    }
    assert "شرکت پارک‌ها" not in page.locator("main").inner_text()
    # And nothing of the office's or the managers'
    assert page.locator("#stars-title").count() == 0
    assert page.locator("#set-up-title").count() == 0
    assert_home_text_is_all_persian(page)
    screenshots_at_both_widths("home-assessor-fa")

    # When they open the menu under their name
    page.click(".site-header .person")

    # Then it says who is signed in, and offers the password change and signing out
    menu = page.locator(".site-header .dropdown-menu")
    menu.wait_for(state="visible")
    assert "leila" in menu.inner_text()
    screenshot("home-assessor-fa-menu-1366")
    page.get_by_role("button", name="خروج").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")

    # Then they are signed out on the sign-in page
    assert_signed_out_on_the_persian_login_page(page, live_server)
    assert csp_violations == []


def test_a_representative_signs_in_sees_their_units_released_result_only_and_signs_out(
    page, live_server, programme, sign_in, screenshots_at_both_widths, csp_violations
):
    # Given the fire department's representative: released in 1400, finalized but unreleased in 1401
    # When they sign in
    sign_in("rep-fire", PASSWORD)

    # Then their home shows the unit's latest released result: total, stars and level
    assert_persian_right_to_left(page)
    assert header_roles(page) == ["نماینده واحد"]
    card = page.locator("section[aria-labelledby=unit-FIRE]")
    assert card.locator("h2").inner_text() == "سازمان آتش‌نشانی"
    assert card.locator(".result-cycle").inner_text() == "نتیجه اعلام‌شده دوره ۱۴۰۰"
    assert card.locator(".result-total").inner_text() == "۴۳۲٫۵ امتیاز"
    assert card.locator(".stars").inner_text() == "★★★☆"
    assert card.locator(".result-level").inner_text() == "تقدیرنامه"
    # And not the unreleased 1401 result, nor another unit's
    main = page.locator("main").inner_text()
    assert "۳۹۹" not in main and "گواهی تعهد" not in main and "★★☆☆" not in main
    assert "قطار شهری" not in main and "۳۰۰٫۰" not in main
    assert page.locator("#stars-title").count() == 0
    assert_home_text_is_all_persian(page)
    screenshots_at_both_widths("home-representative-fa")

    # When they sign out
    sign_out(page, live_server)

    # Then they are signed out on the sign-in page
    assert_signed_out_on_the_persian_login_page(page, live_server)
    assert csp_violations == []


# ----------------------------------------------------------------------------- the admin


def test_a_manager_opening_the_admin_gets_the_persian_403_page(
    page, live_server, programme, sign_in, screenshots_at_both_widths, csp_violations
):
    # Given a signed-in manager (reads everything, but is not the programme office)
    sign_in("manager", PASSWORD)

    # When they open the admin
    response = page.goto(f"{live_server.url}/admin/")

    # Then the product's Persian 403 page says the admin is for the programme office only
    assert response.status == 403
    assert_persian_right_to_left(page)
    assert page.locator("#error-title").inner_text() == "این کار برای شما مجاز نیست"
    assert "بخش مدیریت فقط برای دفتر برنامه تعالی" in page.locator(".error-page .lead").inner_text()
    assert page.locator(".site-header .person-name").inner_text() == "حسن مرادی"
    assert not LATIN_LETTERS.search(page.locator("main").inner_text())
    screenshots_at_both_widths("admin-403-fa")

    # When they follow the way back
    page.get_by_role("link", name="بازگشت به صفحه خانه").click()

    # Then they are on their home
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#stars-title").is_visible()
    assert csp_violations == []


def test_an_anonymous_visitor_of_the_admin_signs_in_and_lands_back_on_it(
    page, live_server, programme, sign_in, csp_violations
):
    # Given an anonymous visitor
    # When they open the admin
    page.goto(f"{live_server.url}/admin/")

    # Then they are on the one sign-in page, with the admin as where to go next
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=%2Fadmin%2F")
    assert page.locator(".sign-in h1").inner_text() == "ورود"
    assert page.locator(".sign-in input[name=next]").input_value() == "/admin/"

    # When a programme admin signs in there
    sign_in("office", PASSWORD, lands_on="/admin/")

    # Then the admin opens, and a page of it lists the cycles in Persian
    page.goto(f"{live_server.url}/admin/assessments/cycle/")
    assert "۱۴۰۱" in page.locator("#content").inner_text()
    assert csp_violations == []


# ----------------------------------------------------------------------------- English

ENGLISH_HOMES = {
    # user name: (role badges, texts shown, texts not shown)
    "root": (
        ["Programme admin"],
        ["The programme's set-up", "Star ratings of cycle 1401", "Assessments in 1401"],
        [],
    ),
    "office": (["Programme admin"], ["The programme's set-up", "Open the administration"], []),
    "manager": (
        ["Manager"],
        ["Star ratings of cycle 1401", "2 provisional", "3 units in the cycle."],
        ["set-up"],
    ),
    "leila": (
        ["Assessor"],
        [
            "My assessments in 1401",
            "Urban Railway Organization",
            "Team leader",
            "Individual assessment",
            "Fire Department",
            "Member",
            "Finalized",
        ],
        ["Parks Company", "Star ratings"],
    ),
    "rep-fire": (
        ["Unit representative"],
        ["Fire Department", "Released result of cycle 1400", "432.5", "★★★☆", "Recognition"],
        ["399", "Committed", "Urban Railway", "300.0"],
    ),
}
ENGLISH_NAMES = {
    "root": "superuser",
    "office": "programme-admin",
    "manager": "manager",
    "leila": "assessor",
    "rep-fire": "representative",
}


@pytest.mark.parametrize("username", list(ENGLISH_HOMES))
def test_each_role_chooses_english_on_the_login_page_and_reads_an_english_left_to_right_home(
    username, page, live_server, programme, sign_in, screenshot, screenshots_at_both_widths, csp_violations
):
    roles, shown, not_shown = ENGLISH_HOMES[username]
    # Given the Persian sign-in page
    page.goto(f"{live_server.url}/accounts/login/")
    assert_persian_right_to_left(page)

    # When the person switches to English there
    page.click(".language-switcher button[value=en]")

    # Then the sign-in page is English, left to right
    page.wait_for_selector("html[lang=en]")
    assert page.url == f"{live_server.url}/accounts/login/"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator(".sign-in h1").inner_text() == "Sign in"
    assert page.locator(".language-switcher button[value=en]").is_disabled()
    if username == "root":
        screenshots_at_both_widths("login-en")

    # When they sign in
    sign_in(username, PASSWORD)

    # Then their home is English, left to right, with what their role may see and nothing else
    html = page.locator("html")
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    assert header_roles(page) == roles
    main = page.locator("main").inner_text()
    for text in shown:
        assert text in main, text
    for text in not_shown:
        assert text not in main, text
    # No Persian left untranslated in the cards (the units have English names)
    cards = page.locator(".home-grid").inner_text()
    assert not PERSIAN_LETTERS.search(cards), cards
    screenshots_at_both_widths(f"home-{ENGLISH_NAMES[username]}-en")

    # When they sign out
    page.click(".site-header .person")
    page.get_by_role("button", name="Sign out").click()

    # Then they are on the sign-in page, still in English
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert csp_violations == []


# ----------------------------------------------------------------------------- Content-Security-Policy


def test_no_page_breaks_the_content_security_policy_and_a_breach_would_be_heard(
    page, live_server, programme, sign_in, csp_violations
):
    # Given a browser listening to its console
    # When the login page, every role's home and an admin page are opened
    page.goto(f"{live_server.url}/accounts/login/")
    for username in ("leila", "rep-fire", "manager"):
        sign_in(username, PASSWORD)
        page.click(".site-header .person")  # Bootstrap's dropdown runs its script
        page.get_by_role("button", name="خروج").click()
        page.wait_for_url(f"{live_server.url}/accounts/login/")
    sign_in("root", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/assessments/cycle/")
    page.goto(f"{live_server.url}/admin/assessments/cycle/{Cycle.objects.get(year=1401).pk}/change/")
    page.wait_for_load_state("networkidle")

    # Then Chromium refused nothing on any of them
    assert csp_violations == []

    # When a page tries an inline script (as an injected one would)
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
        )

    # Then the policy refuses it, and the listener above hears it: its silence on the pages was real
    assert page.evaluate("() => window.injected === undefined")
    assert len(csp_violations) == 1
    # (Chromium words it "Refused to execute inline script…" or "Executing inline script violates…")
    assert "inline script" in csp_violations[0] and "script-src" in csp_violations[0]
