"""Loading an excellence framework (criteria, sub-criteria, RADAR matrix) from its data file.

Reading and checking a file is `assessments.framework_documents`, which needs no database;
this module writes what it returns. The whole document is validated first, with every
problem reported at once; only then is the framework written, in one transaction, matched
row by row on its codes so that a second load of the same file changes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.framework_documents import (
    FieldLimits,
    FrameworkSpec,
    framework_document_validate,
    framework_file_parse,
)
from assessments.models import (
    AttributeScore,
    Criterion,
    Finding,
    Framework,
    RadarAttribute,
    RadarElement,
    Score,
    SubCriterion,
)
from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.roles import ensure_programme_admin
from excellence.updates import model_update

SHIPPED_FRAMEWORK_FILE_NAMES = ("efqm2013-ir1393.json", "efqm2020.json")

_FRAMEWORK_MODELS = (Framework, Criterion, SubCriterion, RadarElement, RadarAttribute)


# --------------------------------------------------------------------------- public API


def shipped_framework_files() -> list[Path]:
    """The framework files shipped with the product, in `settings.FRAMEWORKS_DIR`."""
    directory = Path(settings.FRAMEWORKS_DIR)
    return [directory / name for name in SHIPPED_FRAMEWORK_FILE_NAMES]


def framework_field_limits() -> FieldLimits:
    """The lengths and decimal places of the framework models' columns, as the reader takes them."""
    fields = [(model._meta.model_name, field) for model in _FRAMEWORK_MODELS for field in model._meta.fields]
    return FieldLimits(
        max_lengths={
            f"{model}.{field.name}": field.max_length for model, field in fields if field.max_length
        },
        decimal_places={
            f"{model}.{field.name}": field.decimal_places
            for model, field in fields
            if isinstance(field, models.DecimalField)
        },
    )


@records_actor
def framework_load(*, actor, data: dict, source_file: str = "") -> Framework:
    """Create or update the framework described by `data`, a parsed framework document.

    Every problem in the document is reported in one ApplicationError before anything is
    written. Rows are matched on their codes: loading the same document twice changes
    nothing. A criterion, sub-criterion, RADAR element or attribute that the document no
    longer lists is deleted, unless findings or scores refer to it: then the load is refused.
    """
    ensure_programme_admin(actor)
    spec = framework_document_validate(data=data, limits=framework_field_limits(), source_file=source_file)
    with transaction.atomic():
        return _framework_save(spec=spec, source_file=source_file)


def framework_load_from_file(*, actor, path: str | Path) -> Framework:
    """Read the framework file at `path` (UTF-8 JSON) and load it with `framework_load`.

    Every error names the file.
    """
    path = Path(path)
    shown = _display_path(path)
    data = framework_file_parse(path=path, shown=shown)
    try:
        return framework_load(actor=actor, data=data, source_file=shown)
    except ApplicationError as error:
        raise ApplicationError(
            [
                ValidationError(
                    _("%(file)s: %(message)s"), code=problem.code, params={"file": shown, "message": message}
                )
                for problem in error.error_list
                for message in problem.messages
            ]
        ) from error


def framework_load_from_files(*, actor, paths: Sequence[str | Path]) -> list[Framework]:
    """Load several framework files in one transaction: all of them, or none if one fails."""
    with transaction.atomic():
        return [framework_load_from_file(actor=actor, path=path) for path in paths]


def _display_path(path: Path) -> str:
    """The file as shown in messages and kept in `Framework.source_file`: relative to the project."""
    try:
        shown = str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        shown = str(path)
    limit = Framework._meta.get_field("source_file").max_length
    return shown if len(shown) <= limit else path.name[-limit:]


# --------------------------------------------------------------------------- writing


@dataclass
class _ExistingRows:
    """The rows of a framework already in the database, keyed the way the document keys them."""

    criteria: dict[str, Criterion]
    sub_criteria: dict[str, SubCriterion]
    elements: dict[tuple[str, str], RadarElement]
    attributes: dict[tuple[str, str, str], RadarAttribute]

    @classmethod
    def none(cls) -> "_ExistingRows":
        return cls(criteria={}, sub_criteria={}, elements={}, attributes={})

    @classmethod
    def fetch(cls, framework: Framework) -> "_ExistingRows":
        """One query per level; each row knows its parent, so comparing one costs no query."""
        criteria = {}
        for criterion in Criterion.objects.filter(framework=framework):
            criterion.framework = framework
            criteria[criterion.code] = criterion
        criteria_by_id = {criterion.id: criterion for criterion in criteria.values()}
        sub_criteria = {}
        for sub_criterion in SubCriterion.objects.filter(framework=framework):
            sub_criterion.framework = framework
            sub_criterion.criterion = criteria_by_id[sub_criterion.criterion_id]
            sub_criteria[sub_criterion.code] = sub_criterion
        elements = {}
        for element in RadarElement.objects.filter(framework=framework):
            element.framework = framework
            elements[(element.kind, element.code)] = element
        elements_by_id = {element.id: element for element in elements.values()}
        attributes = {}
        for attribute in RadarAttribute.objects.filter(element__framework=framework):
            element = elements_by_id[attribute.element_id]
            attribute.element = element
            attributes[(element.kind, element.code, attribute.code)] = attribute
        return cls(criteria=criteria, sub_criteria=sub_criteria, elements=elements, attributes=attributes)


def _framework_save(*, spec: FrameworkSpec, source_file: str) -> Framework:
    framework = Framework.objects.select_for_update().filter(code=spec.code).first()
    values = {
        "name_en": spec.name_en,
        "name_fa": spec.name_fa,
        "description": spec.description,
        "source_file": source_file,
    }
    if framework is None:
        framework = Framework(code=spec.code, **values)
        _full_clean(framework, gettext("The framework"))
        framework.save()
        existing = _ExistingRows.none()
    else:
        existing = _ExistingRows.fetch(framework)
        _ensure_changes_keep_references(spec=spec, framework=framework, existing=existing)
        _row_update(framework, values, where=gettext("The framework"))

    criteria = _rows_save(
        model=Criterion,
        existing=existing.criteria,
        wanted={
            criterion.code: {
                "framework": framework,
                "code": criterion.code,
                "kind": criterion.kind,
                "name_en": criterion.name_en,
                "name_fa": criterion.name_fa,
                "points": criterion.points,
                "order": criterion.order,
            }
            for criterion in spec.criteria
        },
        where=gettext("Criterion %(code)s"),
    )
    _rows_save(
        model=SubCriterion,
        existing=existing.sub_criteria,
        wanted={
            sub_criterion.code: {
                "framework": framework,
                "criterion": criteria[criterion.code],
                "code": sub_criterion.code,
                "code_fa": sub_criterion.code_fa,
                "name_en": sub_criterion.name_en,
                "name_fa": sub_criterion.name_fa,
                "weight": sub_criterion.weight,
                "order": sub_criterion.order,
            }
            for criterion in spec.criteria
            for sub_criterion in criterion.sub_criteria
        },
        where=gettext("Sub-criterion %(code)s"),
    )
    elements = _rows_save(
        model=RadarElement,
        existing=existing.elements,
        wanted={
            (element.kind, element.code): {
                "framework": framework,
                "kind": element.kind,
                "code": element.code,
                "name_en": element.name_en,
                "name_fa": element.name_fa,
                "order": element.order,
            }
            for element in spec.radar_elements
        },
        where=gettext("RADAR element %(code)s"),
    )
    _rows_save(
        model=RadarAttribute,
        existing=existing.attributes,
        wanted={
            (element.kind, element.code, attribute.code): {
                "element": elements[(element.kind, element.code)],
                "code": attribute.code,
                "name_en": attribute.name_en,
                "name_fa": attribute.name_fa,
                "order": attribute.order,
            }
            for element in spec.radar_elements
            for attribute in element.attributes
        },
        where=gettext("RADAR attribute %(code)s"),
    )
    # Children first: a removed criterion's sub-criteria may have moved to another criterion above.
    _rows_delete(model=SubCriterion, existing=existing.sub_criteria, kept=spec.sub_criterion_codes())
    _rows_delete(
        model=Criterion, existing=existing.criteria, kept={criterion.code for criterion in spec.criteria}
    )
    _rows_delete(model=RadarAttribute, existing=existing.attributes, kept=spec.attribute_keys())
    _rows_delete(
        model=RadarElement,
        existing=existing.elements,
        kept={(element.kind, element.code) for element in spec.radar_elements},
    )
    return framework


# New rows point at rows this load has just fetched or created in the same transaction,
# and the document validation already enforced the uniqueness and check constraints with
# clearer messages: their `full_clean` skips those database round trips, so a first load
# costs a fixed number of queries however many rows the framework has. A changed row is
# rarer (a corrected title) and goes through `model_update`, validated in full.
_CLEAN_EXCLUDE = {
    Framework: [],
    Criterion: ["framework"],
    SubCriterion: ["framework", "criterion"],
    RadarElement: ["framework"],
    RadarAttribute: ["element"],
}


def _full_clean(instance: models.Model, where: str) -> None:
    try:
        instance.full_clean(
            exclude=_CLEAN_EXCLUDE[type(instance)], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise _invalid_row(where, error) from error


def _row_update(row: models.Model, values: dict, *, where: str) -> None:
    """Save the fields of `values` that differ; an unchanged row is neither validated nor written."""
    try:
        model_update(instance=row, fields=list(values), data=values)
    except ValidationError as error:
        raise _invalid_row(where, error) from error


def _invalid_row(where: str, error: ValidationError) -> ApplicationError:
    problems = "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in sorted(error.message_dict.items())
    )
    return ApplicationError(
        _("%(where)s is invalid: %(problems)s"),
        code="invalid_row",
        params={"where": where, "problems": problems},
    )


def _rows_save(*, model: type[models.Model], existing: dict, wanted: dict, where: str) -> dict:
    """Update the existing rows that changed and create the new ones in one query; return all by key."""
    rows = {}
    new_rows = []
    for key, values in wanted.items():
        row_where = where % {"code": values["code"]}
        row = existing.get(key)
        if row is None:
            row = model(**values)
            _full_clean(row, row_where)
            new_rows.append(row)
        else:
            _row_update(row, values, where=row_where)
        rows[key] = row
    if new_rows:
        model.objects.bulk_create(new_rows)
    return rows


def _rows_delete(*, model: type[models.Model], existing: dict, kept: set) -> None:
    removed = [row.pk for key, row in existing.items() if key not in kept]
    if removed:
        model.objects.filter(pk__in=removed).delete()


def _ensure_changes_keep_references(
    *, spec: FrameworkSpec, framework: Framework, existing: _ExistingRows
) -> None:
    """Refuse to remove, or to change the kind of, rows that findings or scores refer to.

    Costs no query when nothing is removed and no kind changes, as on a repeated load.
    """
    kept_sub_criteria = {}
    for criterion in spec.criteria:
        for sub_criterion in criterion.sub_criteria:
            kept_sub_criteria[sub_criterion.code] = criterion
    criteria_by_id = {criterion.id: criterion for criterion in existing.criteria.values()}

    removed_sub_criteria = [
        row for code, row in existing.sub_criteria.items() if code not in kept_sub_criteria
    ]
    kind_changes = [
        (row, criteria_by_id[row.criterion_id].kind, kept_sub_criteria[code].kind)
        for code, row in existing.sub_criteria.items()
        if code in kept_sub_criteria and criteria_by_id[row.criterion_id].kind != kept_sub_criteria[code].kind
    ]
    kept_attributes = spec.attribute_keys()
    removed_attributes = [row for key, row in existing.attributes.items() if key not in kept_attributes]

    referenced_sub_criteria = _referenced_sub_criterion_ids(
        [row.id for row in removed_sub_criteria] + [row.id for row, _old, _new in kind_changes]
    )
    referenced_attributes = _referenced_attribute_ids([row.id for row in removed_attributes])

    problems = []
    kept_criteria = {criterion.code for criterion in spec.criteria}
    removed_criteria = {code for code in existing.criteria if code not in kept_criteria}
    for row in removed_sub_criteria:
        if row.id not in referenced_sub_criteria:
            continue
        criterion = criteria_by_id[row.criterion_id]
        if criterion.code in removed_criteria:
            problems.append(
                ValidationError(
                    _(
                        "Criterion %(criterion)s cannot be removed from framework %(framework)s: "
                        "findings or scores refer to its sub-criterion %(code)s."
                    ),
                    code="referenced_criterion",
                    params={"criterion": criterion.code, "framework": framework.code, "code": row.code},
                )
            )
        else:
            problems.append(
                ValidationError(
                    _(
                        "Sub-criterion %(code)s cannot be removed from framework %(framework)s: "
                        "findings or scores refer to it."
                    ),
                    code="referenced_sub_criterion",
                    params={"code": row.code, "framework": framework.code},
                )
            )
    for row, old_kind, new_kind in kind_changes:
        if row.id in referenced_sub_criteria:
            problems.append(
                ValidationError(
                    _(
                        "Sub-criterion %(code)s of framework %(framework)s cannot change its kind "
                        "from %(old)s to %(new)s: findings or scores refer to it."
                    ),
                    code="referenced_kind_change",
                    params={"code": row.code, "framework": framework.code, "old": old_kind, "new": new_kind},
                )
            )
    for row in removed_attributes:
        if row.id in referenced_attributes:
            problems.append(
                ValidationError(
                    _(
                        "RADAR attribute %(code)s (%(element)s, %(kind)s) cannot be removed from framework "
                        "%(framework)s: scores refer to it."
                    ),
                    code="referenced_attribute",
                    params={
                        "code": row.code,
                        "element": row.element.code,
                        "kind": row.element.kind,
                        "framework": framework.code,
                    },
                )
            )
    if problems:
        raise ApplicationError(problems)


def _referenced_sub_criterion_ids(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    findings = Finding.objects.filter(sub_criterion_id__in=ids).values_list("sub_criterion_id", flat=True)
    scores = Score.objects.filter(sub_criterion_id__in=ids).values_list("sub_criterion_id", flat=True)
    return set(findings.distinct()) | set(scores.distinct())


def _referenced_attribute_ids(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        AttributeScore.objects.filter(attribute_id__in=ids).values_list("attribute_id", flat=True).distinct()
    )
