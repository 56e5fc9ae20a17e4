"""Settings (TOML) and paths (platformdirs). ``ORDERDESK_HOME`` moves both (tests use it)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from orderdesk.domain.errors import BadInput

APP = "orderdesk"


def data_dir() -> Path:
    home = os.environ.get("ORDERDESK_HOME")
    if home:
        return Path(home).expanduser() / "data"
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    home = os.environ.get("ORDERDESK_HOME")
    if home:
        return Path(home).expanduser() / "config"
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def default_database() -> str:
    return os.environ.get("ORDERDESK_DB") or str(data_dir() / "orderdesk.db")


def demo_database() -> str:
    return str(data_dir() / "demo.db")


def documents_dir() -> Path:
    return data_dir() / "documents"


@dataclass
class Seller:
    """Ship-from and invoice header."""

    name: str = "My Shop"
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    tax_id: str = ""


@dataclass
class Settings:
    handling_days: int = 2
    printer: str = ""
    label_size: str = "4x6"
    label_format: str = "pdf"
    theme: str = ""
    seller: Seller = field(default_factory=Seller)
    keymap: dict[str, str] = field(default_factory=dict)
    print_label_when_packed: bool = False  # scan to pack: the label prints once all is scanned
    #: How the seller writes dates ("dmy", "mdy", "ymd"); empty: from the seller's country.
    date_order: str = ""

    @property
    def dates(self) -> str | None:
        """The date order in use: the setting, else the seller's country's (None: unknown,
        and only unambiguous dates are read)."""
        from orderdesk.domain.periods import date_order_for

        return self.date_order or date_order_for(self.seller.country)

    @property
    def path(self) -> Path:
        return config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read ``config.toml``; a missing file gives the defaults, a broken one a clear error."""
    path = path or config_dir() / "config.toml"
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not valid TOML ({exc})") from None
    return _settings_from(raw, path)


def _settings_from(raw: dict[str, Any], path: Path) -> Settings:
    known = {f.name for f in fields(Settings)}
    unknown = set(raw) - known
    if unknown:
        raise BadInput(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
    seller_raw = raw.pop("seller", {}) or {}
    seller_known = {f.name for f in fields(Seller)}
    if not isinstance(seller_raw, dict) or set(seller_raw) - seller_known:
        raise BadInput(f"{path}: [seller] takes {', '.join(sorted(seller_known))}")
    settings = Settings(seller=Seller(**{k: str(v) for k, v in seller_raw.items()}))
    for name, value in raw.items():
        expected = type(getattr(settings, name))
        if not isinstance(value, expected):
            raise BadInput(f"{path}: {name} should be a {expected.__name__}")
        setattr(settings, name, value)
    if settings.handling_days < 0:
        raise BadInput(f"{path}: handling_days cannot be negative")
    if settings.label_size not in ("4x6", "a4"):
        raise BadInput(f"{path}: label_size is 4x6 or a4")
    if settings.label_format not in ("pdf", "zpl"):
        raise BadInput(f"{path}: label_format is pdf or zpl")
    if settings.label_format == "zpl" and settings.label_size != "4x6":
        raise BadInput(
            f"{path}: label_format zpl prints 4x6 labels (thermal printers); "
            f"label_size {settings.label_size} is for pdf"
        )
    if settings.date_order not in ("", "dmy", "mdy", "ymd"):
        raise BadInput(f"{path}: date_order is dmy (03/12/2026), mdy (12/03/2026) or ymd")
    return settings
