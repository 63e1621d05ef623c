"""Frameworks are data files: the admin shows them, and loads a new or corrected file through framework_load.

Criteria, sub-criteria and the RADAR matrix are never edited row by row here: a change
in one row could break the points summing to 1000 or the weights summing to 1, which
the loader checks for the whole file at once.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of, short_text
from excellence.admin.filters import CRITERION_KIND_FILTER
from excellence.admin.services import ServiceModelAdmin, ServiceModelForm, ServiceTabularInline
from excellence.numbers import shown_digits

from ..framework_documents import framework_document_parse
from ..models import Criterion, Framework, RadarAttribute, RadarElement, SubCriterion
from ..services.frameworks import framework_load


class FrameworkUploadForm(ServiceModelForm):
    framework_file = forms.FileField(
        label=_("framework file"),
        help_text=_(
            "A framework file in JSON, like those in assessments/frameworks/. "
            "A file whose code is already loaded updates that framework."
        ),
    )

    class Meta:
        model = Framework
        fields = ()

    def clean_framework_file(self):
        upload = self.cleaned_data["framework_file"]
        upload.seek(0)  # read again when the page is shown once more with a loader's refusal
        # The reader's refusal (too large, not UTF-8, not JSON, a repeated key…) is a
        # ValidationError naming the file: the form shows it beside the field.
        self.cleaned_data["framework_data"] = framework_document_parse(file=upload, name=upload.name)
        return upload


class CriterionInline(ServiceTabularInline):
    model = Criterion
    fields = ("code", "name_fa", "name_en", "kind", "points", "sub_criterion_count")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sub_criterion_count=count_of(SubCriterion, "criterion"))

    @admin.display(description=_("sub-criteria"))
    def sub_criterion_count(self, obj):
        return shown_digits(obj.sub_criterion_count)


class RadarElementInline(ServiceTabularInline):
    model = RadarElement
    fields = ("kind", "code", "name_fa", "name_en", "order")
    readonly_fields = fields
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(ServiceModelAdmin):
    list_display = ("code", "name_fa", "name_en", "criterion_count", "sub_criterion_count", "cycle_years")
    list_display_links = ("code", "name_fa")
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("code",)
    inlines = [CriterionInline, RadarElementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                criterion_count=count_of(Criterion, "framework"),
                sub_criterion_count=count_of(SubCriterion, "framework"),
            )
            .prefetch_related("cycles")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FrameworkUploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("framework_file",)
        return ("code", "name_fa", "name_en", "description", "source_file")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("criteria"), ordering="criterion_count")
    def criterion_count(self, obj):
        return shown_digits(obj.criterion_count)

    @admin.display(description=_("sub-criteria"), ordering="sub_criterion_count")
    def sub_criterion_count(self, obj):
        return shown_digits(obj.sub_criterion_count)

    @admin.display(description=_("cycles"))
    def cycle_years(self, obj):
        return shown_digits(", ".join(str(cycle.year) for cycle in obj.cycles.all()))

    def service_create(self, request, form):
        try:
            return framework_load(
                actor=request.user,
                data=form.cleaned_data["framework_data"],
                source_file=form.cleaned_data["framework_file"].name,
            )
        except ValidationError as error:
            # The loader lists every problem of the document; they all concern the file.
            raise ValidationError({"framework_file": error.messages}) from error


class SubCriterionInline(ServiceTabularInline):
    model = SubCriterion
    fields = ("code", "code_fa", "name_fa", "name_en", "weight", "order")
    readonly_fields = fields
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(ServiceModelAdmin):
    list_display = ("code", "name_fa", "name_en", "framework", "kind", "points", "order")
    list_display_links = ("code", "name_fa")
    list_filter = ("framework", "kind")
    list_select_related = ("framework",)
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("framework", "order", "code")
    fields = ("framework", "code", "name_fa", "name_en", "kind", "points", "order")
    inlines = [SubCriterionInline]


@admin.register(SubCriterion)
class SubCriterionAdmin(ServiceModelAdmin):
    list_display = ("code", "code_fa", "short_name_fa", "criterion", "framework", "weight")
    list_filter = ("framework", ("criterion__kind", CRITERION_KIND_FILTER))
    list_select_related = ("criterion", "framework")
    search_fields = ("code", "code_fa", "name_fa", "name_en")
    ordering = ("framework", "criterion__order", "order", "code")
    fields = ("framework", "criterion", "code", "code_fa", "name_fa", "name_en", "weight", "order")

    @admin.display(description=_("Persian name"), ordering="name_fa")
    def short_name_fa(self, obj):
        return short_text(obj.name_fa)


class RadarAttributeInline(ServiceTabularInline):
    model = RadarAttribute
    fields = ("code", "name_fa", "name_en", "order")
    readonly_fields = fields


@admin.register(RadarElement)
class RadarElementAdmin(ServiceModelAdmin):
    list_display = ("code", "name_fa", "name_en", "framework", "kind", "order")
    list_display_links = ("code", "name_fa")
    list_filter = ("framework", "kind")
    list_select_related = ("framework",)
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("framework", "kind", "order")
    fields = ("framework", "kind", "code", "name_fa", "name_en", "order")
    inlines = [RadarAttributeInline]


@admin.register(RadarAttribute)
class RadarAttributeAdmin(ServiceModelAdmin):
    list_display = ("code", "name_fa", "name_en", "element", "element_kind", "framework")
    list_display_links = ("code", "name_fa")
    list_filter = ("element__framework", ("element__kind", CRITERION_KIND_FILTER))
    list_select_related = ("element__framework",)
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("element__framework", "element__kind", "element__order", "order")
    fields = ("element", "code", "name_fa", "name_en", "order")

    @admin.display(description=_("kind"), ordering="element__kind")
    def element_kind(self, obj):
        return obj.element.get_kind_display()

    @admin.display(description=_("framework"), ordering="element__framework")
    def framework(self, obj):
        return obj.element.framework
