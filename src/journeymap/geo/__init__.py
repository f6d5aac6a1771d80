"""Places on a map: offline geocoding, location files (CSV, JSON, GeoJSON)."""
