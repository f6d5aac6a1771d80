"""Where things live in a workspace folder; every layer that touches the folder uses these."""

CONFIG_FILE = "journeymap.json"
STORE_FILE = "workspace.db"
ANALYTICS_FILE = "analytics.duckdb"
DATA_DIR = "data"
