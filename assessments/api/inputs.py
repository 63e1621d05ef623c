"""What the API accepts: one named input serializer per write, validated before its service is called.

Input serializers only read and type the request (digits, dates, references within the
person's scope); every rule of the programme is the service's. An update names the
version it was made on: `updated_at`, as the client read it (required).
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from organizations.models import Organization

from .. import access
from ..models import (
    Assessment,
    Assessor,
    Assignment,
    Finding,
    Framework,
    ImprovementProject,
    RatingScheme,
    Score,
    SubCriterion,
    TimeEntry,
)
from .fields import (
    CycleYearField,
    PersianDecimalField,
    PersianIntegerField,
    ProgrammeDateField,
    ScopedPrimaryKeyRelatedField,
)

User = get_user_model()


class VersionedInput(serializers.Serializer):
    updated_at = serializers.DateTimeField(
        help_text="The `updated_at` of the row as you read it; a change made on an older version is "
        "refused with 409."
    )


# --------------------------------------------------------------------------- set-up


class OrganizationCreateInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name_fa = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    is_active = serializers.BooleanField(required=False, default=True)
    is_demo = serializers.BooleanField(required=False, default=False)


class OrganizationUpdateInput(VersionedInput):
    code = serializers.CharField(max_length=20, required=False)
    name_fa = serializers.CharField(max_length=200, required=False)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    is_demo = serializers.BooleanField(required=False)


class CycleCreateInput(serializers.Serializer):
    year = PersianIntegerField(min_value=1300, max_value=1500, help_text="The Jalali year, for example 1401.")
    framework = ScopedPrimaryKeyRelatedField(
        queryset=Framework.objects.all(), scope=access.frameworks_visible
    )
    rating_scheme = ScopedPrimaryKeyRelatedField(
        queryset=RatingScheme.objects.all(), scope=access.rating_schemes_visible
    )
    window_start = ProgrammeDateField()
    window_end = ProgrammeDateField()


class CycleUpdateInput(VersionedInput):
    framework = ScopedPrimaryKeyRelatedField(
        queryset=Framework.objects.all(), scope=access.frameworks_visible, required=False
    )
    rating_scheme = ScopedPrimaryKeyRelatedField(
        queryset=RatingScheme.objects.all(), scope=access.rating_schemes_visible, required=False
    )
    window_start = ProgrammeDateField(required=False)
    window_end = ProgrammeDateField(required=False)


class RatingBandInput(serializers.Serializer):
    min_points = PersianIntegerField(min_value=0, max_value=1000)
    max_points = PersianIntegerField(min_value=0, max_value=1000)
    level_code = serializers.CharField(max_length=40)
    level_fa = serializers.CharField(max_length=100)
    level_en = serializers.CharField(max_length=100)
    stars = PersianIntegerField(min_value=0, max_value=4)


class RatingSchemeCreateInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name_fa = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_default = serializers.BooleanField(required=False, default=False)
    bands = RatingBandInput(many=True, max_length=100, help_text="Bands covering 0–1000 points, no gap.")


class RatingSchemeUpdateInput(VersionedInput):
    """A scheme's names, default flag and bands; the bands given replace all of them."""

    name_fa = serializers.CharField(max_length=200, required=False)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_default = serializers.BooleanField(required=False)
    bands = RatingBandInput(many=True, max_length=100, required=False)


class AssessorCreateInput(serializers.Serializer):
    user = ScopedPrimaryKeyRelatedField(queryset=User.objects.all(), scope=access.users_visible)
    kind = serializers.ChoiceField(choices=Assessor.Kind.choices)
    home_organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        scope=access.organizations_visible,
        required=False,
        allow_null=True,
        default=None,
    )
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    qualifications = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)


class AssessorUpdateInput(VersionedInput):
    kind = serializers.ChoiceField(choices=Assessor.Kind.choices, required=False)
    home_organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        scope=access.organizations_visible,
        required=False,
        allow_null=True,
    )
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    qualifications = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


# --------------------------------------------------------------------------- assessments


class AssessmentCreateInput(serializers.Serializer):
    cycle = CycleYearField()
    organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(), scope=access.organizations_visible
    )
    site_visit_date = ProgrammeDateField(required=False, allow_null=True, default=None)


class AssessmentUpdateInput(VersionedInput):
    site_visit_date = ProgrammeDateField(allow_null=True)


class AssessmentTransitionInput(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=Assessment.Status.choices, help_text="The next status: one step forward."
    )


class AssessmentReopenInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the assessment goes back to consensus.")


class AssignmentCreateInput(serializers.Serializer):
    assessment = ScopedPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), scope=access.assessments_visible
    )
    assessor = ScopedPrimaryKeyRelatedField(queryset=Assessor.objects.all(), scope=access.assessors_visible)
    role = serializers.ChoiceField(choices=Assignment.Role.choices, required=False, default="member")


class AssignmentUpdateInput(VersionedInput):
    role = serializers.ChoiceField(choices=Assignment.Role.choices)


class TimeEntryCreateInput(serializers.Serializer):
    assessment = ScopedPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), scope=access.assessments_visible
    )
    assessor = ScopedPrimaryKeyRelatedField(
        queryset=Assessor.objects.all(),
        scope=access.assessors_visible,
        required=False,
        help_text="Whose hours; yourself when left out.",
    )
    date = ProgrammeDateField()
    hours = PersianDecimalField(max_digits=4, decimal_places=2, help_text="For example 2.5 or ۲٫۵.")
    activity = serializers.ChoiceField(choices=TimeEntry.Activity.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TimeEntryUpdateInput(VersionedInput):
    date = ProgrammeDateField(required=False)
    hours = PersianDecimalField(max_digits=4, decimal_places=2, required=False)
    activity = serializers.ChoiceField(choices=TimeEntry.Activity.choices, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


def _findings_field(**kwargs):
    """Findings by id (at most 500), among those the person may see."""
    return serializers.ListField(
        child=ScopedPrimaryKeyRelatedField(queryset=Finding.objects.all(), scope=access.findings_visible),
        max_length=500,
        **kwargs,
    )


class FindingCreateInput(serializers.Serializer):
    assessment = ScopedPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), scope=access.assessments_visible
    )
    sub_criterion = ScopedPrimaryKeyRelatedField(queryset=SubCriterion.objects.all())
    kind = serializers.ChoiceField(choices=Finding.Kind.choices)
    stage = serializers.ChoiceField(choices=Finding.Stage.choices)
    text = serializers.CharField(max_length=10000)
    author = ScopedPrimaryKeyRelatedField(
        queryset=Assessor.objects.all(),
        scope=access.assessors_visible,
        required=False,
        allow_null=True,
        help_text="An individual finding's assessor; yourself when left out.",
    )
    merged_from = _findings_field(required=False, help_text="Individual findings a consensus finding merges.")


class FindingUpdateInput(VersionedInput):
    sub_criterion = ScopedPrimaryKeyRelatedField(queryset=SubCriterion.objects.all(), required=False)
    kind = serializers.ChoiceField(choices=Finding.Kind.choices, required=False)
    text = serializers.CharField(max_length=10000, required=False)
    merged_from = _findings_field(required=False)


class AttributeValuesInput(serializers.DictField):
    child = PersianIntegerField(min_value=0, max_value=100)


class ScoreCreateInput(serializers.Serializer):
    """The first score of a sub-criterion for one scorer (an assessor, or the team for consensus)."""

    assessment = ScopedPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), scope=access.assessments_visible
    )
    sub_criterion = ScopedPrimaryKeyRelatedField(queryset=SubCriterion.objects.all())
    stage = serializers.ChoiceField(choices=Score.Stage.choices)
    assessor = ScopedPrimaryKeyRelatedField(
        queryset=Assessor.objects.all(),
        scope=access.assessors_visible,
        required=False,
        allow_null=True,
        help_text="An individual score's assessor; yourself when left out.",
    )
    values = AttributeValuesInput(help_text="RADAR attribute code → 0–100 in steps of 5.")


class ScoreUpdateInput(VersionedInput):
    values = AttributeValuesInput(help_text="RADAR attribute code → 0–100 in steps of 5; others are kept.")


class ImprovementProjectFieldsInput(serializers.Serializer):
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(), scope=access.users_visible, required=False, allow_null=True
    )
    start_date = ProgrammeDateField(required=False, allow_null=True)
    due_date = ProgrammeDateField(required=False, allow_null=True)
    progress = PersianIntegerField(min_value=0, max_value=100, required=False)
    improvement_points = _findings_field(required=False)


class ImprovementProjectCreateInput(ImprovementProjectFieldsInput):
    organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(), scope=access.organizations_visible
    )
    cycle = CycleYearField()
    title = serializers.CharField(max_length=300)
    category = serializers.ChoiceField(choices=ImprovementProject.Category.choices)


class ImprovementProjectUpdateInput(VersionedInput, ImprovementProjectFieldsInput):
    title = serializers.CharField(max_length=300, required=False)
    category = serializers.ChoiceField(choices=ImprovementProject.Category.choices, required=False)


class ImprovementProjectTransitionInput(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ImprovementProject.Status.choices)
    note = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="Required to verify."
    )
