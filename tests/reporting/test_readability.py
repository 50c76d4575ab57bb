"""The Flesch reading ease score (textstat), checked against sentences whose scores are known."""

import pytest

from reporting.newsletters.readability import (
    AIM,
    as_sentences,
    flesch_reading_ease,
    sentence_count,
    syllables,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Six one-syllable words in one sentence: 206.835 - 1.015 x 6 - 84.6 x 1.
        ("The cat sat on the mat.", 116.1),
        # The example usually quoted with Flesch's formula: 13 words, 24 syllables, 37.5.
        (
            "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
            37.5,
        ),
        # 16 words, 23 syllables.
        (
            "This sentence, taken as a reading passage unto itself, is being used to prove a point.",
            69.0,
        ),
        # Two sentences, 9 words, 13 syllables: 206.835 - 1.015 x 9/2 - 84.6 x 13/9.
        ("We met at the library. Ten people came along.", 80.1),
    ],
)
def test_known_sentences_score_as_expected(text, expected):
    assert flesch_reading_ease(text).score == pytest.approx(expected, abs=1.0)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("make", 1),
        ("asked", 1),
        ("wanted", 2),
        ("little", 2),
        ("changes", 2),
        ("service", 2),
        ("services", 3),
        ("people", 2),
        ("media", 3),
        ("social", 2),
        ("appointment", 3),
    ],
)
def test_syllables_are_counted_as_textstat_counts_them(word, count):
    assert syllables(word) == count


def test_a_line_without_a_full_stop_ends_a_sentence():
    text = "Our new garden\n\nWe planted it in May! Did you come? It looks lovely...\n- Seeds"
    assert as_sentences(text) == (
        "Our new garden. We planted it in May! Did you come? It looks lovely... - Seeds."
    )
    # textstat does not count a sentence of one or two words, but does count its words.
    assert sentence_count(text) == 4
    assert flesch_reading_ease(text).words == 15


def test_a_heading_does_not_lengthen_the_first_sentence():
    with_heading = flesch_reading_ease("Our new garden\nWe planted it in May.")
    assert with_heading.sentences == 2
    assert with_heading.words_per_sentence == 4.0


def test_long_words_and_sentences_score_below_the_aim():
    text = (
        "Notwithstanding considerable organisational complexities, the implementation of "
        "comprehensive multidisciplinary engagement methodologies necessitated substantial "
        "additional consideration by stakeholders across interconnected administrative "
        "directorates."
    )
    result = flesch_reading_ease(text)
    assert result.score < AIM
    assert not result.meets_aim
    assert "below our aim of 60" in result.verdict
    assert result.band == "Very hard to read"


def test_short_everyday_sentences_meet_the_aim():
    result = flesch_reading_ease("We asked you what to change. You told us. We did it.")
    assert result.meets_aim
    assert "meets our aim of 60" in result.verdict


def test_no_text_has_no_score():
    result = flesch_reading_ease("  \n ")
    assert result.score is None
    assert result.band == "No text yet"
    assert not result.meets_aim
