"""Persian first: the language is the one a person chose, else Persian — never the browser's guess.

Django's LocaleMiddleware falls back to the browser's Accept-Language header, which on
many Persian users' machines says English. Here only the language cookie set by the
language switcher (`/i18n/setlang/`) counts; without it, LANGUAGE_CODE (fa) is used.

The API (`/api/`) is the exception: its clients are programs that say which language they
want in Accept-Language, so there the cookie counts first, then that header, then Persian.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
