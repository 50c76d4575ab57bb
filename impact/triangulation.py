"""Triangulation: does what co-creators tell us match what complaints, PALS, incidents and the
Friends and Family Test say? One documented rule, tested with a hand-made example.

The rule, for each theme in a period:

1. Work out the theme's share of all co-creator insight tags in the period, and its share of all
   counts from the other sources (complaints + PALS + incidents + FFT) in the period.
2. Rank themes by each share (largest first; ties share a rank).
3. Read the two together:
   - "Little data" when either side has fewer than MIN_ITEMS (5) items in the whole period: a
     share of a handful means little.
   - "Agree: a top-3 theme in both" when the theme ranks in the top 3 on both sides.
   - "Co-creators raise it more" when its share of insight is at least GAP (5 percentage points)
     larger than its share of the other sources.
   - "Other sources raise it more" when its share of the other sources is at least GAP larger.
   - "Agree: a similar share" otherwise.
"""

from dataclasses import dataclass
from decimal import Decimal

MIN_ITEMS = 5
TOP = 3
GAP = Decimal("0.05")

LITTLE_DATA = "Little data"
AGREE_TOP = "Agree: a top-3 theme in both"
COCREATORS_MORE = "Co-creators raise it more"
OTHERS_MORE = "Other sources raise it more"
AGREE_SIMILAR = "Agree: a similar share"


@dataclass(frozen=True)
class ThemeCounts:
    """What went in: a theme's insight tags and its count in each other source."""

    name: str
    insight: int
    sources: dict[str, int]

    @property
    def source_total(self) -> int:
        return sum(self.sources.values())


@dataclass(frozen=True)
class ThemeReading:
    """What came out: the counts, shares, ranks and the plain-English reading."""

    counts: ThemeCounts
    insight_share: Decimal
    source_share: Decimal
    insight_rank: int | None
    source_rank: int | None
    reading: str

    @property
    def name(self) -> str:
        return self.counts.name

    @property
    def insight_percent(self) -> int:
        return round(self.insight_share * 100)

    @property
    def source_percent(self) -> int:
        return round(self.source_share * 100)


def _share(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def _ranks(values: dict[str, int]) -> dict[str, int | None]:
    """Competition ranks (1, 2, 2, 4…) of the non-zero values, largest first; zero has no rank."""
    ordered = sorted((v for v in values.values() if v > 0), reverse=True)
    return {name: (ordered.index(v) + 1 if v > 0 else None) for name, v in values.items()}


def triangulate(themes: list[ThemeCounts]) -> list[ThemeReading]:
    """Each theme's shares, ranks and reading, by the rule in this module's docstring.

    The result is in the order given.
    """
    insight_total = sum(t.insight for t in themes)
    source_total = sum(t.source_total for t in themes)
    insight_ranks = _ranks({t.name: t.insight for t in themes})
    source_ranks = _ranks({t.name: t.source_total for t in themes})
    little = insight_total < MIN_ITEMS or source_total < MIN_ITEMS
    readings = []
    for theme in themes:
        insight_share = _share(theme.insight, insight_total)
        source_share = _share(theme.source_total, source_total)
        i_rank, s_rank = insight_ranks[theme.name], source_ranks[theme.name]
        if little:
            reading = LITTLE_DATA
        elif i_rank is not None and s_rank is not None and i_rank <= TOP and s_rank <= TOP:
            reading = AGREE_TOP
        elif insight_share - source_share >= GAP:
            reading = COCREATORS_MORE
        elif source_share - insight_share >= GAP:
            reading = OTHERS_MORE
        else:
            reading = AGREE_SIMILAR
        readings.append(ThemeReading(theme, insight_share, source_share, i_rank, s_rank, reading))
    return readings
