"""Requests that cannot be served as asked: a lost database connection answers 503, control
characters in the input answer 400, each with a clear Indonesian message instead of a bare 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .params import has_control_characters

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


class HostileInputMiddleware:
    """A request whose path, query string or form carries a control character answers 400.

    NUL in text makes PostgreSQL fail the query, and no field of the product holds a control
    character, so such a request is refused before any view reads it: in the path, query keys
    and values, form keys, uploaded file names, and form values (where a textarea's tab and
    line breaks stay allowed). The refusal is an Indonesian 400 page, JSON for the API.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _hostile(request):
            return None
        logger.warning("control characters refused: %r", request.path)
        message = _("Permintaan berisi karakter kendali yang tidak diizinkan; periksa isian Anda.")
        return bad_request(request, message)


def bad_request(request, message: str) -> HttpResponse:
    """The Indonesian 400 page saying what was wrong (JSON for the API)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and "api" in match.namespaces:
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(render_to_string("400.html", {"message": message}), status=400)


def _hostile(request) -> bool:
    if has_control_characters(request.path_info):
        return True
    for key, values in request.GET.lists():
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            return True
    if request.method != "POST":
        return False
    for key, values in request.POST.lists():
        if has_control_characters(key) or any(
            has_control_characters(value, multiline=True) for value in values
        ):
            return True
    return any(
        has_control_characters(key) or has_control_characters(upload.name or "")
        for key, upload in request.FILES.items()
    )
