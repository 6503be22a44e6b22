from ninja.security import HttpBearer

from siteops.org.tokens import client_for_token


class ClientTokenAuth(HttpBearer):
    """Bearer token of an ApiClient (another department's system); request.auth is the client.

    Answers are translated by Accept-Language (LocaleMiddleware), Chinese by default.
    """

    def authenticate(self, request, token):
        return client_for_token(token)
