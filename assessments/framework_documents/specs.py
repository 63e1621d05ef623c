"""A framework document that passed validation, as plain frozen data; the limits it is checked against."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FieldLimits:
    """How long a text and how many decimal places a number may have, per stored column.

    Keyed `"<model name>.<field>"`, as in `"criterion.name_fa"`. The reader takes them as
    data so that it stays free of the database; the service reads them off the models.
    """

    max_lengths: Mapping[str, int]
    decimal_places: Mapping[str, int]


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

    def sub_criterion_codes(self) -> set[str]:
        return {sub_criterion.code for criterion in self.criteria for sub_criterion in criterion.sub_criteria}

    def attribute_keys(self) -> set[tuple[str, str, str]]:
        """(kind, element code, attribute code) of every RADAR attribute."""
        return {
            (element.kind, element.code, attribute.code)
            for element in self.radar_elements
            for attribute in element.attributes
        }
