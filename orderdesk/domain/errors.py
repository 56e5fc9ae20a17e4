"""The two ways an action says no.

``Refused``: a rule of the desk refuses the action (exit status 1). ``BadInput``: the request
itself is malformed or names nothing (exit status 2). Both carry one line for the seller.
"""


class DeskError(Exception):
    """Base for the errors a seller sees as one line."""

    exit_status = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Refused(DeskError):
    """A rule refuses the action; nothing changed."""

    exit_status = 1


class Conflict(Refused):
    """Another desk changed the record since it was read; nothing changed."""


class BadInput(DeskError):
    """The input is malformed, unreadable or names no record; nothing changed."""

    exit_status = 2
