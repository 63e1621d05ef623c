"""Password rules whose messages read in Persian on Persian pages.

Django 5.2 words MinimumLengthValidator's message with `%d`, while its Persian catalog still
holds the older `%(min_length)d` wording, so the message stayed English on Persian pages.
The message is Django's, translated in this project's catalog, with the number in Persian.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext

from .numbers import shown_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(count)s character.",
            "This password is too short. It must contain at least %(count)s characters.",
            self.min_length,
        ) % {"count": shown_digits(self.min_length)}
