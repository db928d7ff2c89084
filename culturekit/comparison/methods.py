"""The corrections for testing many changes that a comparison can apply.

The methods in words are the report's (:mod:`culturekit.report.presentation.methods`);
the comparison carries their parameters: ``correction``, and the framework summary's
confidence level, reporting threshold and ``change_alpha``.
"""

from __future__ import annotations

from typing import get_args

from culturekit.results.comparison import Correction

CORRECTIONS: tuple[str, ...] = get_args(Correction)
