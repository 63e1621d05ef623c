"""Imports point down: excellence/ imports no app, organizations/ nothing of assessments/.

Tests may reach upward for factories; the code they test may not.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Each package, and the packages above it that it must not import.
ABOVE = {
    "excellence": ("organizations", "assessments"),
    "organizations": ("assessments",),
}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def code_files(package: str) -> list[Path]:
    root = Path(settings.BASE_DIR) / package
    return [path for path in sorted(root.rglob("*.py")) if "tests" not in path.relative_to(root).parts]


@pytest.mark.parametrize("package", sorted(ABOVE))
def test_a_package_imports_nothing_from_the_packages_above_it(package):
    # given the code of the package, its tests left out
    files = code_files(package)

    # when we list what each file imports from the packages above
    upward = [
        f"{path.relative_to(settings.BASE_DIR)} imports {module}"
        for path in files
        for module in imported_modules(path)
        if module.split(".")[0] in ABOVE[package]
    ]

    # then there is nothing
    assert files, f"no code found in {package}/"
    assert upward == [], "\n".join(upward)
