"""`manage.py load_framework FILE [FILE ...]`: load excellence framework files, all or none."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from assessments.models import Framework
from assessments.services.frameworks import framework_load_from_files, shipped_framework_files
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE


class Command(BaseCommand):
    help = (
        "Loads excellence framework files (JSON) into the database: all of them, or none if one is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="file", help="A framework file (JSON).")
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Also load the frameworks shipped with the product (settings.FRAMEWORKS_DIR).",
        )

    def handle(self, *args, files, shipped, **options):
        paths = [*files, *(shipped_framework_files() if shipped else [])]
        if not paths:
            raise CommandError(_("Name at least one framework file, or use --shipped."))
        try:
            frameworks = framework_load_from_files(actor=COMMAND_LINE, paths=paths)
        except ApplicationError as error:
            raise CommandError("\n".join(error.messages)) from error
        counts = {
            framework.pk: framework
            for framework in Framework.objects.filter(
                pk__in=[framework.pk for framework in frameworks]
            ).annotate(
                criterion_count=Count("criteria", distinct=True),
                sub_criterion_count=Count("sub_criteria", distinct=True),
            )
        }
        for framework in frameworks:
            counted = counts[framework.pk]
            self.stdout.write(
                _("Loaded framework %(code)s: %(criteria)s criteria, %(sub_criteria)s sub-criteria.")
                % {
                    "code": framework.code,
                    "criteria": counted.criterion_count,
                    "sub_criteria": counted.sub_criterion_count,
                }
            )
