"""The charts room: every chart, drawn from display data as deterministic inline SVG.

:mod:`.figure` makes a figure (matplotlib's, on its SVG canvas: no pyplot), lays it out
and saves SVG; :mod:`.intervals` and :mod:`.lines` draw; :mod:`.diagnosis`,
:mod:`.comparison`, :mod:`.network` and :mod:`.workforce` gather each report's charts,
drawn once per result (:mod:`.once`). Charts only draw figures the results already hold;
they compute nothing. matplotlib is imported only when a chart is drawn.
"""
