"""`manage.py setup_programme`: what a new installation needs before its first cycle.

The shipped frameworks and the national award's rating scheme as the default; idempotent,
so it can run on every deployment. `seed_demo` does the same and adds the demo on top.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.services.programme import programme_reference_data_ensure
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE


class Command(BaseCommand):
    help = "Load the shipped excellence frameworks and make sure a default rating scheme exists."

    def handle(self, *args, **options):
        try:
            reference = programme_reference_data_ensure(actor=COMMAND_LINE)
        except ApplicationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            _("Frameworks ready: %(codes)s. Default rating scheme: %(scheme)s.")
            % {
                "codes": ", ".join(framework.code for framework in reference.frameworks),
                "scheme": reference.scheme.code,
            }
        )
