"""What every installation needs before its first cycle: the shipped frameworks and the default scheme.

`setup_programme` (on every deployment) and `seed_demo` (before the demo) both call
`programme_reference_data_ensure`, so both read the shipped files through the same
reader and loader and end with the same rows.
"""

from dataclasses import dataclass

from django.db import transaction

from ..models import Framework, RatingScheme
from .frameworks import framework_load_from_files, shipped_framework_files
from .rating_schemes import rating_scheme_default_ensure


@dataclass(frozen=True)
class ReferenceData:
    """The shipped frameworks as they now stand, which of them are new, and the default scheme."""

    frameworks: tuple[Framework, ...]
    created_codes: tuple[str, ...]
    scheme: RatingScheme

    def framework(self, code: str) -> Framework:
        return next(framework for framework in self.frameworks if framework.code == code)


@transaction.atomic
def programme_reference_data_ensure(*, actor) -> ReferenceData:
    """Load every shipped framework file and make sure the default rating scheme exists.

    Idempotent: a file already loaded changes nothing (rows are matched on their codes),
    and a changed file updates its framework under the loader's rules. All or nothing.
    """
    existing = set(Framework.objects.values_list("pk", flat=True))
    frameworks = tuple(framework_load_from_files(actor=actor, paths=shipped_framework_files()))
    scheme = rating_scheme_default_ensure(actor=actor)
    return ReferenceData(
        frameworks=frameworks,
        created_codes=tuple(framework.code for framework in frameworks if framework.pk not in existing),
        scheme=scheme,
    )
