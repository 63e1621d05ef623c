"""What a run of `seed_demo` did, phase by phase, and where it says so."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

Say = Callable[[str], None]


@dataclass
class SeedReport:
    """What a run did, phase by phase: rows created and phases skipped."""

    lines: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, line: str, say: Say | None) -> None:
        self.lines.append(line)
        if say is not None:
            say(line)
