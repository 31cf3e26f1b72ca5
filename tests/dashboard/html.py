"""Read rendered pages as element trees (stdlib only), to assert the figures a page shows."""

from html.parser import HTMLParser
from xml.etree.ElementTree import Element, TreeBuilder

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.builder = TreeBuilder()
        self.builder.start("document", {})
        self.open: list[str] = ["document"]

    def handle_starttag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        if tag in VOID:
            self.builder.end(tag)
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        self.builder.end(tag)

    def handle_endtag(self, tag):
        if tag not in self.open:
            return
        while self.open[-1] != tag:
            self.builder.end(self.open.pop())
        self.builder.end(self.open.pop())

    def handle_data(self, data):
        self.builder.data(data)

    def close(self) -> Element:
        super().close()
        while self.open:
            self.builder.end(self.open.pop())
        return self.builder.close()


def parse(html: str | bytes) -> Element:
    parser = _Parser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.close()


def text(element: Element) -> str:
    """The element's text with whitespace collapsed, as a reader sees it."""
    return " ".join("".join(element.itertext()).split())


def one(root: Element, path: str) -> Element:
    """The single element at `path` (an ElementTree path such as `.//tr[@data-program='3']`)."""
    found = root.findall(path)
    assert len(found) == 1, f"{len(found)} elements at {path}"
    return found[0]


def field(root: Element, name: str) -> str:
    """The text of the one `data-field=name` element below `root`."""
    return text(one(root, f".//*[@data-field='{name}']"))
