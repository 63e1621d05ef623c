"""Builds the whole demo programme: reference data, units, people, cycles 1398–1401 and logins.

Each phase (`reference`, `units`, `people`, `cycles`) runs in its own transaction and is
skipped when its data is already there, so a second run creates nothing. Randomness
comes from `plans.seeded_random`, seeded with 1401 and the phase's name, so each phase
builds the same rows whatever ran before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import RatingScheme
from .cycles import cycle_build
from .people import DEMO_PASSWORD, DemoPeople, logins_enable, people_ensure
from .reference import FrameworkPlan, framework_plan_load, reference_data_ensure
from .report import Say, SeedReport
from .units import DEMO_YEARS, units_ensure

__all__ = ["DEMO_PASSWORD", "DemoBuild", "demo_build"]


@dataclass
class DemoBuild:
    """What `demo_build` made or found, for a synthetic cycle to build on."""

    report: SeedReport
    plan: FrameworkPlan
    scheme: RatingScheme
    people: DemoPeople


def demo_build(*, password: str | None, say: Say | None = None) -> DemoBuild:
    """Build (or complete) the demo: reference data, units, people, cycles 1398–1401, logins."""
    report = SeedReport()
    framework, scheme = reference_data_ensure(report=report, say=say)
    units = units_ensure(report=report, say=say)
    people = people_ensure(units=units, report=report, say=say)
    plan = framework_plan_load(framework)
    for year in DEMO_YEARS:
        cycle_build(year=year, plan=plan, scheme=scheme, units=units, people=people, report=report, say=say)
    if password:
        with transaction.atomic():
            logins_enable(users=people.login_users, password=password, report=report, say=say)
    else:
        report.add(_("Demo logins: no password set (DEBUG is off and no --password given)."), say)
    return DemoBuild(report=report, plan=plan, scheme=scheme, people=people)
