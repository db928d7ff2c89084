"""Every word a report uses for a code: source names, verdicts, readings, signals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from culturekit.framework.model import SOURCE_NAMES, SOURCES

# The sources that answer the survey, in report order.
SURVEY_SOURCES: tuple[str, ...] = SOURCES

# Whose scores, in a sentence: the source's name used before a noun ("Stakeholder scores").
SCORE_OWNERS: dict[str, str] = {**SOURCE_NAMES, "stakeholders": "Stakeholder"}

# The people who answer for each source, in a sentence ("too few board members answered").
RESPONDENTS: dict[str, str] = {
    "staff": "staff",
    "board": "board members",
    "stakeholders": "stakeholders",
}

# The mark that says a direction without colour, for each direction word; "unclear" is a
# change the data were too few to tell.
MARKS: dict[str, str] = {"up": "▲", "down": "▼", "level": "●", "unclear": "○", "none": "–"}

# Verdict word -> (CSS class, direction), for a compared change.
VERDICTS: dict[str, tuple[str, str]] = {
    "better": ("better", "up"),
    "worse": ("worse", "down"),
    "no clear change": ("similar", "level"),
    "too few to tell": ("none", "unclear"),
    "not tested": ("none", "none"),
}

# Verdicts that say which way a change went: the only ones shaded or counted as moves.
MOVES: frozenset[str] = frozenset({"better", "worse"})

READINGS: dict[str, tuple[str, str]] = {
    "strength": ("Strength", "up"),
    "priority": ("Priority", "down"),
    "mixed": ("Mixed", "level"),
}

# Dashboard rating -> (direction, words), for an indicator against its benchmark.
RATINGS: dict[str, tuple[str, str]] = {
    "better": ("up", "better than benchmark"),
    "similar": ("level", "similar to benchmark"),
    "worse": ("down", "worse than benchmark"),
    "no benchmark": ("none", "no benchmark"),
}

SIGNAL_DIRECTIONS: dict[str, str] = {"positive": "up", "neutral": "level", "negative": "down"}

CORRECTION_NAMES: dict[str, str] = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}


def source_name(source: str) -> str:
    """A source's display name: ``stakeholders`` -> ``Stakeholders``."""
    return SOURCE_NAMES.get(source, source.capitalize())


def score_owner(source: str) -> str:
    return SCORE_OWNERS.get(source, source.capitalize())


def mark(direction: str) -> str:
    return MARKS[direction]


def verdict_mark(verdict: str) -> str:
    """``better`` -> ``▲``: the mark is derived from the verdict word, never stored."""
    return MARKS[VERDICTS.get(verdict, ("none", "none"))[1]]


def verdict_label(verdict: str) -> str:
    """``better`` -> ``▲ better`` (as the terminal and the workbook print it)."""
    return f"{verdict_mark(verdict)} {verdict}"


def verdict_tag(verdict: str) -> tuple[str, str]:
    """(CSS class, text) of a verdict's tag: ``("better", "▲ Better")``."""
    css = VERDICTS.get(verdict, ("none", "none"))[0]
    if verdict not in VERDICTS:
        return css, verdict_word(verdict)
    return css, f"{verdict_mark(verdict)} {verdict_word(verdict)}"


def verdict_word(verdict: str) -> str:
    """``no clear change`` -> ``No clear change``: the verdict in words alone, as the
    workbook holds it (a filter or a pivot reads a cell as it is, mark and all)."""
    return verdict.capitalize()


def rating_mark(rating: str) -> str:
    """``worse`` -> ``▼``: derived from a dashboard rating, never stored."""
    return MARKS[RATINGS.get(rating, ("none", rating))[0]]


def rating_word(rating: str) -> str:
    """``worse`` -> ``worse than benchmark``."""
    return RATINGS.get(rating, ("none", rating))[1]


def rating_label(rating: str, *, marked: bool = True) -> str:
    """``worse`` -> ``▼ Worse than benchmark``, as a report's tag shows it (without the
    mark: ``Worse than benchmark``)."""
    words = rating_word(rating).capitalize()
    return f"{rating_mark(rating)} {words}" if marked else words


def reading_label(reading: str, *, marked: bool = True) -> str:
    """``strength`` -> ``▲ Strength`` (without the mark: ``Strength``)."""
    if reading not in READINGS:
        return reading.capitalize()
    word, direction = READINGS[reading]
    return f"{MARKS[direction]} {word}" if marked else word


def signal_mark(signal: str) -> str:
    """``positive`` -> ``▲``."""
    return MARKS[SIGNAL_DIRECTIONS.get(signal, "none")]


def signal_label(signal: str | None, words: dict[str, str], missing: str) -> str:
    """A signal in the words of its section: ``positive`` -> ``▲ Mostly better``."""
    if signal not in SIGNAL_DIRECTIONS:
        return missing
    return f"{MARKS[SIGNAL_DIRECTIONS[signal]]} {words[signal]}"


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return word if count == 1 else (many or f"{word}s")


def humanise(name: str) -> str:
    """``staff_group`` -> ``Staff group``."""
    return name.replace("_", " ").capitalize()


def long_date(day: date) -> str:
    """``2026-03-04`` -> ``4 March 2026``."""
    return day.strftime("%d %B %Y").lstrip("0")
