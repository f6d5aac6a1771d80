"""The text package: a cheap import, and quotes that hold for any input."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.text import representative_quotes
from journeymap.analytics.text.quotes import distinct_key


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, journeymap.analytics.text\n"
        "heavy = ('sklearn', 'py3langid', 'simplemma', 'stop_words')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


ANSWERS = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), st.text(min_size=1, max_size=60), st.floats(-1, 1)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(ANSWERS)
def test_quotes_come_from_their_group_and_are_distinct(
    answers: list[tuple[str, str, float]],
) -> None:
    groups, texts, scores = (list(column) for column in zip(*answers, strict=True))
    for found in representative_quotes(texts, groups, scores=scores):
        members = {i for i, group in enumerate(groups) if group == found.group}
        assert found.n == len(members)
        quoted = [q for q in found.typical if q is not None]
        assert all(q.index in members and q.text == texts[q.index].strip() for q in quoted)
        assert len({distinct_key(q.text) for q in quoted}) == len(quoted)
        for extreme, sign in ((found.most_negative, -1.0), (found.most_positive, 1.0)):
            if extreme is not None:
                assert extreme.index in members and extreme.score * sign > 0
                assert all(extreme.score * sign >= q.score * sign for q in quoted)
