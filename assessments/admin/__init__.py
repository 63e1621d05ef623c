"""The programme office's admin (not the product UI): every model, in Persian, saving through the services.

The modules register their admins on import; `base` holds what they share.
"""

from . import assessments, assessors, cycles, findings, frameworks, hours, projects, scores  # noqa: F401
