"""One organization assessed in one cycle: its team, hours, findings, scores and result."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from excellence import jalali
from excellence.fields import PersianCharField, PersianTextField
from excellence.history import history_user
from excellence.models import TimeStampedModel
from excellence.numbers import shown_decimal
from organizations.models import Organization

from ..scoring import ATTRIBUTE_SCORE_VALUES
from .assessor import Assessor
from .cycle import Cycle, RatingScheme
from .framework import RadarAttribute, SubCriterion


class Assessment(TimeStampedModel):
    """The assessment (ارزیابی) of one organization in one cycle."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INDIVIDUAL = "individual", _("Individual assessment")
        CONSENSUS = "consensus", _("Consensus")
        FINALIZED = "finalized", _("Finalized")
        RELEASED = "released", _("Released")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="assessments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    site_visit_date = models.DateField(_("site visit date"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["cycle_id", "organization_id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization"],
                name="assessment_one_per_cycle_organization",
                violation_error_message=_(
                    "Organization: an organization has one assessment per cycle; this one already has one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["planned", "individual", "consensus", "finalized", "released"]
                ),
                name="assessment_status_valid",
                violation_error_message=_("Status: choose one of the assessment statuses."),
            ),
        ]

    def __str__(self):
        # The year first: a picker cuts a long unit name at its end, and a unit's assessments of
        # four cycles must not look the same.
        return f"{self.cycle} — {self.organization}"

    @property
    def is_locked(self):
        """Finalized and released assessments change only by an admin's reopening."""
        return self.status in {self.Status.FINALIZED, self.Status.RELEASED}


class Assignment(TimeStampedModel):
    """An assessor on an assessment's team, as its leader or a member."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Team leader")
        MEMBER = "member", _("Member")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="team"
    )
    assessor = models.ForeignKey(
        Assessor, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["assessment_id", "role", "assessor_id"]
        verbose_name = _("team assignment")
        verbose_name_plural = _("team assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "assessor"],
                name="assignment_assessor_once_per_team",
                violation_error_message=_("Assessor: this assessor is already on the team."),
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(role="leader"),
                name="assignment_one_leader_per_team",
                violation_error_message=_(
                    "Role: a team has exactly one leader, and this team already has one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["leader", "member"]),
                name="assignment_role_valid",
                violation_error_message=_("Role: choose leader or member."),
            ),
        ]

    def __str__(self):
        return f"{self.assessor} ({self.get_role_display()})"


class AssessmentReopening(TimeStampedModel):
    """The written reason an admin gave for reopening a finalized assessment."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="reopenings",
    )
    reason = PersianTextField(_("reason"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="reopening_reason_given",
                violation_error_message=_("Reason: a written reason is required to reopen an assessment."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.reason[:40]}"


class TimeEntry(TimeStampedModel):
    """Hours an assessor spent on an assessment on one day (ساعت ارزیابی)."""

    class Activity(models.TextChoices):
        DOCUMENT_REVIEW = "document_review", _("Document review")
        SITE_VISIT = "site_visit", _("Site visit")
        CONSENSUS_MEETING = "consensus_meeting", _("Consensus meeting")
        REPORT_WRITING = "report_writing", _("Report writing")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="time_entries",
    )
    assessor = models.ForeignKey(
        Assessor, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="time_entries"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    note = PersianCharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["assessment", "assessor"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="time_entry_hours_range",
                violation_error_message=_("Hours: must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self):
        hours = shown_decimal(self.hours) if self.hours is not None else ""
        return f"{self.assessor} — {jalali.format_date(self.date)} — {hours}"


class Finding(TimeStampedModel):
    """A finding (یافته) against one sub-criterion: an assessor's own, or the team's agreed one.

    A consensus finding keeps the individual findings merged into it in `merged_from`.
    """

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        IMPROVEMENT = "improvement", _("Area for improvement")
        BEST_PRACTICE = "best_practice", _("Best practice")
        SITE_VISIT_ISSUE = "site_visit_issue", _("Site-visit issue")

    class Stage(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        CONSENSUS = "consensus", _("Consensus")

    class Evidence(models.TextChoices):
        DOCUMENT = "document", _("Document")
        SITE_VISIT = "site_visit", _("Site visit")
        INTERVIEW = "interview", _("Interview")

    TEXT_MAX_LENGTH = 4000

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="findings"
    )
    sub_criterion = models.ForeignKey(
        SubCriterion,
        verbose_name=_("sub-criterion"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    author = models.ForeignKey(
        Assessor,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
    )
    text = PersianTextField(
        _("text"),
        validators=[
            MaxLengthValidator(
                TEXT_MAX_LENGTH,
                message=_(
                    "Text: a finding is at most %(limit_value)s characters; this one has %(show_value)s."
                ),
            )
        ],
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=12,
        choices=Evidence.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where the finding was seen: a document, a site visit or an interview."),
    )
    evidence_note = PersianCharField(
        _("evidence note"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("Which document, place or person, for example."),
    )
    merged_from = models.ManyToManyField(
        "self",
        verbose_name=_("merged individual findings"),
        symmetrical=False,
        related_name="merged_into",
        blank=True,
    )

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["assessment", "stage", "kind"]),
            # A cycle's or an assessment's findings in their own order, without a sort.
            models.Index(fields=["assessment", "id"], name="finding_assessment_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(stage="individual", author__isnull=False) | models.Q(stage="consensus")),
                name="finding_individual_has_author",
                violation_error_message=_("Author: an individual finding needs its assessor."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["strength", "improvement", "best_practice", "site_visit_issue"]),
                name="finding_kind_valid",
                violation_error_message=_(
                    "Kind: choose strength, area for improvement, best practice or site-visit issue."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=["individual", "consensus"]),
                name="finding_stage_valid",
                violation_error_message=_("Stage: choose individual or consensus."),
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="finding_text_not_empty",
                violation_error_message=_("Text: a finding needs its text."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), 4000),
                name="finding_text_at_most_4000",
                violation_error_message=_("Text: a finding is at most 4,000 characters."),
            ),
            models.CheckConstraint(
                condition=models.Q(evidence__in=["", "document", "site_visit", "interview"]),
                name="finding_evidence_valid",
                violation_error_message=_("Evidence: choose a document, a site visit or an interview."),
            ),
        ]

    def __str__(self):
        return f"{self.sub_criterion.display_code} {self.get_kind_display()}: {self.text[:60]}"


class Score(TimeStampedModel):
    """The RADAR scores of one sub-criterion, by one assessor or by the team (one per sub-criterion)."""

    class Stage(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        CONSENSUS = "consensus", _("Consensus")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    sub_criterion = models.ForeignKey(
        SubCriterion, verbose_name=_("sub-criterion"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    assessor = models.ForeignKey(
        Assessor,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="scores",
        null=True,
        blank=True,
    )

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "sub_criterion"],
                condition=models.Q(stage="consensus"),
                name="score_one_consensus_per_sub_criterion",
                violation_error_message=_(
                    "Sub-criterion: the team already has a consensus score for this sub-criterion."
                ),
            ),
            models.UniqueConstraint(
                fields=["assessment", "sub_criterion", "assessor"],
                condition=models.Q(stage="individual"),
                name="score_one_individual_per_assessor",
                violation_error_message=_(
                    "Sub-criterion: this assessor already has a score for this sub-criterion."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(stage="individual", assessor__isnull=False)
                    | models.Q(stage="consensus", assessor__isnull=True)
                ),
                name="score_assessor_matches_stage",
                violation_error_message=_(
                    "Assessor: an individual score needs its assessor, a consensus score has none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.assessment} {self.sub_criterion.display_code} ({self.get_stage_display()})"


class AttributeScore(TimeStampedModel):
    """One RADAR attribute's score, 0–100 in steps of 5."""

    ALLOWED_VALUES = ATTRIBUTE_SCORE_VALUES

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="attribute_scores"
    )
    attribute = models.ForeignKey(
        RadarAttribute, verbose_name=_("attribute"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("value"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["score_id", "attribute_id"]
        verbose_name = _("attribute score")
        verbose_name_plural = _("attribute scores")
        constraints = [
            models.UniqueConstraint(
                fields=["score", "attribute"],
                name="attribute_score_once_per_score",
                violation_error_message=_("Attribute: this attribute is already scored."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=list(ATTRIBUTE_SCORE_VALUES)),
                name="attribute_score_0_100_step_5",
                violation_error_message=_("Value: a score is a whole number from 0 to 100 in steps of 5."),
            ),
        ]

    def __str__(self):
        return f"{self.attribute}: {self.value}"


class AssessmentResult(TimeStampedModel):
    """The rating stored when an assessment is finalized, so later scheme edits do not rewrite it."""

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="result"
    )
    total = models.DecimalField(_("total points"), max_digits=5, decimal_places=1)
    criterion_points = models.JSONField(
        _("criterion points"), help_text=_("Criterion code → points, one decimal.")
    )
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("rating scheme"), on_delete=models.PROTECT, related_name="+"
    )
    level_code = models.CharField(_("level code"), max_length=40)
    level_fa = PersianCharField(_("Persian level"), max_length=100)
    level_en = models.CharField(_("English level"), max_length=100)
    stars = models.PositiveSmallIntegerField(_("stars"))
    next_level_fa = PersianCharField(_("next level (Persian)"), max_length=100, blank=True)
    next_level_en = models.CharField(_("next level (English)"), max_length=100, blank=True)
    points_to_next = models.PositiveSmallIntegerField(_("points to next level"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["-total"]
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=0, total__lte=1000),
                name="result_total_range",
                violation_error_message=_("Total points: must be between 0 and 1000."),
            ),
            models.CheckConstraint(
                condition=models.Q(stars__lte=4),
                name="result_stars_range",
                violation_error_message=_("Stars: must be between 0 and 4."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.total} ({self.stars}★)"
