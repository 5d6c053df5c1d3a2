"""Population scenarios: a cohort-change-ratio model calibrated to the official projection, levers and comparisons.

Only numpy and pandas are imported here; texts come from foresight/locales/<lang>/scenario.json.

A page's path (cache build_baseline; everything else is a few milliseconds):

    baseline = build_baseline(snapshot.official_projections, "2019")        # or "2024"
    scenario, messages = from_query(st.query_params, baseline.base_year)     # or from_json(upload bytes)
    results, notes = run(baseline, [scenario], [code])                       # {"baseline": Result, name: Result}
    table = outcome_table(results, code, rates, {scenario.name: scenario})   # rates = latest_employment_rate(obs)[0]
    lines = time_series(results, code, rates, {scenario.name: scenario})
    bars = pyramids(results, code, 2040, band=5)
    texts = [render(m, lang) for m in [*messages, *notes]]
"""

from foresight.scenario.compare import answer, outcome_table, peer_position, pyramids, run, time_series
from foresight.scenario.economy import (
    CAVEAT_KEY,
    Assumption,
    caveat_key,
    default_assumptions,
    edit,
    income_tax_rate,
    sketch,
    tax_note_key,
)
from foresight.scenario.levers import (
    LEVERS,
    Lever,
    Message,
    Slider,
    bounds,
    defaults,
    render,
    slider,
    slider_range,
    validate,
)
from foresight.scenario.model import (
    COMPONENTS,
    EDITIONS,
    Baseline,
    Levers,
    Result,
    assumed_young_adult_migration,
    build_baseline,
    project,
)
from foresight.scenario.outputs import (
    KEY_YEARS,
    MEASURES,
    SERVICE_GROUPS,
    components,
    dependency_ratio,
    employed_residents,
    key_outcomes,
    latest_employment_rate,
    mover_profile_frame,
    pyramid,
    service_groups,
    totals,
)
from foresight.scenario.scenario import (
    LINK_PREFIX,
    PRESET_IDS,
    PRESETS,
    Scenario,
    display_name,
    from_json,
    from_link,
    from_query,
    preset,
    to_link,
)

__all__ = [
    "CAVEAT_KEY",
    "caveat_key",
    "tax_note_key",
    "COMPONENTS",
    "EDITIONS",
    "KEY_YEARS",
    "LINK_PREFIX",
    "LEVERS",
    "MEASURES",
    "PRESETS",
    "PRESET_IDS",
    "SERVICE_GROUPS",
    "Assumption",
    "Baseline",
    "Lever",
    "Levers",
    "Message",
    "Result",
    "Scenario",
    "Slider",
    "bounds",
    "build_baseline",
    "components",
    "default_assumptions",
    "defaults",
    "dependency_ratio",
    "display_name",
    "edit",
    "employed_residents",
    "from_json",
    "from_link",
    "from_query",
    "income_tax_rate",
    "key_outcomes",
    "latest_employment_rate",
    "mover_profile_frame",
    "outcome_table",
    "answer",
    "assumed_young_adult_migration",
    "peer_position",
    "preset",
    "project",
    "pyramid",
    "pyramids",
    "render",
    "run",
    "service_groups",
    "sketch",
    "slider",
    "slider_range",
    "time_series",
    "to_link",
    "totals",
    "validate",
]
