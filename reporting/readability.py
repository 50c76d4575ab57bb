"""How easy a piece of writing is to read: the Flesch reading ease score, worked out in Python.

    206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Higher is easier. We aim for 60 or more ("plain English"): most adults read that easily.
Syllables are counted by a rule of thumb (groups of vowels, less a silent final "e"), which is
close enough for a score that guides writers; it is not a dictionary.
"""

import re
from dataclasses import dataclass

AIM = 60

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# A sentence ends at . ! or ? (one or more), or at a line break: a heading or a list item without
# a full stop is still a sentence of its own to a reader.
_SENTENCE_END = re.compile(r"[.!?]+|\n+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")

# Words the rule of thumb gets wrong often enough to matter in our writing.
_EXCEPTIONS = {
    "the": 1,
    "people": 2,
    "every": 2,
    "everyone": 3,
    "business": 2,
    "being": 2,
    "doing": 2,
    "going": 2,
    "area": 3,
    "idea": 3,
    "ideas": 3,
    "create": 2,
    "created": 3,
    "creation": 3,
    "cocreation": 4,
    "co-creation": 4,
    "co-creator": 4,
    "co-creators": 4,
    "cocreator": 4,
    "cocreators": 4,
    "real": 1,
    "really": 2,
    "science": 2,
    "quiet": 2,
    "poem": 2,
    "via": 2,
    "nhs": 3,
}

# Endings whose vowels do not make a syllable of their own.
_SILENT_ENDINGS = (
    (re.compile(r"(?<=[^aeiouy])es$"), ""),  # "makes", "shapes" ("es" after a consonant is silent,
    (re.compile(r"(?<=[^aeiouy])ed$"), ""),  # and so is "ed": "asked", "helped")
    (re.compile(r"(?<=[^aeiouy])e$"), ""),  # a final silent "e": "make", "site"
)
# ...except where they are said: "classes", "wanted", "needed", "little", "table".
_SPOKEN_ENDINGS = re.compile(r"(?:[cszx]es|[dt]ed|[^aeiouy]le|[cg]es)$")
_SPLIT_IA = re.compile(r"(?<=[^aeiouycstg])ia")


def syllables(word: str) -> int:
    """A rule-of-thumb count of the syllables in one word (at least 1)."""
    word = word.lower().strip("'’")
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    if any(ch.isdigit() for ch in word):
        return max(1, len(re.sub(r"\D", "", word)))  # numbers: about a syllable a digit
    word = re.sub(r"[^a-z]", "", word)
    if not word:
        return 1
    if len(word) <= 3:
        return 1
    if not _SPOKEN_ENDINGS.search(word):
        for pattern, replacement in _SILENT_ENDINGS:
            stripped = pattern.sub(replacement, word)
            if stripped != word:
                word = stripped
                break
    count = len(_VOWEL_GROUPS.findall(word))
    # "ia" is usually said as two ("Australian", "media"), but not after c, t, s or g ("social").
    count += len(_SPLIT_IA.findall(word))
    return max(1, count)


def words(text: str) -> list[str]:
    """The words in a text."""
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    """How many sentences a text has: stretches with at least one word between sentence ends."""
    return sum(1 for part in _SENTENCE_END.split(text) if _WORD.search(part))


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
    found = words(text or "")
    if not found:
        return Readability(score=None, words=0, sentences=0, syllables=0)
    n_sentences = max(1, sentence_count(text))
    n_syllables = sum(syllables(w) for w in found)
    n_words = len(found)
    score = 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)
    return Readability(
        score=round(score, 1), words=n_words, sentences=n_sentences, syllables=n_syllables
    )
