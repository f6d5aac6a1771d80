"""journeymap: data-driven customer journey mapping.

Layers import downwards only (docs/adr/0001-layers.md):
cli/web -> workbench -> reports/geo -> analytics -> ingest -> engine -> store -> model -> errors.
"""

__version__ = "0.1.0"
