"""Token authentication that refuses a malformed token before it reaches the database."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

TOKEN_LENGTH = 40  # rest_framework.authtoken's keys: 40 hexadecimal characters


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; a key that cannot be one (wrong length, odd characters) is refused.

    Without the check a key with a NUL character would reach PostgreSQL, which refuses it with
    an error instead of an answer.
    """

    def authenticate_credentials(self, key):
        if len(key) != TOKEN_LENGTH or not key.isascii() or not key.isalnum():
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
