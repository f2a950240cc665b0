"""A deliberately simple model of why 5G is expensive where few people live.

Assumptions (stated on the page and tested):
1. Each site serves a hexagonal cell of radius ``radius_km``; a hexagon of circumradius r covers
   (3 * sqrt(3) / 2) * r**2 square kilometres.
2. The whole land area is covered evenly, so people per cell = population density x cell area.
3. Every site costs the same, ``cost_per_site_usd`` (an illustrative figure, not an estimate for any
   country), and nothing else is counted: no backhaul, spectrum, power or operating costs.
Under these assumptions the network cost per person is cost_per_site / (density x cell area): it
falls in proportion to density and to the square of the cell radius."""

from __future__ import annotations

import math

HEX_FACTOR = 3 * math.sqrt(3) / 2


def cell_area_km2(radius_km: float) -> float:
    if radius_km <= 0:
        raise ValueError(f"cell radius must be positive, got {radius_km}")
    return HEX_FACTOR * radius_km**2


def sites_needed(area_km2: float, radius_km: float) -> float:
    """Sites needed to cover ``area_km2`` evenly with cells of ``radius_km``."""
    if area_km2 < 0:
        raise ValueError(f"area must not be negative, got {area_km2}")
    return area_km2 / cell_area_km2(radius_km)


def cost_per_person(density_per_km2: float, radius_km: float, cost_per_site_usd: float) -> float:
    """Network build cost per inhabitant (USD) under the model's assumptions."""
    if density_per_km2 <= 0:
        raise ValueError(f"population density must be positive, got {density_per_km2}")
    return cost_per_site_usd / (density_per_km2 * cell_area_km2(radius_km))
