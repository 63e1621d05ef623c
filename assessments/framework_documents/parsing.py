"""Reading a framework file's bytes into a JSON value, refusing what no person's file holds.

A framework file comes from a person: the admin's upload, a path given to `load_framework`,
the files shipped with the product. Whatever it holds, it gets a message naming the file,
never a traceback: a file too large, bytes that are not UTF-8, text that is not JSON, a
key repeated in one object (JSON would silently keep the last one), NaN or Infinity, a
number too long for Python to convert (a 5,000-digit integer), objects nested deep enough
to exhaust the parser's recursion, or a text holding a NUL or a lone surrogate, which no
database column or web page can carry.
"""

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from excellence.errors import ApplicationError

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
# The shipped documents nest six levels deep (radar → kind → element → attributes → attribute → sources).
MAX_NESTING_DEPTH = 20
# Points and weights are written with a few digits; a number longer than this is no framework's.
MAX_NUMBER_DIGITS = 30

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def framework_file_parse(*, path: Path, shown: str = "") -> object:
    """The JSON value in the file at `path`; every refusal names the file as `shown` (or its path)."""
    shown = shown or str(path)
    try:
        with path.open("rb") as file:
            return framework_document_parse(file=file, name=shown)
    except FileNotFoundError as error:
        raise ApplicationError(
            _("The framework file %(file)s does not exist."), code="file_missing", params={"file": shown}
        ) from error
    except OSError as error:
        raise ApplicationError(
            _("The framework file %(file)s cannot be read: %(reason)s."),
            code="file_unreadable",
            params={"file": shown, "reason": error.strerror or error},
        ) from error


def framework_document_parse(*, file: BinaryIO, name: str) -> object:
    """The JSON value in the binary `file`, read from where it stands; every refusal names it `name`.

    Numbers with a fraction or an exponent are exact Decimals, integers are ints.
    """
    content = file.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise _refusal(
            _("The framework file %(file)s is larger than %(limit)s."),
            "file_too_large",
            file=name,
            limit=filesizeformat(MAX_DOCUMENT_BYTES),
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refusal(
            _("The framework file %(file)s is not UTF-8 text."), "file_not_utf8", file=name
        ) from None
    if _nests_deeper_than(text, MAX_NESTING_DEPTH):
        raise _refusal(
            _(
                "The framework file %(file)s is not valid: "
                "objects and lists are nested more than %(limit)s levels deep."
            ),
            "too_deep",
            file=name,
            limit=MAX_NESTING_DEPTH,
        )
    try:
        data = json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_int=_parse_integer,
            parse_float=_parse_decimal,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        raise _refusal(
            _(
                "The framework file %(file)s is not valid JSON: "
                "%(reason)s at line %(line)s, column %(column)s."
            ),
            "invalid_json",
            file=name,
            reason=error.msg,
            line=error.lineno,
            column=error.colno,
        ) from None
    except _DuplicateKey as error:
        raise _refusal(
            _('The framework file %(file)s is not valid: the key "%(key)s" appears twice in one object.'),
            "duplicate_key",
            file=name,
            key=error.key,
        ) from None
    except _NumberTooLong as error:
        raise _refusal(
            _(
                "The framework file %(file)s is not valid: "
                "the number %(number)s has more than %(limit)s digits."
            ),
            "number_too_long",
            file=name,
            number=error.shown,
            limit=MAX_NUMBER_DIGITS,
        ) from None
    except _NotANumber as error:
        raise _refusal(
            _("The framework file %(file)s is not valid JSON: %(value)s is not a JSON value."),
            "not_a_json_value",
            file=name,
            value=error.literal,
        ) from None
    if any(_NOT_TEXT.search(text) for text in _texts(data)):
        raise _refusal(
            _(
                "The framework file %(file)s is not valid: "
                "a text in it holds a NUL character or a lone surrogate escape."
            ),
            "not_text",
            file=name,
        )
    return data


def _refusal(message, code: str, **params) -> ApplicationError:
    return ApplicationError(message, code=code, params=params)


def _nests_deeper_than(text: str, limit: int) -> bool:
    """Counted on the brackets outside strings, before parsing: the parser recurses once per level."""
    depth = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _texts(data: object):
    """Every key and text in a parsed document, its depth already bounded."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _NumberTooLong(ValueError):
    def __init__(self, literal: str):
        super().__init__(literal)
        self.shown = literal if len(literal) <= 20 else f"{literal[:20]}…"


class _NotANumber(ValueError):
    def __init__(self, literal: str):
        super().__init__(literal)
        self.literal = literal


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _parse_integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(literal)
    return int(literal)


def _parse_decimal(literal: str) -> Decimal:
    """Bounded by the digits the number has when written out, so that 1e999999999 is refused too."""
    number = Decimal(literal)
    _sign, digits, exponent = number.as_tuple()
    if max(len(digits) + exponent, 1) + max(-exponent, 0) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(literal)
    return number


def _refuse_constant(literal: str):
    raise _NotANumber(literal)
