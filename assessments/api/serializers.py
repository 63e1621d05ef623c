"""What the API answers: one named output serializer per resource (read-only, no logic).

Every row carries `updated_at`, the version a client sends back with an update. Names and
levels come in both languages and, as `name`/`level`, in the request's language. Cycles
are shown by their Jalali year; dates are ISO 8601 (Gregorian).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Organization

from ..models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    Criterion,
    Cycle,
    Finding,
    Framework,
    ImprovementProject,
    RadarAttribute,
    RadarElement,
    RatingBand,
    RatingScheme,
    Score,
    SubCriterion,
    TimeEntry,
)


class ApiErrorSerializer(serializers.Serializer):
    """The one error format (excellence/api_errors.py)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field → messages; `non_field_errors` for the request as a whole. Only with 400.",
    )


# --------------------------------------------------------------------------- set-up


class OrganizationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "name_fa",
            "name_en",
            "kind",
            "is_active",
            "is_demo",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SubCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubCriterion
        fields = ["id", "code", "code_fa", "name_fa", "name_en", "weight", "order"]
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer):
    sub_criteria = SubCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "code", "name_fa", "name_en", "kind", "points", "order", "sub_criteria"]
        read_only_fields = fields


class RadarAttributeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RadarAttribute
        fields = ["id", "code", "name_fa", "name_en", "order"]
        read_only_fields = fields


class RadarElementSerializer(serializers.ModelSerializer):
    attributes = RadarAttributeSerializer(many=True, read_only=True)

    class Meta:
        model = RadarElement
        fields = ["id", "kind", "code", "name_fa", "name_en", "order", "attributes"]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["id", "code", "name_fa", "name_en", "description", "created_at", "updated_at"]
        read_only_fields = fields


class FrameworkDetailSerializer(FrameworkSerializer):
    """A framework with its criteria, sub-criteria and RADAR elements and attributes."""

    criteria = CriterionSerializer(many=True, read_only=True)
    radar_elements = RadarElementSerializer(many=True, read_only=True)

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "criteria", "radar_elements"]
        read_only_fields = fields


class RatingBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingBand
        fields = ["min_points", "max_points", "level_code", "level_fa", "level_en", "stars"]
        read_only_fields = fields


class RatingSchemeSerializer(serializers.ModelSerializer):
    bands = RatingBandSerializer(many=True, read_only=True)

    class Meta:
        model = RatingScheme
        fields = ["id", "code", "name_fa", "name_en", "is_default", "bands", "created_at", "updated_at"]
        read_only_fields = fields


class CycleSerializer(serializers.ModelSerializer):
    framework_code = serializers.CharField(source="framework.code", read_only=True)
    rating_scheme_code = serializers.CharField(source="rating_scheme.code", read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "year",
            "status",
            "framework",
            "framework_code",
            "rating_scheme",
            "rating_scheme_code",
            "window_start",
            "window_end",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AssessorSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.SerializerMethodField()

    class Meta:
        model = Assessor
        fields = [
            "id",
            "user",
            "username",
            "full_name",
            "kind",
            "home_organization",
            "affiliation",
            "qualifications",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_full_name(self, assessor) -> str:
        return assessor.user.get_full_name() or assessor.user.get_username()


# --------------------------------------------------------------------------- assessments


class AssignmentSerializer(serializers.ModelSerializer):
    assessor_name = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "assessment", "assessor", "assessor_name", "role", "created_at", "updated_at"]
        read_only_fields = fields

    def get_assessor_name(self, assignment) -> str:
        user = assignment.assessor.user
        return user.get_full_name() or user.get_username()


class TeamMemberSerializer(AssignmentSerializer):
    """A place on the team, as listed inside its assessment."""

    class Meta(AssignmentSerializer.Meta):
        fields = ["id", "assessor", "assessor_name", "role", "updated_at"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(
        source="cycle.year", read_only=True, help_text="The cycle's Jalali year."
    )
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_kind = serializers.CharField(source="organization.kind", read_only=True)
    team = TeamMemberSerializer(
        many=True, read_only=True, help_text="The team as far as the person may see it (empty otherwise)."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "cycle",
            "organization",
            "organization_code",
            "organization_name",
            "organization_kind",
            "status",
            "site_visit_date",
            "finalized_at",
            "released_at",
            "team",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TimeEntrySerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="assessment.cycle.year", read_only=True)
    organization_code = serializers.CharField(source="assessment.organization.code", read_only=True)

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "assessment",
            "cycle",
            "organization_code",
            "assessor",
            "date",
            "hours",
            "activity",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="assessment.cycle.year", read_only=True)
    organization_code = serializers.CharField(source="assessment.organization.code", read_only=True)
    sub_criterion_code = serializers.CharField(source="sub_criterion.code", read_only=True)
    criterion_code = serializers.CharField(source="sub_criterion.criterion.code", read_only=True)
    merged_from = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The individual findings merged into this consensus finding."
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "assessment",
            "cycle",
            "organization_code",
            "criterion_code",
            "sub_criterion",
            "sub_criterion_code",
            "kind",
            "stage",
            "author",
            "text",
            "merged_from",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 100},
        "description": "RADAR attribute code → score, 0–100 in steps of 5.",
    }
)
class AttributeValuesField(serializers.Field):
    def to_representation(self, attribute_scores):
        return {item.attribute.code: item.value for item in attribute_scores.all()}


class ScoreSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="assessment.cycle.year", read_only=True)
    organization_code = serializers.CharField(source="assessment.organization.code", read_only=True)
    sub_criterion_code = serializers.CharField(source="sub_criterion.code", read_only=True)
    values = AttributeValuesField(source="attribute_scores", read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "assessment",
            "cycle",
            "organization_code",
            "sub_criterion",
            "sub_criterion_code",
            "stage",
            "assessor",
            "values",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ImprovementProjectSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.year", read_only=True)
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    improvement_points = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ImprovementProject
        fields = [
            "id",
            "organization",
            "organization_code",
            "cycle",
            "title",
            "description",
            "category",
            "status",
            "owner",
            "start_date",
            "due_date",
            "progress",
            "improvement_points",
            "verification_note",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AssessmentResultSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="assessment.cycle.year", read_only=True)
    organization = serializers.IntegerField(source="assessment.organization_id", read_only=True)
    organization_code = serializers.CharField(source="assessment.organization.code", read_only=True)
    status = serializers.CharField(source="assessment.status", read_only=True)
    criterion_points = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Criterion code → points, one decimal."
    )
    level = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "assessment",
            "cycle",
            "organization",
            "organization_code",
            "status",
            "total",
            "criterion_points",
            "scheme",
            "level_code",
            "level",
            "level_fa",
            "level_en",
            "stars",
            "next_level_fa",
            "next_level_en",
            "points_to_next",
            "computed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_level(self, result) -> str:
        from excellence.languages import is_english

        return result.level_en if is_english() and result.level_en else result.level_fa


# --------------------------------------------------------------------------- a cycle's figures


class RatingRowSerializer(serializers.Serializer):
    """One unit of a cycle as `manage.py ratings` lists it (assessments.selectors.results.RatingRow)."""

    assessment = serializers.IntegerField(source="assessment_id")
    code = serializers.CharField()
    name = serializers.CharField()
    name_fa = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    stars = serializers.IntegerField(allow_null=True)
    level_code = serializers.CharField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    next_level = serializers.CharField(allow_null=True)
    points_to_next = serializers.IntegerField(allow_null=True)
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    stored = serializers.BooleanField(help_text="A finalized result as stored (else computed, provisional).")


class StarCountSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    units = serializers.IntegerField()
    provisional = serializers.IntegerField(help_text="Of which not finalized yet.")


class CycleStatisticsSerializer(serializers.Serializer):
    """A cycle's headline figures, as the programme dashboard shows them (`selectors.dashboard.Headline`)."""

    cycle = serializers.IntegerField(source="cycle.year")
    organizations = serializers.IntegerField(source="headline.organizations")
    companies = serializers.IntegerField(source="headline.companies")
    units = serializers.IntegerField(source="headline.units")
    internal_assessors = serializers.IntegerField(source="headline.internal_assessors")
    external_assessors = serializers.IntegerField(source="headline.external_assessors")
    internal_hours = serializers.DecimalField(
        max_digits=10, decimal_places=2, source="headline.internal_hours"
    )
    external_hours = serializers.DecimalField(
        max_digits=10, decimal_places=2, source="headline.external_hours"
    )
    window_days = serializers.IntegerField(source="headline.window_days")
    window_weeks = serializers.IntegerField(source="headline.window_weeks")
    strengths = serializers.IntegerField(source="headline.strengths")
    improvements = serializers.IntegerField(source="headline.improvements")
    best_practices = serializers.IntegerField(source="headline.best_practices")
    projects = serializers.IntegerField(source="headline.projects")
    projects_in_sections = serializers.IntegerField(source="headline.projects_in_sections")
    stars = StarCountSerializer(many=True)
    not_rated = serializers.IntegerField(source="distribution.not_rated")
