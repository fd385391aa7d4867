"""The explorer's remembered place per survey file: role, section, locality and wave.

Kept in a small JSON file in the user's config folder (platformdirs, which Textual already
installs: ~/.config/workforce-explorer on Linux, %APPDATA% on Windows), never in the
survey file.  `--fresh` ignores it; WORKFORCE_EXPLORER_CONFIG names another folder.
A damaged or unreadable file is treated as empty: remembering is a convenience.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

APP_NAME = "workforce-explorer"
FILE_NAME = "places.json"


def config_dir() -> Path:
    override = os.environ.get("WORKFORCE_EXPLORER_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def _key(survey: Path) -> str:
    return str(survey.expanduser().resolve())


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_place(survey: Path) -> dict[str, Any]:
    """The place last viewed in this survey file ({} when none)."""
    place = _read(config_dir() / FILE_NAME).get(_key(survey))
    return place if isinstance(place, dict) else {}


def save_place(survey: Path, place: dict[str, Any]) -> None:
    """Remember the place; a folder that cannot be written is quietly skipped."""
    folder = config_dir()
    path = folder / FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        places = _read(path)
        places[_key(survey)] = place
        tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(places, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return
