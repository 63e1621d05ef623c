"""Persian first: the language is the one a person chose, else Persian — never the browser's guess.

Django's LocaleMiddleware falls back to the browser's Accept-Language header, which on
many Persian users' machines says English. Here only the language cookie set by the
language switcher (`/i18n/setlang/`) counts; without it, LANGUAGE_CODE (fa) is used.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
