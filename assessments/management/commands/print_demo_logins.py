"""`manage.py print_demo_logins`: where to log in and as whom, after `seed_demo`."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.demo.people import DEMO_PASSWORD, representative_username

DEFAULT_ADDRESS = "127.0.0.1:8000"

# (username, what the login shows)
EXAMPLE_LOGINS = (
    ("admin", gettext_lazy("programme admin (superuser)")),
    ("manager", gettext_lazy("manager: reads every dashboard")),
    ("assessor01", gettext_lazy("internal assessor, team leader")),
    ("assessor56", gettext_lazy("external assessor")),
    (representative_username("FIRE"), gettext_lazy("unit representative of FIRE")),
)


class Command(BaseCommand):
    help = "Print the demo logins made by seed_demo and, when DEBUG is on, their password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=None,
            help=(
                "host:port the server runs on; by default HOST and PORT from the environment "
                f"(make run exports its own), else {DEFAULT_ADDRESS}."
            ),
        )

    def handle(self, *args, **options):
        users = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=[name for name, _role in EXAMPLE_LOGINS])
        }
        if not users:
            self.stdout.write(_("No demo logins yet: run `manage.py seed_demo` first."))
            return
        password = self._password_shown(users)
        sign_in_url = f"http://{options['address'] or _default_address()}/accounts/login/"
        self.stdout.write(_("Demo logins — %(url)s") % {"url": sign_in_url})
        width = max(len(name) for name, _role in EXAMPLE_LOGINS)
        for username, role in EXAMPLE_LOGINS:
            user = users.get(username)
            if user is None:
                shown = _("(missing: run seed_demo)")
            elif not user.has_usable_password():
                shown = _("(no password)")
            else:
                shown = password
            self.stdout.write(f"  {username.ljust(width)}  {shown:<28}  {role}")
        self.stdout.write(_("Every assessor logs in as assessor01…assessor65, every unit as rep-<code>."))
        if not settings.DEBUG:
            self.stdout.write(
                _(
                    "Passwords are not shown because DEBUG is off. Give every demo login one with "
                    "`manage.py seed_demo --password <password>`, "
                    "or one user with `manage.py changepassword admin`."
                )
            )

    def _password_shown(self, users) -> str:
        if not settings.DEBUG:
            return _("(hidden: DEBUG is off)")
        admin = users.get("admin")
        if admin is not None and admin.check_password(DEMO_PASSWORD):
            return DEMO_PASSWORD
        return _("(the one given to seed_demo --password)")


def _default_address() -> str:
    """Where `make run HOST=… PORT=…` serves: it exports both; read when the command runs."""
    default_host, default_port = DEFAULT_ADDRESS.rsplit(":", 1)
    return f"{os.environ.get('HOST') or default_host}:{os.environ.get('PORT') or default_port}"
