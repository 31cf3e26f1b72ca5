"""The report previews are readable web tables in a real browser: the page's type size, the
table scrolling sideways inside its frame with the header and the first column kept in view,
no word broken over lines and no number running out of its cell."""

import pytest

from renstra.models import Role
from tests.dashboard.conftest import member
from tests.e2e.conftest import log_in, seed_plan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Words that a line break cuts (a word with more than one line box), and numbers wider than
# their cell, in every cell of the report's tables.
BROKEN = """() => {
  const broken = [], overflowing = [];
  for (const cell of document.querySelectorAll('.report-table th, .report-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    if (cell.classList.contains('num') && cell.scrollWidth > cell.clientWidth + 1)
      overflowing.push(cell.textContent);
  }
  return {broken, overflowing};
}"""


@pytest.mark.parametrize("report", ["evaluasi-renja", "renstra"])
def test_preview_is_a_readable_web_table(live_server, page, report):
    organisation = seed_plan()
    member("perencana", Role.PLANNER, organisation)
    log_in(page, live_server, "perencana")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/laporan/{report}/2025/")

    frame = page.locator(".report-table").first
    cell = frame.locator("tbody tr.sub-kegiatan td").nth(3)
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    cell_size = cell.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert cell_size >= 14 and cell_size >= body_size * 0.95

    found = page.evaluate(BROKEN)
    assert found == {"broken": [], "overflowing": []}

    # Sideways: the table is wider than its frame and scrolls; the first column stays.
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth + 200")
    code = frame.locator("tbody tr.sub-kegiatan td").first
    left_before = code.bounding_box()["x"]
    frame.evaluate("el => el.scrollBy(600, 400)")
    page.wait_for_timeout(100)
    frame_box = frame.bounding_box()
    assert abs(code.bounding_box()["x"] - left_before) < 2
    # Down: the header stays at the top of the frame.
    header = frame.locator("thead tr").first
    assert abs(header.bounding_box()["y"] - frame_box["y"]) < 3
