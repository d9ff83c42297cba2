"""csbook.toml: `[settings]` over the workbooks' 参数 sheets, `[smtp]` for `csbook mail`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The configuration file named cannot be found or read; the message says which."""


def load_config(path: str | None) -> dict[str, Any]:
    """The file given, else ./csbook.toml when present, else nothing."""
    candidate = Path(path) if path else Path("csbook.toml")
    if not candidate.exists():
        if path:
            raise ConfigError(f"找不到配置文件：{path}")
        return {}
    try:
        return tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"配置文件 {candidate} 格式错误：{e}") from None
