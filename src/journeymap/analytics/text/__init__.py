"""Open answers in Polish, Bulgarian and English: language, sentiment, themes and quotes.

Pure functions over lists of texts; heavy libraries (py3langid, simplemma, scikit-learn) are
imported on first use so importing this package stays cheap.
"""
