"""The page shell's navigation: what the signed-in person's roles can open, and the roles to show."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Navigation:
    items: list[NavItem]
    roles: list[str]


def _navigation(request) -> Navigation:
    roles = access.roles_of(request.user)
    links = [(_("Home"), reverse("home"))]
    if access.can(request.user, "dashboard.read"):
        links.append((_("Dashboard"), reverse("dashboard")))
    elif access.can(request.user, "dashboard.read_unit"):
        codes = list(
            access.organizations_visible(request.user)
            .filter(pk__in=roles.organization_ids)
            .order_by("kind", "code")
            .values_list("code", flat=True)
        )
        for code in codes:
            label = (
                _("My unit's dashboard") if len(codes) == 1 else _("Dashboard of %(unit)s") % {"unit": code}
            )
            links.append((label, reverse("dashboard-unit", kwargs={"code": code})))
    if roles.is_assessor:
        links.append((_("Workspace"), reverse("workspace")))
    if access.can(request.user, "declaration.export"):
        links.append((_("Declarations"), reverse("declarations")))
    if roles.any:
        links.append((_("Projects"), reverse("project_list")))
    if access.can(request.user, "dashboard.read"):
        links.append((_("Projects of the programme"), reverse("project_programme")))
    if access.can_administer(request.user):
        links.append((_("Administration"), reverse("admin:index")))
    path = request.path
    items = [
        NavItem(label=label, url=url, current=(path == url or (url != "/" and path.startswith(url))))
        for label, url in links
    ]
    return Navigation(items=items, roles=roles.labels())


def navigation(request):
    """Lazily: only pages that draw the shell pay for the roles' queries (the admin does not)."""
    return {"navigation": SimpleLazyObject(lambda: _navigation(request))}
