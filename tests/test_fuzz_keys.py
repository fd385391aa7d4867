"""Random bursts of keys typed at once do what the same keys typed slowly do: a
differential fuzzer over the fast-typist promise (tests/test_fast_typist.py holds the
cases it found, each fixed).

Not in the everyday run: `python -m pytest -m fuzz` (seeds 0-99), or choose them with
WFX_FUZZ_SEEDS=FROM:TO. Each seed types 4 to 9 keys from ALPHABET on a fresh explorer
at 80x24, once slowly (each key after the last has done what it asked) and once at
once, and compares what the user then sees (explorer_helpers.what_the_user_sees).

When it was added, seeds 0-399 all passed, as far as what_the_user_sees compares. The
differences it found on the way are the cases in tests/test_fast_typist.py that name it
(some were the comparison's own mistakes, mended in what_the_user_sees)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from explorer_helpers import make_app, settle, type_keys, what_the_user_sees

pytestmark = pytest.mark.fuzz

# Most keys the explorer binds (not q or ctrl+q, which end the run; not w, r, y: a wave
# change, a report, a copy), some twice, and letters it does not bind (typed into the
# search and find boxes, or ignored).
ALPHABET = [
    "j", "j", "k", "enter", "enter", "escape", "escape", "1", "2", "3", "4", "b", "t",
    "T", "l", "B", "o", "slash", "x", "left", "right", "backspace", "c", "n", "N", "v",
    "s", "home", "end", "tab", "shift+tab", "e", "question_mark", "pagedown", "space",
    "ctrl+p", "up", "down", "pageup",
]  # fmt: skip


def seeds() -> range:
    """WFX_FUZZ_SEEDS=FROM:TO, or 0:100. A value that is not two numbers is reported
    by the test, not at collection (which would stop the everyday run too)."""
    first, _, last = os.environ.get("WFX_FUZZ_SEEDS", "0:100").partition(":")
    try:
        return range(int(first), int(last))
    except ValueError:
        return range(-1, 0)  # one test, which says what is wrong


def burst(seed: int) -> tuple[str, ...]:
    rng = random.Random(seed)
    return tuple(rng.choice(ALPHABET) for _ in range(rng.randint(4, 9)))


@pytest.fixture(autouse=True)
def in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export (e Enter) is written to the current folder: here."""
    monkeypatch.chdir(tmp_path)


async def seen_after(keys: tuple[str, ...], *, at_once: bool) -> tuple[object, ...]:
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, keys, at_once=at_once)
        return what_the_user_sees(app)


@pytest.mark.parametrize("seed", seeds())
async def test_a_random_burst_does_what_it_does_typed_slowly(seed: int) -> None:
    setting = os.environ.get("WFX_FUZZ_SEEDS")
    assert seed >= 0, f"WFX_FUZZ_SEEDS={setting!r}: expected FROM:TO, two whole numbers"
    keys = burst(seed)
    slowly = await seen_after(keys, at_once=False)
    assert await seen_after(keys, at_once=True) == slowly, " ".join(keys)
