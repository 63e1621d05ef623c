"""What every product page shares: a signed-in person, and objects found only within their scope.

A page names the scoped queryset its object comes from (`scope = access.assessments_visible`);
`get_object` resolves the URL's object through it, so an object outside the person's scope
answers 404 whatever the page forgets, and the page's own checks (`access.ensure`) answer
403 for a visible object whose action the person may not take.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.views.generic.detail import SingleObjectMixin

from .. import access


class ProductPageMixin(LoginRequiredMixin):
    """A page for signed-in people; `required_action` (an access action) refuses with 403."""

    required_action: str | None = None

    def dispatch(self, request, *args, **kwargs):
        action = self.required_action
        if request.user.is_authenticated and action is not None and not access.can(request.user, action):
            raise PermissionDenied(str(access.ACTIONS[action][1]))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = access.roles_of(self.request.user)
        return context


class ScopedObjectMixin(SingleObjectMixin):
    """Resolve the page's object through a scoped queryset of the access layer: outside it, 404."""

    scope = None  # a function of the access layer: user -> QuerySet

    def get_queryset(self):
        if self.scope is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must name its access scope.")
        return type(self).scope(self.request.user)

    def ensure(self, action, obj=None):
        """403 unless the person may do `action` to the (visible) object."""
        try:
            access.ensure(self.request.user, action, obj)
        except access.AccessDenied as denied:
            raise PermissionDenied(denied.messages[0]) from denied
