from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExcellenceConfig(AppConfig):
    name = "excellence"
    verbose_name = _("Excellence")

    def ready(self):
        from .roles import role_groups_ensure

        # After every app's permissions exist: the last app migrated sends post_migrate last.
        post_migrate.connect(role_groups_ensure, dispatch_uid="excellence_role_groups")
