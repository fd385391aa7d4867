"""Keys typed for a table while its rows are being read: held, then handed to the table
once the rows are drawn, so that a fast typist's keys do what the same keys typed
slowly do (`j Enter j Enter` on a section not read yet opens the second statement's
detail; the keys that reached the empty table used to be lost).

Three places read rows after a key: a role tab (`RolePane`), the All roles tab
(`ComparePane`) and a statement's detail (`StatementScreen`). Each is a `HoldsKeys`."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from textual import events
from textual.binding import BindingsMap

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import Widget

# The app's actions that quit, or say how to (ctrl+c): their keys never wait for rows.
QUITTING = frozenset({"quit", "help_quit"})


def binds(widget: Widget, key: str) -> bool:
    """`widget` itself acts on `key` (a binding of its own, not its pane's or the app's)."""
    active = widget.screen.active_bindings.get(key)
    return active is not None and active.node is widget


@functools.cache
def class_keys(cls: type[DOMNode], actions: frozenset[str] | None = None) -> frozenset[str]:
    """Every key a class (a widget, a screen, the app) binds, its own BINDINGS and its
    bases'; only those bound to one of `actions` if given."""
    keys: set[str] = set()
    for klass in cls.__mro__:
        if "BINDINGS" in vars(klass):
            for key, bindings in BindingsMap(vars(klass)["BINDINGS"]).key_to_bindings.items():
                if actions is None or any(b.action in actions for b in bindings):
                    keys.add(key)
    return frozenset(keys)


def send_key(target: Widget, key: str, character: str | None, *, typed_ahead: bool = False) -> None:
    """Send a key to `target` as the app sends a typed key to the focused widget: it
    bubbles back up to the app, whose bindings then act on it.  Marked with where it was
    sent (WorkforceExplorer._on_key sends it on if the focus has moved meanwhile) and,
    for a held key handed over, so that it is not held again."""
    event = events.Key(key, character)
    event._wfx_sent_to = target  # type: ignore[attr-defined]
    event._wfx_typed_ahead = typed_ahead  # type: ignore[attr-defined]
    event.set_sender(target.app)
    target._forward_event(event)


class HoldsKeys:
    """A pane or screen that holds the keys typed for its rows while they are read (a
    mixin: its subclasses are Textual widgets or screens)."""

    type_ahead: TypeAhead

    def rows_drawn(self) -> bool:
        """The rows the held keys wait for are drawn."""
        raise NotImplementedError

    def rows_target(self) -> Widget | None:
        """The widget the held keys are for, if the reader is still there."""
        raise NotImplementedError

    def replay_typed_ahead(self) -> None:
        """The rows are drawn: the held keys act on them now if the focus is still
        there, and go no further if the reader has gone elsewhere. Kept while the rows
        are read (their drawing replays them) or the terminal is too small
        (`resume_typed_ahead` replays them when it is large enough again)."""
        widget: Widget = self  # type: ignore[assignment]
        if widget.app.too_small() or not self.rows_drawn():  # type: ignore[attr-defined]
            return
        target = self.rows_target()
        if target is not None and widget.screen.focused is target:
            self.type_ahead.replay(target)
        else:
            self.type_ahead.drop()

    def load_ended(self) -> None:
        """The read ended (called on the UI thread after its rows were drawn, if they
        were): if it drew none (it failed and said so), the keys held for them go no
        further, and the keys typed next act again."""
        if not self.rows_drawn():
            self.type_ahead.drop()

    def resume_typed_ahead(self) -> None:
        """The terminal is large enough again: keys held meanwhile act if their rows are
        drawn (if not, they still wait for them)."""
        if self.type_ahead.keys:
            widget: Widget = self  # type: ignore[assignment]
            widget.call_after_refresh(self.replay_typed_ahead)


class TypeAhead:
    """The keys held for one pane's table, in the order they were typed."""

    def __init__(self, owner: DOMNode) -> None:
        self.owner = owner  # the pane or screen that holds them
        self.keys: list[tuple[str, str | None]] = []

    def hold(self, event: events.Key, *, for_rows: bool) -> None:
        """Hold `event` (it goes no further now) if it is for rows being read, or if a
        key before it is held: the keys stay in their order, so a tab's number typed
        after a held key waits for it too. A key no one holds acts at once, and so
        does q."""
        quitting = class_keys(type(self.owner.app), QUITTING)
        if getattr(event, "_wfx_typed_ahead", False) or event.key in quitting:
            return
        if not self.keys and not for_rows:
            return
        event.stop()
        event.prevent_default()
        self.keys.append((event.key, event.character))

    def replay(self, target: Widget) -> None:
        """Hand the held keys to `target`, in order, as the app hands it a typed key (the
        app's own bindings then act on each as it bubbles back up, and one that moved
        the focus sends the next keys on to where the focus went)."""
        keys, self.keys = self.keys, []
        for key, character in keys:
            send_key(target, key, character, typed_ahead=True)

    def drop(self) -> None:
        """The rows will not come (the read failed, or the reader went elsewhere)."""
        self.keys.clear()
