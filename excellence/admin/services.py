"""Every admin save goes through a service, and a service's refusal shows beside its field.

How a save works
----------------
Django's change form validates the form and the inline formsets, then calls `save_model`
and `save_related` inside one transaction. Here those call the admin's service hooks
(`service_create`, `service_update`, `service_delete`, and the same hooks on inlines)
instead of saving rows themselves. When a service refuses — an ApplicationError, or any
ValidationError from a `full_clean()` — the refusal is recorded under the prefix of the
form it belongs to, and the transaction is rolled back. The view then runs once more on
the same POST; this time each recorded refusal is added to its form as a validation
error, so Django shows the page again with the service's message beside the field, and
nothing is saved.

Model forms here check only each field's own value (`clean_fields`); constraints,
uniqueness and the state rules are the services' to check, with their messages.
"""

import datetime
from collections import defaultdict
from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import csrf_protect_m
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from excellence import jalali
from excellence.form_errors import add_refusal_to_form
from excellence.numbers import shown_digits
from excellence.roles import is_programme_admin
from excellence.updates import parse_version

from .confirmation import TextConfirmationMixin
from .pagination import CappedCountPaginator
from .programme import ProgrammeAdminMixin

# The main form of a change page has no prefix; refusals for it are recorded under this key.
MAIN_FORM = ""
_PENDING_ATTR = "_admin_service_refusals_pending"
_REPLAY_ATTR = "_admin_service_refusals_replay"
_HISTORY_ATTR = "_admin_showing_history"
_NOTHING_CHANGED_ATTR = "_admin_nothing_changed"
_LOCKED_BEFORE_ATTR = "_admin_locked_before_save"


class ServiceRefused(Exception):
    """A service refused a save made through the admin: the transaction must roll back."""

    def __init__(self, refusals):
        super().__init__(refusals.messages())
        self.refusals = refusals


class Refusals:
    """The errors services raised during one admin save, keyed by the prefix of the form they concern.

    Keys: `MAIN_FORM` for the main form, an inline form's prefix (`team-0`) for one inline
    row, an inline formset's prefix (`team`) for the inline table as a whole.
    """

    def __init__(self):
        self._by_key = defaultdict(list)

    def add(self, key, error: ValidationError) -> None:
        self._by_key[key].append(error)

    def get(self, key) -> list[ValidationError]:
        return self._by_key.get(key, [])

    def messages(self) -> list[str]:
        return [message for errors in self._by_key.values() for error in errors for message in error.messages]

    def __bool__(self):
        return any(self._by_key.values())


def _with_refusals(form_class, refusals):
    if not refusals:
        return form_class
    return type(form_class.__name__, (form_class,), {"service_refusals": refusals})


def adopt(target: models.Model, source: models.Model) -> None:
    """Turn the instance Django's admin holds into the row a service saved.

    The admin goes on with its own `form.instance` (log entry, redirect, inlines) after
    `save_model`; a service that creates returns a new instance, so its state is copied.
    """
    if target is not source:
        target.__dict__.update(source.__dict__)


# Every form of a stored row carries the `updated_at` it was opened on, and the services it
# calls refuse to save over a newer version (`excellence.updates.locked_current`).
VERSION_FIELD = "loaded_version"


class ServiceModelForm(forms.ModelForm):
    """A model form that builds the instance and checks field values, leaving the rules to services.

    It carries the version of the row it was opened on (`VERSION_FIELD`, a hidden field
    the admins below add to every editable form) for the services' stale-copy check.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set on a replay: the refusals of the save that was rolled back.
    service_refusals = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored_version = getattr(self.instance, "updated_at", None) if self.instance.pk else None
        if stored_version is not None:
            self.fields[VERSION_FIELD].initial = stored_version.isoformat()

    def version_loaded(self):
        """The version of the row this form was opened on, as posted (None if none was posted)."""
        return parse_version(self.cleaned_data.get(VERSION_FIELD))

    @property
    def changed_data(self):
        # The version is not a change of the row: a copy made stale is refused by the service.
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        for name, field in self.fields.items():
            if isinstance(field, InlineForeignKeyField):
                exclude.add(name)
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)
        if self.service_refusals and not self.cleaned_data.get(DELETION_FIELD_NAME):
            for error in self.service_refusals.get(self.prefix or MAIN_FORM):
                add_refusal_to_form(self, error)


class NextStatusForm(ServiceModelForm):
    """A form whose status offers the row's status and the moves its transitions table allows.

    The service behind it refuses any other move; the form only keeps people from trying.
    `withheld` statuses are reached on their own page (a project's verification needs a note).
    """

    transitions: dict = {}
    withheld: frozenset = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.instance.pk:
            current = self.instance.status
            allowed = {current, *(set(self.transitions.get(current, ())) - set(self.withheld))}
            status.choices = [(value, label) for value, label in status.choices if value in allowed]


def with_version_field(fieldsets):
    """The fieldsets with the hidden version field added to the last one (once)."""
    fieldsets = [(title, {**options, "fields": list(options["fields"])}) for title, options in fieldsets]
    if fieldsets and all(VERSION_FIELD not in options["fields"] for _title, options in fieldsets):
        fieldsets[-1][1]["fields"].append(VERSION_FIELD)
    return fieldsets


class ServiceInlineFormSet(BaseInlineFormSet):
    """An inline formset that shows refusals about the whole table, or about rows being deleted."""

    service_refusals = None
    admin_inline = None

    def validate_unique(self):
        """Uniqueness is the services' to check, with messages that name the rule."""

    def clean(self):
        super().clean()
        if not self.service_refusals:
            return
        errors = list(self.service_refusals.get(self.prefix))
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                errors.extend(self.service_refusals.get(form.prefix))
        if errors:
            raise ValidationError([message for error in errors for message in error.messages])


def _fresh(instance: models.Model) -> models.Model:
    """The row as stored: the admin's copy already carries the form's values."""
    return type(instance)._default_manager.get(pk=instance.pk)


class ServiceAdminMixin(TextConfirmationMixin, ProgrammeAdminMixin):
    """A ModelAdmin whose every write is a service call; see the module's docstring.

    Subclasses define the hooks they support; without a hook the matching permission is
    refused, so that no row is ever written around the services (an admin with no hook
    at all is view-only):

    - `service_create(self, request, form) -> Model`
    - `service_update(self, request, obj, form) -> Model` (`obj` as stored, before the form)
    - `service_delete(self, request, obj) -> None`
    - `is_read_only(self, obj) -> bool`: the state says the row may not change (closed cycle…)

    or, for a row whose inline table is saved with it by one service call (a rating scheme
    and its bands), `service_save_whole(self, request, form, formsets, change) -> Model`,
    which records its refusals itself with `refusal_for(…, field_keys=…)`.
    """

    form = ServiceModelForm
    list_per_page = 50
    # A second count of the whole table on every list page costs a full scan at national
    # scale; the filtered count is enough to page through.
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Fields fixed once the row exists (its code, what it belongs to): shown, never edited.
    readonly_on_change: tuple[str, ...] = ()
    service_create = None
    service_update = None
    service_delete = None
    service_save_whole = None

    def is_read_only(self, obj) -> bool:
        return False

    def read_only_reason(self, obj) -> str | None:
        """Why `obj` is shown read-only, in the rule's words (None when it is not, or no rule says why).

        Admins whose rows are read-only by a state rule return the rule's message; an admin
        with no update hook at all says where its rows are changed (`read_only_note`).
        """
        if self.service_update is None and self.service_save_whole is None:
            return self.read_only_note
        return None

    # Why an admin without an update hook shows its rows read-only (None: nothing to say).
    read_only_note = None

    # --------------------------------------------------------------------- permissions

    # Who may: the programme admins, by the predicate the services check (`excellence.roles`),
    # not by Django's model permissions; what may change: the hooks and the state's rules.

    def has_module_permission(self, request):
        return is_programme_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_programme_admin(request.user)

    def has_add_permission(self, request):
        if self.service_create is None and self.service_save_whole is None:
            return False
        return is_programme_admin(request.user)

    def has_change_permission(self, request, obj=None):
        if self.service_update is None and self.service_save_whole is None:
            return False
        if obj is not None and self.is_read_only(obj):
            return False
        return is_programme_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        if self.service_delete is None or (obj is not None and self.is_read_only(obj)):
            return False
        return is_programme_admin(request.user)

    # --------------------------------------------------------------------- reading

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The changelist applies `list_select_related` only to a queryset that selects nothing yet.
        related = {*self.str_related}
        if isinstance(self.list_select_related, list | tuple):
            related.update(self.list_select_related)
        if related:
            queryset = queryset.select_related(*sorted(related))
        return queryset

    def _shown_read_only(self, request, obj) -> bool:
        if obj is None:
            return False
        return getattr(request, _HISTORY_ATTR, False) or not self.has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, _HISTORY_ATTR, False):
            # A past version of a row: every field is shown, none is edited.
            return tuple(flatten_fieldsets(self.get_fieldsets(request, obj)))
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, *self.readonly_on_change) if obj is not None else readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._shown_read_only(request, obj):
            # A page shown read-only shows its dates in Jalali too.
            return [
                (title, {**options, "fields": self._jalali_fields(options["fields"])})
                for title, options in fieldsets
            ]
        if obj is not None:
            fieldsets = with_version_field(fieldsets)
        return fieldsets

    def _jalali_fields(self, fields):
        return [
            self._jalali_fields(name) if isinstance(name, list | tuple) else self.jalali_names.get(name, name)
            for name in fields
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The history page asks for the form of a stored row without saying it is a change.
        change = change or (obj is not None and obj.pk is not None)
        form = super().get_form(request, obj, change, **kwargs)
        return _with_refusals(form, getattr(request, _REPLAY_ATTR, None))

    # --------------------------------------------------------------------- recording refusals

    @contextmanager
    def refusal_for(self, request, key=MAIN_FORM, *, abort=True, field_keys=None):
        """Record a service's ValidationError under `key`; with `abort`, stop the save at once.

        `field_keys` sends the errors about some fields elsewhere, for example a scheme's
        `bands` errors to the bands table: `{"bands": formset.prefix}`.
        """
        try:
            yield
        except ValidationError as error:
            refusals = getattr(request, _PENDING_ATTR, None)
            if refusals is None:
                # Not inside a change form (a script or a test calling the admin): just refuse.
                refusals = Refusals()
                setattr(request, _PENDING_ATTR, refusals)
            if field_keys and hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    refusals.add(field_keys.get(field, key), ValidationError({field: errors}))
            else:
                refusals.add(key, error)
            if abort:
                raise ServiceRefused(refusals) from error

    def raise_if_refused(self, request) -> None:
        refusals = getattr(request, _PENDING_ATTR, None)
        if refusals:
            raise ServiceRefused(refusals)

    # --------------------------------------------------------------------- saving

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self._changeform_view(request, object_id, form_url, extra_context)
        using = router.db_for_write(self.model)
        refusals = Refusals()
        setattr(request, _PENDING_ATTR, refusals)
        try:
            with transaction.atomic(using=using):
                return self._changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused:
            pass  # rolled back; now show the same form with the refusals on it
        setattr(request, _PENDING_ATTR, Refusals())
        setattr(request, _REPLAY_ATTR, refusals)
        try:
            with transaction.atomic(using=using):
                return self._changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused:
            # A refusal that no form could show (it should not happen): say it, save nothing.
            for message in refusals.messages():
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not getattr(request, _HISTORY_ATTR, False):
            reason = self.read_only_reason(obj) if self._shown_read_only(request, obj) else None
            context.setdefault("read_only_reason", reason or self.locked_content_reason(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def locked_content_reason(self, obj) -> str | None:
        """Why part of an editable row's page (its inline tables) is read-only; None if nothing is."""
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        setattr(request, _NOTHING_CHANGED_ATTR, not add and not message)
        return message

    def response_change(self, request, obj):
        """Say what the save did: nothing, or a save that locked the row, is not "changed, edit it again"."""
        note = None
        if getattr(request, _NOTHING_CHANGED_ATTR, False):
            note = _("Nothing was changed: “%(object)s” is as it was.") % {"object": obj}
            level = messages.INFO
        else:
            now_locked = self.read_only_reason(obj) if not self.has_change_permission(request, obj) else None
            now_locked = now_locked or self.locked_content_reason(obj)
            if now_locked and now_locked != getattr(request, _LOCKED_BEFORE_ATTR, None):
                note = _("“%(object)s” was saved. %(rule)s") % {"object": obj, "rule": now_locked}
                level = messages.SUCCESS
        if note is None:
            return super().response_change(request, obj)
        self.message_user(request, note, level)
        opts = self.model._meta
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        if "_addanother" in request.POST and self.has_add_permission(request):
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        return self.response_post_save_change(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            stored = _fresh(obj)
            setattr(request, _LOCKED_BEFORE_ATTR, self.locked_content_reason(stored))
        if self.service_save_whole is not None:
            return  # saved with its inline table in save_related
        with self.refusal_for(request, MAIN_FORM):
            if change:
                saved = self.service_update(request, _fresh(obj), form)
            else:
                saved = self.service_create(request, form)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        # No `form.save_m2m()`: many-to-many fields are the services' to set.
        if self.service_save_whole is not None:
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            adopt(form.instance, self.service_save_whole(request, form, formsets, change))
            return
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        self.raise_if_refused(request)

    def save_formset(self, request, form, formset, change):
        """Save an inline table row by row through the inline's hooks; refusals are collected."""
        inline = formset.admin_inline
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = set(formset.deleted_forms)
        for inline_form in formset.initial_forms:
            if inline_form in deleted:
                with self.refusal_for(request, inline_form.prefix, abort=False):
                    stored = _fresh(inline_form.instance)
                    inline.service_delete(request, stored)
                    formset.deleted_objects.append(stored)
            elif inline_form.has_changed():
                with self.refusal_for(request, inline_form.prefix, abort=False):
                    saved = inline.service_update(request, _fresh(inline_form.instance), inline_form)
                    adopt(inline_form.instance, saved)
                    formset.changed_objects.append((saved, inline_form.changed_data))
        for inline_form in formset.extra_forms:
            if inline_form in deleted or not inline_form.has_changed():
                continue
            with self.refusal_for(request, inline_form.prefix, abort=False):
                saved = inline.service_create(request, formset.instance, inline_form)
                adopt(inline_form.instance, saved)
                formset.new_objects.append(saved)

    # --------------------------------------------------------------------- deleting

    @csrf_protect_m
    def delete_view(self, request, object_id, extra_context=None):
        setattr(request, _PENDING_ATTR, Refusals())
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            for message in refused.refusals.messages():
                self.message_user(request, message, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def delete_model(self, request, obj):
        with self.refusal_for(request, MAIN_FORM):
            self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        # All or nothing: a refusal rolls back the rows deleted before it.
        setattr(request, _PENDING_ATTR, Refusals())
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                with self.refusal_for(request, MAIN_FORM, abort=False):
                    self.service_delete(request, obj)
            self.raise_if_refused(request)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except ServiceRefused as refused:
            for message in refused.refusals.messages():
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --------------------------------------------------------------------- actions

    def run_service_each(self, request, objects, call, *, done_message) -> bool:
        """Call `call(obj)` for each object in one transaction: all succeed, or none is kept.

        Every refusal is shown, prefixed by the object it concerns.
        """
        problems = []
        count = 0
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in objects:
                try:
                    call(obj)
                    count += 1
                except ValidationError as error:
                    problems.extend(f"{obj}: {message}" for message in error.messages)
            if problems:
                transaction.set_rollback(True)
        if problems:
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            self.message_user(request, _("Nothing was changed."), messages.WARNING)
            return False
        self.message_user(request, done_message % {"count": shown_digits(count)}, messages.SUCCESS)
        return True


class ServiceModelAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The base for admins of models without change history."""


class JalaliHistoryContextHelper(HistoricalRecordContextHelper):
    """Shows the old and new values of a change as people read them: Jalali dates, choice labels."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "–"
        if isinstance(value, datetime.datetime):
            return jalali.format_datetime(value)
        if isinstance(value, datetime.date):
            return jalali.format_date(value)
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return value


class ServiceHistoryAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """The base for admins of models with change history: the History page shows who changed what.

    Reverting from the history page would write around the services, so it is switched off.
    """

    object_history_list_template = "admin/simple_history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return JalaliHistoryContextHelper(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        _ensure_valid_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        _ensure_valid_id(self.model, object_id)
        _ensure_valid_id(self.model.history.model, version_id)
        setattr(request, _HISTORY_ATTR, True)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _ensure_valid_id(model, value) -> None:
    """A malformed id in an address (`…/abc/history/`) is a page that does not exist, not a 500."""
    try:
        model._meta.pk.to_python(unquote(value))
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


class ServiceInlineMixin(ProgrammeAdminMixin):
    """An inline whose rows are written by service hooks, called by the parent admin's `save_formset`:

    - `service_create(self, request, parent, form) -> Model`
    - `service_update(self, request, obj, form) -> Model`
    - `service_delete(self, request, obj) -> None`
    - `is_read_only(self, parent) -> bool`: the parent's state forbids changing these rows.
    """

    form = ServiceModelForm
    formset = ServiceInlineFormSet
    extra = 0
    service_create = None
    service_update = None
    service_delete = None
    # True when the parent admin saves this table as a whole through one service call
    # (a rating scheme's bands, a score's attribute values) instead of row by row.
    saved_with_parent = False

    def is_read_only(self, parent) -> bool:
        return False

    def _may(self, hook, obj) -> bool:
        if not (self.saved_with_parent or hook is not None):
            return False
        return obj is None or not self.is_read_only(obj)

    def has_view_permission(self, request, obj=None):
        return is_programme_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return self._may(self.service_create, obj) and is_programme_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return self._may(self.service_update, obj) and is_programme_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return self._may(self.service_delete, obj) and is_programme_admin(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.service_update is not None and self.has_change_permission(request, obj):
            fieldsets = with_version_field(fieldsets)
        return fieldsets

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        refusals = getattr(request, _REPLAY_ATTR, None)
        formset = type(formset.__name__, (formset,), {"admin_inline": self, "service_refusals": refusals})
        formset.form = _with_refusals(formset.form, refusals)
        return formset


class ServiceTabularInline(ServiceInlineMixin, admin.TabularInline):
    pass


class ServiceStackedInline(ServiceInlineMixin, admin.StackedInline):
    pass


def formset_rows(formset, fields) -> list[dict]:
    """The rows an inline table holds after the save: kept and filled-in rows, not deleted ones."""
    deleted = set(formset.deleted_forms)
    extra = set(formset.extra_forms)
    rows = []
    for form in formset.forms:
        if form in deleted or (form in extra and not form.has_changed()):
            continue
        rows.append({name: form.cleaned_data.get(name) for name in fields})
    return rows
