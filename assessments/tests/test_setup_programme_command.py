from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from assessments.models import Framework, RatingBand, RatingScheme, SubCriterion

pytestmark = pytest.mark.django_db


def setup() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("setup_programme", stdout=out)
    return out.getvalue()


def test_a_new_installation_gets_both_frameworks_and_the_default_scheme():
    output = setup()

    assert set(Framework.objects.values_list("code", flat=True)) == {"EFQM2013-IR1393", "EFQM2020"}
    scheme = RatingScheme.objects.get(is_default=True)
    assert scheme.bands.count() == 8
    assert output.strip() == (
        f"Frameworks ready: EFQM2013-IR1393, EFQM2020. Default rating scheme: {scheme.code}."
    )


def test_running_it_again_changes_nothing():
    setup()
    counts = (Framework.objects.count(), SubCriterion.objects.count(), RatingBand.objects.count())

    setup()

    assert (Framework.objects.count(), SubCriterion.objects.count(), RatingBand.objects.count()) == counts
    assert RatingScheme.objects.filter(is_default=True).count() == 1
