"""One FilterSet per listable model (django-filter), shared by the API, the pages and the exports.

Every FilterSet reads Persian and Arabic-Indic digits as ASCII in every parameter, and
its text query `q` is normalized like stored text (Arabic ي/ك as Persian ی/ک), so either
spelling finds a row. Cycles are named by their Jalali year, organizations by their code,
criteria and sub-criteria by their codes; other rows by id.
"""

from .assessments import AssessmentFilterSet, AssignmentFilterSet
from .assessors import AssessorFilterSet
from .cycles import CycleFilterSet, RatingSchemeFilterSet
from .findings import FindingFilterSet
from .frameworks import FrameworkFilterSet
from .hours import TimeEntryFilterSet
from .organizations import OrganizationFilterSet
from .projects import ImprovementProjectFilterSet
from .results import AssessmentResultFilterSet
from .scores import ScoreFilterSet

__all__ = [
    "AssessmentFilterSet",
    "AssessmentResultFilterSet",
    "AssessorFilterSet",
    "AssignmentFilterSet",
    "CycleFilterSet",
    "FindingFilterSet",
    "FrameworkFilterSet",
    "ImprovementProjectFilterSet",
    "OrganizationFilterSet",
    "RatingSchemeFilterSet",
    "ScoreFilterSet",
    "TimeEntryFilterSet",
]
