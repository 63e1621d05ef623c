"""The programme office's admin (not the product UI): every model, in Persian, saving through the services.

The modules register their admins on import. What admins of every app share lives in
excellence/admin/; which rows are shown read-only, `read_only` asks services/rules.py.
"""

from . import (  # noqa: F401
    assessments,
    assessors,
    cycles,
    findings,
    frameworks,
    hours,
    organizations,
    projects,
    scores,
)
