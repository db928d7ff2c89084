"""Anonymisation of a whole result document: no trust name, code or input file survives.

The result is walked generically, model by model and field by field, so a field added
later cannot leak: first every identity the document holds is gathered (a trust's name
and code, wherever a model carries them; every input file's path), then every text in
the document has each of them replaced, inside longer texts too (notices, warnings,
problem messages), and dictionary keys as well as values.

Input files are replaced by "<label> file 1", "<label> file 2", ... in order of first
appearance, and their SHA-256 hashes are blanked: a hash identifies a file to anyone who
holds a copy of it. Links to other outputs (a network summary's links to each trust's
reports) are dropped: their folders are named after the input files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import PurePath
from typing import Any, TypeVar

from pydantic import BaseModel

R = TypeVar("R", bound=BaseModel)

# Field names that hold the path or name of an input file.
_FILE_FIELDS = ("path", "file")
# Fields, on the model that holds an input file's path, that identify its content.
_HASH_FIELDS = ("sha256",)
# Fields linking to other outputs (a network summary's links to each trust's reports):
# their folders are named after input files, so an anonymised copy keeps no link.
_LINK_FIELDS = ("reports",)
# File stems that are ordinary words of a report ("staff.csv" gives "staff"): replacing
# them everywhere would garble the document, and they name no trust.
_PLAIN_STEMS = {"staff", "board", "stakeholders", "workforce", "recruitment", "dashboard"}


def anonymous_code(label: str) -> str:
    """The code shown for a label: "Trust A" -> "A"."""
    return label.removeprefix("Trust ").replace(" ", "").upper() or label.upper()


def anonymise(result: R, label: str | Mapping[str, str]) -> R:
    """``result`` (a Diagnosis, Comparison or NetworkSummary) with every trust name, trust
    code and input file replaced.

    ``label`` is the one label of the document's trust ("Trust A"), or a mapping from
    each trust's code to its label, for a document that holds several trusts (every
    trust the document names must have one). A trust's code becomes its label's letters
    ("A"); input files become "<label> file 1", ... (the first label for a mapping).
    """
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    files: list[str] = []
    for model in _models(result):
        _gather(model, names, codes, files)

    def label_of(code: str) -> str:
        if isinstance(label, str):
            return label
        if code not in label:
            raise ValueError(f"no label given for the trust with code {code}")
        return label[code]

    replacements: dict[str, str] = {}
    for name, code in names.items():
        replacements[name] = label_of(code)
    for code in codes:
        replacements[code] = anonymous_code(label_of(code))
    first_label = label if isinstance(label, str) else "Trust"
    for number, path in enumerate(dict.fromkeys(files), start=1):
        for variant in _file_variants(path):
            replacements.setdefault(variant, f"{first_label} file {number}")
    replace = _replacer(replacements, set(codes))
    return _rewrite(result, replace)  # type: ignore[return-value]


def _models(value: Any) -> Iterator[BaseModel]:
    """Every model inside ``value``, itself included."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _models(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _models(item)


def _gather(
    model: BaseModel, names: dict[str, str], codes: dict[str, str], files: list[str]
) -> None:
    """The identities one model carries, by the names of its fields."""
    fields = type(model).model_fields
    for prefix in ("", "trust_"):
        name, code = getattr(model, f"{prefix}name", None), getattr(model, f"{prefix}code", None)
        # A trust is a model with a name and a code (TrustSummary, TrustEntry, a side of a
        # comparison); a period or the trust_ prefix says the name is a trust's.
        is_trust = prefix == "trust_" or "period" in fields
        if is_trust and isinstance(name, str) and isinstance(code, str) and name and code:
            names.setdefault(name, code)
            codes.setdefault(code, name)
    for field in fields:
        value = getattr(model, field)
        if isinstance(value, str) and value and _is_file_field(field):
            files.append(value)


def _is_file_field(field: str) -> bool:
    return field in _FILE_FIELDS or field.endswith("_file") or field.endswith("_path")


def _file_variants(path: str) -> list[str]:
    """The path as given, its file name, and its stem where that is not a plain word."""
    pure = PurePath(path)
    variants = [path, pure.name]
    if pure.stem.lower() not in _PLAIN_STEMS and len(pure.stem) >= 3:
        variants.append(pure.stem)
    return [v for v in variants if v]


def _replacer(replacements: dict[str, str], codes: set[str]) -> Callable[[str], str]:
    """One pass over a text replacing every original, longest first, case ignored.

    Codes (three to five letters and digits) are replaced only as whole words, so that
    a code never replaces part of an ordinary word.
    """
    if not replacements:
        return lambda text: text
    lowered = {original.lower(): new for original, new in replacements.items()}
    parts = []
    for original in sorted(replacements, key=len, reverse=True):
        escaped = re.escape(original)
        parts.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if original in codes else escaped)
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: lowered[m.group(0).lower()], text)


def _rewrite(value: Any, replace: Callable[[str], str]) -> Any:
    """``value`` with every text replaced; the very same object when nothing changed."""
    if isinstance(value, str):
        new = replace(value)
        return value if new == value else new
    if isinstance(value, BaseModel):
        return _rewrite_model(value, replace)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_rewrite(item, replace) for item in value]
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if isinstance(value, Mapping):
        pairs = [(_rewrite(k, replace), _rewrite(v, replace)) for k, v in value.items()]
        same = all(
            nk is k and nv is v for (nk, nv), (k, v) in zip(pairs, value.items(), strict=True)
        )
        return value if same else type(value)(pairs)
    return value


def _rewrite_model(model: BaseModel, replace: Callable[[str], str]) -> BaseModel:
    fields = type(model).model_fields
    holds_file = any(_is_file_field(f) and isinstance(getattr(model, f), str) for f in fields)
    update: dict[str, Any] = {}
    for field in fields:
        value = getattr(model, field)
        if holds_file and field in _HASH_FIELDS and isinstance(value, str):
            update[field] = ""
            continue
        if field in _LINK_FIELDS and isinstance(value, Mapping) and value:
            update[field] = {}
            continue
        new = _rewrite(value, replace)
        if new is not value:
            update[field] = new
    return model.model_copy(update=update) if update else model
