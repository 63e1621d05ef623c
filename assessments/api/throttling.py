"""Request rates for anonymous and signed-in clients, read when a request comes (not at import).

DRF's own throttles copy the rates once when first imported; these read the current
settings, so a deployment (DJANGO_API_ANON_RATE, DJANGO_API_USER_RATE) or a test can set them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CurrentRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(CurrentRateMixin, AnonRateThrottle):
    pass


class UserThrottle(CurrentRateMixin, UserRateThrottle):
    pass
