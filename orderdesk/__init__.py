"""OrderDesk: an offline, keyboard-first order desk for a multi-marketplace seller."""

__version__ = "0.1.0"
