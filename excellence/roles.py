"""The programme-wide roles that need no app's models: programme admin, manager, and the command line.

Everything else about who may see and do what — assessors, team leaders, unit
representatives, scoped querysets and one predicate per action — is decided in
`assessments/access.py`, which builds on these. They live here, below every app, so that
`organizations/` can check that its writes come from a programme admin without importing
`assessments/`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from excellence.errors import ApplicationError

GROUP_PROGRAMME_ADMINS = "programme_admins"
GROUP_MANAGERS = "managers"
ROLE_GROUPS = (GROUP_PROGRAMME_ADMINS, GROUP_MANAGERS)

# The apps whose model permissions the programme admins' group holds (for the admin's own checks).
PROGRAMME_ADMIN_APPS = ("organizations", "assessments")


class CommandLineActor:
    """Whoever runs `manage.py` on the server: trusted like a programme admin, recorded as nobody.

    Commands (`setup_programme`, `load_framework`, `seed_demo` before its admin exists)
    pass this as their `actor`; the change history then shows no user for their rows.
    """

    pk = None
    is_active = True
    is_authenticated = True
    is_anonymous = False
    is_superuser = True

    def __str__(self):
        return _("the command line")

    def get_username(self):
        return "manage.py"


COMMAND_LINE = CommandLineActor()

PROGRAMME_ADMIN_ONLY = gettext_lazy("Only the programme office can change the programme's set-up.")


class AccessDenied(ApplicationError):
    """A person asked for an action their role does not allow: pages answer 403, the API 403."""

    def __init__(self, message, *, code="forbidden", params=None):
        super().__init__(message, code=code, params=params)


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def is_programme_admin(user) -> bool:
    """A superuser or a member of the programme admins' group (the excellence office)."""
    if user is None or not getattr(user, "is_active", False) or not user.is_authenticated:
        return False
    if isinstance(user, CommandLineActor) or user.is_superuser:
        return True
    return GROUP_PROGRAMME_ADMINS in _group_names(user)


def is_manager(user) -> bool:
    """A member of the managers' group: reads everything, changes nothing."""
    if user is None or not getattr(user, "is_active", False) or not user.is_authenticated:
        return False
    if isinstance(user, CommandLineActor):
        return False
    return GROUP_MANAGERS in _group_names(user)


def ensure_programme_admin(actor) -> None:
    """Refuse a set-up change (units, assessors, frameworks, cycles, teams) by anyone but an admin."""
    if not is_programme_admin(actor):
        raise AccessDenied(str(PROGRAMME_ADMIN_ONLY), code="programme_manage")


def role_groups_ensure(**kwargs) -> None:
    """Create the role groups, and give the programme admins' group the programme's model permissions.

    Connected to `post_migrate`, so every installation has them after `migrate`, before any
    demo: the admin's own checks read those permissions.
    """
    from django.contrib.auth.models import Group, Permission

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}
    wanted = Permission.objects.filter(content_type__app_label__in=PROGRAMME_ADMIN_APPS)
    admins = groups[GROUP_PROGRAMME_ADMINS]
    missing = wanted.exclude(group=admins)
    if missing.exists():
        admins.permissions.add(*missing)
