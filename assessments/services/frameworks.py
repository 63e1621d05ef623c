"""Loading an excellence framework (criteria, sub-criteria, RADAR matrix) from its data file.

A framework file is a JSON document (see `assessments/frameworks/*.json`):

    {"format_version": 1, "code": "EFQM2013-IR1393", "name_en": …, "name_fa": …, "description": …,
     "criteria": [{"code": "6", "kind": "result", "name_en": …, "name_fa": …, "points": 150,
                   "sub_criteria": [{"code": "6a", "code_fa": "۶الف", "name_en": …, "name_fa": …,
                                     "weight": 0.75, "points": 112.5}, …]}, …],
     "radar": {"enabler": [{"code": "approach", "name_en": …, "name_fa": …,
                            "attributes": [{"code": "sound", "name_en": …, "name_fa": …}, …]}, …],
               "result": […]}}

Rows may also carry notes that are kept in the file only (`status`, `sources`, `notes`,
`name_fa_alternatives`, …): they record how sure each fact is, so that a title can be
corrected in the data without a release of code. Any other key is refused, so that a
misspelt key is not silently ignored.

The whole document is validated first, with every problem reported at once; only then is
the framework written, in one transaction, matched row by row on its codes so that a
second load of the same file changes nothing.
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    AttributeScore,
    Criterion,
    CriterionKind,
    Finding,
    Framework,
    RadarAttribute,
    RadarElement,
    Score,
    SubCriterion,
)
from excellence.errors import ApplicationError
from excellence.persian import normalize_text

FORMAT_VERSION = 1
TOTAL_POINTS = Decimal(1000)
SHIPPED_FRAMEWORK_FILE_NAMES = ("efqm2013-ir1393.json", "efqm2020.json")

_FRAMEWORK_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CRITERION_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
_RADAR_CODE = re.compile(r"[a-z][a-z0-9_]*")
_KINDS = tuple(CriterionKind.values)

# Keys kept in the file for people (how sure a fact is, where it comes from); never loaded.
_ROW_NOTE_KEYS = ("name_fa_alternatives", "status", "sources", "notes")


def _max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def _decimal_places(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).decimal_places


def _format_decimal(value: Decimal) -> str:
    """990.00 → "990", 0.90000 → "0.9": numbers in messages read as people write them."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class SubCriterionSpec:
    code: str
    code_fa: str
    name_en: str
    name_fa: str
    weight: Decimal
    order: int


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    kind: str
    name_en: str
    name_fa: str
    points: Decimal
    order: int
    sub_criteria: tuple[SubCriterionSpec, ...]


@dataclass(frozen=True)
class RadarAttributeSpec:
    code: str
    name_en: str
    name_fa: str
    order: int


@dataclass(frozen=True)
class RadarElementSpec:
    kind: str
    code: str
    name_en: str
    name_fa: str
    order: int
    attributes: tuple[RadarAttributeSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    """A framework document that passed validation, as plain data."""

    code: str
    name_en: str
    name_fa: str
    description: str
    criteria: tuple[CriterionSpec, ...]
    radar_elements: tuple[RadarElementSpec, ...]


# --------------------------------------------------------------------------- public API


def shipped_framework_files() -> list[Path]:
    """The framework files shipped with the product, in `settings.FRAMEWORKS_DIR`."""
    directory = Path(settings.FRAMEWORKS_DIR)
    return [directory / name for name in SHIPPED_FRAMEWORK_FILE_NAMES]


def framework_load(*, data: dict, source_file: str = "") -> Framework:
    """Create or update the framework described by `data`, a parsed framework document.

    Every problem in the document is reported in one ApplicationError before anything is
    written. Rows are matched on their codes: loading the same document twice changes
    nothing. A criterion, sub-criterion, RADAR element or attribute that the document no
    longer lists is deleted, unless findings or scores refer to it: then the load is refused.
    """
    spec = framework_document_validate(data=data, source_file=source_file)
    with transaction.atomic():
        return _framework_save(spec=spec, source_file=source_file)


def framework_load_from_file(*, path: str | Path) -> Framework:
    """Read the framework file at `path` (UTF-8 JSON) and load it with `framework_load`.

    Every error names the file.
    """
    path = Path(path)
    shown = _display_path(path)
    data = _read_document(path=path, shown=shown)
    try:
        return framework_load(data=data, source_file=shown)
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


def framework_load_from_files(*, paths: Sequence[str | Path]) -> list[Framework]:
    """Load several framework files in one transaction: all of them, or none if one fails."""
    with transaction.atomic():
        return [framework_load_from_file(path=path) for path in paths]


def framework_document_validate(*, data: object, source_file: str = "") -> FrameworkSpec:
    """Validate a framework document and return it as plain data; raise every problem at once."""
    reader = _DocumentReader()
    spec = reader.read(data)
    if len(source_file) > _max_length(Framework, "source_file"):
        reader.error(
            _("The source file name must be at most %(limit)s characters long."),
            "source_file_too_long",
            limit=_max_length(Framework, "source_file"),
        )
    if reader.errors:
        raise ApplicationError(reader.errors)
    return spec


# --------------------------------------------------------------------------- reading a file


def _display_path(path: Path) -> str:
    """The file as shown in messages and kept in `Framework.source_file`: relative to the project."""
    try:
        shown = str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        shown = str(path)
    limit = _max_length(Framework, "source_file")
    return shown if len(shown) <= limit else path.name[-limit:]


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKeyError(key)
        seen[key] = value
    return seen


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _read_document(*, path: Path, shown: str) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ApplicationError(
            _("The framework file %(file)s does not exist."), code="file_missing", params={"file": shown}
        ) from error
    except UnicodeDecodeError as error:
        raise ApplicationError(
            _("The framework file %(file)s is not UTF-8 text."), code="file_not_utf8", params={"file": shown}
        ) from error
    except OSError as error:
        raise ApplicationError(
            _("The framework file %(file)s cannot be read: %(reason)s."),
            code="file_unreadable",
            params={"file": shown, "reason": error.strerror or error},
        ) from error
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise ApplicationError(
            _(
                "The framework file %(file)s is not valid JSON: "
                "%(reason)s at line %(line)s, column %(column)s."
            ),
            code="invalid_json",
            params={"file": shown, "reason": error.msg, "line": error.lineno, "column": error.colno},
        ) from error
    except _DuplicateKeyError as error:
        raise ApplicationError(
            _('The framework file %(file)s is not valid: the key "%(key)s" appears twice in one object.'),
            code="duplicate_key",
            params={"file": shown, "key": error.key},
        ) from error


# --------------------------------------------------------------------------- validation


class _DocumentReader:
    """Turns a framework document into a FrameworkSpec, collecting every problem on the way."""

    def __init__(self):
        self.errors: list[ValidationError] = []
        self.source_codes: set[str] | None = None
        self.block_codes: set[str] | None = None

    def error(self, message, error_code: str, /, **params) -> None:
        self.errors.append(ValidationError(message, code=error_code, params=params))

    # -- the document

    def read(self, data: object) -> FrameworkSpec | None:
        where = gettext("The framework")
        if not isinstance(data, dict):
            self.error(_("A framework document must be a JSON object."), "not_an_object")
            return None
        self._keys(
            data,
            where,
            required=("format_version", "code", "name_en", "name_fa", "criteria", "radar"),
            optional=(
                "description",
                "description_en",
                "model",
                "aliases",
                "notes",
                "sources",
                "blocks",
            ),
        )
        version = data.get("format_version", FORMAT_VERSION)
        if type(version) is not int or version != FORMAT_VERSION:
            self.error(
                _(
                    "The framework's format_version is %(version)s; "
                    "this version of Excellence reads %(supported)s."
                ),
                "format_version",
                version=json.dumps(version, default=str),
                supported=FORMAT_VERSION,
            )
            return None
        code = self._code(data, where, _FRAMEWORK_CODE, _max_length(Framework, "code"))
        name_en = self._text(data, "name_en", where, _max_length(Framework, "name_en"))
        name_fa = self._text(data, "name_fa", where, _max_length(Framework, "name_fa"), persian=True)
        description = self._text(data, "description", where, required=False, persian=True)
        self._text(data, "description_en", where, required=False)
        self._text(data, "model", where, required=False)
        self._texts(data, "aliases", where)
        self._texts(data, "notes", where)
        self._read_sources(data, where)
        self._read_blocks(data, where)
        criteria = self._read_criteria(data, where)
        radar_elements = self._read_radar(data, where)
        if self.errors:
            return None
        return FrameworkSpec(
            code=code,
            name_en=name_en,
            name_fa=name_fa,
            description=description,
            criteria=criteria,
            radar_elements=radar_elements,
        )

    def _read_sources(self, data: dict, where: str) -> None:
        if "sources" not in data:
            return
        sources = data["sources"]
        if not isinstance(sources, dict) or not all(isinstance(text, str) for text in sources.values()):
            self._wrong_type(where, "sources", gettext("an object of texts"))
            return
        self.source_codes = set(sources)

    def _read_blocks(self, data: dict, where: str) -> None:
        blocks = self._list(data, "blocks", where, required=False)
        if blocks is None:
            return
        self.block_codes = set()
        for position, block in enumerate(blocks, start=1):
            block_where = gettext("Block number %(position)s") % {"position": position}
            if not self._keys(block, block_where, required=("code", "name_en", "name_fa"), optional=()):
                continue
            code = self._text(block, "code", block_where)
            self._text(block, "name_en", block_where)
            self._text(block, "name_fa", block_where)
            if code in self.block_codes:
                self.error(_("Block code %(code)s appears more than once."), "duplicate_block", code=code)
            self.block_codes.add(code)

    # -- criteria and sub-criteria

    def _read_criteria(self, data: dict, where: str) -> tuple[CriterionSpec, ...]:
        items = self._list(data, "criteria", where)
        if items is None:
            return ()
        criteria = [self._read_criterion(item, position) for position, item in enumerate(items, start=1)]
        # Codes and sums are checked on whatever each row holds, so that one problem in a
        # row does not hide them.
        self._refuse_duplicates(
            [_raw_code(item) for item in items],
            _("Criterion code %(code)s appears more than once."),
            "duplicate_criterion",
        )
        self._refuse_duplicates(
            [_raw_code(sub_item) for item in items for sub_item in _raw_list(item, "sub_criteria")],
            _("Sub-criterion code %(code)s appears more than once."),
            "duplicate_sub_criterion",
        )
        points = [_raw_number(item, "points") for item in items]
        if None not in points:
            total = sum(points, Decimal(0))
            if total != TOTAL_POINTS:
                self.error(
                    _("Criterion points must sum to %(expected)s; this file's sum to %(total)s."),
                    "points_sum",
                    expected=_format_decimal(TOTAL_POINTS),
                    total=_format_decimal(total),
                )
        return tuple(criterion for criterion in criteria if criterion is not None)

    def _read_criterion(self, item: object, position: int) -> CriterionSpec | None:
        where = _label(
            item,
            position,
            named=gettext("Criterion %(code)s"),
            numbered=gettext("Criterion number %(position)s"),
        )
        if not self._keys(
            item,
            where,
            required=("code", "kind", "name_en", "name_fa", "points", "sub_criteria"),
            optional=(*_ROW_NOTE_KEYS, "block", "stakeholder_groups"),
        ):
            return None
        errors_before = len(self.errors)
        code = self._code(item, where, _CRITERION_CODE, _max_length(Criterion, "code"))
        kind = item.get("kind", _KINDS[0])
        if kind not in _KINDS:
            self.error(
                _('%(where)s: kind must be "enabler" or "result", not %(value)s.'),
                "kind",
                where=where,
                value=json.dumps(kind, ensure_ascii=False, default=str),
            )
        name_en = self._text(item, "name_en", where, _max_length(Criterion, "name_en"))
        name_fa = self._text(item, "name_fa", where, _max_length(Criterion, "name_fa"), persian=True)
        points = self._number(item, "points", where)
        if points is not None and not _in_range(points, TOTAL_POINTS, _decimal_places(Criterion, "points")):
            self.error(
                _(
                    "%(where)s: points must be greater than 0 and at most %(limit)s, "
                    "with at most %(places)s decimal places; found %(value)s."
                ),
                "points_range",
                where=where,
                limit=_format_decimal(TOTAL_POINTS),
                places=_decimal_places(Criterion, "points"),
                value=_format_decimal(points),
            )
            points = None
        self._row_notes(item, where)
        self._block(item, where)
        self._stakeholder_groups(item, where)
        sub_criteria = self._read_sub_criteria(item, where, code or "?", points)
        if len(self.errors) > errors_before:
            return None
        return CriterionSpec(
            code=code,
            kind=kind,
            name_en=name_en,
            name_fa=name_fa,
            points=points,
            order=position,
            sub_criteria=sub_criteria,
        )

    def _read_sub_criteria(
        self, criterion: dict, criterion_where: str, criterion_code: str, points: Decimal | None
    ) -> tuple[SubCriterionSpec, ...]:
        items = self._list(criterion, "sub_criteria", criterion_where)
        if items is None:
            return ()
        sub_criteria = [
            self._read_sub_criterion(item, position, criterion_code, points)
            for position, item in enumerate(items, start=1)
        ]
        weights = [_raw_number(item, "weight") for item in items]
        if None not in weights:
            total = sum(weights, Decimal(0))
            if total != 1:
                self.error(
                    _(
                        "The sub-criterion weights of criterion %(code)s must sum to 1; "
                        "they sum to %(total)s."
                    ),
                    "weights_sum",
                    code=criterion_code,
                    total=_format_decimal(total),
                )
        return tuple(sub_criterion for sub_criterion in sub_criteria if sub_criterion is not None)

    def _read_sub_criterion(
        self, item: object, position: int, criterion_code: str, criterion_points: Decimal | None
    ) -> SubCriterionSpec | None:
        where = _label(
            item,
            position,
            named=gettext("Sub-criterion %(code)s"),
            numbered=gettext("Sub-criterion number %(position)s of criterion %(criterion)s"),
            criterion=criterion_code,
        )
        if not self._keys(
            item,
            where,
            required=("code", "name_en", "name_fa", "weight"),
            optional=("code_fa", "points", *_ROW_NOTE_KEYS),
        ):
            return None
        errors_before = len(self.errors)
        code = self._code(item, where, _CRITERION_CODE, _max_length(SubCriterion, "code"))
        code_fa = self._text(
            item, "code_fa", where, _max_length(SubCriterion, "code_fa"), required=False, persian=True
        )
        name_en = self._text(item, "name_en", where)
        name_fa = self._text(item, "name_fa", where, persian=True)
        weight = self._number(item, "weight", where)
        if weight is not None and not _in_range(weight, Decimal(1), _decimal_places(SubCriterion, "weight")):
            self.error(
                _(
                    "%(where)s: weight must be greater than 0 and at most 1, "
                    "with at most %(places)s decimal places; found %(value)s."
                ),
                "weight_range",
                where=where,
                places=_decimal_places(SubCriterion, "weight"),
                value=_format_decimal(weight),
            )
            weight = None
        points = self._number(item, "points", where)
        if points is not None and weight is not None and criterion_points is not None:
            expected = criterion_points * weight
            if points != expected:
                self.error(
                    _(
                        "%(where)s: points %(points)s do not match weight %(weight)s × criterion points "
                        "%(criterion_points)s = %(expected)s."
                    ),
                    "sub_criterion_points",
                    where=where,
                    points=_format_decimal(points),
                    weight=_format_decimal(weight),
                    criterion_points=_format_decimal(criterion_points),
                    expected=_format_decimal(expected),
                )
        self._row_notes(item, where)
        if len(self.errors) > errors_before:
            return None
        return SubCriterionSpec(
            code=code,
            code_fa=code_fa,
            name_en=name_en,
            name_fa=name_fa,
            weight=weight,
            order=position,
        )

    # -- the RADAR matrix

    def _read_radar(self, data: dict, where: str) -> tuple[RadarElementSpec, ...]:
        if "radar" not in data:
            return ()
        radar = data["radar"]
        radar_where = gettext("The RADAR matrix")
        if not self._keys(radar, radar_where, required=_KINDS, optional=()):
            return ()
        elements = []
        for kind in _KINDS:
            items = self._list(radar, kind, radar_where)
            if items is None:
                continue
            for position, item in enumerate(items, start=1):
                element = self._read_element(item, kind, position)
                if element is not None:
                    elements.append(element)
            self._refuse_duplicates(
                [_raw_code(item) for item in items],
                _("RADAR element code %(code)s appears more than once among the %(kind)s elements."),
                "duplicate_radar_element",
                kind=kind,
            )
            # Unique across the elements of a kind, so that an attribute code alone names it.
            self._refuse_duplicates(
                [_raw_code(attribute) for item in items for attribute in _raw_list(item, "attributes")],
                _("RADAR attribute code %(code)s appears more than once among the %(kind)s attributes."),
                "duplicate_radar_attribute",
                kind=kind,
            )
        return tuple(elements)

    def _read_element(self, item: object, kind: str, position: int) -> RadarElementSpec | None:
        where = _label(
            item,
            position,
            named=gettext("RADAR element %(code)s (%(kind)s)"),
            numbered=gettext("RADAR element number %(position)s (%(kind)s)"),
            kind=kind,
        )
        if not self._keys(
            item, where, required=("code", "name_en", "name_fa", "attributes"), optional=_ROW_NOTE_KEYS
        ):
            return None
        errors_before = len(self.errors)
        code = self._code(item, where, _RADAR_CODE, _max_length(RadarElement, "code"))
        name_en = self._text(item, "name_en", where, _max_length(RadarElement, "name_en"))
        name_fa = self._text(item, "name_fa", where, _max_length(RadarElement, "name_fa"), persian=True)
        self._row_notes(item, where)
        attributes = [
            self._read_attribute(attribute_item, attribute_position, code or "?", kind)
            for attribute_position, attribute_item in enumerate(
                self._list(item, "attributes", where) or [], 1
            )
        ]
        if len(self.errors) > errors_before:
            return None
        return RadarElementSpec(
            kind=kind,
            code=code,
            name_en=name_en,
            name_fa=name_fa,
            order=position,
            attributes=tuple(attributes),
        )

    def _read_attribute(
        self, item: object, position: int, element_code: str, kind: str
    ) -> RadarAttributeSpec | None:
        where = _label(
            item,
            position,
            named=gettext("RADAR attribute %(code)s of element %(element)s (%(kind)s)"),
            numbered=gettext("RADAR attribute number %(position)s of element %(element)s (%(kind)s)"),
            element=element_code,
            kind=kind,
        )
        if not self._keys(item, where, required=("code", "name_en", "name_fa"), optional=_ROW_NOTE_KEYS):
            return None
        errors_before = len(self.errors)
        code = self._code(item, where, _RADAR_CODE, _max_length(RadarAttribute, "code"))
        name_en = self._text(item, "name_en", where, _max_length(RadarAttribute, "name_en"))
        name_fa = self._text(item, "name_fa", where, _max_length(RadarAttribute, "name_fa"), persian=True)
        self._row_notes(item, where)
        if len(self.errors) > errors_before:
            return None
        return RadarAttributeSpec(code=code, name_en=name_en, name_fa=name_fa, order=position)

    def _refuse_duplicates(self, codes: list[str | None], message, error_code: str, **params) -> None:
        seen: set[str] = set()
        reported: set[str] = set()
        for code in codes:
            if code is None:
                continue
            if code in seen and code not in reported:
                self.error(message, error_code, code=code, **params)
                reported.add(code)
            seen.add(code)

    # -- notes kept in the file only

    def _row_notes(self, item: dict, where: str) -> None:
        self._texts(item, "name_fa_alternatives", where)
        self._text(item, "status", where, required=False)
        self._text(item, "notes", where, required=False)
        sources = self._texts(item, "sources", where)
        if self.source_codes is None:
            return
        for source in sources:
            if source not in self.source_codes:
                self.error(
                    _("%(where)s: source %(source)s is not listed in the file's sources."),
                    "unknown_source",
                    where=where,
                    source=source,
                )

    def _block(self, item: dict, where: str) -> None:
        block = self._text(item, "block", where, required=False)
        if block and self.block_codes is not None and block not in self.block_codes:
            self.error(
                _("%(where)s: block %(block)s is not listed in the file's blocks."),
                "unknown_block",
                where=where,
                block=block,
            )

    def _stakeholder_groups(self, item: dict, where: str) -> None:
        groups = self._list(item, "stakeholder_groups", where, required=False) or []
        for position, group in enumerate(groups, start=1):
            group_where = gettext("Stakeholder group number %(position)s of %(parent)s") % {
                "position": position,
                "parent": where,
            }
            if self._keys(group, group_where, required=("code", "name_en", "name_fa"), optional=()):
                for key in ("code", "name_en", "name_fa"):
                    self._text(group, key, group_where)

    # -- field readers

    def _keys(self, item: object, where: str, *, required: Iterable[str], optional: Iterable[str]) -> bool:
        """Check that `item` is an object with every required key and no unknown one.

        Returns whether `item` is an object, so that its keys can be read.
        """
        if not isinstance(item, dict):
            self.error(_("%(where)s must be a JSON object."), "not_an_object", where=where)
            return False
        required = tuple(required)
        allowed = (*required, *optional)
        for key in required:
            if key not in item:
                self.error(_('%(where)s: "%(key)s" is required.'), "required", where=where, key=key)
        for key in item:
            if key not in allowed:
                self.error(
                    _('%(where)s: unknown key "%(key)s"; the keys allowed here are %(allowed)s.'),
                    "unknown_key",
                    where=where,
                    key=key,
                    allowed=", ".join(allowed),
                )
        return True

    def _wrong_type(self, where: str, key: str, expected: str) -> None:
        self.error(
            _('%(where)s: "%(key)s" must be %(expected)s.'),
            "wrong_type",
            where=where,
            key=key,
            expected=expected,
        )

    def _text(
        self,
        item: dict,
        key: str,
        where: str,
        max_length: int | None = None,
        *,
        required: bool = True,
        persian: bool = False,
    ) -> str:
        if key not in item:
            return ""
        value = item[key]
        if not isinstance(value, str):
            self._wrong_type(where, key, gettext("a text"))
            return ""
        value = normalize_text(value) if persian else value
        if required and not value.strip():
            self.error(_('%(where)s: "%(key)s" must not be empty.'), "blank", where=where, key=key)
        if max_length is not None and len(value) > max_length:
            self.error(
                _('%(where)s: "%(key)s" must be at most %(limit)s characters long; it has %(length)s.'),
                "too_long",
                where=where,
                key=key,
                limit=max_length,
                length=len(value),
            )
        return value

    def _code(self, item: dict, where: str, pattern: re.Pattern, max_length: int) -> str:
        code = self._text(item, "code", where, max_length)
        if code and not pattern.fullmatch(code):
            self.error(
                _('%(where)s: the code "%(code)s" may use only %(allowed)s.'),
                "code_format",
                where=where,
                code=code,
                allowed=(
                    gettext("lowercase Latin letters, digits and underscores, starting with a letter")
                    if pattern is _RADAR_CODE
                    else gettext("Latin letters, digits, dots and hyphens")
                ),
            )
        return code

    def _texts(self, item: dict, key: str, where: str) -> list[str]:
        if key not in item:
            return []
        value = item[key]
        if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
            self._wrong_type(where, key, gettext("a list of texts"))
            return []
        return value

    def _list(self, item: dict, key: str, where: str, *, required: bool = True) -> list | None:
        if key not in item:
            return None
        value = item[key]
        if not isinstance(value, list):
            self._wrong_type(where, key, gettext("a list"))
            return None
        if required and not value:
            self.error(_('%(where)s: "%(key)s" must not be empty.'), "blank", where=where, key=key)
            return None
        return value

    def _number(self, item: dict, key: str, where: str) -> Decimal | None:
        if key not in item:
            return None
        number = _to_decimal(item[key])
        if number is None:
            self._wrong_type(where, key, gettext("a number"))
        return number


def _label(item: object, position: int, *, named: str, numbered: str, **params) -> str:
    """How messages name a row: by its code when it has one, else by its position."""
    code = _raw_code(item)
    if code is not None:
        return named % {"code": code, **params}
    return numbered % {"position": position, **params}


def _raw_code(item: object) -> str | None:
    code = item.get("code") if isinstance(item, dict) else None
    return code if isinstance(code, str) and code.strip() else None


def _raw_list(item: object, key: str) -> list:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, list) else []


def _raw_number(item: object, key: str) -> Decimal | None:
    return _to_decimal(item.get(key)) if isinstance(item, dict) else None


def _to_decimal(value: object) -> Decimal | None:
    """A JSON number as an exact Decimal (floats by their shortest repr: 0.2 → 0.2); None otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _in_range(value: Decimal, upper: Decimal, places: int) -> bool:
    exponent = value.normalize().as_tuple().exponent
    return Decimal(0) < value <= upper and (exponent >= 0 or -exponent <= places)


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
        """One query per level."""
        criteria = {criterion.code: criterion for criterion in Criterion.objects.filter(framework=framework)}
        sub_criteria = {
            sub_criterion.code: sub_criterion
            for sub_criterion in SubCriterion.objects.filter(framework=framework)
        }
        elements = {
            (element.kind, element.code): element
            for element in RadarElement.objects.filter(framework=framework)
        }
        elements_by_id = {element.id: element for element in elements.values()}
        attributes = {}
        for attribute in RadarAttribute.objects.filter(element__framework=framework):
            element = elements_by_id[attribute.element_id]
            attribute.element = element
            attributes[(element.kind, element.code, attribute.code)] = attribute
        return cls(criteria=criteria, sub_criteria=sub_criteria, elements=elements, attributes=attributes)


def _framework_save(*, spec: FrameworkSpec, source_file: str) -> Framework:
    framework = Framework.objects.select_for_update().filter(code=spec.code).first()
    if framework is None:
        framework = Framework(code=spec.code)
        existing = _ExistingRows.none()
    else:
        existing = _ExistingRows.fetch(framework)
        _ensure_changes_keep_references(spec=spec, framework=framework, existing=existing)
    _row_save(
        framework,
        {
            "name_en": spec.name_en,
            "name_fa": spec.name_fa,
            "description": spec.description,
            "source_file": source_file,
        },
        where=gettext("The framework"),
    )

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
    _rows_delete(model=SubCriterion, existing=existing.sub_criteria, kept=_sub_criterion_codes(spec))
    _rows_delete(
        model=Criterion, existing=existing.criteria, kept={criterion.code for criterion in spec.criteria}
    )
    _rows_delete(model=RadarAttribute, existing=existing.attributes, kept=_attribute_keys(spec))
    _rows_delete(
        model=RadarElement,
        existing=existing.elements,
        kept={(element.kind, element.code) for element in spec.radar_elements},
    )
    return framework


def _sub_criterion_codes(spec: FrameworkSpec) -> set[str]:
    return {sub_criterion.code for criterion in spec.criteria for sub_criterion in criterion.sub_criteria}


def _attribute_keys(spec: FrameworkSpec) -> set[tuple[str, str, str]]:
    return {
        (element.kind, element.code, attribute.code)
        for element in spec.radar_elements
        for attribute in element.attributes
    }


# Foreign keys point at rows this load has just fetched or created in the same
# transaction, and the document validation already enforced the uniqueness and check
# constraints with clearer messages: `full_clean` skips those database round trips, so a
# load costs a fixed number of queries however many rows the framework has.
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
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in sorted(error.message_dict.items())
        )
        raise ApplicationError(
            _("%(where)s is invalid: %(problems)s"),
            code="invalid_row",
            params={"where": where, "problems": problems},
        ) from error


def _changed_fields(instance: models.Model, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            if getattr(instance, field.attname) != value.pk:
                changed.append(name)
        elif getattr(instance, name) != value:
            changed.append(name)
    return changed


def _row_save(instance: models.Model, values: dict, *, where: str) -> None:
    """Create `instance`, or save the fields of `values` that differ; an unchanged row is not written."""
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        _full_clean(instance, where)
        instance.save()
        return
    changed = _changed_fields(instance, values)
    if not changed:
        return
    for name in changed:
        setattr(instance, name, values[name])
    _full_clean(instance, where)
    instance.save(update_fields=[*changed, "updated_at"])


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
            _row_save(row, values, where=row_where)
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
    kept_attributes = _attribute_keys(spec)
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
