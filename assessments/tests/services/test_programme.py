"""The reference data every installation needs, shared by `setup_programme` and `seed_demo`."""

import pytest

from assessments.models import Framework, RatingScheme, SubCriterion
from assessments.services.programme import programme_reference_data_ensure
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


def test_a_new_installation_gets_the_shipped_frameworks_and_the_default_scheme(db):
    # when the reference data is ensured on an empty database
    reference = programme_reference_data_ensure(actor=COMMAND_LINE)
    # then both shipped frameworks are new and the national award's scheme is the default
    assert reference.created_codes == ("EFQM2013-IR1393", "EFQM2020")
    assert [framework.code for framework in reference.frameworks] == ["EFQM2013-IR1393", "EFQM2020"]
    assert reference.framework("EFQM2020").pk == Framework.objects.get(code="EFQM2020").pk
    assert reference.scheme == RatingScheme.objects.get(is_default=True)


def test_a_second_call_creates_nothing_and_finds_the_same_rows(db):
    first = programme_reference_data_ensure(actor=COMMAND_LINE)
    counts = (Framework.objects.count(), SubCriterion.objects.count(), RatingScheme.objects.count())
    again = programme_reference_data_ensure(actor=COMMAND_LINE)
    assert again.created_codes == ()
    assert [f.pk for f in again.frameworks] == [f.pk for f in first.frameworks]
    assert again.scheme.pk == first.scheme.pk
    assert (Framework.objects.count(), SubCriterion.objects.count(), RatingScheme.objects.count()) == counts


def test_only_the_programme_office_sets_up_the_programme(db):
    with pytest.raises(ApplicationError, match="Only the programme office"):
        programme_reference_data_ensure(actor=UserFactory())
    assert not Framework.objects.exists()
    assert not RatingScheme.objects.exists()
