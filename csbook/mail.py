"""`csbook mail OUT.xlsx --to ADDR...`: send the summary workbook by e-mail.

The body quotes the headline figures read back from the workbook's own 总览 sheet (what the
recipients see when they open the attachment, with no side file to keep in step). The SMTP
server and login come from environment variables or `csbook.toml`'s `[smtp]` table, never
from the command line, and the password is never printed:

    CSBOOK_SMTP_HOST, CSBOOK_SMTP_PORT, CSBOOK_SMTP_USER, CSBOOK_SMTP_PASSWORD,
    CSBOOK_SMTP_SECURITY (starttls | ssl | none), CSBOOK_SMTP_FROM,
    CSBOOK_SMTP_CAFILE (extra CA certificates, PEM), CSBOOK_SMTP_TIMEOUT (seconds)

    [smtp]                       # csbook.toml; the environment wins over it
    host = "smtp.example.com"
    port = 587
    user = "kefu@example.com"
    password = "..."
    security = "starttls"
    from = "客服部 <kefu@example.com>"

A failed send says why (login refused, connection refused, TLS failure ...) and exits 2; the
workbook is untouched and the message is kept as an .eml beside it. `--dry-run` writes the
.eml without sending.
"""

from __future__ import annotations

import argparse
import base64
import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from .config import ConfigError, load_config
from .io.atomic import replacing
from .mailserver import (
    ServerConfig,
    ServerUsageError,
    TlsSetupError,
    network_why,
    read_server,
    tls_context,
)
from .rules.report import percent_text

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
OVERVIEW = "总览"
FIGURES_CAPTION = "主要指标"  # ends the caption of 总览's figures
ATTENTION_LINES = 12  # lines of 需要关注 quoted in the body


class MailUsageError(ServerUsageError):
    """The command was used wrongly or the configuration is missing (exit 2)."""


class SendError(Exception):
    """The message could not be sent; the text says why, in Chinese, without secrets."""


@dataclass
class SmtpConfig(ServerConfig):
    sender: str = ""


def smtp_config(
    config: Mapping[str, Any] | None, env: Mapping[str, str] | None = None
) -> SmtpConfig:
    """`[smtp]` of csbook.toml, then the CSBOOK_SMTP_* environment variables over it."""
    server, values = read_server(config, "smtp", env, "starttls", DEFAULT_PORTS, ("from",))
    return SmtpConfig(**vars(server), sender=str(values.get("from") or server.user).strip())


# ---------------------------------------------------------------------------------------------
# the message
# ---------------------------------------------------------------------------------------------


@dataclass
class Overview:
    """What the body quotes from the workbook's 总览 sheet."""

    title: str
    subtitle: str
    notes: list[str]
    figures: list[tuple[str, str, str]]  # (指标, 数值 as shown, 目标)
    attention: list[str]
    caption: str = FIGURES_CAPTION  # the figures' caption, naming the period: 本周主要指标 ...


def _shown(value: Any, number_format: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in number_format:
            return percent_text(value)
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return str(value)


def read_overview(path: Path) -> Overview:
    """The title, notes, headline figures and attention list of a summary workbook."""
    import openpyxl  # only when mailing

    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception as e:
        raise MailUsageError(f"无法打开工作簿 {path.name}：{e}") from None
    try:
        if OVERVIEW not in wb.sheetnames:
            raise MailUsageError(f"{path.name} 不是月度汇总：没有“{OVERVIEW}”工作表")
        rows = [
            [(c.value, getattr(c, "number_format", "") or "") for c in row]
            for row in wb[OVERVIEW].iter_rows(max_col=6)
        ]
    finally:
        wb.close()

    def text(r: int, c: int = 0) -> Any:
        return rows[r][c][0] if r < len(rows) and c < len(rows[r]) else None

    out = Overview(str(text(0) or ""), str(text(1) or ""), [], [], [])
    r = 2
    while r < len(rows):
        first, second = text(r), text(r, 1)
        if first == "指标" and second == "数值":
            r += 1
            while r < len(rows) and text(r) not in (None, ""):
                value, fmt = rows[r][1]
                out.figures.append((str(text(r)), _shown(value, fmt), str(text(r, 2) or "")))
                r += 1
            continue
        if first == "事项" and second == "分公司":
            r += 1
            while r < len(rows) and text(r) not in (None, ""):
                what, branch, count, detail = (text(r, c) for c in range(4))
                if count is None:  # the empty note
                    out.attention.append(str(what))
                else:
                    out.attention.append(f"{what}（{branch}）{_shown(count, '0')} 项：{detail}")
                r += 1
            continue
        if isinstance(first, str) and first.strip() and second is None and not out.figures:
            if first.endswith(FIGURES_CAPTION):  # 本月主要指标, 本季度主要指标 ...
                out.caption = first
            else:
                out.notes.append(first)
        r += 1
    if not out.figures:
        raise MailUsageError(f"{path.name} 的“{OVERVIEW}”表里找不到主要指标")
    return out


def body_text(overview: Overview, attachment: str) -> str:
    lines = ["您好：", "", f"附件是《{overview.title}》（{attachment}），请审阅。"]
    if overview.subtitle:
        lines.append(overview.subtitle)
    if overview.notes:
        lines += ["", *overview.notes]
    lines += ["", f"{overview.caption}："]
    for name, value, target in overview.figures:
        lines.append(f"  {name}：{value}" + (f"（目标：{target}）" if target else ""))
    if overview.attention:
        lines += ["", "需要关注："]
        lines += [f"  {line}" for line in overview.attention[:ATTENTION_LINES]]
        if len(overview.attention) > ATTENTION_LINES:
            lines.append(f"  …… 共 {len(overview.attention)} 项，详见附件“{OVERVIEW}”表")
    lines += ["", "此邮件由 csbook 生成，数字以附件为准。", ""]
    return "\n".join(lines)


def _addresses(values: list[str], option: str) -> list[str]:
    out = []
    for name, addr in getaddresses(values):
        if not addr or "@" not in addr or any(ch in addr for ch in "\r\n \t"):
            raise MailUsageError(f"{option} 的地址无效：{addr or name or values}")
        if not addr.isascii():  # 主管@… needs SMTPUTF8, which mail servers rarely offer
            raise MailUsageError(f"{option} 的地址含中文等非 ASCII 字符，无法发送：{addr}")
        out.append(formataddr((name, addr)) if name else addr)
    return out


def compose(
    workbook: Path,
    to: list[str],
    cc: list[str],
    subject: str | None,
    sender: str,
) -> EmailMessage:
    overview = read_overview(workbook)
    msg = EmailMessage()
    msg["Subject"] = subject or overview.title or workbook.stem
    msg["From"] = sender
    msg["To"] = ", ".join(_addresses(to, "--to"))
    if cc:
        msg["Cc"] = ", ".join(_addresses(cc, "--cc"))
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].partition("@")[2] or "csbook")
    msg.set_content(body_text(overview, workbook.name))
    msg.add_attachment(
        workbook.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=workbook.name
    )
    return msg


def write_eml(msg: EmailMessage, dest: Path) -> Path:
    """The message as an .eml file, written whole to a temporary file and renamed."""
    with replacing(dest) as tmp:
        tmp.write_bytes(msg.as_bytes())
    return dest


# ---------------------------------------------------------------------------------------------
# sending
# ---------------------------------------------------------------------------------------------


def _tls_context(cfg: SmtpConfig) -> ssl.SSLContext:
    try:
        return tls_context(cfg)
    except TlsSetupError as e:
        raise SendError(str(e)) from None


def _why(e: BaseException, cfg: SmtpConfig) -> str:
    """A failure in words for staff; never the password."""
    where = cfg.where
    if isinstance(e, smtplib.SMTPAuthenticationError):
        reply = _reply(e.smtp_code, e.smtp_error)
        return f"登录被拒绝：用户名或密码不对（用户 {cfg.user}，服务器 {where} 回答 {reply}）"
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return f"服务器 {where} 不支持所需的功能（STARTTLS 或登录）：{e}"
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        refused = "；".join(f"{a}（{_reply(c, m)}）" for a, (c, m) in e.recipients.items())
        return f"收件人被拒绝：{refused}"
    if isinstance(e, smtplib.SMTPSenderRefused):
        return f"发件人 {e.sender} 被拒绝：{_reply(e.smtp_code, e.smtp_error)}"
    if isinstance(e, smtplib.SMTPResponseException):
        return f"服务器 {where} 拒绝：{_reply(e.smtp_code, e.smtp_error)}"
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"服务器 {where} 断开了连接（安全方式 {cfg.security} 与端口 {cfg.port} 是否匹配？）"
    if isinstance(e, smtplib.SMTPException):
        return f"发送失败：{e}"
    return network_why(e, cfg) or f"发送失败：{type(e).__name__}: {e}"


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _login(smtp: smtplib.SMTP, cfg: SmtpConfig) -> None:
    """smtplib's login, or AUTH PLAIN in UTF-8 (RFC 4616) for a user name or password
    beyond ASCII, which smtplib cannot encode."""
    if (cfg.user + cfg.password).isascii():
        smtp.login(cfg.user, cfg.password)
        return
    if not smtp.has_extn("auth") or "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise smtplib.SMTPNotSupportedError("非 ASCII 的用户名或密码需要服务器支持 AUTH PLAIN")
    token = base64.b64encode(f"\0{cfg.user}\0{cfg.password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def send(msg: EmailMessage, cfg: SmtpConfig) -> None:
    """Send `msg` to its To and Cc addresses; raises `SendError` saying why it failed."""
    if not cfg.host:
        raise MailUsageError(
            "没有配置邮件服务器：请设置环境变量 CSBOOK_SMTP_HOST（及 _PORT、_USER、_PASSWORD、"
            "_SECURITY、_FROM），或在 csbook.toml 的 [smtp] 中填写 host"
        )
    recipients = [a for _, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    try:
        if cfg.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout, context=_tls_context(cfg)
            )
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with smtp:
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=_tls_context(cfg))
                smtp.ehlo()
            if cfg.user:
                _login(smtp, cfg)
            refused = smtp.send_message(
                msg, from_addr=parseaddr(cfg.sender)[1], to_addrs=recipients
            )
    except SendError:
        raise
    except Exception as e:
        raise SendError(cfg.hide_password(_why(e, cfg))) from None
    if refused:
        listed = "；".join(f"{a}（{_reply(c, m)}）" for a, (c, m) in refused.items())
        raise SendError(f"已发送，但以下收件人被拒绝：{listed}")


def main(args: argparse.Namespace) -> int:
    """`csbook mail`: 0 sent (or written with --dry-run), 2 failed."""
    workbook = Path(args.workbook)
    if not workbook.is_file():
        raise MailUsageError(f"找不到工作簿：{workbook}")
    try:
        config = load_config(args.config)
    except ConfigError as e:
        raise MailUsageError(str(e)) from None
    cfg = smtp_config(config)
    sender = cfg.sender or "csbook@localhost"
    if "@" not in parseaddr(sender)[1]:
        raise MailUsageError(f"发件人地址无效：{sender}（CSBOOK_SMTP_FROM 或 [smtp] from）")
    msg = compose(workbook, list(args.to), list(args.cc or []), args.subject, sender)
    if args.dry_run:
        dest = write_eml(msg, workbook.with_suffix(".eml"))
        print(f"未发送（--dry-run），邮件已写入 {dest}")
        return 0
    if cfg.security == "none" and cfg.user:
        print("警告：未加密的连接上发送登录信息（security = none）", file=sys.stderr)
    try:
        send(msg, cfg)
    except SendError as e:
        print(f"csbook: 邮件未发送：{e}", file=sys.stderr)
        try:
            kept = write_eml(msg, workbook.with_suffix(".unsent.eml"))
            print(f"邮件已保存为 {kept}，可稍后重发；工作簿未改动。", file=sys.stderr)
        except OSError as e:
            print(f"邮件也未能保存为 .eml：{e}", file=sys.stderr)
        return 2
    everyone = msg.get_all("To", []) + msg.get_all("Cc", [])
    print(f"已发送 {workbook.name} 给 {', '.join(everyone)}（经 {cfg.where}）")
    return 0
