"""The assessor workspace's page of a unit with 300 findings, beside a bare template of the same rows.

The worst case for the page: all 300 findings on the sub-criterion it shows, the
assessment in consensus so that the leader sees the consensus list (each consensus
finding with the two individual findings it merges) and every assessor's findings side
by side. The floor renders the same 300 rows with a bare template from one query: what
showing them costs with nothing else on the page. Everything is rolled back afterwards.
"""

from django.db import transaction
from django.db.models import Count
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, Assignment, Cycle, Finding, SubCriterion
from bench.measure import measure_alternately

FINDINGS = 300
CONSENSUS = 60  # each merging two individual findings: 60 + 120 merged + 120 more individual
FLOOR = Template(
    "<ul>{% for finding in findings %}<li>{{ finding.get_kind_display }} {{ finding.text }} "
    "{{ finding.author }} {{ finding.get_evidence_display }}</li>{% endfor %}</ul>"
)


class Rollback(Exception):
    pass


def _arrange(cycle: Cycle):
    assessment = (
        Assessment.objects.filter(cycle=cycle).annotate(size=Count("team")).order_by("-size", "pk").first()
    )
    team = list(Assignment.objects.filter(assessment=assessment).select_related("assessor__user"))
    leader = next(assignment for assignment in team if assignment.role == Assignment.Role.LEADER)
    sub = (
        SubCriterion.objects.filter(framework_id=cycle.framework_id)
        .order_by("criterion__order", "order")
        .first()
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.CONSENSUS)
    Finding.objects.filter(assessment=assessment).delete()
    kinds = list(Finding.Kind)
    individual = Finding.objects.bulk_create(
        Finding(
            assessment=assessment,
            sub_criterion=sub,
            kind=kinds[index % len(kinds)],
            stage=Finding.Stage.INDIVIDUAL,
            author=team[index % len(team)].assessor,
            text=f"یافته فردی شماره {index} درباره فرایندهای راهبردی و مستندسازی آن‌ها",
            evidence=Finding.Evidence.DOCUMENT,
        )
        for index in range(FINDINGS - CONSENSUS)
    )
    consensus = Finding.objects.bulk_create(
        Finding(
            assessment=assessment,
            sub_criterion=sub,
            kind=kinds[index % len(kinds)],
            stage=Finding.Stage.CONSENSUS,
            text=f"یافته اجماعی شماره {index} که دو یافته فردی را در بر می‌گیرد",
            evidence=Finding.Evidence.SITE_VISIT,
        )
        for index in range(CONSENSUS)
    )
    Finding.merged_from.through.objects.bulk_create(
        Finding.merged_from.through(
            from_finding_id=agreed.pk, to_finding_id=individual[2 * index + offset].pk
        )
        for index, agreed in enumerate(consensus)
        for offset in (0, 1)
    )
    return assessment, sub, leader


def run(*, cycle: Cycle, measure, ratio, repeat):
    cases = []
    try:
        with transaction.atomic():
            assessment, sub, leader = _arrange(cycle)
            client = Client(SERVER_NAME="localhost")
            client.force_login(leader.assessor.user)
            url = reverse("workspace-sub-criterion", args=[assessment.pk, sub.code])

            def page():
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response

            def floor():
                with translation.override("fa"):
                    findings = Finding.objects.filter(
                        assessment=assessment, sub_criterion=sub
                    ).select_related("author__user")
                    return FLOOR.render(Context({"findings": findings}))

            shown = page().content.decode()
            assert Finding.objects.filter(assessment=assessment, sub_criterion=sub).count() == FINDINGS
            # every finding is on the page: the consensus list and each assessor's column
            assert shown.count('id="finding-') == FINDINGS, shown.count('id="finding-')
            name = f"workspace page, {FINDINGS} findings (cycle {cycle.year})"
            product, bare = measure_alternately(page, floor, repeat=repeat)
            cases.append({"name": name, **product})
            cases.append(
                {
                    "name": f"bare template, same {FINDINGS} rows (floor)",
                    **bare,
                    "floor_of": name,
                    "product_vs_floor": ratio(product, bare),
                }
            )
            raise Rollback
    except Rollback:
        pass
    return cases
