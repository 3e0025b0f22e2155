"""Prints the corpus's precision and recall at the end of the test run."""

from __future__ import annotations

from typing import Any

import pytest

# filled by test_corpus.py: (measure, precision, recall, true positives, extracted, expected)
CORPUS_SCORES: list[tuple[str, float, float, int, int, int]] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not CORPUS_SCORES:
        return
    terminalreporter.section("extraction corpus: precision and recall")
    for measure, precision, recall, tp, extracted, expected in CORPUS_SCORES:
        terminalreporter.write_line(
            f"{measure:<18} precision {precision:.3f}  recall {recall:.3f}  "
            f"({tp} correct of {extracted} extracted, {expected} expected)"
        )


@pytest.fixture(scope="session")
def corpus_scores() -> list[tuple[str, float, float, int, int, int]]:
    return CORPUS_SCORES
