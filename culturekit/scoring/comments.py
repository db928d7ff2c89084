"""Free-text comments: shown only when enough people wrote, identical ones counted once.

The threshold counts the people who wrote (every comment, repeats included), as before:
no published set of texts comes from fewer than the framework's ``comment_threshold``.
Comments that read the same once case and spacing are set aside are one comment, listed
once with how many wrote it, so that 222 comments of which 38 differ read as 38 lines.
They are listed most often written first, then alphabetically: never in the order they
were given, which could tie a comment to a row of the survey.
"""

from __future__ import annotations

from collections import Counter

from culturekit.privacy import comments_reason, is_reportable
from culturekit.results import Comments


def comment_key(text: str) -> str:
    """What makes two comments identical: the same words, whatever the case and spacing."""
    return " ".join(text.split()).casefold()


def source_comments(source: str, texts: list[str], threshold: int) -> Comments:
    """One source's comments (one text per person who wrote), counted and ordered."""
    if not is_reportable(len(texts), threshold):
        return Comments(source=source, shown=False, reason=comments_reason(threshold))
    variants: dict[str, Counter[str]] = {}
    for text in texts:
        variants.setdefault(comment_key(text), Counter())[text.strip()] += 1
    # Each comment is shown as most of its writers wrote it (the first alphabetically on
    # a tie), so the listing never depends on the order of the rows.
    counted = [
        (min(forms, key=lambda form: (-forms[form], form)), sum(forms.values()))
        for forms in variants.values()
    ]
    counted.sort(key=lambda pair: (-pair[1], pair[0].casefold(), pair[0]))
    return Comments(
        source=source,
        shown=True,
        texts=[text for text, _ in counted],
        counts=[count for _, count in counted],
        written=len(texts),
    )
