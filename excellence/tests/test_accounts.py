"""Signing in, out and the lockout, as a person meets them at /accounts/login/."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from organizations.tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def person(db):
    return UserFactory(username="maryam", password=PASSWORD)


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def test_the_login_page_is_persian_right_to_left_with_the_language_switcher(client, db):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="fa" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert 'class="language-switcher"' in page
    assert "ورود" in page


def test_the_login_page_is_english_left_to_right_once_english_is_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en" dir="ltr">' in page
    assert "bootstrap.min.css" in page and "bootstrap.rtl" not in page


def test_a_wrong_password_is_told_as_such_never_as_a_staff_account(english_client, person):
    response = sign_in(english_client, "maryam", "not-the-password")

    text = response.content.decode()
    assert response.status_code == 200
    assert "The user name or password is wrong." in text
    assert "staff" not in text


def test_the_right_password_signs_in_and_lands_on_the_home_page(client, person):
    response = sign_in(client, "maryam", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_user_name_typed_with_persian_digits_is_the_same_user_name(client, db):
    UserFactory(username="rep7", password=PASSWORD)

    response = sign_in(client, "rep۷", PASSWORD)

    assert response.status_code == 302


def test_next_on_this_site_is_followed(client, person):
    response = sign_in(client, "maryam", PASSWORD, next="/admin/")

    assert response.url == "/admin/"


def test_next_pointing_off_the_site_is_ignored(client, person):
    response = sign_in(client, "maryam", PASSWORD, next="https://evil.example.com/steal")

    assert response.url == reverse("home")


def test_anonymous_visitors_are_sent_to_the_login_page_with_next(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_sign_out_is_a_post_and_ends_the_session(client, person):
    client.force_login(person)

    refused = client.get(reverse("logout"))
    signed_out = client.post(reverse("logout"))
    after = client.get(reverse("home"))

    assert refused.status_code == 405
    assert signed_out.status_code == 302 and signed_out.url == reverse("login")
    assert after.status_code == 302 and after.url.startswith(reverse("login"))


def test_thirty_wrong_passwords_lock_the_login_and_the_right_one_is_then_refused(english_client, person):
    client = english_client
    # Given 30 wrong passwords for one login
    answers = [sign_in(client, "maryam", f"wrong-{attempt}") for attempt in range(30)]

    # When the right password comes next
    right = sign_in(client, "maryam", PASSWORD)

    # Then the lockout holds from the fifth failure on, and says when to try again
    assert [answer.status_code for answer in answers[:4]] == [200] * 4
    assert {answer.status_code for answer in answers[5:]} == {429}
    assert right.status_code == 429
    text = right.content.decode()
    assert "Too many wrong passwords for this user name. Signing in is locked until" in text
    assert "minutes from now" in text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="maryam").exists()


def test_the_lockout_message_is_persian_on_persian_pages(client, person):
    for attempt in range(5):
        sign_in(client, "maryam", f"wrong-{attempt}")

    response = sign_in(client, "maryam", PASSWORD)

    assert response.status_code == 429
    assert "ورود تا" in response.content.decode()


def test_a_lockout_of_one_login_does_not_lock_another(client, person):
    UserFactory(username="reza", password=PASSWORD)
    for attempt in range(6):
        sign_in(client, "maryam", f"wrong-{attempt}")

    response = sign_in(client, "reza", PASSWORD)

    assert response.status_code == 302


def test_password_change_applies_the_password_rules(english_client, person):
    client = english_client
    client.force_login(person)

    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    strong = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "river-lantern-1401",
            "new_password2": "river-lantern-1401",
        },
    )

    assert weak.status_code == 200
    assert "This password is too short." in weak.content.decode()
    assert strong.status_code == 302 and strong.url == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password("river-lantern-1401")
