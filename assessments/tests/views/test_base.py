"""The base of every product page: objects found only within the person's scope, actions checked."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views.generic import DetailView

from assessments import access
from assessments.models import Assessment, Assignment
from assessments.tests.factories import AssessmentFactory, AssessorFactory
from assessments.views.base import ProductPageMixin, ScopedObjectMixin
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class AssessmentPage(ProductPageMixin, ScopedObjectMixin, DetailView):
    scope = access.assessments_visible

    def render_to_response(self, context, **kwargs):
        self.ensure("assessment.finalize", self.object)
        return HttpResponse(str(self.object.pk))


class UnscopedPage(ProductPageMixin, ScopedObjectMixin, DetailView):
    model = Assessment


def get(view, user, pk):
    request = RequestFactory().get("/")
    request.user = user
    return view.as_view()(request, pk=pk)


@pytest.fixture
def team():
    assessment = AssessmentFactory(status=Assessment.Status.CONSENSUS)
    leader, member = AssessorFactory(), AssessorFactory()
    Assignment.objects.create(assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    Assignment.objects.create(assessment=assessment, assessor=member)
    return assessment, leader.user, member.user


def test_an_object_in_scope_is_found_and_its_action_checked(team):
    assessment, leader, _member = team

    response = get(AssessmentPage, leader, assessment.pk)

    assert (response.status_code, response.content) == (200, str(assessment.pk).encode())


def test_a_visible_object_whose_action_is_not_the_persons_answers_403(team, english):
    assessment, _leader, member = team

    with pytest.raises(PermissionDenied, match="Only the team leader or the programme office"):
        get(AssessmentPage, member, assessment.pk)


def test_an_object_outside_the_scope_is_not_found(team):
    assessment, _leader, _member = team
    stranger = AssessorFactory().user

    with pytest.raises(Http404):
        get(AssessmentPage, stranger, assessment.pk)


def test_a_page_without_a_scope_is_a_programming_error(team):
    assessment, leader, _member = team

    with pytest.raises(ImproperlyConfigured, match="must name its access scope"):
        get(UnscopedPage, leader, assessment.pk)


def test_an_anonymous_visit_is_sent_to_sign_in(team):
    assessment, _leader, _member = team
    from django.contrib.auth.models import AnonymousUser

    response = get(AssessmentPage, AnonymousUser(), assessment.pk)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_page_requiring_an_action_refuses_those_without_it():
    class DashboardPage(ProductPageMixin, DetailView):
        required_action = "dashboard.read"

    request = RequestFactory().get("/")
    request.user = UserFactory()

    with pytest.raises(PermissionDenied):
        DashboardPage.as_view()(request, pk=1)
