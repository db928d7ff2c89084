"""Mutants of the example workbooks, drawn level by level."""

from __future__ import annotations

from fuzz import mutant
from fuzz.cell_level import CELL_MUTATIONS, TEXT_MUTATIONS
from fuzz.choices import Chooser
from fuzz.mutant import Mutant
from fuzz.parts import EXAMPLE_NAMES, Parts, example, miniature
from fuzz.xml_level import XML_MUTATIONS
from fuzz.zip_level import ZIP_MUTATIONS

LEVELS = ("zip", "xml", "cell")


def base(c: Chooser, *, full: bool = False) -> tuple[str, Parts]:
    name = c.pick(EXAMPLE_NAMES)
    if full:
        return name, example(name)
    return f"{name} (miniature)", miniature(name)


def mutate(level: str, c: Chooser, *, full: bool = False, text_only: bool = False) -> Mutant:
    """One example mutated at ``level`` ("zip", "xml" or "cell"); XML and cell mutants
    may take a second mutation of the same level."""
    label, parts = base(c, full=full)
    if level == "zip":
        zip_mutation = c.pick(ZIP_MUTATIONS)
        data, step = zip_mutation(parts, c)
        return Mutant(label, (step,), frozenset({mutant.CONTAINER}), data)
    mutations = (
        TEXT_MUTATIONS if text_only else (XML_MUTATIONS if level == "xml" else CELL_MUTATIONS)
    )
    steps: list[str] = []
    tags: set[str] = set()
    for count in range(c.pick([1, 1, 2])):
        chosen = c.pick(mutations)
        try:
            parts, step, more = chosen(parts, c)
        except (LookupError, ValueError, StopIteration):
            if count == 0:
                raise  # every mutation applies to an example as it is
            # The first mutation took away what the second one changes (a sheet, a header).
            steps.append(f"({chosen.__name__} found nothing to change)")
            continue
        steps.append(step)
        tags |= more
    if len(steps) > 1:
        # A second change can hide the first one's reference (a sheet dropped, a part
        # renamed): the refusal is expected of a single change only.
        tags.discard(mutant.BEYOND)
    return Mutant(label, tuple(steps), frozenset(tags), parts.to_bytes())
