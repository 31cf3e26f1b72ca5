"""Every URL of the URLconf, with its path parameters filled in, so the security tests cover
pages added later without anyone listing them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter

# Path parameters that name a year or quarter rather than a row.
NOT_ROW_IDS = {"year", "quarter"}
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^()]*)\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its qualified name, its route, its view and its path parameters."""

    name: str
    route: str
    callback: object
    converters: Mapping[str, object]

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    @property
    def row_parameters(self) -> list[str]:
        """Integer parameters naming a database row (ids), not a year or a quarter."""
        return [
            name
            for name, converter in self.converters.items()
            if isinstance(converter, IntConverter) and name not in NOT_ROW_IDS
        ]

    def url(self, values: Mapping[str, str] | None = None) -> str:
        """The route with every parameter filled: `values` first, else a plausible value."""
        values = values or {}
        # Regular-expression parts first: their named groups look like route parameters.
        path = _REGEX_GROUP.sub(
            lambda m: values.get(m["name"]) or _regex_example(m["body"]),
            self.route.replace("^", "").replace("$", ""),
        )
        path = _ROUTE_PARAMETER.sub(
            lambda m: values.get(m["name"]) or _example(self.converters[m["name"]], m["name"]),
            path,
        )
        return "/" + path

    def resolves_to_itself(self, url: str) -> bool:
        return resolve(url.split("?", 1)[0]).func is self.callback


def _example(converter, name: str) -> str:
    if isinstance(converter, IntConverter):
        return {"year": "2024", "quarter": "1"}.get(name, "1")
    if isinstance(converter, SlugConverter):
        return {"kind": "indikator"}.get(name, "x")
    if isinstance(converter, StringConverter | PathConverter):
        return "1"
    choices = getattr(converter, "choices", None)
    if choices is not None:
        return str(next(iter(choices.values)))
    return next(
        candidate
        for candidate in ("1", "x", "i1", "b1")
        if re.fullmatch(converter.regex, candidate)
    )


def _regex_example(body: str) -> str:
    if re.fullmatch(r"[\w|]+", body):
        return body.split("|", 1)[0]
    return "1"


def _walk(patterns, prefix: str, namespaces: tuple[str, ...], converters: dict):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        found = {**converters, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            names = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, route, names, found)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name or f"<{route}>"))
            yield Route(name, route, pattern.callback, found)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", (), {}))
