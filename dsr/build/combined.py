"""Tables combined from other tables in ``data/`` (not from ``shared/raw``). The build runs these
after every derivation and the data package descriptor are written, and reads their inputs through
:func:`dsr.data.load`, so they see exactly the validated tables the book sees."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import data
from .registry import TableReport, combines


@combines("contested_series")
def contested_series(data_dir: Path, report: TableReport) -> pd.DataFrame:
    """One long table of every series on the three contested topics, each row with its source, year,
    unit and definition: the hand-compiled figures (contested_figures) plus the dataset series on
    the same topics (debt owed to China as % of GDP from hrt_debt_stock; debt service paid to China
    from ids_china_debt_service; counts of countries from aigs_surveillance). Built from tables in
    data/, not from shared/raw; nothing is averaged."""
    hand = data.load("contested_figures", data_dir)
    rows = [
        hand.assign(origin="contested_figures " + hand["figure_id"])[
            [
                "topic",
                "iso3",
                "year",
                "value",
                "unit",
                "measure",
                "source_key",
                "origin",
                "confidence",
            ]
        ]
    ]
    hrt = data.load("hrt_debt_stock", data_dir).dropna(subset=["china_debt_pct_gdp"])
    rows.append(
        pd.DataFrame(
            {
                "topic": "debt_to_china",
                "iso3": hrt["iso3"],
                "year": hrt["year"],
                "value": hrt["china_debt_pct_gdp"],
                "unit": "% of GDP",
                "measure": (
                    "External debt owed to Chinese official creditors (direct loans), "
                    "estimated stock"
                ),
                "source_key": "horn2019china",
                "origin": "hrt_debt_stock",
                "confidence": "A",
            }
        )
    )
    ids = data.load("ids_china_debt_service", data_dir)
    total = ids["principal_usd"].fillna(0) + ids["interest_usd"].fillna(0)
    rows.append(
        pd.DataFrame(
            {
                "topic": "debt_to_china",
                "iso3": ids["iso3"],
                "year": ids["year"],
                "value": total / 1e6,
                "unit": "USD million",
                "measure": np.where(
                    ids["projected"],
                    "PPG debt service due to China (World Bank projection)",
                    "PPG debt service paid to China (principal and interest)",
                ),
                "source_key": "worldbank2023ids",
                "origin": "ids_china_debt_service",
                "confidence": "A",
            }
        )
    )
    aigs = data.load("aigs_surveillance", data_dir)
    rows.append(
        pd.DataFrame(
            {
                "topic": "safe_city_count",
                "iso3": pd.NA,
                "year": 2019,
                "value": [len(aigs), int(aigs["china_ai_tech"].sum()), int(aigs["huawei"].sum())],
                "unit": "countries",
                "measure": [
                    "Countries using AI surveillance (AIGS Index)",
                    "Countries with Chinese AI surveillance technology (AIGS Index)",
                    "Countries where Huawei is a key AI surveillance supplier (AIGS Index)",
                ],
                "source_key": "feldstein2019global",
                "origin": "aigs_surveillance",
                "confidence": "A",
            }
        )
    )
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["topic", "iso3", "year", "origin"], na_position="first").reset_index(
        drop=True
    )
