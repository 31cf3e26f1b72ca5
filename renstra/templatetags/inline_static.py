"""The text of one of the product's static files, for documents rendered outside a browser."""

from functools import cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@cache
def _read(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"Static file {path!r} not found")
    return Path(found).read_text(encoding="utf-8")


@register.simple_tag
def inline_static(path: str) -> SafeString:
    """The stylesheet a WeasyPrint document embeds in its <style>: the same file the browser
    pages link, so the PDF and the preview cannot drift (the browser's Content-Security-Policy
    refuses inline styles, WeasyPrint reads no links)."""
    return mark_safe(_read(path))  # noqa: S308 - the product's own static file
