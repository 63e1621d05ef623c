"""`/workspace/<id>/import/`: importing findings from an Excel workbook into an assessment.

The page offers the template workbook for the assessment's cycle framework and an upload
form: an assessor imports their own individual findings while the individual stage
lasts, the team leader the consensus findings during the consensus, the programme office
either, in any stage before the assessment is finalized (`selectors.imports`). The
assessment is resolved through `access.assessments_visible` (another team's: 404); a
refused action answers 403. The upload is a plain form post: the page answers with the
errors of every row (400, nothing saved) or with what was imported (200). Posting the
same file again saves nothing twice: its rows are skipped as duplicates.
"""

from __future__ import annotations

import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.views import View

from excellence.form_errors import add_refusal_to_form
from excellence.numbers import shown_digits
from excellence.roles import AccessDenied

from .. import access
from ..forms.imports import ImportForm
from ..imports.reading import MAX_BYTES, MAX_ROWS
from ..imports.template import template_filename, template_write
from ..imports.validation import TEXT_LIMIT, joined
from ..models import Finding
from ..selectors.imports import import_catalog, import_target_default, import_targets
from ..services.imports import ensure_may_import, findings_import
from .workspace import BAD_INPUT, AssessmentMixin

TEMPLATE = "assessments/imports/upload.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How many errors and imported findings the page lists; the counts say how many there are.
SHOWN = 200


def _refusal(user, assessment):
    """Why `user` may import nothing into `assessment`: an AccessDenied or an ApplicationError."""
    roles = access.roles_of(user)
    own = None
    if roles.is_assessor:
        own = access.assessors_visible(user).filter(pk=roles.assessor_id).first()
    stage = Finding.Stage.INDIVIDUAL if own is not None else Finding.Stage.CONSENSUS
    try:
        ensure_may_import(actor=user, assessment=assessment, stage=stage, author=own)
    except ValidationError as refusal:
        return refusal
    return AccessDenied(str(access.ACTIONS["finding.add_individual"][1]))


def _ranges(numbers: list[int]) -> str:
    """2, 5, 7–12: row numbers with runs shortened, in the active language's digits and comma."""
    parts, start, previous = [], None, None
    for number in [*sorted(numbers), None]:
        if start is not None and (number is None or number != previous + 1):
            parts.append(
                shown_digits(start)
                if start == previous
                else f"{shown_digits(start)}–{shown_digits(previous)}"
            )
            start = None
        if number is not None and start is None:
            start = number
        previous = number
    return joined(parts)


def _skipped_rows(outcome) -> list[tuple[str, str]]:
    """The skipped rows by sheet, in the order of the file: (sheet, "2, 5, 7–12")."""
    if outcome is None or not outcome.skipped:
        return []
    by_sheet: dict[str, list[int]] = {}
    for row in outcome.skipped:
        by_sheet.setdefault(row.sheet, []).append(row.row)
    return [(sheet, _ranges(rows)) for sheet, rows in by_sheet.items()]


class ImportMixin(AssessmentMixin):
    def targets(self):
        if not hasattr(self, "_targets"):
            self._targets = import_targets(user=self.request.user, assessment=self.assessment)
        return self._targets

    def render_import(self, *, form=None, outcome=None, status=200, target=None):
        targets = self.targets()
        if form is None and targets:
            initial = import_target_default(targets=targets, assessment=self.assessment)
            form = ImportForm(targets=targets, initial_target=initial)
        refusal = None if targets else _refusal(self.request.user, self.assessment)
        context = {
            "roles": access.roles_of(self.request.user),
            "assessment": self.assessment,
            "form": form,
            "refusal": refusal.messages[0] if refusal is not None else None,
            "outcome": outcome,
            "skipped_rows": _skipped_rows(outcome),
            "target": target,
            "shown": SHOWN,
            "limits": {"megabytes": MAX_BYTES // (1024 * 1024), "rows": MAX_ROWS, "characters": TEXT_LIMIT},
        }
        return render(self.request, TEMPLATE, context, status=status)


class ImportView(ImportMixin, View):
    """The upload page (GET) and the upload (POST)."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return self.render_import()

    def post(self, request, *args, **kwargs):
        targets = self.targets()
        if not targets:
            refusal = _refusal(request.user, self.assessment)
            if isinstance(refusal, AccessDenied):
                raise PermissionDenied(refusal.messages[0])
            return self.render_import(status=BAD_INPUT)
        form = ImportForm(request.POST, request.FILES, targets=targets)
        if not form.is_valid():
            return self.render_import(form=form, status=BAD_INPUT)
        target = form.chosen_target()
        upload = form.cleaned_data["file"]
        try:
            outcome = findings_import(
                actor=request.user,
                assessment=self.assessment,
                file=upload.file,
                name=upload.name,
                size=upload.size,
                stage=target.stage,
                author=target.author,
            )
        except AccessDenied as denied:
            raise PermissionDenied(denied.messages[0]) from denied
        except ValidationError as refusal:
            add_refusal_to_form(form, refusal)
            return self.render_import(form=form, status=BAD_INPUT)
        finally:
            upload.close()
        if not outcome.saved:
            return self.render_import(form=form, outcome=outcome, target=target, status=BAD_INPUT)
        fresh = ImportForm(targets=targets, initial_target=target)
        return self.render_import(form=fresh, outcome=outcome, target=target)


class ImportTemplateDownload(ImportMixin, View):
    """The template workbook for the assessment's cycle framework, in the person's language."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        catalog = import_catalog(assessment=self.assessment)
        # Not a context manager: the response streams the file and closes (and so deletes) it.
        output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        try:
            template_write(catalog=catalog, output=output)
            output.seek(0)
        except BaseException:
            output.close()
            raise
        filename = template_filename(year=catalog.year, organization_code=catalog.unit_code)
        return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)
