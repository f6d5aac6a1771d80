"""Open answers in Polish, Bulgarian and English: language, sentiment, themes and quotes.

Pure functions over lists of texts; heavy libraries (py3langid, simplemma, stop-words,
scikit-learn) are imported on first use, so importing this package stays cheap.
"""

from journeymap.analytics.text.language import LanguageResult, detect_language, detect_languages
from journeymap.analytics.text.quotes import GroupQuotes, Quote, representative_quotes
from journeymap.analytics.text.sentiment import (
    SentimentModel,
    SentimentResult,
    analyse_sentiment,
    weak_label,
)
from journeymap.analytics.text.themes import GroupCount, Theme, find_themes, themes_for_group

__all__ = [
    "GroupCount",
    "GroupQuotes",
    "LanguageResult",
    "Quote",
    "SentimentModel",
    "SentimentResult",
    "Theme",
    "analyse_sentiment",
    "detect_language",
    "detect_languages",
    "find_themes",
    "representative_quotes",
    "themes_for_group",
    "weak_label",
]
