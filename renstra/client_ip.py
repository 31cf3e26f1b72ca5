"""The address a request came from, for login throttling (django-axes) behind nginx."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` reverse proxies the address the outermost
    of them received the request from.

    Each proxy appends the address it received from to X-Forwarded-For (nginx:
    `$proxy_add_x_forwarded_for`), so that address is counted from the right; whatever stands
    further left was written by the client and is never trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
