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
    from collections.abc import Iterable

    from textual.app import App
    from textual.dom import DOMNode
    from textual.widget import Widget

# The app's actions that quit, or say how to (ctrl+c): with no key held, they act at once.
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


def send_key(
    target: Widget, key: str, character: str | None, *, replacing: events.Key | None = None
) -> None:
    """Send a key to `target` as the app sends a typed key to the focused widget: it
    bubbles back up to the app, whose bindings then act on it.  Marked with where it was
    sent (WorkforceExplorer._on_key sends it on if the focus has moved meanwhile).

    Its sender is `target`, not the app as for a key the terminal sends: Textual stops a
    message as it bubbles into its sender, so a key sent by the app would be marked
    stopped on its last step, into the app, and could not be told from a key a widget
    on the way has acted on (WorkforceExplorer.keys_in_flight).

    A key sent on again (`replacing` the one that came back) keeps its place among the
    keys on their way, which are kept in the order typed."""
    event = events.Key(key, character)
    mark_sent(event, target)
    event._wfx_trips = getattr(replacing, "_wfx_trips", 0) + 1  # type: ignore[attr-defined]
    in_flight = getattr(target.app, "keys_in_flight", None)
    if in_flight is not None:  # the explorer's (WorkforceExplorer.keys_in_flight)
        place = place_of(in_flight, replacing)
        if place is not None:
            in_flight[place] = event
        else:
            in_flight.append(event)
    target._forward_event(event)


def mark_sent(event: events.Key, target: Widget) -> None:
    """Mark `event` with where it is sent, and make that its sender (see send_key)."""
    event._wfx_sent_to = target  # type: ignore[attr-defined]
    event.set_sender(target)


def place_of(in_flight: list[events.Key], event: events.Key | None) -> int | None:
    """Where `event` is among the keys on their way (by identity), or None."""
    return next((i for i, e in enumerate(in_flight) if e is event), None)


def on_its_way(event: events.Key) -> bool:
    """`event`, sent to a widget, may still come back up to the app: no widget on its
    way has acted on it (stopped it), and the widget it was sent to is still mounted
    (a widget's keys not read yet go with it when it is removed)."""
    target = getattr(event, "_wfx_sent_to", None)
    return not event._stop_propagation and (target is None or target.is_attached)


# How many times a key may be sent on before a text box types it whatever is ahead of it
# (a key ahead that never comes back must not keep it going round for ever).
MAX_TRIPS = 8


def keys_ahead(app: App, event: events.Key) -> bool:
    """A key typed before `event` is still on its way up to the app, where its binding
    will act (Escape closing a dialog, Tab moving the focus): a text box that typed
    `event` now would type it before that key had acted."""
    if getattr(event, "_wfx_trips", 0) >= MAX_TRIPS:
        return False
    in_flight: list[events.Key] = getattr(app, "keys_in_flight", [])
    place = place_of(in_flight, event)
    return place is not None and any(on_its_way(e) for e in in_flight[:place])


def wait_turn(app: App, event: events.Key) -> bool:
    """For a widget or screen that acts on keys as they reach it (a text box typing a
    letter, the locality list's Enter): if a key typed before `event` is still on its
    way up to the app, where its binding acts, `event` goes by, on up behind it, and the
    app sends it back (or on, if that key moved the focus) once it has acted. True if it
    goes by: do nothing with it now."""
    if not keys_ahead(app, event):
        return False
    event.prevent_default()
    event._wfx_wait = True  # type: ignore[attr-defined]
    return True


def type_again(app: App, keys: Iterable[tuple[str, str | None]]) -> None:
    """Post `keys` (key, character) to the app as if typed now, after what is queued:
    each then goes to whatever has the focus when the app reads it."""
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)


class HoldsKeys:
    """A pane or screen that holds the keys typed for its rows while they are read (a
    mixin: its subclasses are Textual widgets or screens).

    The app asks it (`hold_key`) when a key has come back up to the app, where keys
    arrive in the order typed with every key before them acted on: whether the rows are
    being read is then known for this key, not for the state before the keys ahead of
    it acted (a `t` that starts a new read, an Escape that leaves the table)."""

    type_ahead: TypeAhead
    failed_request: object = None  # the request whose read failed (and said so)

    def rows_drawn(self) -> bool:
        """The rows the held keys wait for are drawn."""
        raise NotImplementedError

    def current_request(self) -> object:
        """What the rows being read (or drawn) are for."""
        raise NotImplementedError

    def key_for_rows(self, event: events.Key, focused: Widget) -> bool:
        """Whether `event`, typed with `focused` focused, acts on the rows being read."""
        raise NotImplementedError

    def reading(self) -> bool:
        """The rows are being read: not drawn, and their read has not failed."""
        return not self.rows_drawn() and self.failed_request != self.current_request()

    def hold_key(self, event: events.Key) -> bool:
        """Hold `event` if it is for the rows being read, or if a key before it is held;
        True if held (it goes no further now)."""
        widget: Widget = self  # type: ignore[assignment]
        focused = widget.screen.focused
        if focused is None:
            # The widget the key was for was hidden while the rows are read (the part
            # they will be drawn in is not shown yet): the key waits for them, and for
            # the focus they bring back, instead of acting on nothing ("b j Enter
            # Escape" lost the Escape).
            return self.type_ahead.hold(event, for_rows=self.reading())
        for_rows = self.reading() and self.key_for_rows(event, focused)
        return self.type_ahead.hold(event, for_rows=for_rows)

    def replay_typed_ahead(self) -> None:
        """The rows are drawn: the held keys act now, on what has the focus (they come
        back up to the app one after another, and one that starts a new read holds
        those behind it again). Kept while the rows are read (their drawing replays
        them) or the terminal is too small (`resume_typed_ahead` replays them when it
        is large enough again)."""
        widget: Widget = self  # type: ignore[assignment]
        if widget.app.too_small() or not self.rows_drawn():  # type: ignore[attr-defined]
            return
        focused = widget.screen.focused
        if focused is not None:
            self.type_ahead.replay(focused)
        else:
            self.type_ahead.drop()

    def load_ended(self, request: object) -> bool:
        """The read of `request` ended (called on the UI thread after its rows were
        drawn, if they were). If they are still the rows wanted and it drew none (it
        failed and said so), the keys held for them go no further, and no key waits
        for those rows any more: the keys typed next act at once, until another read
        starts. A read replaced meanwhile by a newer one says nothing about that one.
        True if the rows wanted failed."""
        if request == self.current_request() and not self.rows_drawn():
            self.failed_request = request
            self.type_ahead.drop(keep_from=self.keys_that_outlive_rows())
            widget: Widget = self  # type: ignore[assignment]
            focused = widget.screen.focused
            if self.type_ahead.keys and focused is not None:
                self.type_ahead.replay(focused)  # "j Tab" on a read that failed: the Tab
            return True
        return False

    def keys_that_outlive_rows(self) -> frozenset[str]:
        """Keys held while the rows were read that act even if the read fails (with the
        keys typed behind them): Tab, held to go to the rows once drawn, still moves
        the focus, as typed slowly."""
        return frozenset()

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

    def hold(self, event: events.Key, *, for_rows: bool) -> bool:
        """Hold `event` (it goes no further now) if it is for rows being read, or if a
        key before it is held: the keys stay in their order, so a tab's number typed
        after a held key waits for it too, and so does q (on a detail it closes the
        detail the keys before it open). A key no one holds acts at once, and q with
        nothing held quits at once. True if held."""
        if not self.keys:
            quitting = class_keys(type(self.owner.app), QUITTING)
            if not for_rows or event.key in quitting:
                return False
        event.stop()
        event.prevent_default()
        self.keys.append((event.key, event.character))
        return True

    def replay(self, target: Widget) -> None:
        """Hand the held keys to `target`, in order, as the app hands it a typed key (the
        app's own bindings then act on each as it bubbles back up, and one that moved
        the focus sends the next keys on to where the focus went)."""
        keys, self.keys = self.keys, []
        for key, character in keys:
            send_key(target, key, character)

    def drop(self, keep_from: frozenset[str] = frozenset()) -> None:
        """The rows will not come (the read failed, or no widget has the focus): the
        keys held for them go, but from the first of `keep_from` on, which stay."""
        first = next((i for i, (key, _) in enumerate(self.keys) if key in keep_from), None)
        self.keys = [] if first is None else self.keys[first:]
