"""Shared fixtures: the bundled sample, opened through the data layer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.data import SurveyData
from tui.paths import SAMPLE_DB


@pytest.fixture(scope="session")
def sample() -> Iterator[SurveyData]:
    data = SurveyData(SAMPLE_DB)
    yield data
    data.close()
