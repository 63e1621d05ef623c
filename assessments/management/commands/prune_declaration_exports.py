"""`manage.py prune_declaration_exports`: tidy the background exports' folder.

Removes the files of finished exports whose cycle's data has changed since they were
written, marks exports whose worker was lost as failed, and removes files no export names
(or partial ones a stopped worker left) once they are half an hour old. Celery beat runs it
hourly (`CELERY_BEAT_SCHEDULE`); without beat, run it from cron.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from assessments.services.export_jobs import declaration_exports_prune
from excellence.numbers import shown_digits
from excellence.roles import COMMAND_LINE


class Command(BaseCommand):
    help = "Remove out-of-date declaration export files and mark lost exports as failed."

    def handle(self, *args, **options):
        report = declaration_exports_prune(actor=COMMAND_LINE)
        self.stdout.write(
            _(
                "Declaration exports: %(files)s out-of-date files removed, %(lost)s lost exports marked "
                "failed, %(strays)s stray files removed."
            )
            % {
                "files": shown_digits(report.files_removed),
                "lost": shown_digits(report.jobs_lost),
                "strays": shown_digits(report.strays_removed),
            }
        )
