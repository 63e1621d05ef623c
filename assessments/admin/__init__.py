"""The programme office's admin (not the product UI): every model, in Persian, saving through the services.

The modules register their admins on import. What admins of every app share lives in
excellence/admin/; which rows are shown read-only, `read_only` asks services/rules.py.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import assessments, assessors, cycles, findings, frameworks, hours, organizations, projects, scores  # noqa: F401

admin.site.site_header = _("Excellence programme administration")
admin.site.site_title = _("Excellence programme administration")
admin.site.index_title = _("Programme office")
