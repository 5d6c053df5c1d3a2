"""CSS for HTML pieces drawn inside the app (the report's table style, sized for a projector)."""

from foresight.report import CARD_CSS, STYLE

# The report's own rules, scoped to the situation tables so they do not restyle the app.
TABLE_CSS = (
    "<style>"
    + "".join(
        rule + "}"
        for rule in STYLE.split("}")
        if rule.strip().startswith(
            ("table", "td", ".badge", "tr", "p.rank-key", "sup.fn", "p.caveats", "ol.caveats")
        )
    )
    + "table.situation{font-size:1rem}.table-wrap{overflow-x:auto}"
    # In the app the figures may wrap between words (a long unit such as "€ per inhabitant"): the table then
    # fits the 791 px content area at 1280 px instead of hiding its last columns behind a sideways scroll.
    + "table.situation td.num:not(.rank),table.situation td.peers{white-space:normal}"
    + CARD_CSS
    + "</style>"
)
