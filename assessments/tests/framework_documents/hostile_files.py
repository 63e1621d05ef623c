"""Files that are no framework document, with the reader's message: every path reading files is tried on them.

`message` names the file as `{file}`; each path fills it in with the name it shows.
"""

from dataclasses import dataclass

from assessments.framework_documents import MAX_DOCUMENT_BYTES


@dataclass(frozen=True)
class HostileFile:
    label: str
    content: bytes
    message: str

    def __str__(self):
        return self.label


NOT_TEXT_MESSAGE = (
    "The framework file {file} is not valid: a text in it holds a NUL character or a lone surrogate escape."
)

HOSTILE_FILES = [
    HostileFile(
        "duplicate key",
        b'{"format_version": 1, "code": "A", "code": "B"}',
        'The framework file {file} is not valid: the key "code" appears twice in one object.',
    ),
    HostileFile(
        "deep nesting",
        b'{"notes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "The framework file {file} is not valid: objects and lists are nested more than 20 levels deep.",
    ),
    HostileFile(
        "5,000-digit number",
        b'{"format_version": ' + b"9" * 5_000 + b"}",
        "The framework file {file} is not valid: the number 99999999999999999999… has more than 30 digits.",
    ),
    HostileFile(
        "huge exponent",
        b'{"criteria": [{"points": 1e999999999}]}',
        "The framework file {file} is not valid: the number 1e999999999 has more than 30 digits.",
    ),
    HostileFile(
        "invalid UTF-8",
        b'{"name_fa": "\xff\xfe"}',
        "The framework file {file} is not UTF-8 text.",
    ),
    HostileFile(
        "NaN",
        b'{"criteria": [{"points": NaN}]}',
        "The framework file {file} is not valid JSON: NaN is not a JSON value.",
    ),
    HostileFile(
        "Infinity",
        b'{"criteria": [{"points": -Infinity}]}',
        "The framework file {file} is not valid JSON: -Infinity is not a JSON value.",
    ),
    HostileFile(
        "NUL character",
        b'{"name_en": "Leader\\u0000ship"}',
        NOT_TEXT_MESSAGE,
    ),
    HostileFile(
        "lone surrogate",
        b'{"criteria": [{"\\ud800": 1}]}',
        NOT_TEXT_MESSAGE,
    ),
    HostileFile(
        "invalid JSON",
        b'{"code": "X",\n  "criteria": [}',
        "The framework file {file} is not valid JSON: Expecting value at line 2, column 16.",
    ),
    HostileFile(
        "larger than 2 MB",
        b'{"notes": ["' + b"x" * MAX_DOCUMENT_BYTES + b'"]}',
        "The framework file {file} is larger than 2.0\xa0MB.",  # filesizeformat: a no-break space
    ),
]

# Valid JSON, so it passes the parser: the document's validation refuses it.
NOT_AN_OBJECT = b"[1, 2, 3]"
NOT_AN_OBJECT_MESSAGE = "A framework document must be a JSON object."
