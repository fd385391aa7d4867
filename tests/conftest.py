"""Shared fixtures: the bundled sample, opened through the data layer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.data import SurveyData
from tui.paths import SAMPLE_DB


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def sample() -> Iterator[SurveyData]:
    data = SurveyData(SAMPLE_DB)
    yield data
    data.close()
