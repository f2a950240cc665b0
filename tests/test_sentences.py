"""dsr.sentences: the splitter that keys the seed articles' body sentences (seed, line, n), on
synthetic text (abbreviations, decimals, initials, quotes), on a synthetic seed directory (stable
keys, headings skipped) and on the real seeds when they are present (BODY ranges inside the files).
"""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from dsr import sentences
from dsr.sentences import BODY, is_heading, split

SEEDS = ROOT.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_seeds():
    if not SEEDS.exists():
        msg = f"{SEEDS} not found: the seed articles sit beside the repository"
        if IN_CI:
            pytest.fail(msg + " (CI=true: never skipped in CI)")
        pytest.skip(msg)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The U.S. restricted Huawei in 2019. The U.K. followed.",
            ["The U.S. restricted Huawei in 2019.", "The U.K. followed."],
        ),
        (
            "Growth reached 3.5 per cent in 2020. It slowed later.",
            ["Growth reached 3.5 per cent in 2020.", "It slowed later."],
        ),
        ("As J. Smith notes, it works. Next.", ["As J. Smith notes, it works.", "Next."]),
        (
            "Some hubs, e.g. in Malaysia, grew. Mr. Li agreed.",
            ["Some hubs, e.g. in Malaysia, grew.", "Mr. Li agreed."],
        ),
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        (
            'Is it? Yes! "Quoted." (Aside.) Done',
            ["Is it?", "Yes!", '"Quoted."', "(Aside.)", "Done"],
        ),
        ("It began in 2015. 5G came later.", ["It began in 2015.", "5G came later."]),
        ("no capital after. the stop", ["no capital after. the stop"]),
        ("   ", []),
    ],
)
def test_split(text, expected):
    assert split(text) == expected


def test_headings_are_short_lines_that_do_not_end_like_sentences():
    assert is_heading("Key Policies and Impacts")
    assert not is_heading("This is a sentence.")
    assert not is_heading("A long line of eleven words without any full stop at its end here")
    assert not is_heading("")


def fake_seed(tmp_path, monkeypatch, lines):
    monkeypatch.setitem(BODY, "999_fake", (2, len(lines) - 1))
    (tmp_path / "999_fake.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sentences.sentences("999_fake", tmp_path)


def test_keys_are_seed_line_and_position_and_skip_furniture_and_headings(tmp_path, monkeypatch):
    got = fake_seed(
        tmp_path,
        monkeypatch,
        ["Menu. Home.", "Introduction", "One. Two in the U.S. too.", "", "Three.", "Footer."],
    )
    assert [(s.key, s.text) for s in got] == [
        (("999_fake", 3, 1), "One."),
        (("999_fake", 3, 2), "Two in the U.S. too."),
        (("999_fake", 5, 1), "Three."),
    ]


def test_keys_are_stable_when_text_elsewhere_changes(tmp_path, monkeypatch):
    a = fake_seed(tmp_path, monkeypatch, ["x", "One. Two.", "Three.", "y"])
    b = fake_seed(tmp_path, monkeypatch, ["x", "One. Two.", "Three was edited. And grew.", "y"])
    assert [s.key for s in a][:2] == [s.key for s in b][:2] and b[2].key == ("999_fake", 3, 1)


def test_unknown_seed_and_body_past_the_end_are_refused(tmp_path, monkeypatch):
    with pytest.raises(KeyError, match="not a known seed"):
        sentences.sentences("nope")
    monkeypatch.setitem(BODY, "998_short", (1, 10))
    (tmp_path / "998_short.txt").write_text("One.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="body is said to end at line 10"):
        sentences.sentences("998_short", tmp_path)


def test_body_ranges_lie_inside_the_seed_files():
    need_seeds()
    for seed, (first, last) in BODY.items():
        lines = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").splitlines()
        assert 1 <= first <= last <= len(lines), (seed, first, last, len(lines))
        assert lines[first - 1].strip() and lines[last - 1].strip(), (
            f"{seed}: body starts or ends on a blank line"
        )


def test_every_seed_has_sentences_with_unique_keys():
    need_seeds()
    allsents = sentences.all_sentences()
    keys = [s.key for s in allsents]
    assert len(keys) == len(set(keys))
    assert {s.seed for s in allsents} == set(BODY)
    assert all(s.text.strip() for s in allsents)
