"""A lost database connection answers 503 with a clear Indonesian message, not a bare 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A view that loses the database (server restarting, connection killed, network down).

    The database rolled back the view's open transaction when the connection went, so nothing
    was half-saved; the user is told to try again, and the page is rendered without the
    database. Django closes the broken connection when the request ends, so the next request
    connects afresh (and `CONN_HEALTH_CHECKS` replaces a persistent connection that died while
    idle).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", request.path, exc_info=exception)
        message = _("Basis data sedang tidak dapat dihubungi, coba lagi")
        match = getattr(request, "resolver_match", None)
        if match is not None and "api" in match.namespaces:
            response = JsonResponse({"detail": message}, status=503)
        else:
            page = render_to_string("503.html", {"message": message})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
