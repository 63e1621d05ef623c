from .assessment import (
    Assessment,
    AssessmentReopening,
    AssessmentResult,
    Assignment,
    AttributeScore,
    Finding,
    Score,
    TimeEntry,
)
from .assessor import Assessor, ConflictOfInterest
from .cycle import Cycle, RatingBand, RatingScheme
from .export import DeclarationExportJob
from .framework import (
    Criterion,
    CriterionKind,
    Framework,
    RadarAttribute,
    RadarElement,
    SubCriterion,
)
from .project import ImprovementProject, ProjectUpdate

__all__ = [
    "Assessment",
    "AssessmentReopening",
    "AssessmentResult",
    "Assessor",
    "Assignment",
    "AttributeScore",
    "ConflictOfInterest",
    "Criterion",
    "CriterionKind",
    "Cycle",
    "DeclarationExportJob",
    "Finding",
    "Framework",
    "ImprovementProject",
    "ProjectUpdate",
    "RadarAttribute",
    "RadarElement",
    "RatingBand",
    "RatingScheme",
    "Score",
    "SubCriterion",
    "TimeEntry",
]
