"""A fuzzing harness: the bundled example workbooks mutated at three levels.

- :mod:`fuzz.zip_level` damages the zip container (truncation, flipped bytes, parts
  removed, duplicated or renamed, bad compression methods, lying or huge sizes);
- :mod:`fuzz.xml_level` damages the XML of one part (elements and attributes dropped,
  duplicated or renamed, namespace prefixes, rows out of order, impossible cell
  references and dimensions, shared-string indexes, mismatched cell types, deep nesting,
  long strings, control characters, mathtext);
- :mod:`fuzz.cell_level` changes what cells hold (wrong types, answers off the scale,
  blank rows, duplicated and look-alike headers, huge numbers, NaN and infinity, dates).

Every mutation draws its choices from a :class:`fuzz.choices.Chooser`: hypothesis in the
tests (``tests/test_mutated_examples.py``), a seeded random generator in
``bench/hostile.py``, so both use the same cases. Each returns the mutated workbook and a
description precise enough to build it again. :mod:`fuzz.sandbox` runs a command on it in
a forked child (the command line in process, behind a memory limit and a timeout, so an
abort or a hang is a result, not the end of the test run) or in a real subprocess, and
:mod:`fuzz.oracle` checks what culturekit promises for any input.

Nothing here imports culturekit except the command line it runs.
"""
