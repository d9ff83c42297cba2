"""`csbook collect --month YYYY-MM -o DIR`: the branches' workbooks from an IMAP mailbox.

The server and login come from the environment or `csbook.toml`'s `[imap]` table, never from
the command line, and the password is never printed:

    CSBOOK_IMAP_HOST, CSBOOK_IMAP_PORT, CSBOOK_IMAP_USER, CSBOOK_IMAP_PASSWORD,
    CSBOOK_IMAP_SECURITY (ssl | starttls | none), CSBOOK_IMAP_CAFILE (extra CA certificates,
    PEM), CSBOOK_IMAP_TIMEOUT (seconds), CSBOOK_IMAP_FOLDER (default INBOX)

    [imap]                       # csbook.toml; the environment wins over it
    host = "imap.example.com"
    user = "kefu@example.com"
    password = "..."
    folder = "分公司报表"

The month's messages are those the mailbox received in the month, Beijing time, and those
of the next month's first GRACE_DAYS days whose workbook (its name, else the subject) names
the month or no month at all: branches send a month's register in the days after it ends.
`--since` widens the search to earlier days, not the month: a mail received before the month
is taken on the same terms as one of the next month's first days. The mailbox is
opened read-only and messages are fetched with BODY.PEEK, so nothing is marked read; mail is
never deleted or moved. `--mark-seen` marks read the messages whose workbooks were all taken.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import imaplib
import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

from .branches import branch_from_mail, branch_from_name, name_is_guess
from .config import ConfigError, load_config
from .io.collect_dir import CollectDir, LedgerError, Provenance, SavedFile
from .io.mail_attachments import (
    WORKBOOK_SUFFIXES,
    Attachment,
    Envelope,
    Unpacked,
    safe_name,
    unpack,
)
from .io.source import BookError, WorkbookFile
from .io.workbook import load, recognise
from .mailserver import (
    ServerConfig,
    ServerUsageError,
    TlsSetupError,
    network_why,
    tls_context,
)
from .progress import Progress
from .rules.branch_names import same_branch
from .rules.months import add_months, month_label, month_span, months_named
from .rules.settings import SETTING_KEYS, Settings

GRACE_DAYS = 10  # a month's register mailed up to the 10th of the next month still counts
# the department's clock, whatever the server's or this machine's: a mail received 11-01 00:30
# Beijing time is November's (China keeps UTC+8 all year, so no tz database is needed)
CHINA = timezone(timedelta(hours=8), "北京时间")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# a top-level type that cannot hold an attachment: the body is not fetched
# names that say nothing: Outlook's ATT00001.xlsx when it lost the real one, and the like
_PLACEHOLDER = re.compile(r"^(ATT\d{3,}|noname|untitled|未命名)(\.\w+)?$", re.IGNORECASE)
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class CollectError(ServerUsageError):
    """The mailbox cannot be used (settings, login, connection, folder): exit 2."""


@dataclass
class ImapConfig(ServerConfig):
    """`[imap]` of csbook.toml, the CSBOOK_IMAP_* environment variables over it."""

    TABLE = "imap"
    DEFAULT_SECURITY = "ssl"
    PORTS: ClassVar[Mapping[str, int]] = {"ssl": 993, "starttls": 143, "none": 143}

    folder: str = field(default="INBOX", metadata={"key": "folder"})


# ---------------------------------------------------------------------------------------------
# the mailbox
# ---------------------------------------------------------------------------------------------


def imap_utf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 5.1.3): 分公司报表 → &UgZRbFP4YqWIaA-."""
    out, run = [], ""

    def flush() -> None:
        if run:
            encoded = base64.b64encode(run.encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")

    for ch in name:
        if " " <= ch <= "~":
            flush()
            run = ""
            out.append("&-" if ch == "&" else ch)
        else:
            run += ch
    flush()
    return "".join(out)


def imap_utf7_decode(name: str) -> str:
    def one(m: re.Match[str]) -> str:
        if not m[1]:
            return "&"
        data = m[1].replace(",", "/")
        return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be", "replace")

    return re.sub(r"&([^-]*)-", one, name)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reply_text(data: Any) -> str:
    parts = data if isinstance(data, list) else [data]
    return " ".join(
        p.decode("utf-8", "replace") if isinstance(p, bytes) else str(p) for p in parts if p
    )


class Mailbox:
    """One folder of an IMAP mailbox, opened read-only unless `writable`."""

    def __init__(self, cfg: ImapConfig, writable: bool) -> None:
        self.cfg, self.writable = cfg, writable
        self._conn: imaplib.IMAP4 | None = None

    def __enter__(self) -> Mailbox:
        cfg = self.cfg
        if not cfg.host:
            raise CollectError(
                "没有配置收件服务器：请设置环境变量 CSBOOK_IMAP_HOST（及 _PORT、_USER、_PASSWORD、"
                "_SECURITY），或在 csbook.toml 的 [imap] 中填写 host"
            )
        try:
            if cfg.security == "ssl":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    cfg.host, cfg.port, ssl_context=tls_context(cfg), timeout=cfg.timeout
                )
            else:
                conn = imaplib.IMAP4(cfg.host, cfg.port, timeout=cfg.timeout)
                self._conn = conn  # logged out if what follows fails
                if cfg.security == "starttls":
                    if "STARTTLS" not in conn.capabilities:
                        raise CollectError(
                            f"服务器 {cfg.where} 不支持 STARTTLS（不提供加密：可改用 ssl 及其端口；"
                            "内网服务器确实不加密时设 security = none）"
                        )
                    conn.starttls(ssl_context=tls_context(cfg))
            self._conn = conn
            self._login(conn)
            self._select(conn)
        except CollectError:
            self.__exit__()
            raise
        except TlsSetupError as e:
            self.__exit__()
            raise CollectError(str(e)) from None
        except Exception as e:
            self.__exit__()
            raise CollectError(cfg.hide_password(self._why(e))) from None
        return self

    def _why(self, e: BaseException) -> str:
        cfg = self.cfg
        if isinstance(e, imaplib.IMAP4.error):
            text = str(e)
            if "STARTTLS" in text:
                return f"服务器 {cfg.where} 不支持 STARTTLS（安全方式 {cfg.security} 是否选对？）"
            return f"服务器 {cfg.where} 出错：{text}"
        return network_why(e, cfg) or f"收取失败：{type(e).__name__}: {e}"

    def _login(self, conn: imaplib.IMAP4) -> None:
        cfg = self.cfg
        try:
            if (cfg.user + cfg.password).isascii():
                conn.login(cfg.user, cfg.password)
            else:  # LOGIN's strings are ASCII; AUTHENTICATE PLAIN carries UTF-8 (RFC 4616)
                token = f"\0{cfg.user}\0{cfg.password}".encode()
                conn.authenticate("PLAIN", lambda _challenge: token)
        except imaplib.IMAP4.error as e:
            raise CollectError(
                cfg.hide_password(
                    f"登录被拒绝：用户名或密码不对（用户 {cfg.user}，服务器 {cfg.where} 回答 {e}）"
                )
            ) from None

    def _select(self, conn: imaplib.IMAP4) -> None:
        folder = self.cfg.folder
        status, data = conn.select(_quoted(imap_utf7(folder)), readonly=not self.writable)
        if status == "OK":
            return
        status, listed = conn.list()
        names = []
        for line in listed if status == "OK" else []:
            # a LIST answer line, or (line, name) when the server sent the name as a literal
            text = b'"' + line[1] + b'"' if isinstance(line, tuple) else line or b""
            m = re.search(rb'"?([^"]*)"?\s*$', text)
            if m:
                names.append(imap_utf7_decode(m[1].decode("ascii", "replace").strip()))
        have = f"（邮箱里有：{'、'.join(names)}）" if names else ""
        raise CollectError(
            f"邮箱 {self.cfg.user}@{self.cfg.where} 里没有文件夹“{folder}”{have}："
            f"{_reply_text(data)}"
        )

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already gone: nothing left to close
                self._conn.logout()
            self._conn = None

    def _uid(self, *args: str) -> list[Any]:
        assert self._conn is not None
        try:
            status, data = self._conn.uid(*args)
        except (imaplib.IMAP4.error, OSError) as e:  # the connection dropped mid-run
            raise CollectError(
                self.cfg.hide_password(
                    f"收取中断：{self._why(e)}（已收下的文件都已记入 collect.json，可再运行一次）"
                )
            ) from None
        if status != "OK":
            raise CollectError(f"服务器拒绝 {args[0]}：{_reply_text(data)}")
        return data

    def search(self, since: date, before: date) -> list[str]:
        """UIDs of the messages received on or after `since` and before `before`."""
        data = self._uid("SEARCH", "SINCE", _imap_date(since), "BEFORE", _imap_date(before))
        return [uid.decode() for uid in (data[0] or b"").split()]

    def received(self, uid: str) -> datetime | None:
        """When the message was received (the server's INTERNALDATE)."""
        data = self._uid("FETCH", uid, "(INTERNALDATE)")
        head = next((item for item in data if isinstance(item, bytes | tuple)), b"")
        m = _INTERNALDATE.search(head[0] if isinstance(head, tuple) else head)
        if m is None:
            return None
        try:
            return datetime.strptime(m[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
        except ValueError:
            return None

    def fetch(self, uid: str) -> bytes:
        """The whole message, without setting \\Seen."""
        data = self._uid("FETCH", uid, "(BODY.PEEK[])")
        return next((item[1] for item in data if isinstance(item, tuple)), b"")

    def mark_seen(self, uid: str) -> None:
        self._uid("STORE", uid, "+FLAGS", "(\\Seen)")


def _imap_date(day: date) -> str:
    return f"{day.day}-{_MONTHS[day.month - 1]}-{day.year}"


# ---------------------------------------------------------------------------------------------
# collecting
# ---------------------------------------------------------------------------------------------


@dataclass
class Skipped:
    what: str  # the attachment (or zip entry), as named
    why: str
    envelope: Envelope

    @property
    def shown(self) -> str:
        return f"{self.what}（{self.envelope.sender}，“{self.envelope.subject}”）：{self.why}"


@dataclass
class BranchCount:
    found: dict[str, list[str]] = field(default_factory=dict)  # branch -> its files
    expected: tuple[str, ...] = ()
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # found, not on the expected list
    guessed: list[str] = field(default_factory=list)  # told only by their .zip or sender
    unknown: list[str] = field(default_factory=list)  # files whose branch cannot be told
    # files whose name, sent with no charset, reads as different branches (`_name_doubt`)
    doubtful: list[str] = field(default_factory=list)


@dataclass
class Collected:
    month: date
    folder: Path
    messages: int = 0
    saved: list[SavedFile] = field(default_factory=list)
    duplicates: int = 0
    refused: list[Skipped] = field(default_factory=list)  # hostile or not a workbook
    other_month: list[Skipped] = field(default_factory=list)  # another month's, left for it
    ignored: int = 0  # attachments that are not workbooks
    notes: list[str] = field(default_factory=list)
    branches: BranchCount = field(default_factory=BranchCount)

    @property
    def exit_code(self) -> int:
        """1 when something needs a look: a refused attachment, a missing branch, or a file
        whose guessed name could be either of two branches (the next month's workbooks are
        left for its own run, not a problem)."""
        return 1 if self.refused or self.branches.missing or self.branches.doubtful else 0


def _kind_label(data: bytes, suffix: str) -> str:
    """The workbook's kind by its sheets (回访登记表 ...), or 工作簿."""
    with tempfile.TemporaryDirectory(prefix="csbook-collect-") as folder:
        path = Path(folder) / f"book{suffix}"
        path.write_bytes(data)
        try:
            return recognise(WorkbookFile(path).sheet_names).stem
        except BookError:
            return "工作簿"


def file_name(attachment: Attachment, envelope: Envelope) -> str:
    """The name to save under: the attachment's own, made safe; for none (or Outlook's
    ATT00001.xlsx) the sender's name and the workbook's kind (南京分公司-回访登记表.xlsx)."""
    name = safe_name(attachment.name)
    if _PLACEHOLDER.match(name):
        name = ""
    if name and "." + name.rpartition(".")[2].lower() not in WORKBOOK_SUFFIXES:
        name += attachment.suffix
    if not name:
        who = envelope.sender_name or "发件人"
        kind = _kind_label(attachment.data, attachment.suffix)
        name = safe_name(f"{who}-{kind}{attachment.suffix}") or f"{kind}{attachment.suffix}"
    return name


def _month_reading(
    attachment: Attachment, envelope: Envelope, month: date, received: date
) -> tuple[bool, str]:
    """Whether the attachment is the month's, and a note when that was a choice. A mail
    received in the month is the month's whatever it names (a late report of an earlier
    month is said); one received before it (`--since`) or in the next month's first days
    only when it names the month, or names none (said)."""
    named = months_named(attachment.name, received) or months_named(envelope.subject, received)
    label = month_label(month)
    shown = "、".join(month_label(m) for m in sorted(named))
    what = f"{attachment.name or '（无名附件）'}（{envelope.sender}，{received:%Y-%m-%d} 收到）"
    first, last = month_span(month)
    if first <= received <= last:
        if named and month not in named:
            return True, f"{what}：名称写的是{shown}，按收到日期计入{label}"
        return True, ""
    if named and month not in named:
        return False, f"写明的是{shown}，不是{label}的报表"
    if not named:
        when = "下月初" if received > last else "本月前"
        return True, f"{what}：{when}收到，未写明月份，按{label}的报表收下"
    return True, ""


def name_guess_note(attachment: Attachment, envelope: Envelope) -> str:
    """The report's word on a name sent with no charset that more than one encoding reads:
    each reading, and the one used."""
    used, *others = attachment.readings
    where = f"{attachment.in_zip}/" if attachment.in_zip else ""
    return (
        f"{where}{attachment.name}（{envelope.sender}）：附件名未标明编码，按{used.encoding}读作"
        f"“{used.text}”；也可按"
        + "、".join(f"{r.encoding}读作“{r.text}”" for r in others)
        + "。名称是猜出来的，不据以判断分公司"
    )


def _name_doubt(saved: SavedFile) -> str:
    """Why the saved file's name cannot tell its branch: its readings (a name sent with no
    charset) name different branches; "" when they do not."""
    if not name_is_guess(saved):
        return ""
    readings = saved.sources[0].name_readings
    shown = "、".join(f"{encoding}“{text}”" for encoding, text in readings.items())
    return f"{saved.file}（附件名未标明编码，可读作{shown}）"


def _take(
    uid: str,
    unpacked: Unpacked,
    received: datetime | None,
    month: date,
    target: CollectDir,
    out: Collected,
) -> bool:
    """Save one message's workbooks; True when all of them were taken."""
    envelope = unpacked.envelope
    day = received.astimezone(CHINA).date() if received else month_span(month)[1]
    out.ignored += len(unpacked.ignored)
    everything = True
    for refused in unpacked.refused:
        out.refused.append(Skipped(refused.shown, refused.reason.value, envelope))
        everything = False
    for attachment in unpacked.workbooks:
        ours, note = _month_reading(attachment, envelope, month, day)
        if not ours:
            out.other_month.append(Skipped(attachment.name, note, envelope))
            everything = False
            continue
        if note:
            out.notes.append(note)
        if attachment.readings:
            out.notes.append(name_guess_note(attachment, envelope))
        source = Provenance(
            sender=envelope.sender,
            date=envelope.date,
            received=received.isoformat() if received else "",
            subject=envelope.subject,
            message_id=envelope.message_id or f"<uid-{uid}>",
            attachment=attachment.name,
            in_zip=attachment.in_zip,
            name_readings={r.encoding: r.text for r in attachment.readings},
        )
        saved, new = target.save(attachment.data, file_name(attachment, envelope), source)
        if new:
            out.saved.append(saved)
        else:
            out.duplicates += 1
    return everything and bool(unpacked.workbooks)


def count_branches(
    target: CollectDir, month: date, expected: tuple[str, ...] | None
) -> BranchCount:
    """Each saved workbook's branch (its 参数 `branch`, else its name, else the name of the
    .zip it came in, else its sender's name), and the expected ones missing. Expected: `expected` (csbook.toml), else what the
    workbooks' 参数 list as 应报分公司."""
    out = BranchCount()
    listed: list[str] = []
    for saved in target.files:
        path = target.folder / saved.file
        settings = Settings()
        # unreadable: the summary will say why; its name may still tell the branch
        with contextlib.suppress(BookError):
            settings = load(path, month_span(month)[1]).settings
        listed += [b for b in settings.branches if b not in listed]
        branch = settings.branch.strip()
        doubt = "" if branch else _name_doubt(saved)
        if doubt:  # a name read by a guess tells no branch
            out.doubtful.append(doubt)
            continue
        branch = branch or branch_from_name(saved.file)
        if not branch:
            branch = branch_from_mail(saved)
            if branch:
                out.guessed.append(f"{saved.file} → {branch}")
        if branch:
            out.found.setdefault(branch, []).append(saved.file)
        else:
            out.unknown.append(saved.file)
    out.expected = expected if expected is not None else tuple(listed)
    # 南京 and 南京分公司 are one branch (`same_branch`, as the summary groups files)
    for name in out.expected:
        if not any(same_branch(name, found) for found in out.found):
            out.missing.append(name)
    if out.expected:  # a typo in a name, or a branch the list forgot
        out.unexpected = [b for b in out.found if not any(same_branch(w, b) for w in out.expected)]
    return out


def expected_branches(config: Mapping[str, Any]) -> tuple[str, ...] | None:
    """`branches` (应报分公司) of csbook.toml's [settings], read as the 参数 sheet reads it."""
    for key, value in dict(config.get("settings", {})).items():
        if SETTING_KEYS.get(str(key).strip()) == "branches":
            return Settings.model_validate({"branches": value}).branches
    return None


def collect(
    cfg: ImapConfig,
    month: date,
    folder: Path,
    *,
    since: date | None = None,
    mark_seen: bool = False,
    expected: tuple[str, ...] | None = None,
    progress: bool | None = None,
) -> Collected:
    """Save the month's workbooks from the mailbox into `folder` (see the module's text)."""
    try:
        target = CollectDir(folder)
    except LedgerError as e:
        raise CollectError(str(e)) from None
    out = Collected(month, folder)
    if target.month not in ("", f"{month:%Y-%m}"):
        out.notes.append(
            f"文件夹 {folder} 此前收取的是 {target.month} 的邮件（见 collect.json），"
            f"现在又收入 {month:%Y-%m} 的：两个月的报表在同一文件夹里"
        )
    first = since or month
    before = add_months(month, 1) + timedelta(days=GRACE_DAYS)
    with Mailbox(cfg, writable=mark_seen) as mailbox:
        # SEARCH compares days on the server's clock (often UTC): a day wider each side, and
        # the window is then kept in China's time
        uids = mailbox.search(first - timedelta(days=1), before + timedelta(days=1))
        shown = sys.stderr.isatty() if progress is None else progress
        bar = Progress(len(uids), shown and bool(uids), "收取邮件", "封")
        try:
            for uid in uids:
                received = mailbox.received(uid)
                if received and not first <= received.astimezone(CHINA).date() < before:
                    bar.step()
                    continue
                out.messages += 1
                # a mail of text alone is read too: it may hold only a download link
                unpacked = unpack(mailbox.fetch(uid))
                if unpacked.workbooks or unpacked.refused or unpacked.ignored:
                    taken = _take(uid, unpacked, received, month, target, out)
                    folder.mkdir(parents=True, exist_ok=True)
                    target.write_ledger(f"{month:%Y-%m}")  # after each message: a stop loses none
                    if taken and mark_seen:
                        mailbox.mark_seen(uid)
                bar.step()
        finally:
            bar.close()
    out.branches = count_branches(target, month, expected)
    return out


def summary_lines(done: Collected) -> list[str]:
    """The end summary staff read."""
    lines = [
        f"{month_label(done.month)}：读了 {done.messages} 封邮件，新存 {len(done.saved)} 个文件，"
        f"跳过 {len(done.refused) + len(done.other_month)} 个，重复 {done.duplicates} 个（内容相同，已存过），"
        f"非工作簿附件 {done.ignored} 个"
    ]
    lines += [f"  新存：{s.file}" for s in done.saved]
    if done.refused or done.other_month:
        lines.append("跳过：")
        lines += [f"  {s.shown}" for s in done.refused + done.other_month]
    if done.notes:
        lines.append("请留意：")
        lines += [f"  {n}" for n in done.notes]
    count = done.branches
    found = f"分公司：收到 {len(count.found)} 个（{'、'.join(count.found) or '无'}）"
    if count.expected:
        found += f"，应报 {len(count.expected)} 个"
        found += f"；缺：{'、'.join(count.missing)}" if count.missing else "，已收齐"
        if count.unexpected:
            found += f"；不在应报名单：{'、'.join(count.unexpected)}"
    lines.append(found)
    if count.guessed:
        lines.append(
            "  按压缩包名或发件人判断分公司（汇总前请在参数表填写分公司，或把分公司写进文件名）："
            + "；".join(count.guessed)
        )
    if count.unknown:
        lines.append(f"  看不出分公司的文件：{'、'.join(count.unknown)}")
    if count.doubtful:
        lines.append(
            "  文件名的几种读法指向不同分公司，未按名称判断（请在该工作簿的参数表填写分公司，"
            "或请发件人用新版邮件软件重发）：" + "；".join(count.doubtful)
        )
    lines.append(f"文件夹：{done.folder}（来源记录见 collect.json）")
    return lines


def main(args: argparse.Namespace, month: date, since: date | None) -> int:
    """`csbook collect`: 0 all taken, 1 something refused or a branch missing, 2 failed."""
    try:
        config = load_config(args.config)
    except ConfigError as e:
        raise CollectError(str(e)) from None
    cfg = ImapConfig.read(config)
    if args.folder:
        cfg.folder = args.folder
    if cfg.security == "none" and cfg.user:
        print("警告：未加密的连接上发送登录信息（security = none）", file=sys.stderr)
    done = collect(
        cfg,
        month,
        Path(args.output),
        since=since,
        mark_seen=args.mark_seen,
        expected=expected_branches(config),
        progress=False if args.no_progress else None,
    )
    print("\n".join(summary_lines(done)))
    return done.exit_code
