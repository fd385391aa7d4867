"""Command palette providers: jump to any role, section, statement or locality."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.worker import WorkerCancelled, WorkerFailed

from tui.safe_text import clean
from tui.sections import SECTIONS

if TYPE_CHECKING:
    from textual.fuzzy import Matcher


def plain_help(text: str) -> Content:
    """A hit's help line as inert Content: the palette parses a *string* help as markup
    (a locality called "[/x]" would crash it), but shows a Content as it is."""
    return Content(clean(text))


@dataclass
class RankedHit(Hit):
    """A match carrying its provider's `palette_rank`: the palette lists matches that
    score the same by it (see ExplorerPalette)."""

    palette_rank: int = 0


@dataclass(frozen=True)
class Jump:
    label: str
    help: str
    run: Callable[[], object]


def plain_highlight(matcher: Matcher, candidate: str) -> Content:
    """Like Matcher.highlight, but the candidate is data text: never parsed as markup."""
    content = Content(candidate)
    try:
        score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    except Exception:  # pragma: no cover - highlighting is cosmetic
        return content
    for offset in offsets if score else ():
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class ExplorerCommands(Provider):
    """Roles, sections, statements and localities of the open survey."""

    palette_rank = 0  # listed first, then the actions (1), then Textual's commands

    _read: asyncio.Event | None = None  # set once the wave's statements are read
    _reading: asyncio.Task[None] | None = None

    async def startup(self) -> None:
        """Start reading the wave's statements when the palette first opens (not at
        start-up), without waiting for them here: each search waits (`search`).

        Textual cancels a search when the next key is typed, and a cancelled search
        that was waiting for `startup()` cancelled it, and the read with it. The palette
        then offered no statement until it was opened again: "SPLW: suitable space",
        typed one key at a time, found nothing. A search cancelled now stops waiting;
        the read goes on."""
        self.statements_read()

    def statements_read(self) -> asyncio.Event:
        """Set when the wave's statements are read (or cannot be: the palette still
        offers roles, sections and localities). The first call starts the read."""
        if self._read is None:
            self._read = asyncio.Event()
            app = self.app
            wave = app.wave
            if app.statements_wave == wave:
                self._read.set()
            else:
                self._reading = asyncio.create_task(self._read_statements(wave, self._read))
        return self._read

    async def _read_statements(self, wave: int, read: asyncio.Event) -> None:
        app = self.app
        try:
            await app.load_statements().wait()
            app.statements_wave = wave
        except (WorkerCancelled, WorkerFailed):
            pass  # the palette still offers roles, sections and localities
        finally:
            read.set()

    def jumps(self) -> list[Jump]:
        app = self.app
        out: list[Jump] = []
        labels = {role: clean(label) for role, label in app.role_labels.items()}
        for role, label in labels.items():
            out.append(
                Jump(
                    f"{label}: Overview",
                    f"Open the {label} tab",
                    partial(app.jump_to, role, "overview"),
                )
            )
            for key, title in SECTIONS.items():
                if key != "overview":
                    out.append(
                        Jump(
                            f"{label}: {title}",
                            f"Open {title} for {label}",
                            partial(app.jump_to, role, key),
                        )
                    )
        out.append(
            Jump(
                "All roles: compare",
                "Open the All roles tab",
                partial(app.jump_to, None, "overview"),
            )
        )
        for role, theme, qid, statement in app.statements:
            label = labels.get(role, clean(role))
            out.append(
                Jump(
                    f"{label}: {clean(statement)}",
                    f"Statement in {SECTIONS.get(theme, theme)}",
                    partial(app.jump_to, role, theme, f"likert:{qid}"),
                )
            )
        for role, label in labels.items():
            for locality in app.known_localities:
                out.append(
                    Jump(
                        f"{label} {clean(locality)}: session card",
                        f"Overview of {label} in {clean(locality)}",
                        partial(app.open_card, role, locality),
                    )
                )
        out.append(
            Jump(
                "Write the report deck (PowerPoint) for this view",
                "The whole wave from All roles, the role, or the role in the "
                "chosen locality; key r",
                app.action_write_report,
            )
        )
        out.append(
            Jump("Locality: All localities", "Show every locality", app.action_clear_locality)
        )
        for locality in app.known_localities:
            out.append(
                Jump(
                    f"Locality: {clean(locality)}",
                    "Filter every view to it",
                    partial(app.set_locality, locality),
                )
            )
        return out

    async def discover(self) -> Hits:
        for jump in self.jumps():
            if (
                ":" in jump.label
                and not jump.label.startswith(("Locality", "All"))
                and jump.label.split(": ", 1)[1] not in SECTIONS.values()
            ):
                continue
            yield DiscoveryHit(
                Content(jump.label), jump.run, text=jump.label, help=plain_help(jump.help)
            )  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        await self.statements_read().wait()
        matcher = self.matcher(query)
        for jump in self.jumps():
            score = matcher.match(jump.label)
            if score > 0:
                yield RankedHit(
                    score,
                    plain_highlight(matcher, jump.label),
                    jump.run,
                    text=jump.label,
                    help=plain_help(jump.help),
                    palette_rank=self.palette_rank,
                )  # type: ignore[arg-type]
