"""Helpers shared by the foundation tests: workbook builders and an independent scorer."""
