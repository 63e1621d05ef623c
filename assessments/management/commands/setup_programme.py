"""`manage.py setup_programme`: what a new installation needs before its first cycle.

The shipped frameworks and the national award's rating scheme as the default; idempotent,
so it can run on every deployment. `seed_demo` does the same and adds the demo on top.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services.frameworks import framework_load_from_files, shipped_framework_files
from assessments.services.rating_schemes import rating_scheme_default_ensure
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE


class Command(BaseCommand):
    help = "Load the shipped excellence frameworks and make sure a default rating scheme exists."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                frameworks = framework_load_from_files(actor=COMMAND_LINE, paths=shipped_framework_files())
                scheme = rating_scheme_default_ensure(actor=COMMAND_LINE)
        except ApplicationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            _("Frameworks ready: %(codes)s. Default rating scheme: %(scheme)s.")
            % {"codes": ", ".join(framework.code for framework in frameworks), "scheme": scheme.code}
        )
