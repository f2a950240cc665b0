import math

import pytest

from dsr import model


def test_hexagon_area():
    assert model.cell_area_km2(1) == pytest.approx(2.598, abs=1e-3)


def test_halving_the_radius_quadruples_the_sites():
    assert model.sites_needed(1000, 0.5) == pytest.approx(4 * model.sites_needed(1000, 1))


def test_cost_per_person_falls_with_density_and_radius():
    base = model.cost_per_person(10, 1, 100_000)
    assert model.cost_per_person(20, 1, 100_000) == pytest.approx(base / 2)
    assert model.cost_per_person(10, 2, 100_000) == pytest.approx(base / 4)
    assert base == pytest.approx(100_000 / (10 * 3 * math.sqrt(3) / 2))


@pytest.mark.parametrize("args", [(0, 1, 1), (10, 0, 1), (-5, 1, 1)])
def test_bad_input_is_refused(args):
    with pytest.raises(ValueError):
        model.cost_per_person(*args)
