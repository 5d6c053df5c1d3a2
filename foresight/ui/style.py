"""CSS for HTML pieces drawn inside the app (the report's table style, sized for a projector)."""

from foresight.report import CARD_CSS, STYLE

# The report's own rules, scoped to the situation tables so they do not restyle the app.
TABLE_CSS = (
    "<style>"
    + "".join(
        rule + "}" for rule in STYLE.split("}") if rule.strip().startswith(("table", "td", ".badge", "tr"))
    )
    + "table.situation{font-size:1rem}.table-wrap{overflow-x:auto}"
    + CARD_CSS
    + "</style>"
)
