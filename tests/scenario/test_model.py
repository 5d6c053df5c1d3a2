"""The population model: neutral levers reproduce the official projection; levers move outputs as expected."""

import numpy as np
import pytest

from foresight.scenario.model import (
    Levers,
    build_baseline,
    implied_net_migration,
    life_expectancy,
    mortality_factor,
    project,
)

# The model silences numpy where it divides by empty cohorts on purpose; anywhere else a warning is a bug.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def official_totals(projections, edition, year):
    rows = projections[(projections["edition"] == edition) & (projections["year"] == year)]
    return rows.groupby("municipality")["value"].sum()


# A lever that is on but negligible makes project() run the full year-by-year dynamics (survivors + births +
# net migrants) instead of handing back the baseline; those dynamics must land on the published projection.
NEGLIGIBLE = Levers(net_migration_persons=1e-9, start_year=2020)


@pytest.mark.parametrize("year", [2030, 2040])
def test_dynamics_with_negligible_levers_reproduce_2019_edition_for_all_municipalities(
    base19, projections, year
):
    result = project(base19, NEGLIGIBLE)
    official = official_totals(projections, "2019", year).reindex(result.codes).to_numpy()
    modelled = result.totals()[:, list(result.years).index(year)]
    assert len(modelled) == 308
    assert np.abs(modelled / official - 1).max() < 0.005
    # and by age, not only in total (1e-9 persons added per year: nothing else may move)
    assert np.abs(result.population - base19.population).max() < 1e-6
    assert result.held_at_zero == 0


def test_neutral_levers_return_the_baseline_bit_for_bit(base19):
    result = project(base19, Levers())
    assert np.array_equal(result.population, base19.population)


@pytest.mark.parametrize("year", [2035, 2040])
def test_dynamics_with_negligible_levers_reproduce_2024_edition_for_all_municipalities(
    base24, projections, year
):
    result = project(base24, Levers(net_migration_persons=1e-9, start_year=2025))
    official = official_totals(projections, "2024", year).reindex(result.codes).to_numpy()
    col = list(result.years).index(year)
    modelled = result.population[:, col, :100].sum(axis=1)  # the 2024 extract has ages 0–99 only
    assert np.abs(modelled / official - 1).max() < 0.005


def test_2024_edition_is_annual_and_starts_at_the_published_year(base24, projections):
    assert base24.years[0] == 2024 and base24.years[-1] == 2040 and len(base24.years) == 17
    assert base24.official_years == (2024, 2035, 2040)
    helsinki = list(base24.codes).index("091")
    start = official_totals(projections, "2024", 2024)["091"]
    assert base24.population[helsinki, 0, :100].sum() == pytest.approx(start)
    # the interpolated 2030 lies between the published 2024 and 2035 for a steadily growing city
    total = base24.population[helsinki].sum(axis=1)
    assert total[0] < total[6] < total[11]


def test_tiny_literal_projection_dynamics_match_cohorts_worked_by_hand(tiny_projection):
    """Municipality 001 has 10 persons at every age in 2019, growing 1 % a year (conftest), so by hand:
    cohort-change ratio 1.01 at ages 1..99, births per resident aged 20–44 = 10.1 / (25 × 10) = 0.0404.

    With the lever on (+10 % fertility from 2020) and everything else as published, by hand:
    2020: age 0 = 0.0404 × 250 × 1.1 = 11.11, age 50 = 1.01 × 10 = 10.1 (no death below 60 in this data);
    2021: age 1 = 1.01 × 11.11 = 11.2211, age 0 = 0.0404 × 252.5 × 1.1 = 11.2211.
    """
    base = build_baseline(tiny_projection)
    result = project(base, Levers(fertility_change=10, start_year=2020), ["001"])
    pop = result.population[0]
    assert pop[0, 50] == 10.0
    assert pop[1, 0] == pytest.approx(11.11, rel=1e-4)
    assert pop[1, 50] == pytest.approx(10.1, rel=1e-4)
    assert pop[2, 1] == pytest.approx(11.2211, rel=1e-4)
    assert pop[2, 0] == pytest.approx(11.2211, rel=1e-4)
    # 21 years on, age 50 has grown like everyone: 10 × 1.01^21
    assert pop[-1, 50] == pytest.approx(10 * 1.01**21, rel=1e-3)


@pytest.mark.parametrize(("age", "extra_births"), [(19, 0.0), (20, 4.04), (44, 4.04), (45, 0.0)])
def test_only_residents_aged_20_to_44_have_children(tiny_projection, age, extra_births):
    """100 movers arrive at one age in 2020; births in 2021 grow by 0.0404 × 100 = 4.04 (by hand) only when
    that age is 20–44 (both ends included), and not at all for 19 or 45."""
    base = build_baseline(tiny_projection)
    profile = np.zeros(101)
    profile[age] = 1.0
    levers = Levers(net_migration_persons=100, start_year=2020)
    moved = project(base, levers, ["001"], profile=profile).population[0]
    assert moved[1, age] == pytest.approx(10.1 + 100, rel=1e-6)
    base_births = 10 * 1.01**2
    assert moved[2, 0] == pytest.approx(base_births + extra_births, abs=0.01)


def test_life_expectancy_by_hand():
    """Nobody dies before 100 and nobody lives past it: everyone lives 99 full years and half of the last."""
    q = np.zeros(101)
    q[100] = 1.0
    assert life_expectancy(q) == pytest.approx(99.5)
    # Half die every year: 0.5 × (1 + 0.5) + 0.5 × (0.5 + 0.25) + … = 0.75 × 2 = 1.5 years
    assert life_expectancy(np.full(101, 0.5)) == pytest.approx(1.5)


def test_accounting_identity_extra_migrants_arrive_in_full(base19):
    """Population next year = survivors + births + net migrants: 100 extra migrants add exactly 100."""
    codes = ["091", "005", "892"]
    base = project(base19, None, codes)
    more = project(base19, Levers(net_migration_persons=100, start_year=2020), codes)
    diff = more.totals() - base.totals()
    assert diff[:, 0] == pytest.approx([0, 0, 0])
    assert diff[:, 1] == pytest.approx(
        [100, 100, 100]
    )  # first step: no births or deaths of the newcomers yet
    assert np.all(diff[:, 2] > 195)  # second year: 200 minus the few who die, plus children born


def test_levers_do_not_touch_years_before_start(base19):
    result = project(base19, Levers(fertility_change=-30, net_migration_rate=-10, start_year=2030), ["091"])
    before = list(result.years).index(2029)
    assert np.array_equal(
        result.population[:, : before + 1], base19.subset(["091"]).population[:, : before + 1]
    )
    assert result.totals()[0, before + 1] < base19.subset(["091"]).population[0, before + 1].sum()


def test_more_migration_means_more_people_everywhere(base19):
    base = project(base19, None)
    more = project(base19, Levers(net_migration_rate=2.0))
    gain = more.totals()[:, -1] - base.totals()[:, -1]
    assert np.all(gain > 0)
    # 2 ‰ a year for 14 years is roughly 3 % more people by 2040 (plus their children)
    assert 0.025 < np.median(gain / base.totals()[:, -1]) < 0.04


def test_relative_migration_lever_scales_the_projections_own_migration(base19):
    codes = ["091"]  # Helsinki gains by migration in the projection
    implied = implied_net_migration(base19.subset(codes))
    assert implied[0, 10] > 0
    doubled = project(base19, Levers(net_migration_change=100, start_year=2020), codes)
    base = project(base19, None, codes)
    first = doubled.totals()[0, 1] - base.totals()[0, 1]
    assert first == pytest.approx(implied[0, 0], rel=0.01)


def test_lower_fertility_means_fewer_children_not_fewer_old(base19):
    base = project(base19, None, ["091", "049"])
    low = project(base19, Levers(fertility_change=-20), ["091", "049"])
    y2030 = list(base.years).index(2030)
    children = lambda r: r.population[:, y2030, 0:7].sum(axis=1)  # noqa: E731
    old = lambda r: r.population[:, y2030, 65:].sum(axis=1)  # noqa: E731
    assert np.all(children(low) < children(base))
    # births 2026–2030 are 20 % lower, so children aged 0–4 fall by about a fifth
    ratio = low.population[:, y2030, 0:4].sum(axis=1) / base.population[:, y2030, 0:4].sum(axis=1)
    assert np.allclose(ratio, 0.8, atol=0.02)
    assert np.allclose(old(low), old(base))


def test_life_expectancy_lever_keeps_more_old_people(base19):
    k = mortality_factor(base19.death_prob.mean(axis=0), 1.0)
    assert 0.8 < k < 0.95
    shifted = life_expectancy(base19.death_prob.mean(axis=0) * k) - life_expectancy(
        base19.death_prob.mean(axis=0)
    )
    assert shifted == pytest.approx(1.0, abs=0.01)
    base = project(base19, None, ["091"])
    longer = project(base19, Levers(life_expectancy_change=1.0), ["091"])
    assert longer.population[0, -1, 85:].sum() > base.population[0, -1, 85:].sum()
    assert longer.population[0, -1, :30].sum() == pytest.approx(base.population[0, -1, :30].sum(), rel=0.001)


def test_estimated_life_expectancy_is_plausible(base19):
    assert 80 < life_expectancy(base19.death_prob[0]) < 87


def test_mover_profile_sums_to_one_and_peaks_among_young_adults(base19):
    profile = base19.movers
    assert profile.sum() == pytest.approx(1.0)
    assert np.all(profile >= 0) and profile[0] == 0
    assert 18 <= int(np.argmax(profile)) <= 30
    assert profile[18:36].sum() > 0.5


def test_negative_age_groups_are_held_at_zero_and_said(base19):
    smallest = base19.codes[np.argmin(base19.population[:, 0].sum(axis=1))]
    result = project(base19, Levers(net_migration_persons=-5000), [smallest])
    assert result.population.min() >= 0
    assert result.held_at_zero > 0
    assert result.notes == ("scenario.message.held_at_zero",)


def test_unknown_municipality_is_a_key_error(base19):
    with pytest.raises(KeyError):
        base19.subset(["000"])


def test_long_frame(base19):
    frame = project(base19, None, ["091"]).frame()
    assert list(frame.columns) == ["municipality", "year", "age", "value"]
    assert len(frame) == 22 * 101
    row = frame[(frame["year"] == 2030) & (frame["age"] == 30)]
    assert float(row["value"].iloc[0]) == base19.subset(["091"]).population[0, 11, 30]


@pytest.mark.parametrize(
    "levers",
    [
        {},
        {"net_migration_persons": 250, "fertility_change": -10},
        {"net_migration_change": 50, "life_expectancy_change": -1.5, "start_year": 2022},
        {"net_migration_persons": -5000},
    ],
    ids=["neutral", "more_movers_fewer_births", "relative_and_mortality", "held_at_zero"],
)
def test_accounting_identity_every_year(base19, levers):
    """Next year's population = this year's − deaths + births + net migrants (+ what was held at zero)."""
    codes = ["091", "005", "425"]
    result = project(base19, levers, codes)
    total = result.totals()
    parts = result.components
    rebuilt = (
        total[:, :-1] - parts["deaths"] + parts["births"] + parts["net_migration"] + parts["held_at_zero"]
    )
    assert np.allclose(rebuilt, total[:, 1:], atol=1e-6)
    assert np.all(parts["deaths"] >= 0) and np.all(parts["births"] >= 0)
    assert np.all(parts["deaths"][0] > 0) and np.all(parts["births"][0] > 0)  # Helsinki never empties


def test_components_are_plausible_for_helsinki(base19):
    parts = project(base19, None, ["091"]).components
    # Helsinki in the 2019 projection: about 6 000–7 000 births and 5 000–6 000 deaths a year, net migration positive
    assert 5000 < parts["births"][0, 0] < 8000
    assert 4000 < parts["deaths"][0, 0] < 7000
    assert parts["net_migration"][0, 0] > 0


def test_life_expectancy_lever_by_a_plausible_amount(base19):
    base = project(base19, None)
    longer = project(base19, Levers(life_expectancy_change=1.0))
    # about a tenth fewer deaths a year from 2026: roughly 10 % more people aged 85+ and 1–2 % more in all by 2040
    old = np.median(longer.population[:, -1, 85:].sum(axis=1) / base.population[:, -1, 85:].sum(axis=1))
    everyone = np.median(longer.totals()[:, -1] / base.totals()[:, -1])
    assert 1.05 < old < 1.15
    assert 1.005 < everyone < 1.025
    deaths = longer.components["deaths"].sum() / base.components["deaths"].sum()
    assert deaths < 1.0


def test_young_adult_lever_adds_its_movers_at_ages_18_to_29_only(base19):
    """30 more young adults a year: the first step adds exactly 30 persons, all aged 18–29."""
    codes = ["746", "297"]
    base = project(base19, None, codes)
    more = project(base19, Levers(young_adult_migration=30, start_year=2020), codes)
    step = more.population[:, 1] - base.population[:, 1]
    assert step.sum(axis=1) == pytest.approx([30, 30])
    assert step[:, 18:30].sum(axis=1) == pytest.approx([30, 30])
    assert np.abs(step[:, :18]).max() == pytest.approx(0) and np.abs(step[:, 30:]).max() == pytest.approx(0)


def test_young_adult_profile_is_the_movers_profile_within_18_to_29() -> None:
    from foresight.scenario.model import young_adult_profile

    # Test data: a profile with weight 2 at age 20, 1 at age 25 and 7 outside the band.
    profile = np.zeros(101)
    profile[[20, 25, 40]] = [0.2, 0.1, 0.7]
    out = young_adult_profile(profile)
    assert out[20] == pytest.approx(2 / 3) and out[25] == pytest.approx(1 / 3) and out[40] == 0
    assert young_adult_profile(np.zeros(101))[18:30] == pytest.approx([1 / 12] * 12)  # no profile: even


def test_assumed_young_adult_migration_is_the_projections_own(base19):
    """The lever starts from the projection's own 18–29 net migration: recomputed here from the cohorts."""
    from foresight.scenario.model import assumed_young_adult_migration

    row = base19.index(["746"])[0]
    pop = base19.population[row]
    years = list(base19.years)
    total = 0.0
    for year in range(2026, 2031):
        j = years.index(year)
        for age in range(18, 30):
            survived = pop[j - 1, age - 1] * (1 - base19.death_prob[j - 1, age])
            total += pop[j, age] - survived
    assert assumed_young_adult_migration(base19, "746") == pytest.approx(total / 5, rel=1e-6)


def test_calibrated_2019_ratios_stay_within_their_cap(base19):
    from foresight.scenario.model import RATIO_CAP

    assert base19.ratio.max() <= RATIO_CAP and base19.ratio.min() >= 0
    assert np.all(base19.ratio[..., 0] == 0)


def test_2024_edition_built_afresh_keeps_its_promises(base19, projections):
    """Built here, not taken from the shared fixture, so that mutation testing links these checks to the
    calibration code. Caps hold; the 100+ group the model carries on (the 2024 extract stops at 99) stays
    within 10 % of the 2019 edition's published 1752, 1972 and 2423 persons in 2030, 2035 and 2040; and the
    national path between published years lies between the published totals on either side (±0.5 %)."""
    from foresight.scenario.model import BIRTH_CAP, RATIO_CAP

    base24 = build_baseline(projections, "2024")
    assert base24.population.shape[1] == len(base24.years) == 17
    assert (
        base24.ratio.max() <= RATIO_CAP and base24.ratio.min() >= 0 and base24.birth_ratio.max() <= BIRTH_CAP
    )
    years, years19 = list(base24.years), list(base19.years)
    for year, published in ((2030, 1752), (2035, 1972), (2040, 2423)):
        assert base19.population[:, years19.index(year), 100].sum() == published
        carried = base24.population[:, years.index(year), 100].sum()
        assert abs(carried / published - 1) < 0.10, year
    national = base24.population[:, :, :100].sum(axis=(0, 2))
    for lo, hi in ((2024, 2035), (2035, 2040)):
        ends = sorted(official_totals(projections, "2024", y).sum() for y in (lo, hi))
        for y in range(lo, hi + 1):
            assert ends[0] * 0.995 <= national[years.index(y)] <= ends[1] * 1.005, y


def test_2024_edition_published_years_are_the_published_figures_by_age(base24, projections):
    """Never altered: in 2024, 2035 and 2040 every municipality's ages 0–99 are the published table itself."""
    rows = projections[projections["edition"] == "2024"]
    years = list(base24.years)
    for year in (2024, 2035, 2040):
        table = rows[rows["year"] == year].pivot(index="municipality", columns="age", values="value")
        published = table.reindex(index=base24.codes, columns=range(100)).to_numpy()
        assert np.array_equal(base24.population[:, years.index(year), :100], published), year


def test_2024_path_of_small_municipalities_moves_no_more_in_a_year_than_its_published_years_imply(
    base24, projections
):
    """Statistics Finland's 2024 projection, ages 0–99 summed from the published table: Kökar 225, 232 and 239,
    Sottunga 119, 128 and 126 in 2024, 2035 and 2040. Between two published years, a municipality under 1000
    residents may change in one year by its published years' average yearly change plus 5 % of its population,
    no more. (The path used to put what the model could not reach into the year before a published year:
    Kökar 206 → 232 into 2035, +26 in a year where the published years imply +0.6 a year; Sottunga 98 → 128.)"""
    years = list(base24.years)
    totals = base24.population[:, :, :100].sum(axis=2)
    for code, published in (("318", (225, 232, 239)), ("766", (119, 128, 126))):
        row = base24.index([code])[0]
        assert [totals[row, years.index(y)] for y in (2024, 2035, 2040)] == list(published)
    kokar = totals[base24.index(["318"])[0]]
    assert abs(kokar[years.index(2035)] - kokar[years.index(2034)]) < 3
    small = np.flatnonzero(totals[:, 0] < 1000)
    assert len(small) == 17  # the municipalities under 1000 residents in the 2024 edition's 2024
    for lo, hi in ((2024, 2035), (2035, 2040)):
        i, k = years.index(lo), years.index(hi)
        implied = np.abs(totals[small, k] - totals[small, i]) / (hi - lo)
        yearly = np.abs(np.diff(totals[small, i : k + 1], axis=1)).max(axis=1)
        excess = (yearly - implied) / totals[small, i]
        assert excess.max() < 0.05, (base24.codes[small[excess.argmax()]], lo, excess.max())


def test_2024_path_of_larger_municipalities_does_not_speed_up_into_a_published_year(base24):
    """Statistics Finland's 2024 projection, ages 0–99 summed from the published table: Larsmo 5966 in 2024 and
    7087 in 2035, 101.9 a year on average. Its path gains at most a quarter more than that in the year into
    2035 (the youngest cohorts' corrections used to pile up there: +159). And no municipality of 5000 residents
    or more changes in a year by more than its published years' average yearly change plus 0.5 % of its
    population."""
    years = list(base24.years)
    totals = base24.population[:, :, :100].sum(axis=2)
    larsmo = totals[base24.index(["440"])[0]]
    assert [larsmo[years.index(2024)], larsmo[years.index(2035)]] == [5966, 7087]
    assert larsmo[years.index(2035)] - larsmo[years.index(2034)] < 1.25 * (7087 - 5966) / 11
    large = np.flatnonzero(totals[:, 0] >= 5000)
    for lo, hi in ((2024, 2035), (2035, 2040)):
        i, k = years.index(lo), years.index(hi)
        implied = np.abs(totals[large, k] - totals[large, i]) / (hi - lo)
        yearly = np.abs(np.diff(totals[large, i : k + 1], axis=1)).max(axis=1)
        excess = (yearly - implied) / totals[large, i]
        assert excess.max() < 0.005, (base24.codes[large[excess.argmax()]], lo, excess.max())


def test_the_migration_levers_add_up_and_none_overrides_another(base19):
    """What the page says under the levers (scenario.migration.combined): young adults +10 and migration +20
    persons a year bring 30 extra movers in the first year, the 10 at ages 18–29 on top of the 20's share
    there; the per-mille lever adds its own on top (2 ‰ of the start year's population)."""
    codes = ["746", "297"]
    base = project(base19, None, codes)
    young = project(base19, Levers(young_adult_migration=10, start_year=2020), codes)
    persons = project(base19, Levers(net_migration_persons=20, start_year=2020), codes)
    both = project(base19, Levers(young_adult_migration=10, net_migration_persons=20, start_year=2020), codes)
    step = both.population[:, 1] - base.population[:, 1]
    assert step.sum(axis=1) == pytest.approx([30, 30])
    alone = (young.population[:, 1] - base.population[:, 1]) + (
        persons.population[:, 1] - base.population[:, 1]
    )
    assert step == pytest.approx(alone)  # age by age, the sum of the two alone
    share = base19.movers[18:30].sum()  # the movers' profile's share at 18–29
    assert 0 < share < 1
    assert step[:, 18:30].sum(axis=1) == pytest.approx([10 + 20 * share] * 2)
    start = base19.subset(codes).population[:, 0].sum(axis=1)
    three = project(
        base19,
        Levers(young_adult_migration=10, net_migration_persons=20, net_migration_rate=2.0, start_year=2020),
        codes,
    )
    assert (three.totals()[:, 1] - base.totals()[:, 1]) == pytest.approx(30 + 0.002 * start)
