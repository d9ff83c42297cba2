"""`csbook mail OUT.xlsx --to ADDR...`: send the summary workbook by e-mail.

The body quotes 总览's title, notes, headline figures and attention list as `csbook summary`
stored them in the workbook itself when writing it (`io.overview_store`: no side file to
keep in step), after checking that 总览's figure cells still hold them (what the recipients
see when they open the attachment). The SMTP
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
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import formataddr, formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import Any, ClassVar

from .config import ConfigError, load_config
from .io.atomic import replacing
from .io.overview_store import OverviewStoreError, read_stored
from .mailserver import (
    ServerConfig,
    ServerUsageError,
    TlsSetupError,
    network_why,
    tls_context,
)
from .rules.overview_data import HeadlineFigure, OverviewData

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ATTENTION_LINES = 12  # lines of 需要关注 quoted in the body


class MailUsageError(ServerUsageError):
    """The command was used wrongly or the configuration is missing (exit 2)."""


class SendError(Exception):
    """The message could not be sent; the text says why, in Chinese, without secrets."""


@dataclass
class SmtpConfig(ServerConfig):
    """`[smtp]` of csbook.toml, the CSBOOK_SMTP_* environment variables over it."""

    TABLE = "smtp"
    DEFAULT_SECURITY = "starttls"
    PORTS: ClassVar[Mapping[str, int]] = {"starttls": 587, "ssl": 465, "none": 25}

    sender: str = field(default="", metadata={"key": "from"})  # default: the login

    def __post_init__(self) -> None:
        self.sender = self.sender or self.user


# ---------------------------------------------------------------------------------------------
# the message
# ---------------------------------------------------------------------------------------------


def read_overview(path: Path) -> OverviewData:
    """What the summary workbook's 总览 says, as csbook stored it there when writing it.

    A figure whose cell has been changed since (someone corrected 总览 by hand) is refused,
    naming the cell: the body would otherwise quote one number and the attachment show
    another, and a department head would rather be told than get either silently. The fix
    is in the branches' workbooks and a new summary, not in the summary's cells."""
    try:
        stored = read_stored(path)
    except OverviewStoreError as e:
        raise MailUsageError(str(e)) from None
    edited = stored.edited()
    if edited:
        cells = "；".join(
            f"{figure.cell}（{figure.name}）现为 {_now_shown(figure, now)}，生成时为 {figure.shown}"
            for figure, now in edited
        )
        raise MailUsageError(
            f"{path.name} 的“{stored.data.sheet}”表在 csbook 生成后被改动过：{cells}。"
            "邮件正文不能引用与附件不一致的数字：请核实后用 csbook summary 重新生成汇总再发送"
        )
    return stored.data


def _now_shown(figure: HeadlineFigure, now: Any) -> str:
    """What an edited figure's cell holds now, a number shown as the figure is."""
    if now is None or now == "":
        return "空"
    if isinstance(now, int | float) and not isinstance(now, bool):
        return replace(figure, value=now).shown
    return f"“{now}”"


def body_text(overview: OverviewData, attachment: str) -> str:
    lines = ["您好：", "", f"附件是《{overview.title}》（{attachment}），请审阅。"]
    if overview.subtitle:
        lines.append(overview.subtitle)
    if overview.notes:
        lines += ["", *overview.notes]
    lines += ["", f"{overview.caption}："]
    for figure in overview.figures:
        target = f"（目标：{figure.target}）" if figure.target else ""
        lines.append(f"  {figure.name}：{figure.shown}{target}")
    attention = [concern.line() for concern in overview.attention]
    if attention or overview.quiet:
        lines += ["", "需要关注："]
        lines += [f"  {line}" for line in attention[:ATTENTION_LINES] or [overview.quiet]]
        if len(attention) > ATTENTION_LINES:
            lines.append(f"  …… 共 {len(attention)} 项，详见附件“{overview.sheet}”表")
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
    cfg = SmtpConfig.read(config)
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
