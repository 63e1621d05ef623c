"""Reading framework documents: bytes → a JSON value → a validated FrameworkSpec, without the database.

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

`parsing` turns a file into a JSON value and refuses hostile files; `validation` checks the
value and reports every problem at once; `specs` is the plain data that comes out. Every
path that reads a framework file goes through here (the admin's upload, `load_framework`,
`setup_programme`, the demo); `assessments.services.frameworks` writes the result.
"""

from .parsing import (
    MAX_DOCUMENT_BYTES,
    MAX_NESTING_DEPTH,
    MAX_NUMBER_DIGITS,
    framework_document_parse,
    framework_file_parse,
)
from .specs import (
    CriterionSpec,
    FieldLimits,
    FrameworkSpec,
    RadarAttributeSpec,
    RadarElementSpec,
    SubCriterionSpec,
)
from .validation import FORMAT_VERSION, KINDS, TOTAL_POINTS, framework_document_validate

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "MAX_DOCUMENT_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_NUMBER_DIGITS",
    "TOTAL_POINTS",
    "CriterionSpec",
    "FieldLimits",
    "FrameworkSpec",
    "RadarAttributeSpec",
    "RadarElementSpec",
    "SubCriterionSpec",
    "framework_document_parse",
    "framework_document_validate",
    "framework_file_parse",
]
