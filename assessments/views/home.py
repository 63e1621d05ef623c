"""`/`: each person's home — what each of their roles can open, and what they may see at a glance."""

from django.views.generic import TemplateView

from .. import access
from ..selectors import home
from ..selectors.projects import units_projects
from .base import ProductPageMixin


class HomeView(ProductPageMixin, TemplateView):
    template_name = "assessments/home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, roles = self.request.user, context["roles"]
        cycle = home.cycle_current(user=user)
        context["cycle"] = cycle
        if roles.is_admin:
            context["set_up"] = home.programme_set_up(user=user, cycle=cycle)
        if roles.reads_everything and cycle is not None:
            context["stars"] = home.star_distribution(user=user, cycle=cycle)
        if roles.is_assessor and cycle is not None:
            context["assignments"] = home.assessor_assignments(user=user, cycle=cycle)
            context["earlier_assessments"] = home.assessor_earlier_assessments(user=user, cycle=cycle)
        context["can_export"] = access.can(user, "declaration.export")
        if roles.is_representative:
            context["unit_results"] = home.representative_results(user=user)
            projects = units_projects(
                user=user, organizations=[unit.organization for unit in context["unit_results"]]
            )
            context["unit_cards"] = list(zip(context["unit_results"], projects, strict=True))
        return context
