"""How easy a piece of writing is to read: the Flesch reading ease score, from `textstat`.

    206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Higher is easier. We aim for 60 or more ("plain English"): most adults read that easily.
textstat counts syllables from the CMU pronouncing dictionary, and by hyphenation rules for
words it does not know.
"""

import re
from dataclasses import dataclass

import textstat

AIM = 60

_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]*$")


def as_sentences(text: str) -> str:
    """The text with each line ended as a sentence: a heading or a list item without a full stop
    is still a sentence of its own to a reader, though textstat would run it into the next."""
    lines = (line.strip() for line in (text or "").splitlines())
    return " ".join(line if _SENTENCE_END.search(line) else f"{line}." for line in lines if line)


def syllables(word: str) -> int:
    """The syllables in one word, as textstat counts them."""
    return textstat.syllable_count(word)


def sentence_count(text: str) -> int:
    """How many sentences a text has, as the score counts them."""
    return textstat.sentence_count(as_sentences(text))


@dataclass(frozen=True)
class Readability:
    """A text's Flesch reading ease, with what went into it and what it means in words."""

    score: float | None  # None when there is no text to score
    words: int
    sentences: int
    syllables: int

    @property
    def meets_aim(self) -> bool:
        return self.score is not None and self.score >= AIM

    @property
    def rounded(self) -> int | None:
        return None if self.score is None else round(self.score)

    @property
    def band(self) -> str:
        """The usual description of the score."""
        score = self.score
        if score is None:
            return "No text yet"
        if score >= 90:
            return "Very easy to read"
        if score >= 80:
            return "Easy to read"
        if score >= 70:
            return "Fairly easy to read"
        if score >= 60:
            return "Plain English"
        if score >= 50:
            return "Fairly hard to read"
        if score >= 30:
            return "Hard to read"
        return "Very hard to read"

    @property
    def verdict(self) -> str:
        """What the writer should do, in plain English."""
        if self.score is None:
            return "Write some text to see how easy it is to read."
        if self.meets_aim:
            return f"{self.band}. This meets our aim of {AIM} or more."
        return (
            f"{self.band}. This is below our aim of {AIM}: try shorter sentences and "
            "shorter, everyday words."
        )

    @property
    def words_per_sentence(self) -> float | None:
        return round(self.words / self.sentences, 1) if self.sentences else None


def flesch_reading_ease(text: str) -> Readability:
    """Score a text: 206.835 - 1.015 x words per sentence - 84.6 x syllables per word."""
    prepared = as_sentences(text)
    n_words = textstat.lexicon_count(prepared)
    if not n_words:
        return Readability(score=None, words=0, sentences=0, syllables=0)
    return Readability(
        score=round(textstat.flesch_reading_ease(prepared), 1),
        words=n_words,
        sentences=textstat.sentence_count(prepared),
        syllables=textstat.syllable_count(prepared),
    )
