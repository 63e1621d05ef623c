"""A small programme for the project tests: two cycles, two units, their people and projects.

Cycle 1400 and 1401 on the shipped EFQM 2013 framework; units FIRE and METRO, each with a
released assessment in both cycles and consensus scores (FIRE's 1a rises from 40 % to 60 %,
its 1b falls from 50 % to 45 %); a representative of each unit, the programme office and a
manager. Projects are made through the services, so they start proposed and move by the
transitions table.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from assessments.models import Assessment, Cycle, Finding, ImprovementProject, SubCriterion
from assessments.services.projects import improvement_project_create, improvement_project_transition
from assessments.services.rating_schemes import rating_scheme_default_ensure
from assessments.tests.factories import AssessmentFactory, CycleFactory, FindingFactory
from assessments.tests.scoring_fixtures import (
    EFQM2013_FILE,
    framework_from_file,
    scores_create,
    structure_from_file,
    uniform_scores,
)
from excellence.roles import COMMAND_LINE, GROUP_MANAGERS
from organizations.models import Organization, OrganizationMember
from organizations.tests.factories import OrganizationFactory, UserFactory

Status = ImprovementProject.Status
EFQM2013 = structure_from_file(EFQM2013_FILE)


def with_changes(scores, changes):
    return {**{code: dict(attributes) for code, attributes in scores.items()}, **changes}


# The statuses a project reaches from "proposed", in order, through the transitions table.
PATH = {
    Status.PROPOSED: [],
    Status.APPROVED: [Status.APPROVED],
    Status.IN_PROGRESS: [Status.APPROVED, Status.IN_PROGRESS],
    Status.COMPLETED: [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED],
    Status.VERIFIED: [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.VERIFIED],
    Status.CANCELLED: [Status.CANCELLED],
}


@dataclass
class Unit:
    organization: Organization
    representative: object
    assessments: dict[int, Assessment] = field(default_factory=dict)


@dataclass
class ProjectsProgramme:
    cycles: dict[int, Cycle]
    fire: Unit
    metro: Unit
    office: object
    manager: object
    subs: dict[str, SubCriterion]

    def point(self, unit: Unit, *, year=1401, code="1a", text="بازنگری سالانه راهبرد انجام نمی‌شود."):
        return FindingFactory(
            assessment=unit.assessments[year],
            sub_criterion=self.subs[code],
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.CONSENSUS,
            text=text,
        )

    def project(self, unit: Unit, *, status=Status.PROPOSED, year=1401, points=None, **data):
        """A project of `unit` moved to `status` by the programme office."""
        data.setdefault("owner", unit.representative)
        data.setdefault("title", f"پروژه {unit.organization.code} {status}")
        data.setdefault("category", ImprovementProject.Category.STRATEGY)
        project = improvement_project_create(
            actor=COMMAND_LINE,
            organization=unit.organization,
            cycle=self.cycles[year],
            improvement_points=points if points is not None else [self.point(unit, year=year)],
            **data,
        )
        for target in PATH[status]:
            project = improvement_project_transition(
                actor=self.office, project=project, to_status=target, note="صورتجلسه بازبینی دیده شد."
            )
        return project


def person(username, first, last, **traits):
    return UserFactory(username=username, first_name=first, last_name=last, **traits)


def projects_programme_build() -> ProjectsProgramme:
    framework = framework_from_file(EFQM2013_FILE)
    scheme = rating_scheme_default_ensure(actor=COMMAND_LINE)
    cycles = {
        year: CycleFactory(
            year=year, framework=framework, rating_scheme=scheme, status=Cycle.Status.ASSESSMENT
        )
        for year in (1400, 1401)
    }
    office = person("office", "مریم", "دفتری", programme_admin=True)
    manager = person("deputy", "رضا", "مدیری")
    manager.groups.add(Group.objects.get_or_create(name=GROUP_MANAGERS)[0])
    units = {}
    for code, name, rep_first, rep_last in (
        ("FIRE", "سازمان آتش‌نشانی", "سارا", "احمدی"),
        ("METRO", "سازمان قطار شهری", "علی", "رضایی"),
    ):
        organization = OrganizationFactory(code=code, name_fa=name, name_en=f"{code.title()} agency")
        representative = person(f"rep-{code.lower()}", rep_first, rep_last)
        OrganizationMember.objects.create(organization=organization, user=representative)
        unit = Unit(organization=organization, representative=representative)
        for year, cycle in cycles.items():
            unit.assessments[year] = AssessmentFactory(
                cycle=cycle, organization=organization, status=Assessment.Status.RELEASED
            )
        units[code] = unit
    fire, metro = units["FIRE"], units["METRO"]
    base = uniform_scores(EFQM2013, 50)
    scores_create(
        assessment=fire.assessments[1400],
        scores=with_changes(base, {"1a": dict.fromkeys(base["1a"], 40), "1b": dict.fromkeys(base["1b"], 50)}),
    )
    scores_create(
        assessment=fire.assessments[1401],
        scores=with_changes(base, {"1a": dict.fromkeys(base["1a"], 60), "1b": dict.fromkeys(base["1b"], 45)}),
    )
    scores_create(assessment=metro.assessments[1400], scores=base)
    scores_create(assessment=metro.assessments[1401], scores=base)
    subs = {
        sub.code: sub for sub in SubCriterion.objects.filter(framework=framework).select_related("criterion")
    }
    return ProjectsProgramme(cycles=cycles, fire=fire, metro=metro, office=office, manager=manager, subs=subs)


PAST = datetime.date(2020, 1, 1)
FUTURE = datetime.date(2090, 1, 1)
