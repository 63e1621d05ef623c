"""Messages the admin shows from Django and django-simple-history that their own Persian catalogs lack.

Nothing imports this module: `makemessages` extracts these texts from it into locale/fa, and the
project's catalog (LOCALE_PATHS) takes precedence over the packages' catalogs, so these screens
read in Persian too. Remove a line once the package translates it itself.
"""

from django.utils.translation import gettext_noop, ngettext

# Django's admin: the box above every form that has errors, and two screen-reader labels.
ngettext("Please correct the error below.", "Please correct the errors below.", 1)
gettext_noop("Breadcrumbs")
gettext_noop("Model name")
gettext_noop("Select this object for an action - {}")
# Django's model validation, e.g. a foreign key to a row that no longer exists.
gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")
gettext_noop("Constraint “%(name)s” is violated.")
# django-simple-history ships no Persian catalog.
gettext_noop("View history: %s")
gettext_noop("Change history: %s")
gettext_noop("Created")
gettext_noop("Changed")
gettext_noop("Deleted")
gettext_noop("This object doesn't have a change history.")
