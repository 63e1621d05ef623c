"""The Persian catalog is complete, compiled, and covers every model, field, choice and constraint.

Persian is the product's default language and English its source: a string added to the code
without a Persian translation would show up in English. These tests fail then, and name it.
Refresh the catalog with `make messages`, translate what is new, and commit the .po and the .mo.
"""

import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.admin.options import BaseModelAdmin
from django.utils import translation

TRANSLATED_APPS = ("organizations", "assessments")
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
PO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def catalog_path(suffix: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "fa" / "LC_MESSAGES" / f"django.{suffix}"


@dataclass(frozen=True)
class Entry:
    """One message of a .po file."""

    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: frozenset[str]

    def __str__(self):
        return repr(self.msgid)


def _unquote(line: str) -> str:
    return re.sub(r"\\(.)", lambda match: PO_ESCAPES[match.group(1)], line.strip()[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file, header included (its msgid is ""); obsolete ones are left out."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        flags: set[str] = set()
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += _unquote(line)
            else:
                key, text = line.split(" ", 1)
                fields[key] = _unquote(text)
        if "msgid" not in fields:
            continue
        msgstrs = tuple(text for key, text in sorted(fields.items()) if key.startswith("msgstr"))
        entries.append(Entry(fields["msgid"], fields.get("msgid_plural"), msgstrs, frozenset(flags)))
    return entries


def messages() -> list[Entry]:
    return [entry for entry in read_po(catalog_path("po")) if entry.msgid]


def is_persian(english: str, persian: str) -> bool:
    return persian != english and bool(PERSIAN_LETTERS.search(persian))


def both_languages(text) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text)
    with translation.override("fa"):
        persian = str(text)
    return english, persian


def domain_models():
    """Every model of the translated apps; simple_history's Historical* copies reuse their labels."""
    for label in TRANSLATED_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def admin_texts():
    """What the admin classes of the translated apps show besides model labels: column and action
    descriptions (admin.display, admin.action) and the titles inlines give themselves."""
    for admin_class in set(subclasses(BaseModelAdmin)):
        if admin_class.__module__.split(".")[0] not in TRANSLATED_APPS:
            continue
        for name, value in vars(admin_class).items():
            description = getattr(value, "short_description", None)
            if description is not None:
                yield f"{admin_class.__qualname__}.{name}", description
            elif name in ("verbose_name", "verbose_name_plural") and value is not None:
                yield f"{admin_class.__qualname__}.{name}", value


def untranslated_labels(where: str, text) -> list[str]:
    english, persian = both_languages(text)
    return [] if is_persian(english, persian) else [f"{where}: {english!r} reads {persian!r} in Persian"]


# --------------------------------------------------------------------------- the catalog file


def test_catalog_declares_persian_with_djangos_plural_rule():
    # given the catalog's header
    header = read_po(catalog_path("po"))[0]

    # then it is the Persian catalog, with the plural rule of Django's own fa catalog
    assert header.msgid == "", "the catalog must start with its header"
    assert "Language: fa\n" in header.msgstrs[0], header.msgstrs[0]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in header.msgstrs[0], header.msgstrs[0]
    assert "fuzzy" not in header.flags, "the header is still marked fuzzy"


def test_catalog_has_no_untranslated_entries():
    # given every message of the catalog
    entries = messages()

    # when we look for an empty translation
    untranslated = [str(entry) for entry in entries if not all(entry.msgstrs)]

    # then there is none
    assert len(entries) > 100, f"the catalog holds only {len(entries)} messages"
    assert untranslated == [], f"untranslated in {catalog_path('po')}: {untranslated}"


def test_catalog_has_no_fuzzy_entries():
    # given every message of the catalog
    entries = messages()

    # when we look for translations gettext would ignore as guesses
    fuzzy = [str(entry) for entry in entries if "fuzzy" in entry.flags]

    # then there is none
    assert fuzzy == [], f"fuzzy entries (check, then drop the flag): {fuzzy}"


def test_translations_keep_every_placeholder():
    # given every message of the catalog
    entries = messages()

    # when we compare the placeholders of the English and Persian texts
    broken = [
        f"{entry}: {text!r}"
        for entry in entries
        for text in entry.msgstrs
        if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(entry.msgid))
    ]

    # then each translation uses exactly the placeholders of its source
    assert broken == [], f"placeholders lost or added: {broken}"


def test_translations_use_persian_letters_and_quotes():
    # given every Persian text of the catalog
    texts = [text for entry in messages() for text in entry.msgstrs]

    # then none uses the Arabic forms of yeh and kaf, nor English curly quotes
    arabic = [text for text in texts if re.search("[\u064a\u0643]", text)]
    curly = [text for text in texts if re.search("[\u201c\u201d]", text)]
    assert arabic == [], f"Arabic ي/ك instead of Persian ی/ک: {arabic}"
    assert curly == [], f"“” instead of «»: {curly}"


def test_compiled_catalog_is_what_msgfmt_makes_of_the_po(tmp_path):
    # given the committed .po and .mo, and gettext's compiler
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt not found: install gettext (apt-get install gettext)"

    # when the .po is compiled afresh, checking formats and header
    fresh = tmp_path / "django.mo"
    compiled = subprocess.run(
        [msgfmt, "--check", "-o", str(fresh), str(catalog_path("po"))], capture_output=True, text=True
    )

    # then it compiles cleanly, to the same messages as the committed .mo
    assert compiled.returncode == 0, compiled.stderr
    with catalog_path("mo").open("rb") as committed_file, fresh.open("rb") as fresh_file:
        committed = gettext.GNUTranslations(committed_file)._catalog
        expected = gettext.GNUTranslations(fresh_file)._catalog
    stale = sorted(str(key) for key in committed.keys() ^ expected.keys())
    changed = sorted(
        str(key) for key in committed.keys() & expected.keys() if committed[key] != expected[key]
    )
    assert (stale, changed) == ([], []), (
        f"django.mo is out of date, run `make messages`: missing or extra {stale}, changed {changed}"
    )


# --------------------------------------------------------------------------- what the product shows


def test_app_names_are_translated():
    # given the apps' names
    problems = []
    for label in (*TRANSLATED_APPS, "excellence"):
        problems += untranslated_labels(f"app {label}", apps.get_app_config(label).verbose_name)

    # then each reads in Persian
    assert problems == [], "\n".join(problems)


def test_every_model_field_and_choice_is_translated():
    # given every model of the translated apps
    models = list(domain_models())
    problems = []

    # when we read their names, their fields' names and help texts, and their choices in Persian
    for model in models:
        opts = model._meta
        problems += untranslated_labels(f"{opts.label} verbose_name", opts.verbose_name)
        problems += untranslated_labels(f"{opts.label} verbose_name_plural", opts.verbose_name_plural)
        for field in (*opts.concrete_fields, *opts.many_to_many):
            if field.auto_created:
                continue  # the automatic primary key's "ID" is not translatable
            where = f"{opts.label}.{field.name}"
            problems += untranslated_labels(f"{where} verbose_name", field.verbose_name)
            if field.help_text:
                problems += untranslated_labels(f"{where} help_text", field.help_text)
            for value, label in field.flatchoices:
                problems += untranslated_labels(f"{where} choice {value!r}", label)

    # then every one reads in Persian
    assert len(models) >= 10, f"only {len(models)} models found in {TRANSLATED_APPS}"
    assert problems == [], "\n".join(problems)


def test_every_constraint_message_is_its_own_and_translated():
    # given every database constraint of the translated apps
    constraints = [
        (f"{model._meta.label} {constraint.name}", constraint)
        for model in domain_models()
        for constraint in model._meta.constraints
    ]
    problems = []

    # when we read their violation messages in English and in Persian
    for where, constraint in constraints:
        with translation.override("en"):
            if str(constraint.violation_error_message) == str(constraint.default_violation_error_message):
                problems.append(f"{where}: no violation_error_message naming the field and the rule")
                continue
        problems += untranslated_labels(where, constraint.violation_error_message)

    # then each constraint has its own message and it reads in Persian
    assert len(constraints) >= 20, f"only {len(constraints)} constraints found"
    assert problems == [], "\n".join(problems)


def test_every_admin_column_action_and_inline_title_is_translated():
    # given what the admin classes name themselves: columns, actions, inline titles
    texts = list(admin_texts())

    # when we read them in Persian
    problems = [problem for where, text in texts for problem in untranslated_labels(where, text)]

    # then every one reads in Persian
    assert len(texts) >= 20, f"only {len(texts)} admin texts found"
    assert problems == [], "\n".join(problems)
