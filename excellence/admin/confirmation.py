"""The page asking for a written text (a reopening's reason, a verification note) before a service runs."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from excellence.numbers import shown_digits


class TextConfirmationMixin:
    """A ModelAdmin mixin: `text_confirmation(…)` shows templates/admin/text_confirmation.html."""

    def text_confirmation(
        self, request, objects, *, field, label, call, title, intro, done_message, next_url, action=None
    ):
        """A page asking for a written text (a reopening's reason, a verification note) for `objects`.

        On submit, `call(obj, text)` runs for every object in one transaction: all succeed,
        or nothing is kept and each refusal is shown — beside the text box when it is about
        the text, otherwise above it naming the object. `action` is the changelist action
        that showed the page, so that the form posts back to it with the same selection.
        """
        form_class = type(
            "WrittenTextForm",
            (forms.Form,),
            {field: forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 5}))},
        )
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            text = form.cleaned_data[field]
            shown = set()
            with transaction.atomic(using=router.db_for_write(self.model)):
                for obj in objects:
                    try:
                        call(obj, text)
                    except ValidationError as error:
                        _add_object_error(form, obj, error, many=len(objects) > 1, shown=shown)
                if form.errors:
                    transaction.set_rollback(True)
            if not form.errors:
                self.message_user(
                    request, done_message % {"count": shown_digits(len(objects))}, messages.SUCCESS
                )
                return HttpResponseRedirect(next_url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "objects": objects,
            "form": form,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": next_url,
        }
        return TemplateResponse(request, "admin/text_confirmation.html", context)


def _add_object_error(form, obj, error: ValidationError, *, many: bool, shown: set) -> None:
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for field, errors in items:
        for message in ValidationError(errors).messages:
            if field in form.fields:
                if (field, message) not in shown:
                    shown.add((field, message))
                    form.add_error(field, message)
            else:
                form.add_error(None, f"{obj}: {message}" if many else message)
