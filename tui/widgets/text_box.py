"""A one-line text box that acts on a fast typist's keys in the order typed.

Textual's Input types a letter as the key reaches it, but moves its cursor (Left, Home,
Backspace...) through a binding, looked up once the key has gone on up to the app. In a
burst, the letter behind such a key was then typed first: "/x Left y" gave "xy" where
typed slowly it gives "yx". Here the box's own bindings act as the key reaches it too
(those that give way, Up and Down, go on to the widgets around it),
and a key that reaches it while a key typed before it is still on its way up to the
app (where the bindings of the widgets around the box act: Tab, a dialog's Escape)
goes on up behind that key and comes back: "/x Tab y" no longer types the y.

A key that reaches the box after the focus has left it (the "j" of a fast "Enter j") is
not typed there: it goes on up, and the app sends it where the focus is now
(WorkforceExplorer._on_key), as when typed slowly."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tui.widgets.type_ahead import wait_turn


class TextBox(Input):
    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            event.prevent_default()  # not typed here: the app sends it on
            return
        if wait_turn(self.app, event):
            # "/x Tab y" typed y into the box before the Tab had left it.
            return
        if await self.act_on(event):
            event.stop()
            event.prevent_default()
        # A letter goes on to Input, which types it.

    async def act_on(self, event: events.Key) -> bool:
        """Act on `event` as a key typed in this box, now: the box's own keys
        (`key_here`), then its bindings (Left, Home, Backspace...). True if it did; a
        letter is left to Input."""
        if await self.key_here(event):
            return True
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.node is self and active.enabled:
            # The app's run_action says whether the action acted (Widget.run_action
            # says nothing: taken as "no", the key went on up and the app ran the
            # binding again, so Left moved two places and the palette's Enter
            # submitted twice).
            # False if the action gave way (SkipAction): Input's Up / Down / PageDown,
            # scroll bindings it inherits, which leave the key to the widgets around
            # it (the palette's list).
            return await self.app.run_action(active.binding.action, self)
        return False

    async def key_here(self, event: events.Key) -> bool:
        """A key this box acts on itself, before its bindings (a dialog's Enter): True
        if it did."""
        return False
