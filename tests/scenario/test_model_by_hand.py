"""The population model's parts on literal arrays worked out by hand (test data, not statistics)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foresight.columns import AGE, EDITION, MUNICIPALITY, VALUE, YEAR
from foresight.scenario import model as M

# The model silences numpy where it divides by empty cohorts on purpose; anywhere else a warning is a bug.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def two_years(first: float = 10.0, growth: float = 1.01) -> pd.DataFrame:
    """Test data: municipality 001 with `first` persons at every age in 2019 and `growth` times that in 2020."""
    rows = [("2019", "001", 2019, a, first) for a in range(101)]
    rows += [("2019", "001", 2020, a, first * growth) for a in range(101)]
    return pd.DataFrame(rows, columns=[EDITION, MUNICIPALITY, YEAR, AGE, VALUE])


def test_previous_cohort_merges_99_and_100_plus():
    pop = np.arange(101.0)
    prev = M._previous_cohort(pop)
    assert prev[0] == 0 and prev[1] == 0 and prev[2] == 1 and prev[99] == 98
    assert prev[100] == 99 + 100


def test_parents_are_ages_20_to_44():
    assert M._parents(np.arange(101.0)) == sum(range(20, 45)) == 800
    assert M.PARENT_AGES == (20, 44)


def test_calibration_caps_wild_ratios_and_carries_the_rest_as_inflow():
    cube = np.ones((1, 2, 101))
    cube[0, 1, 0] = 2.0  # 2 births per 25 parents
    cube[0, 1, 5] = 4.0  # a cohort of 1 becomes 4: ratio 4 is capped at 3, one person flows in
    cube[0, 1, 10] = 0.5
    cube[0, 0, 30] = 0.0  # an empty cohort: ratio 0, the person at 31 arrives as inflow
    ratio, birth, inflow = M._calibrate(cube)
    assert ratio[0, 0, 5] == M.RATIO_CAP == 3.0 and inflow[0, 0, 5] == 1.0
    assert ratio[0, 0, 10] == 0.5 and inflow[0, 0, 10] == 0.0
    assert ratio[0, 0, 31] == 0.0 and inflow[0, 0, 31] == 1.0
    assert ratio[0, 0, 100] == 0.5  # 1 at 100+ from 99 and 100+ (1 + 1)
    assert ratio[0, 0, 0] == 0.0
    # parents in 2019: 24 (age 30 is empty) → 2 / 24 births each, nothing left as inflow
    assert birth[0, 0] == pytest.approx(2 / 24) and inflow[0, 0, 0] == pytest.approx(0.0)
    assert M._run(cube[:, 0], ratio, birth, inflow)[0, 1] == pytest.approx(cube[0, 1])


def test_cube_needs_ages_up_to_99():
    frame = two_years()
    codes, years, cube = M._cube(frame[frame[AGE] < 100])
    assert codes.tolist() == ["001"] and years.tolist() == [2019, 2020] and cube[0, 0, 100] == 0
    with pytest.raises(AssertionError):
        M._cube(frame[frame[AGE] < 99])


def test_death_probabilities_by_hand():
    """Everyone grows 1 % a year except 100+, which gets 10.1 from 20: 49.5 % die there; at 60–99 the cohort
    grows, which clips to 0; under 60 the Gompertz line through 60–90 is flat at the floor 1e-6."""
    base = M.build_baseline(two_years())
    q = base.death_prob[0]
    assert q[100] == pytest.approx(0.495)
    assert np.all(q[60:100] == 0.0)
    assert q[0] == 0.0 and q[1:60] == pytest.approx(np.full(59, 1e-6), rel=1e-6)


def test_components_by_hand():
    base = M.build_baseline(two_years())
    result = M.project(base, M.Levers(fertility_change=10, start_year=2020))
    # births 2020: 10.1 / 250 per parent × 250 parents × 1.1
    assert result.components["births"][0, 0] == pytest.approx(11.11)
    # deaths: 49.5 % of the 20 at 99 and 100+, plus 1e-6 of the 590 aged 0–58 moving on to 1–59
    assert result.components["deaths"][0, 0] == pytest.approx(0.495 * 20 + 590e-6, rel=1e-5)
    # net migration is what the published cohorts gained beyond survival (ages 1..100):
    survivors = 10 * 99 * (1 - 1e-6 * 59 / 99) + 20 * 0.505
    total_next = 10.1 * 100 + 11.11  # ages 1..100 as published, age 0 with 10 % more births
    assert result.components["net_migration"][0, 0] == pytest.approx(total_next - 11.11 - survivors, rel=1e-5)
    assert result.totals()[0, 1] == pytest.approx(total_next, rel=1e-6)


@pytest.mark.parametrize(("removed", "held", "said"), [(10.5, 0.4, False), (10.7, 0.6, True)])
def test_held_at_zero_is_said_above_half_a_person(removed, held, said):
    """Removing more movers than the 10.1 persons of age 50 leaves the excess held at zero (not removed)."""
    base = M.build_baseline(two_years())
    profile = np.zeros(101)
    profile[50] = 1.0
    result = M.project(base, M.Levers(net_migration_persons=-removed, start_year=2020), profile=profile)
    assert result.population[0, 1, 50] == 0.0
    assert result.held_at_zero == pytest.approx(held, abs=1e-6)
    assert result.components["held_at_zero"][0, 0] == pytest.approx(held, abs=1e-6)
    assert result.notes == (("scenario.message.held_at_zero",) if said else ())


def test_start_year_before_the_base_year_changes_the_first_step():
    base = M.build_baseline(two_years())
    early = M.project(base, M.Levers(net_migration_persons=5, start_year=2000), profile=np.eye(101)[50])
    on_time = M.project(base, M.Levers(net_migration_persons=5, start_year=2020), profile=np.eye(101)[50])
    late = M.project(base, M.Levers(net_migration_persons=5, start_year=2021), profile=np.eye(101)[50])
    assert early.population[0, 1, 50] == on_time.population[0, 1, 50] == pytest.approx(10.1 + 5)
    assert late.population[0, 1, 50] == pytest.approx(10.1)


def test_rate_lever_is_per_thousand_residents():
    base = M.build_baseline(two_years())
    result = M.project(base, M.Levers(net_migration_rate=2.0, start_year=2020), profile=np.eye(101)[50])
    # 2 ‰ of the 1010 residents of 2019 = 2.02 persons, all at age 50
    assert result.population[0, 1, 50] == pytest.approx(10.1 + 2.02)


def test_relative_migration_lever_scales_the_implied_migration():
    base = M.build_baseline(two_years())
    implied = M.implied_net_migration(base)[0, 0]
    doubled = M.project(base, M.Levers(net_migration_change=100, start_year=2020))
    assert doubled.totals()[0, 1] - base.population[0, 1].sum() == pytest.approx(implied, rel=1e-6)


def test_mortality_factor_by_hand():
    q = np.full(101, 0.5)
    assert M.mortality_factor(q, 0.0) == 1.0
    # halving the risk: 0.25 a year gives 0.5 × (1 + 0.75) / 0.25 ... = 3.5 years (geometric sum by hand)
    assert M.life_expectancy(np.full(101, 0.25)) == pytest.approx(3.5)
    k = M.mortality_factor(q, 2.0)  # from 1.5 to 3.5 years
    assert k == pytest.approx(0.5, abs=1e-6)
    assert M.mortality_factor(q, -0.5) > 1.0


def test_life_expectancy_tail_lives_on_with_the_last_risk():
    q = np.zeros(101)
    q[100] = 0.5  # half die on the way into 100+, and those who reach it keep a risk of 0.5 a year
    # alive at 0..99: 1, at 100: 0.5; years 0..98: 99, year 99–100: 0.75; 100+: 0.5 / 0.5 = 1
    assert M.life_expectancy(q) == pytest.approx(99 + 0.75 + 1.0)


def test_levers_of_a_dict():
    levers = M.Levers.of({"start_year": 2030.0, "fertility_change": 5, "employment_rate_change": 3})
    assert levers == M.Levers(fertility_change=5, start_year=2030) and isinstance(levers.start_year, int)
    assert M.Levers.of(None) == M.Levers()


def test_result_frame_and_totals():
    pop = np.arange(2 * 2 * 3, dtype=float).reshape(2, 2, 3)
    result = M.Result("x", np.array(["001", "002"]), np.array([2020, 2021]), pop)
    frame = result.frame()
    assert frame.iloc[4].tolist() == ["001", 2021, 1, 4.0]
    assert frame.iloc[-1].tolist() == ["002", 2021, 2, 11.0]
    assert result.totals().tolist() == [[3.0, 12.0], [21.0, 30.0]]


def test_subset_keeps_the_given_order():
    frame = pd.concat([two_years(), two_years(20.0).assign(**{MUNICIPALITY: "002"})])
    base = M.build_baseline(frame)
    sub = base.subset(["002", "001"])
    assert sub.codes.tolist() == ["002", "001"] and sub.population[0, 0, 5] == 20.0
    assert sub.base_year == 2019 and sub.ages.tolist() == list(range(101))
    with pytest.raises(KeyError):
        base.index(["003"])


def test_unknown_edition_is_refused():
    with pytest.raises(ValueError, match="unknown edition"):
        M.build_baseline(two_years(), "2030")


def test_death_probability_is_capped_at_95_percent():
    cube = np.ones((1, 2, 101))
    cube[0, 1, 100] = 0.02  # of 2 (99 and 100+) only 0.02 reach the next year: 99 % would die
    assert M._death_probability(cube)[0, 100] == 0.95


def test_run_gives_one_more_year_than_steps():
    cube = np.ones((1, 3, 101))
    ratio, birth, inflow = M._calibrate(cube)
    assert M._run(cube[:, 0], ratio, birth, inflow).shape == (1, 3, 101)


def test_movers_can_arrive_as_newborns():
    base = M.build_baseline(two_years())
    result = M.project(base, M.Levers(net_migration_persons=5, start_year=2020), profile=np.eye(101)[0])
    assert result.population[0, 1, 0] == pytest.approx(10.1 + 5)  # births as published, plus 5 babies


def test_editions_are_named():
    base = M.build_baseline(two_years())
    assert base.edition == "2019" and M.project(base, None).edition == "2019"
    assert M.project(base, M.Levers(fertility_change=1)).edition == "2019"


def test_cube_says_what_is_wrong():
    frame = two_years()
    with pytest.raises(AssertionError, match=r"^projection ages must run 0\.\.99 or 0\.\.100$"):
        M._cube(frame[frame[AGE] > 0])


def test_implied_net_migration_by_hand():
    """As two_years(), but the cohort aged 4 grows from 10 to 40 at age 5: ratio capped at 3, 10 flow in.
    Implied net migration = persons aged 1–100 next year minus survivors, by hand:
    next = 100 × 10.1 - 10.1 + 40 = 1039.9; survivors = 59 × 10 × (1 - 1e-6) + 40 × 10 + 20 × 0.505 = 1000.09941."""
    frame = two_years()
    frame.loc[(frame[YEAR] == 2020) & (frame[AGE] == 5), VALUE] = 40.0
    base = M.build_baseline(frame)
    assert base.ratio[0, 0, 5] == 3.0 and base.inflow[0, 0, 5] == pytest.approx(10.0)
    assert M.implied_net_migration(base)[0, 0] == pytest.approx(1039.9 - 1000.09941, rel=1e-6)


def test_no_parents_means_no_birth_ratio():
    cube = np.ones((1, 2, 101))
    cube[0, 0, 20:45] = 0.0  # nobody aged 20–44: the newborns of the next year arrive as inflow
    ratio, birth, inflow = M._calibrate(cube)
    assert birth[0, 0] == 0.0 and inflow[0, 0, 0] == 1.0


def test_calibration_caps_a_birth_ratio_when_asked_and_carries_the_rest_as_inflow():
    cube = np.ones((1, 2, 101))
    cube[0, 1, 0] = 10.0  # 10 births to 25 parents: 0.4 each, over the cap 0.2 → 5 births by ratio, 5 flow in
    _, free, free_inflow = M._calibrate(cube)
    assert free[0, 0] == pytest.approx(0.4) and free_inflow[0, 0, 0] == pytest.approx(0.0)
    _, birth, inflow = M._calibrate(cube, birth_cap=0.2)
    assert birth[0, 0] == 0.2 and inflow[0, 0, 0] == pytest.approx(5.0)


def test_bridge_carries_each_cohorts_gap_by_hand():
    """Test data: ages 0–4 and an open group 5+, three steps from one published year to the next, the model
    at 1 everywhere. Published at the end: 2, 4, 1, 0.5, 3 (the open group is not published), so the gaps by
    age at the end are +1, +3, 0, −0.5, +2. By hand, year by year (age: value):
    - the cohort ending at 4 was 1 at age 1 at the start: 1 + 2 × 1/3 = 5/3 at age 2, 1 + 2 × 2/3 = 7/3 at 3;
    - the cohort ending at 3 (gap −0.5): 1 − 0.5/3 = 5/6 at age 1, 1 − 0.5 × 2/3 = 2/3 at age 2;
    - the cohort ending at 1 is born in the year before the end: 1 + 3 = 4 from birth (age 0);
    - the cohort ending at 2 has no gap (1 at age 0 and 1); the one ending at 0 exists only at the end;
    - cohorts that reach the open group by the end have no published figure and stay at 1."""
    path = np.ones((1, 4, 6))
    target = np.array([[2.0, 4.0, 1.0, 0.5, 3.0, 99.0]])
    out = M._bridge(path, target)
    assert out[0, 0].tolist() == [1.0] * 6
    assert out[0, 1] == pytest.approx([1.0, 5 / 6, 5 / 3, 1.0, 1.0, 1.0])
    assert out[0, 2] == pytest.approx([4.0, 1.0, 2 / 3, 7 / 3, 1.0, 1.0])
    assert out[0, 3].tolist() == [2.0, 4.0, 1.0, 0.5, 3.0, 1.0]
    # totals 6 → 6.5 → 10 → 11.5: the gap arrives over the years, not in the last one
    assert out[0].sum(axis=1) == pytest.approx([6.0, 6.5, 10.0, 11.5])


def test_bridge_does_not_take_a_cohort_below_zero_between_published_years():
    """Test data: a cohort the model grows to 8 by the end is published as 0; halfway it would be 1 − 8/2 = −3
    and is held at 0; the published 0 is kept exactly."""
    path = np.ones((1, 3, 4))
    path[0, 2, 2] = 8.0
    target = np.array([[1.0, 1.0, 0.0, 5.0]])
    out = M._bridge(path, target)
    assert out[0, 1, 1] == 0.0 and out[0, 2, 2] == 0.0
    assert out[0, 1].tolist() == [1.0, 0.0, 1.0, 1.0]


def test_pooled_ratio_leans_on_the_national_ratio_where_a_municipality_has_few_persons():
    """Test data, three years (two steps): at age 50, municipality A has 1000 persons a year and 980 of them are
    at 51 a year later; B has 1 a year and 3 a year later. National ratio into 51: 1966 / 2002 = 983 / 1001.
    Shrunk with 5 persons a year (the means over the two steps, not the sums), by hand:
    A: (980 + 5 × 983/1001) / (1000 + 5) = 0.9800100…, B: (3 + 5 × 983/1001) / (1 + 5) = 1.3183483…
    (B's own ratio 3 would triple the cohort). An age nobody has gets the national 0."""
    pop = np.zeros((2, 3, 101))
    pop[0, 0:2, 50], pop[0, 1:3, 51] = 1000.0, 980.0
    pop[1, 0:2, 50], pop[1, 1:3, 51] = 1.0, 3.0
    pooled = M._pooled_ratio(pop)
    assert M.SHRINK == 5.0
    assert pooled[0, 51] == pytest.approx((980 + 5 * 983 / 1001) / 1005, rel=1e-12)
    assert pooled[1, 51] == pytest.approx((3 + 5 * 983 / 1001) / 6, rel=1e-12)
    assert pooled[0, 51] == pytest.approx(0.9800100, abs=1e-7)
    assert pooled[1, 51] == pytest.approx(1.3183483, abs=1e-7)
    assert pooled[1, 30] == 0.0


def three_year_edition() -> pd.DataFrame:
    """Test data: a 2019 edition with 10 persons at every age 0..100+ in 2019–2022 (cohort-change ratio 1,
    births 10 per 250 residents aged 20–44), and a newer edition that publishes only 2019 and 2022, ages 0–99:
    in 2019 nobody is aged 50; in 2022 that cohort, now 53, has 6 persons (every other age has 10)."""
    rows = [("2019", "001", y, a, 10.0) for y in range(2019, 2023) for a in range(101)]
    for a in range(100):
        rows.append(("2024", "001", 2019, a, 0.0 if a == 50 else 10.0))
        rows.append(("2024", "001", 2022, a, 6.0 if a == 53 else 10.0))
    return pd.DataFrame(rows, columns=[EDITION, MUNICIPALITY, YEAR, AGE, VALUE])


def test_newer_edition_path_between_published_years_by_hand():
    """The model carries every cohort of 10 exactly, but an empty cohort has no ratio to scale, so the 6 persons
    published at 53 in 2022 are bridged along the cohort: 2 at 51 in 2020, 4 at 52 in 2021, 6 at 53 in 2022.
    Totals (99 × 10 + the 100+ group of 10 + the bridged cohort): 1000, 1002, 1004, 1006 — not 1000, 1000,
    1000, 1006 with a jump in the last year. The model's ratios then reproduce that path: into 51 nothing is
    carried (the 2 arrive as inflow), into 52 the ratio is 4/2 = 2, into 53 it is 6/4 = 1.5."""
    base = M.build_baseline(three_year_edition(), "2024")
    assert base.years.tolist() == [2019, 2020, 2021, 2022] and base.official_years == (2019, 2022)
    pop = base.population[0]
    assert pop.sum(axis=1) == pytest.approx([1000.0, 1002.0, 1004.0, 1006.0])
    assert [pop[1, 51], pop[2, 52], pop[3, 53]] == pytest.approx([2.0, 4.0, 6.0])
    # published years stay exactly as published, ages 0–99
    assert pop[0, :100].tolist() == [0.0 if a == 50 else 10.0 for a in range(100)]
    assert pop[3, :100].tolist() == [6.0 if a == 53 else 10.0 for a in range(100)]
    assert base.ratio[0, 0, 51] == 0.0 and base.inflow[0, 0, 51] == pytest.approx(2.0)
    assert base.ratio[0, 1, 52] == pytest.approx(2.0) and base.ratio[0, 2, 53] == pytest.approx(1.5)
    # the model's own dynamics (a negligible lever on) walk the same path
    run = M.project(base, M.Levers(net_migration_persons=1e-9, start_year=2020))
    assert run.totals()[0] == pytest.approx([1000.0, 1002.0, 1004.0, 1006.0], abs=1e-6)


def test_newer_edition_births_are_corrected_at_birth_by_hand():
    """Test data: as three_year_edition(), but nobody is missing in 2019 and the newer edition publishes 20 (not
    10) at ages 0, 1 and 2 in 2022: twice the births the 2019 edition's ratio gives (10 per 250 parents).
    Those three cohorts are born inside the window, so each takes its factor 2 at birth: 20 born in 2020,
    2021 and 2022 alike (parents stay 250). By hand, totals (100 ages 0–99 + 10 aged 100+): 1010, 1020,
    1030, 1040 — a straight line. (Spread over each cohort's own steps, the factor gave 2^(1/3) × 10 = 12.6
    births in 2020 and 1010, 1012.6, 1020.0, 1040: the correction piled up before the published year.)"""
    frame = three_year_edition()
    newer = frame[EDITION] == "2024"
    frame.loc[newer, VALUE] = 10.0
    frame.loc[newer & (frame[YEAR] == 2022) & (frame[AGE] <= 2), VALUE] = 20.0
    base = M.build_baseline(frame, "2024")
    pop = base.population[0]
    assert pop.sum(axis=1) == pytest.approx([1010.0, 1020.0, 1030.0, 1040.0])
    assert [pop[1, 0], pop[2, 0], pop[2, 1]] == pytest.approx([20.0, 20.0, 20.0])
    assert base.birth_ratio[0] == pytest.approx([0.08, 0.08, 0.08])
