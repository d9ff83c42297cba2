"""csbook.toml: `[settings]` over the workbooks' 参数 sheets, `[smtp]` for `csbook mail`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

TABLES = ("settings", "smtp", "imap")  # [settings] for the workbooks, the mail servers


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
        config = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"配置文件 {candidate} 格式错误：{e}") from None
    # a mistyped table (`[setting]`) or a setting above every table would otherwise be
    # ignored, and head office's policy silently replaced by each branch's own values
    if stray := [key for key in config if key not in TABLES]:
        raise ConfigError(
            f"配置文件 {candidate} 中的“{'、'.join(stray)}”不是可用的表：参数应写在 [settings] 下，"
            f"可用的表为 {'、'.join(f'[{t}]' for t in TABLES)}"
        )
    for table in TABLES:
        if not isinstance(config.get(table, {}), dict):
            raise ConfigError(f"配置文件 {candidate} 中的“{table}”应是表，写成 [{table}]")
    return config
