"""Radio buttons and check boxes that read without colour: Textual's draw the same ``●`` or
``X`` on and off, told apart by colour alone. These draw ``(•)`` / ``( )`` and ``[x]`` /
``[ ]`` through the widgets' public ``BUTTON_LEFT`` / ``BUTTON_INNER`` / ``BUTTON_RIGHT``,
so a monochrome terminal, a screen reader or a pasted screen says which is chosen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class RadioMark(RadioButton):
    """``(•) chosen`` and ``( ) not chosen``."""

    BUTTON_LEFT = "("
    BUTTON_RIGHT = ")"
    ON, OFF = "•", " "

    def render(self) -> Content:
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        return super().render()


class CheckMark(Checkbox):
    """``[x] ticked`` and ``[ ] not ticked``."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    ON, OFF = "x", " "

    def render(self) -> Content:
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        return super().render()
