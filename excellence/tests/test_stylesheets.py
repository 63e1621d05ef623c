"""The product's own stylesheets are well formed: one unclosed brace silently drops every rule after it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
# Rules that may hold other rules; any other rule opened inside a rule is a missing `}`.
GROUPING = re.compile(r"^\s*@(media|supports|layer|container|font-feature-values)\b")


def unbalanced_rules(css: str) -> list[str]:
    """Where a rule opens inside a rule that is not a grouping rule, or where braces do not close."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    problems, open_rules = [], []
    for number, line in enumerate(css.splitlines(), 1):
        for character in re.findall(r"[{}]", line):
            if character == "{":
                if open_rules and not open_rules[-1][1]:
                    problems.append(f"line {number} opens a rule inside the rule of line {open_rules[-1][0]}")
                open_rules.append((number, bool(GROUPING.match(line))))
            elif not open_rules:
                problems.append(f"line {number} closes a rule that was never opened")
            else:
                open_rules.pop()
    problems += [f"the rule of line {number} is never closed" for number, _grouping in open_rules]
    return problems


def test_the_checker_finds_a_missing_brace():
    assert unbalanced_rules(".a {\n  color: red;\n\n.b {\n  color: blue;\n}\n") == [
        "line 4 opens a rule inside the rule of line 1",
        "the rule of line 1 is never closed",
    ]
    assert unbalanced_rules("@media print {\n  .a {\n    color: red;\n  }\n}\n") == []


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_is_closed(stylesheet):
    assert unbalanced_rules(stylesheet.read_text(encoding="utf-8")) == []
