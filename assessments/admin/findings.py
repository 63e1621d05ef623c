"""Admin of findings: an assessor's own (individual) and the team's agreed list (consensus)."""

from django import forms
from django.contrib import admin, messages
from django.db import connection
from django.db.models import BooleanField, F, Lookup, Q, Value
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import short_text
from excellence.admin.filters import UNIT_KIND_FILTER
from excellence.admin.services import ServiceHistoryAdmin, ServiceModelForm
from excellence.numbers import shown_digits
from excellence.persian import to_persian_digits

from ..models import Assessment, Finding, SubCriterion
from ..services.findings import finding_create, finding_delete, finding_update
from .read_only import LockedAssessmentReadOnlyMixin

EDITABLE_FIELDS = ("sub_criterion", "kind", "text", "evidence", "evidence_note", "merged_from")
# Trigrams: the shortest word a trigram index can look up in the text.
TEXT_WORD_MIN = 3


class _ILike(Lookup):
    """`lhs ILIKE rhs`, PostgreSQL's case-insensitive LIKE, which its trigram index answers."""

    lookup_name = "ilike"
    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", (*lhs_params, *rhs_params)


def text_contains(word: str) -> Q:
    """The finding's text holds `word`, whatever the case of its letters, its digits ASCII or Persian.

    The search term comes with ASCII digits (`normalize_search`) while a text keeps the digits
    it was typed with, so a word with digits is looked for in both forms. On PostgreSQL each
    form is asked as migration 0006's trigram index on `text` answers it: a word without cased
    letters (any Persian word) as a plain `LIKE`, for it has no case to ignore; one with them as
    `ILIKE` (never `UPPER(text)`, which costs every row read). SQLite keeps Django's `icontains`.
    """
    condition = Q()
    for form in dict.fromkeys((word, to_persian_digits(word))):
        condition |= _text_holds(form)
    return condition


def _text_holds(word: str) -> Q:
    if connection.vendor != "postgresql":
        return Q(text__icontains=word)
    if word.lower() == word.upper():
        return Q(text__contains=word)
    pattern = f"%{connection.ops.prep_for_like_query(word)}%"
    return Q(_ILike(F("text"), Value(pattern)))


class FindingForm(ServiceModelForm):
    class Meta:
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


@admin.register(Finding)
class FindingAdmin(LockedAssessmentReadOnlyMixin, ServiceHistoryAdmin):
    form = FindingForm
    list_display = ("sub_criterion_code", "kind", "stage", "assessment", "author", "text_start")
    list_display_links = ("sub_criterion_code", "text_start")
    list_filter = ("assessment__cycle", "kind", "stage", ("assessment__organization__kind", UNIT_KIND_FILTER))
    list_select_related = ("sub_criterion", "assessment__organization", "assessment__cycle", "author__user")
    search_fields = (
        "text",
        "sub_criterion__code",
        "sub_criterion__code_fa",
        "assessment__organization__name_fa",
        "assessment__organization__code",
    )
    autocomplete_fields = ("assessment", "sub_criterion", "author", "merged_from")
    # Own columns, so that a page of a national-scale list needs no join to sort: newest
    # assessments first (a new cycle's are created after the last one's), then in
    # framework order, by kind, as recorded.
    ordering = ("-assessment_id", "sub_criterion_id", "kind", "id")
    str_related = ("sub_criterion",)

    def get_fields(self, request, obj=None):
        return (
            "assessment",
            "sub_criterion",
            "kind",
            "stage",
            "author",
            "text",
            "evidence",
            "evidence_note",
            "merged_from",
        )

    def search_terms(self, request, queryset, search_term):
        """Each word must match the text, the sub-criterion's code, the unit's name or code, or (a
        number) the finding's reference, its id.

        The small tables (sub-criteria, units) are searched first, and the findings are then
        asked by text (the trigram index on PostgreSQL, `text_contains`) or by those ids (their
        indexes), so that no word joins a million findings to their units to test an OR across
        tables. A word shorter than TEXT_WORD_MIN characters (a code such as `1a`) is matched
        against the codes and names only: no trigram index can answer it, and in the text it
        would be read out of every finding; the page says so.
        """
        condition = Q()
        short = []
        for word in search_term.split():
            sub_criteria = list(
                SubCriterion.objects.filter(Q(code__icontains=word) | Q(code_fa__icontains=word)).values_list(
                    "pk", flat=True
                )
            )
            assessments = list(
                Assessment.objects.filter(
                    Q(organization__name_fa__icontains=word) | Q(organization__code__icontains=word)
                ).values_list("pk", flat=True)
            )
            matches = Q(sub_criterion_id__in=sub_criteria) | Q(assessment_id__in=assessments)
            if word.isdigit() and len(word) <= 18:
                matches |= Q(pk=int(word))  # the reference a declaration workbook prints
            if len(word) >= TEXT_WORD_MIN:
                matches = text_contains(word) | matches
            else:
                short.append(word)
            condition &= matches
        if short:
            self.message_user(
                request,
                _(
                    "Search: words shorter than %(characters)s characters (%(words)s) are looked for in "
                    "sub-criterion codes and unit names and codes, not in the findings' text."
                )
                % {"characters": shown_digits(TEXT_WORD_MIN), "words": " ".join(short)},
                messages.INFO,
            )
        return queryset.filter(condition)

    readonly_on_change = ("assessment", "stage", "author")

    @admin.display(description=_("sub-criterion"), ordering="sub_criterion__code")
    def sub_criterion_code(self, obj):
        return obj.sub_criterion.display_code

    @admin.display(description=_("text"))
    def text_start(self, obj):
        return short_text(obj.text)

    def service_create(self, request, form):
        data = form.cleaned_data
        return finding_create(
            actor=request.user,
            assessment=data["assessment"],
            sub_criterion=data["sub_criterion"],
            kind=data["kind"],
            stage=data["stage"],
            text=data["text"],
            author=data.get("author"),
            merged_from=data.get("merged_from") or (),
            evidence=data.get("evidence", ""),
            evidence_note=data.get("evidence_note", ""),
        )

    def service_update(self, request, obj, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        return finding_update(
            actor=request.user, finding=obj, expected_updated_at=form.version_loaded(), data=data
        )

    def service_delete(self, request, obj):
        finding_delete(actor=request.user, finding=obj)
