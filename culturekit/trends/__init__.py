"""A trend over many collections of one trust, mirroring the comparison.

``order`` (which collections, in what order), ``disclosure`` (every collection protected
together), ``series`` (each element and source over time, its direction) and
:func:`trend` in ``entry``. The models are in :mod:`culturekit.results.trend`.
"""

from __future__ import annotations

from culturekit.results.trend import Trend, TrendPoint, TrendSeries, TrendStep
from culturekit.trends.entry import trend
from culturekit.trends.series import direction

__all__ = ["Trend", "TrendPoint", "TrendSeries", "TrendStep", "direction", "trend"]
