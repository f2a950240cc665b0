"""Evidence that survives a second reader (issue 14).

Without the built book: the sentence map ``data/claims_coverage.csv`` (one row per body sentence of
the five articles, every claim mapped) on synthetic data and, when present, on the real file.

On the built book (marked ``build``): no run of ten words shared with an article outside quotes, no
glued value wrapped in quote marks, and every verdict a chapter states about a linked claim equals
the ledger's."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from dsr import claims, sentences
from dsr.sentences import Sentence

SEEDS = ROOT.parent / "shared" / "seeds"
COVERAGE = ROOT / "data" / "claims_coverage.csv"
IN_CI = os.environ.get("CI", "").lower() == "true"
RUN = 10  # words


def skip_or_fail(msg: str):
    if IN_CI:
        pytest.fail(msg + " (CI=true: never skipped in CI)")
    pytest.skip(msg)


# -- the sentence map, synthetic
# --------------------------------------------------------------------------

S = [
    Sentence("000_x", 3, 1, "China joined in 2015."),
    Sentence("000_x", 3, 2, "Why does it matter?"),
    Sentence("000_x", 4, 1, "Experts disagree."),
    Sentence("000_x", 5, 1, "Again, it joined."),
]


def cov(*rows):
    return pd.DataFrame(rows, columns=claims.COVERAGE_COLUMNS)


GOOD = [
    ("000_x", 3, 1, "K01", "claim", ""),
    ("000_x", 3, 2, "", "rhetorical", "a question"),
    ("000_x", 4, 1, "", "argument", "an opinion"),
    ("000_x", 5, 1, "", "repeats", "repeats K01"),
]


def test_a_good_sentence_map_has_no_problems():
    assert claims.coverage_problems(cov(*GOOD), S, {"K01"}) == []


@pytest.mark.parametrize(
    "i, change, message",
    [
        (0, {"claims": ""}, "data/claims_coverage.csv:2 column 'category': 'claim' with claims ''"),
        (
            1,
            {"claims": "K01"},
            "data/claims_coverage.csv:3 column 'category': 'rhetorical' with claims 'K01'",
        ),
        (
            0,
            {"claims": "K09"},
            "data/claims_coverage.csv:2 column 'claims': K09 is not in data/claims.csv",
        ),
        (0, {"claims": "k1"}, "data/claims_coverage.csv:2 column 'claims': 'k1' is not a claim ID"),
        (
            2,
            {"reason": ""},
            "data/claims_coverage.csv:4 column 'reason': a non-claim row needs a reason",
        ),
        (
            3,
            {"reason": "says it again"},
            "data/claims_coverage.csv:5 column 'reason': a 'repeats' row names the claim ID",
        ),
        (
            3,
            {"reason": "repeats K07"},
            "data/claims_coverage.csv:5 column 'reason': repeats K07, which is not in",
        ),
        (
            0,
            {"line": 9},
            "data/claims_coverage.csv:2 column 'sentence': ('000_x', 9, 1) is not a body sentence",
        ),
    ],
)
def test_sentence_map_rules_are_refused_with_line_and_column(i, change, message):
    rows = [list(r) for r in GOOD]
    for col, v in change.items():
        rows[i][claims.COVERAGE_COLUMNS.index(col)] = v
    problems = claims.coverage_problems(cov(*rows), S, {"K01"})
    assert any(p.startswith(message) for p in problems), problems


def test_a_numeric_sentence_classed_as_non_claim_needs_a_reason():
    rows = [("000_x", 3, 1, "", "background", "")] + GOOD[1:]
    problems = claims.coverage_problems(cov(*rows), S, {"K01"})
    assert any(
        "column 'reason': the sentence holds a number, year, percentage or money amount" in p
        for p in problems
    )
    assert not claims.coverage_problems(
        cov(
            *(
                [("000_x", 3, 1, "", "background", "year dates the author's own earlier report")]
                + GOOD[1:]
            )
        ),
        S,
        {"K01"},
    )


def test_every_sentence_needs_exactly_one_row():
    problems = claims.coverage_problems(cov(*GOOD[:3]), S, {"K01"})
    assert problems == [
        "data/claims_coverage.csv: no row for body sentence ('000_x', 5, 1) (Again, it joined....)"
    ]
    problems = claims.coverage_problems(cov(*(GOOD + GOOD[:1])), S, {"K01"})
    assert problems == [
        "data/claims_coverage.csv:6 column 'sentence': sentence ('000_x', 3, 1) is listed again "
        "(first at line 2)"
    ]


def test_load_coverage_names_file_line_and_column(tmp_path):
    with pytest.raises(FileNotFoundError, match="the sentence map is missing"):
        claims.load_coverage(tmp_path / "claims_coverage.csv")
    path = tmp_path / "claims_coverage.csv"
    cov(*GOOD).assign(category=["claim", "question", "argument", "repeats"]).to_csv(
        path, index=False
    )
    with pytest.raises(
        claims.LedgerError,
        match=r"claims_coverage.csv:3 column 'category': 'question' is not one of",
    ):
        claims.load_coverage(path)
    cov(*GOOD).to_csv(path, index=False)
    got = claims.load_coverage(path)
    assert got["line"].tolist() == [3, 3, 4, 5] and got["reason"].iloc[0] == ""


def test_coverage_table_counts_sentences_per_article_and_category():
    seed = claims.ARTICLES["magnus2020digital"]
    frame = cov(
        (seed, 1, 1, "M01", "claim", ""),
        (seed, 1, 2, "", "argument", "opinion"),
        (seed, 2, 1, "M02", "claim", ""),
    )
    t = claims.coverage_table(frame)
    row = t.loc["Magnus and Bretherton (2020)"]
    assert (row["claim"], row["argument"], row["total"]) == (2, 1, 3) and t["total"].sum() == 3
    html = claims.coverage_html(frame)
    assert html.count("<tr>") == 1 + len(claims.ARTICLES) and "<td>2</td>" in html


def test_merge_coverage_refuses_a_sentence_mapped_twice():
    a = cov(*GOOD[:2]).astype(str)
    b = cov(*GOOD[1:]).astype(str)
    with pytest.raises(
        claims.LedgerError, match=r"b.csv:2 column 'sentence': sentence \(000_x, 3, 2\)"
    ):
        claims.merge_coverage({"a.csv": a, "b.csv": b})
    merged = claims.merge_coverage({"b.csv": cov(*GOOD[2:]).astype(str), "a.csv": a})
    assert merged[["line", "sentence"]].astype(int).values.tolist() == [
        [3, 1],
        [3, 2],
        [4, 1],
        [5, 1],
    ]


# -- the sentence map, real
# ------------------------------------------------------------------------------


def test_the_sentence_map_covers_every_body_sentence_once():
    if not SEEDS.exists():
        skip_or_fail(f"{SEEDS} not found: the seed articles sit beside the repository")
    if not COVERAGE.exists():
        skip_or_fail(
            f"{COVERAGE} not found: the lead assembles it from .work/coverage_*.csv "
            "(dsr.claims.ledger.merge_coverage)"
        )
    ledger = claims.claims()
    problems = claims.coverage_problems(
        claims.load_coverage(), sentences.all_sentences(), set(ledger["claim_id"])
    )
    assert problems == [], "\n".join(problems[:50])


# -- the built book
# -------------------------------------------------------------------------------------

QUOTED = re.compile(r"“[^“”]{0,800}”|\"[^\"]{0,800}\"")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def normalise(text: str) -> list[str]:
    """Lower case, straight apostrophes, plain hyphens, single spaces; then the words."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return WORD.findall(re.sub(r"\s+", " ", text))


def grams(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def seed_grams() -> dict[str, set]:
    out = {}
    for seed in sentences.BODY:
        out[seed] = grams(normalise(" ".join(s.text for s in sentences.sentences(seed))))
    return out


def visible_text(path: Path) -> str | None:
    """The main content of a built page, without code, quotations or text inside quotation marks."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article") or soup.find("main")
    if main is None:
        return None
    for tag in main.find_all(["code", "pre", "q", "blockquote", "script", "style"]):
        tag.decompose()
    return QUOTED.sub(" ", main.get_text(" "))


def shared_runs(words: list[str], seed: set) -> list[str]:
    """Maximal runs of RUN or more consecutive words of ``words`` whose every RUN-gram is in
    ``seed``."""
    hits = [tuple(words[i : i + RUN]) in seed for i in range(len(words) - RUN + 1)]
    runs, i = [], 0
    while i < len(hits):
        if hits[i]:
            j = i
            while j + 1 < len(hits) and hits[j + 1]:
                j += 1
            runs.append(" ".join(words[i : j + RUN]))
            i = j + 1
        else:
            i += 1
    return runs


#: Proper names of ten words or more, which a page may repeat (normalised as by :func:`normalise`).
NAMES = ["ministry of foreign affairs of the people's republic of china"]


def book_pages(html_dir: Path) -> list[Path]:
    """The book's own pages: not _static, _sources or anything copied from a hidden folder."""
    return [
        p
        for p in sorted(html_dir.rglob("*.html"))
        if not any(part.startswith((".", "_")) for part in p.relative_to(html_dir).parts[:-1])
    ]


def copied_runs(html_dir: Path) -> list[str]:
    seeds = seed_grams()
    out = []
    for page in book_pages(html_dir):
        text = visible_text(page)
        if text is None:
            continue
        joined = " ".join(normalise(text))
        for name in NAMES:
            joined = joined.replace(name, " ")
        words = joined.split()
        for seed, g in seeds.items():
            out += [
                f"{page.relative_to(html_dir)} shares with {seed}: {run!r}"
                for run in shared_runs(words, g)
            ]
    return out


GLUE_QUOTES = "'\"‘’“”"


def quoted_glue(html_dir: Path) -> list[str]:
    out = []
    for page in book_pages(html_dir):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for span in soup.select("span.output, span.pasted-text, span.pasted-inline"):
            v = span.get_text().strip()
            if len(v) >= 2 and v[0] in GLUE_QUOTES and v[-1] in GLUE_QUOTES:
                out.append(
                    f"{page.relative_to(html_dir)}: glued value {v} is in quote marks "
                    "(glue a number or str, and do not let it be repr()'d)"
                )
    return out


VERDICT = re.compile(
    r"\b(partly confirmed|confirmed|contradicted|not verifiable|unverifiable)\b", re.I
)
NEGATED = re.compile(r"\b(not|never|nor|neither)\s+$", re.I)
LINK = re.compile(r"07-claims-ledger\.html#claim-([A-Z][0-9]{2})$")
MARK = re.compile(r"\u27e6(\d+)\u27e7")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"(\u27e6])")


def stated_verdicts(html_dir: Path, ledger: pd.DataFrame) -> list[str]:
    """Each sentence of a chapter that links a claim row, with the verdict words it states, checked
    against the ledger. A verdict word belongs to the nearest claim link in its sentence."""
    status = ledger.set_index("claim_id")["status"].to_dict()
    out = []
    for page in sorted((html_dir / "notebooks").glob("0[1-6]*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.find("article") or soup.find("main")
        blocks = {a.find_parent(["p", "li", "td", "dd"]) for a in main.find_all("a", href=LINK)}
        for block in filter(None, blocks):
            links = {}
            for a in block.find_all("a", href=LINK):
                k = len(links)
                links[k] = (LINK.search(a["href"]).group(1), a.get_text())
                a.replace_with(f"\u27e6{k}\u27e7")
            text = re.sub(r"\s+", " ", block.get_text(" "))
            for sentence in SENTENCE_END.split(text):
                marks = [(m.start(), int(m.group(1))) for m in MARK.finditer(sentence)]
                if not marks:
                    continue
                plain = MARK.sub(lambda m: " " * len(m.group(0)), sentence)  # keep offsets
                words = [
                    (m.start(), m.group(1).lower())
                    for m in VERDICT.finditer(plain)
                    if not NEGATED.search(plain[: m.start()])
                ]
                words += [
                    (pos, links[k][1].lower())
                    for pos, k in marks
                    if VERDICT.fullmatch(links[k][1].strip())
                ]
                for pos, word in words:
                    k = min(marks, key=lambda m: abs(m[0] - pos))[1]
                    cid = links[k][0]
                    said = "not verifiable" if word == "unverifiable" else word
                    if cid in status and said != status[cid]:
                        plain = MARK.sub(lambda m, links=links: links[int(m.group(1))][1], sentence)
                        out.append(
                            f"{page.name}: claim {cid}: the text says {said!r}, the ledger"
                            f" {status[cid]!r} (sentence: {plain[:160]})"
                        )
                    elif cid not in status:
                        out.append(
                            f"{page.name}: links claim {cid}, which is not in data/claims.csv"
                        )
    return out


@pytest.mark.build
def test_no_page_shares_ten_words_with_an_article(built_book):
    if not SEEDS.exists():
        skip_or_fail(f"{SEEDS} not found")
    html_dir, _ = built_book
    runs = copied_runs(html_dir)
    assert not runs, "runs of 10+ words copied from an article outside quotes:\n" + "\n".join(runs)


@pytest.mark.build
def test_no_glued_value_is_in_quote_marks(built_book):
    html_dir, _ = built_book
    bad = quoted_glue(html_dir)
    assert not bad, "\n".join(bad)


RAW_ROLE = re.compile(r"\{(eval|glue(:\w+)?)\}`|\bt_[a-z0-9_]{3,}\b")


def raw_inline_values(html_dir: Path) -> list[str]:
    """Inline values that did not render: a leftover {eval}/{glue} role, or the bare name of a
    computed value (the chapters name them t_...)."""
    out = []
    for page in book_pages(html_dir):
        text = visible_text(page)
        if text is None:
            continue
        out += [
            f"{page.relative_to(html_dir)}: {m.group(0)!r} shown instead of a value"
            for m in RAW_ROLE.finditer(text)
        ]
    return out


@pytest.mark.build
def test_every_inline_value_renders(built_book):
    html_dir, _ = built_book
    bad = raw_inline_values(html_dir)
    assert not bad, "\n".join(bad)


@pytest.mark.build
def test_chapters_state_the_ledgers_verdicts(built_book):
    html_dir, _ = built_book
    bad = stated_verdicts(html_dir, claims.claims())
    assert not bad, "\n".join(bad)
