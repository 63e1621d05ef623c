"""Checking a parsed framework document and turning it into a FrameworkSpec, every problem at once.

The checks are written out by hand rather than declared as a schema: most of them are
about the document as a whole (points summing to 1000, weights to 1, codes unique across
rows, sources and blocks listed once and referred to), every message names the row by its
code and is translated, and a schema library would add a layer mapping its own English
errors back to these messages without removing any of the cross-row checks.
"""

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from excellence.errors import ApplicationError
from excellence.persian import normalize_text

from .specs import (
    CriterionSpec,
    FieldLimits,
    FrameworkSpec,
    RadarAttributeSpec,
    RadarElementSpec,
    SubCriterionSpec,
)

FORMAT_VERSION = 1
TOTAL_POINTS = Decimal(1000)
# The values of assessments.models.CriterionKind, written here so that the reader needs no models.
KINDS = ("enabler", "result")

_FRAMEWORK_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CRITERION_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
_RADAR_CODE = re.compile(r"[a-z][a-z0-9_]*")

# Keys kept in the file for people (how sure a fact is, where it comes from); never loaded.
_ROW_NOTE_KEYS = ("name_fa_alternatives", "status", "sources", "notes")


def framework_document_validate(*, data: object, limits: FieldLimits, source_file: str = "") -> FrameworkSpec:
    """Validate a parsed framework document and return it as plain data; raise every problem at once.

    `source_file` is the name the framework will keep of its file, checked against its column.
    """
    reader = _DocumentReader(limits)
    spec = reader.read(data)
    source_file_limit = limits.max_lengths["framework.source_file"]
    if len(source_file) > source_file_limit:
        reader.error(
            _("The source file name must be at most %(limit)s characters long."),
            "source_file_too_long",
            limit=source_file_limit,
        )
    if reader.errors:
        raise ApplicationError(reader.errors)
    return spec


def _format_decimal(value: Decimal) -> str:
    """990.00 → "990", 0.90000 → "0.9": numbers in messages read as people write them."""
    return format(value.normalize(), "f")


class _DocumentReader:
    """Turns a framework document into a FrameworkSpec, collecting every problem on the way."""

    def __init__(self, limits: FieldLimits):
        self.limits = limits
        self.errors: list[ValidationError] = []
        self.source_codes: set[str] | None = None
        self.block_codes: set[str] | None = None

    def error(self, message, error_code: str, /, **params) -> None:
        self.errors.append(ValidationError(message, code=error_code, params=params))

    def _limit(self, column: str) -> int:
        return self.limits.max_lengths[column]

    def _places(self, column: str) -> int:
        return self.limits.decimal_places[column]

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
        code = self._code(data, where, _FRAMEWORK_CODE, self._limit("framework.code"))
        name_en = self._text(data, "name_en", where, self._limit("framework.name_en"))
        name_fa = self._text(data, "name_fa", where, self._limit("framework.name_fa"), persian=True)
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
        code = self._code(item, where, _CRITERION_CODE, self._limit("criterion.code"))
        kind = item.get("kind", KINDS[0])
        if kind not in KINDS:
            self.error(
                _('%(where)s: kind must be "enabler" or "result", not %(value)s.'),
                "kind",
                where=where,
                value=json.dumps(kind, ensure_ascii=False, default=str),
            )
        name_en = self._text(item, "name_en", where, self._limit("criterion.name_en"))
        name_fa = self._text(item, "name_fa", where, self._limit("criterion.name_fa"), persian=True)
        points = self._number(item, "points", where)
        if points is not None and not _in_range(points, TOTAL_POINTS, self._places("criterion.points")):
            self.error(
                _(
                    "%(where)s: points must be greater than 0 and at most %(limit)s, "
                    "with at most %(places)s decimal places; found %(value)s."
                ),
                "points_range",
                where=where,
                limit=_format_decimal(TOTAL_POINTS),
                places=self._places("criterion.points"),
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
        code = self._code(item, where, _CRITERION_CODE, self._limit("subcriterion.code"))
        code_fa = self._text(
            item, "code_fa", where, self._limit("subcriterion.code_fa"), required=False, persian=True
        )
        name_en = self._text(item, "name_en", where)
        name_fa = self._text(item, "name_fa", where, persian=True)
        weight = self._number(item, "weight", where)
        if weight is not None and not _in_range(weight, Decimal(1), self._places("subcriterion.weight")):
            self.error(
                _(
                    "%(where)s: weight must be greater than 0 and at most 1, "
                    "with at most %(places)s decimal places; found %(value)s."
                ),
                "weight_range",
                where=where,
                places=self._places("subcriterion.weight"),
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
        if not self._keys(radar, radar_where, required=KINDS, optional=()):
            return ()
        elements = []
        for kind in KINDS:
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
        code = self._code(item, where, _RADAR_CODE, self._limit("radarelement.code"))
        name_en = self._text(item, "name_en", where, self._limit("radarelement.name_en"))
        name_fa = self._text(item, "name_fa", where, self._limit("radarelement.name_fa"), persian=True)
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
        code = self._code(item, where, _RADAR_CODE, self._limit("radarattribute.code"))
        name_en = self._text(item, "name_en", where, self._limit("radarattribute.name_en"))
        name_fa = self._text(item, "name_fa", where, self._limit("radarattribute.name_fa"), persian=True)
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
