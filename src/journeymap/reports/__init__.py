"""Outputs built from the layers below: the final report (HTML, PDF), the map alone (SVG,
PDF, PNG) and every table (CSV, XLSX). See docs/reports.md.

The data comes in as :class:`journeymap.reports.data.ReportData` (gathered by
``journeymap.workbench.report``); nothing here computes a number.
"""
