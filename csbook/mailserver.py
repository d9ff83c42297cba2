"""A mail server's settings and the network failures common to sending (SMTP, `csbook mail`)
and collecting (IMAP, `csbook collect`).

Settings come from a table of csbook.toml (`[smtp]`, `[imap]`) with environment variables
(`CSBOOK_SMTP_*`, `CSBOOK_IMAP_*`) over it — never from the command line, so the password
is never in a shell's history or a process list, and it is never printed.
"""

from __future__ import annotations

import os
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self

SECURITIES = ("starttls", "ssl", "none")
SERVER_KEYS = ("host", "port", "user", "password", "security", "cafile", "timeout")


class ServerUsageError(Exception):
    """The settings are missing or wrong (exit 2); the text is Chinese and holds no secret."""


@dataclass
class ServerConfig:
    """A mail server's settings. A protocol's subclass names its table of csbook.toml, its
    default security and its ports; its own settings are fields whose metadata names their
    key in the table (`field(default="INBOX", metadata={"key": "folder"})`)."""

    TABLE: ClassVar[str] = ""
    DEFAULT_SECURITY: ClassVar[str] = "starttls"
    PORTS: ClassVar[Mapping[str, int]] = {}

    host: str = ""
    port: int = 0
    user: str = ""
    password: str = field(default="", repr=False)
    security: str = "starttls"
    cafile: str = ""
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def hide_password(self, text: str) -> str:
        return text.replace(self.password, "******") if self.password else text

    @classmethod
    def read(cls, config: Mapping[str, Any] | None, env: Mapping[str, str] | None = None) -> Self:
        """`[TABLE]` of csbook.toml with the CSBOOK_<TABLE>_* environment variables over it,
        checked; an own setting left blank keeps its field's default."""
        env = os.environ if env is None else env
        own = {f.name: f.metadata["key"] for f in fields(cls) if "key" in f.metadata}
        values: dict[str, Any] = dict((config or {}).get(cls.TABLE, {}))
        prefix = f"CSBOOK_{cls.TABLE.upper()}_"
        for key in (*SERVER_KEYS, *own.values()):
            if env.get(prefix + key.upper()):
                values[key] = env[prefix + key.upper()]
        protocol = cls.TABLE.upper()
        security = str(values.get("security") or cls.DEFAULT_SECURITY).strip().lower()
        if security not in SECURITIES:
            raise ServerUsageError(
                f"{protocol} security 应为 starttls、ssl 或 none，而不是“{security}”"
            )
        try:
            port = int(values.get("port") or cls.PORTS[security])
            timeout = float(values.get("timeout") or 30)
        except ValueError:
            raise ServerUsageError(f"{protocol} 端口和超时应为数字") from None
        given = {name: str(values.get(key) or "").strip() for name, key in own.items()}
        return cls(
            host=str(values.get("host") or "").strip(),
            port=port,
            user=str(values.get("user") or "").strip(),
            password=str(values.get("password") or ""),
            security=security,
            cafile=str(values.get("cafile") or "").strip(),
            timeout=timeout,
            **{name: text for name, text in given.items() if text},
        )


class TlsSetupError(Exception):
    """The CA file named in the settings cannot be read."""


def tls_context(cfg: ServerConfig) -> ssl.SSLContext:
    """Certificates verified against the system's CAs, plus `cafile` when given."""
    try:
        return ssl.create_default_context(cafile=cfg.cafile or None)
    except (OSError, ssl.SSLError) as e:
        raise TlsSetupError(f"无法读取 CA 证书文件 {cfg.cafile}：{e}") from None


def network_why(e: BaseException, cfg: ServerConfig) -> str | None:
    """A connection or TLS failure in words for staff, or None for another failure."""
    where = cfg.where
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"TLS 失败：服务器 {where} 的证书无法验证（{e.verify_message}）"
    if isinstance(e, ssl.SSLError):
        return (
            f"TLS 失败：与 {where} 的加密连接没有建立（{e.reason or e}；"
            f"安全方式 {cfg.security} 与端口 {cfg.port} 是否匹配？）"
        )
    if isinstance(e, ConnectionRefusedError):
        return f"无法连接 {where}：连接被拒绝（地址或端口不对，或邮件服务器没有运行）"
    if isinstance(e, socket.gaierror):
        return f"找不到邮件服务器 {cfg.host}：{e.strerror or e}"
    if isinstance(e, TimeoutError):
        return f"连接 {where} 超时（{cfg.timeout:g} 秒）"
    if isinstance(e, OSError):
        return f"网络错误（{where}）：{e.strerror or e}"
    return None
