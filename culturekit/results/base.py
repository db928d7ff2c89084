"""The one base of every result model, the JSON document base, and shared literal types.

Every figure in a result may be shown: the reporting threshold has already been applied
when the models were built (see :mod:`culturekit.privacy`). A suppressed figure is
``None`` with ``suppressed`` set and a ``reason`` in words; it is never 0.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, model_serializer

__all__ = ["SCHEMA_VERSION", "Document", "HiddenWhenSuppressed", "Model", "Reading", "Signal"]

SCHEMA_VERSION = "3.0"
"""Version of the JSON documents' schema: the major number changes when a field goes."""

Signal = Literal["positive", "neutral", "negative"]
"""What one source says of an element."""
Reading = Literal["strength", "mixed", "priority"]
"""What every source together says of an element."""


class Model(BaseModel):
    """Every result model: immutable once built."""

    model_config = ConfigDict(frozen=True)


class Document(Model):
    """A result written as a JSON file (diagnosis, comparison, network summary)."""

    def to_json(self) -> str:
        """The JSON document, byte-identical for the same input and options."""
        return self.model_dump_json(indent=2) + "\n"


class HiddenWhenSuppressed(Model):
    """A group whose figures leave the JSON altogether when it is suppressed.

    Subclasses name the keys in ``_hidden_keys``; a suppressed group keeps only its label
    and the reason, so no count or score of a small group is ever written.
    """

    _hidden_keys: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _drop_hidden(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if getattr(self, "suppressed", False):
            for key in self._hidden_keys:
                data.pop(key, None)
        return data
