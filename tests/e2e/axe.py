"""axe-core in a Playwright page: WCAG 2.1 A/AA rules, violations grouped by impact.

axe.min.js is fetched by scripts/axe.sh (pinned, cached under .cache/); the test fails with that command
when it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_JS = ROOT / ".cache" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")


def run_axe(pg: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:  # Playwright Page
    """Inject axe-core into the page and return its violations (id, impact, help, node targets): of the WCAG
    tags, or of the named rules only (e.g. the best-practice "heading-order")."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run bash scripts/axe.sh (scripts/test.sh does)")
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    result = pg.evaluate(
        """async only => {
            const r = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                          html: n.html.slice(0, 200)}))}));
        }""",
        only,
    )
    return list(result)


def summary(violations: list[dict[str, Any]]) -> str:
    """One line per rule: impact, id, node count, the first node."""
    lines = []
    for v in violations:
        first = v["nodes"][0] if v["nodes"] else {"target": "", "html": ""}
        lines.append(
            f"  [{v['impact']}] {v['id']} ×{len(v['nodes'])}: {v['help']} — {first['target']} {first['html']}"
        )
    return "\n".join(lines)
