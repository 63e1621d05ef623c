import factory
from django.contrib.auth import get_user_model

from organizations.models import Organization, OrganizationMember


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "علی"
    last_name = factory.Sequence(lambda n: f"کاربر {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("test-password")

    class Params:
        # A member of the programme office: may change the programme's set-up and move any work on.
        programme_admin = factory.Trait(is_superuser=True, is_staff=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    name_fa = factory.Sequence(lambda n: f"سازمان نمونه {n}")
    name_en = factory.Sequence(lambda n: f"Sample Organization {n}")
    kind = Organization.Kind.ORGANIZATION


class OrganizationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMember

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
