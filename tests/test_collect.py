"""`csbook collect` against a real IMAP server: Dovecot on 127.0.0.1, started here with a
throwaway configuration, a test user and its mail under a temporary folder, reached through
implicit TLS, STARTTLS and a plain connection (a self-signed certificate made here, trusted
through CSBOOK_IMAP_CAFILE). The mailbox is loaded by APPEND with messages shaped the way
Outlook, Foxmail, QQ Mail, NetEase (163) and phone clients write them. Dovecot comes from
scripts/system-deps; without it these tests skip, and fail under CI (env var CI set)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import imaplib
import io
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import msoffcrypto.format.ooxml
import openpyxl
import pytest
from mailtest import free_port, self_signed

from csbook.cli import main
from csbook.collect import GRACE_DAYS, imap_utf7, imap_utf7_decode
from csbook.io.mail_attachments import (
    Refusal,
    decode_bytes,
    decode_words,
    name_refusal,
    safe_name,
    unpack,
)
from csbook.rules.months import add_months, month_label, month_span, month_start, months_named

USER, PASSWORD = "kefu@example.com", "s3cret-密码"  # beyond ASCII: AUTHENTICATE PLAIN in UTF-8
CST = timezone(timedelta(hours=8))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOVECOT = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


@dataclass
class Server:
    root: Path
    port: int  # plain and STARTTLS
    tls_port: int  # implicit TLS
    cafile: Path


def _dovecot_config(root: Path, server: Server, key: Path, tls: bool) -> str:
    if os.geteuid() == 0:  # Dovecot's login processes refuse to run as root
        login_user = "dovenull" if _user_exists("dovenull") else "nobody"
        internal_user = "root"
        mail_user = pwd.getpwnam("nobody")
    else:  # unprivileged: every process runs as the one user
        login_user = internal_user = pwd.getpwuid(os.getuid()).pw_name
        mail_user = pwd.getpwuid(os.getuid())
    mail = root / "mail"
    mail.mkdir()
    if os.geteuid() == 0:
        os.chown(mail, mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    ssl, imaps = "ssl = no", ""
    if tls:
        ssl = f"ssl = yes\nssl_cert = <{server.cafile}\nssl_key = <{key}"
        imaps = f"  inet_listener imaps {{\n    port = {server.tls_port}\n    ssl = yes\n  }}"
    return f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = csbook-test-{server.port}
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={mail}/%u
}}
mail_location = maildir:{mail}/%u/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {server.port}
  }}
{imaps}
}}
service anvil {{
  chroot =
}}
"""


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def running_dovecot(tls: bool = True) -> Iterator[Server]:
    """A Dovecot of its own; with `tls` it offers STARTTLS and implicit TLS, without it only
    plain IMAP (`ssl = no`, an intranet server). Its clock is UTC, as a hosted server's often
    is: it answers INTERNALDATE in UTC and SEARCHes by UTC days."""
    if DOVECOT is None:
        if os.environ.get("CI"):
            pytest.fail("Dovecot is missing; CI must have it: run scripts/system-deps")
        pytest.skip("Dovecot (dovecot-imapd) is not installed")
    root = Path(tempfile.mkdtemp(prefix="csbook-dovecot-"))
    root.chmod(0o711)  # the mail processes run as another user and must reach their folder
    cert, key = self_signed(root)
    server = Server(root, free_port(), free_port(), cert)
    conf = root / "dovecot.conf"
    conf.write_text(_dovecot_config(root, server, key, tls), encoding="utf-8")
    subprocess.run([DOVECOT, "-c", str(conf)], check=True, env={**os.environ, "TZ": "UTC"})
    ports = (server.port, server.tls_port) if tls else (server.port,)
    try:
        deadline = time.monotonic() + 20
        while not all(_listening(port) for port in ports):
            if time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text(errors="replace")
                pytest.fail(f"Dovecot did not start:\n{log}")
            time.sleep(0.1)
        yield server
    finally:
        subprocess.run([DOVECOT, "-c", str(conf), "stop"], check=False)
        pid_file = root / "run" / "master.pid"
        deadline = time.monotonic() + 10
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Server]:
    with running_dovecot() as server:
        yield server


def _connect(server: Server) -> imaplib.IMAP4:
    conn = imaplib.IMAP4("127.0.0.1", server.port)
    conn.authenticate("PLAIN", lambda _: f"\0{USER}\0{PASSWORD}".encode())
    return conn


def load_mailbox(server: Server, folder: str, messages: list[tuple[bytes, datetime]]) -> None:
    """A fresh folder holding `messages`, each received at its moment."""
    conn = _connect(server)
    mailbox = '"' + imap_utf7(folder) + '"'
    if folder != "INBOX":
        status, data = conn.create(mailbox)
        assert status == "OK", data
    for raw, when in messages:
        status, data = conn.append(mailbox, None, imaplib.Time2Internaldate(when), raw)
        assert status == "OK", data
    conn.logout()


def mailbox_flags(server: Server, folder: str) -> list[str]:
    conn = _connect(server)
    conn.select('"' + imap_utf7(folder) + '"', readonly=True)
    _, data = conn.fetch("1:*", "(FLAGS)")
    conn.logout()
    return [item.decode() for item in data if item]


@pytest.fixture
def imap_env(monkeypatch: pytest.MonkeyPatch, dovecot: Server, tmp_path: Path) -> Server:
    monkeypatch.chdir(tmp_path)  # no csbook.toml around unless the test writes one
    for key, value in {
        "HOST": "127.0.0.1",
        "PORT": str(dovecot.port),
        "USER": USER,
        "PASSWORD": PASSWORD,
        "SECURITY": "starttls",
        "CAFILE": str(dovecot.cafile),
    }.items():
        monkeypatch.setenv(f"CSBOOK_IMAP_{key}", value)
    return dovecot


def collect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["collect", "--month", f"{MONTH:%Y-%m}", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------------------
# workbooks and the mail corpus
# ---------------------------------------------------------------------------------------------


def workbook(branch: str = "", kind: str = "visits", marker: str = "", expected: str = "") -> bytes:
    """A small real workbook of its kind; `branch` (and `expected`, 应报分公司) in its 参数
    sheet; `marker` makes the content differ."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if kind == "visits":
        ws.title = "回访登记"
        ws.append(["回访日期", "客户单位", "回访方式", "回访人"])
        ws.append(["2026/11/3", "甲公司", "电话", marker or "张伟"])
        wb.create_sheet("投诉登记").append(["投诉编号", "受理时间", "客户单位"])
    else:
        ws.title = "交接班"
        ws.append(["日期", "班次", "交班人", "接班人"])
        ws.append(["2026/11/3", "早班", marker or "李娜", "王芳"])
    settings = wb.create_sheet("参数")
    settings.append(["参数", "值", "说明"])
    settings.append(["分公司", branch, ""])
    if expected:
        settings.append(["应报分公司", expected, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def b64(data: bytes) -> bytes:
    text = base64.b64encode(data)
    return b"\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def words(text: str, charset: str, split: int = 0) -> str:
    """RFC 2047 B words; `split` cuts the bytes there (Outlook cuts inside a character)."""
    raw = text.encode(charset)
    chunks = [raw[:split], raw[split:]] if split else [raw]
    return "\n ".join(f"=?{charset}?B?{base64.b64encode(c).decode()}?=" for c in chunks)


def part(headers: str | bytes, data: bytes) -> bytes:
    head = headers.encode("utf-8") if isinstance(headers, str) else headers
    return (
        head.strip().replace(b"\n", b"\r\n")
        + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b64(data)
    )


def message(headers: str, parts: list[bytes], boundary: str) -> bytes:
    head = headers.strip().replace("\n", "\r\n")
    out = [
        head.encode("utf-8"),
        f'\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n\tboundary="{boundary}"'.encode(),
        b"\r\n\r\nThis is a multi-part message in MIME format.\r\n",
    ]
    for p in parts:
        out += [f"\r\n--{boundary}\r\n".encode(), p]
    out.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(out)


def text_body(charset: str) -> bytes:
    return part(
        f'Content-Type: text/plain;\n\tcharset="{charset}"',
        "附件是本月报表，请查收。".encode(charset),
    )


def outlook(sender: str, address: str, subject: str, name: str, data: bytes, mid: str) -> bytes:
    """Outlook 16 (Chinese Windows): GB2312 words, a name's bytes cut across two words."""
    encoded = words(name, "gb2312" if _gb2312(name) else "gbk", split=7)
    return message(
        f"""From: "{words(sender, "gb2312")}" <{address}>
To: <{USER}>
Subject: {words(subject, "gb2312")}
Date: Mon, 30 Nov 2026 17:45:12 +0800
Message-ID: <{mid}@branch.example.com>
X-Mailer: Microsoft Outlook 16.0
Content-Language: zh-cn""",
        [
            text_body("gb2312"),
            part(
                f'Content-Type: {XLSX};\n\tname="{encoded}"\nContent-Disposition: attachment;\n\tfilename="{encoded}"',
                data,
            ),
            part(
                'Content-Type: image/png;\n\tname="image001.png"\nContent-Disposition: inline;\n\tfilename="image001.png"\nContent-ID: <image001.png@01DB4321>',
                b"\x89PNG\r\n\x1a\nfake",
            ),
        ],
        "----=_NextPart_000_0001_01DB4321.5A6B7C80",
    )


def _gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def foxmail(
    sender: str,
    address: str,
    subject: str,
    name: str,
    data: bytes,
    raw: bool = False,
    encoding: str = "gbk",
) -> bytes:
    """Foxmail 7 (Windows): GBK words; with `raw`, the old 8-bit names, unlabelled, in the
    system's `encoding` (GBK on a mainland Windows, Big5 on a Taiwan one)."""
    shown = name.encode(encoding) if raw else words(name, "GBK").encode()
    headers = (
        b'Content-Type: application/octet-stream;\n\tname="' + shown + b'"\n'
        b'Content-Disposition: attachment;\n\tfilename="' + shown + b'"'
    )
    return message(
        f"""Date: Tue, 1 Dec 2026 10:34:26 +0800
From: "{words(sender, "GBK")}" <{address}>
To: "kefu" <{USER}>
Subject: {words(subject, "GBK")}
X-Priority: 3
X-Has-Attach: yes
X-Mailer: Foxmail 7.2.25.228[cn]
Message-ID: <20261201103426{len(name)}{int(raw)}93@branch.example.com>""",
        [text_body("GBK"), part(headers, data)],
        "----=_001_NextPart572182624333_=----",
    )


def qq(sender: str, subject: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    """QQ Mail (web): UTF-8 words, octet-stream with a charset parameter."""
    parts = [text_body("utf-8")]
    for name, data, ctype in attachments:
        encoded = words(name, "utf-8")
        parts.append(
            part(
                f'Content-Type: {ctype}; charset="utf-8"; name="{encoded}"\nContent-Disposition: attachment; filename="{encoded}"',
                data,
            )
        )
    return message(
        f"""From: "{words(sender, "utf-8")}" <1234567{len(sender)}@qq.com>
To: "{USER}" <{USER}>
Subject: {words(subject, "utf-8")}
Mime-Version: 1.0
Date: Mon, 30 Nov 2026 21:02:11 +0800
X-Priority: 3
Message-ID: <tencent_5F3A1B2C{len(subject)}D4E5F60718293A4B5C6D7E8F9@qq.com>
X-QQ-MIME: TCMime 1.0 by Tencent
X-Mailer: QQMail 2.x
X-QQ-Mailer: QQMail 2.x""",
        parts,
        "----=_NextPart_6569E3A3_0F2B1C80_3D4E5F60",
    )


def netease(sender: str, subject: str, name: str, data: bytes) -> bytes:
    """163 (Coremail webmail): RFC 2231 names in continuations, UTF-8 percent-escaped."""
    escaped = quote(name.encode("utf-8"), safe="")
    cut = escaped.find("%", len(escaped) // 2)
    return message(
        f"""Date: Mon, 30 Nov 2026 16:20:05 +0800 (CST)
From: {words(sender, "UTF-8")} <nj_kefu@163.com>
To: {USER}
Subject: {words(subject, "UTF-8")}
X-Priority: 3
X-Mailer: Coremail Webmail Server Version 2023.1-cmXT5 build 20231205(b3a3d9ea)
Message-ID: <3c1d4e2f.18f0.18e2a1b2c3d.Coremail.nj_kefu@163.com>""",
        [
            text_body("UTF-8"),
            part(
                f"Content-Type: {XLSX};\n\tname*0*=UTF-8''{escaped[:cut]};\n\tname*1*={escaped[cut:]}\n"
                f"Content-Disposition: attachment;\n\tfilename*0*=UTF-8''{escaped[:cut]};\n\tfilename*1*={escaped[cut:]}",
                data,
            ),
        ],
        "----=_Part_123456_789012345.1701332405123",
    )


def phone(
    sender: str,
    address: str,
    subject: str,
    name: str,
    data: bytes,
    charset: str = "utf-8",
    name_only: bool = False,
) -> bytes:
    """iPhone Mail: RFC 2231 `filename*=charset''…` (any charset); with `name_only`, the
    Android way: the name only in Content-Type (Q words), a bare `attachment`."""
    if name_only:
        q = "".join(f"={b:02X}" for b in name.encode("utf-8"))
        headers = (
            f'Content-Type: {XLSX};\n\tname="=?UTF-8?Q?{q}?="\nContent-Disposition: attachment'
        )
    else:
        escaped = quote(name.encode(charset), safe="")
        headers = (
            f'Content-Type: {XLSX};\n\tx-unix-mode=0644;\n\tname="{words(name, charset)}"\n'
            f"Content-Disposition: attachment;\n\tfilename*={charset}''{escaped}"
        )
    return message(
        f"""From: {words(sender, "utf-8")} <{address}>
Subject: {words(subject, "utf-8")}
Date: Mon, 30 Nov 2026 22:15:40 +0800
Message-Id: <8A1B2C3D-{len(name)}{charset}-4E5F-A6B7-C8D9E0F1A2B3@example.com>
To: {USER}
X-Mailer: iPhone Mail (21G93)""",
        [text_body("utf-8"), part(headers, data)],
        "Apple-Mail-6F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0",
    )


def mailed(branch: str, subject: str, data: bytes, when: datetime) -> tuple[bytes, datetime]:
    """A QQ Mail message from `branch` with its 回访登记表, received at `when`."""
    return qq(branch, subject, [(f"{branch}-回访登记表.xlsx", data, XLSX)]), when


def bare(sender: str, address: str, data: bytes, name: str = "", mid: str = "bare") -> bytes:
    """An attachment with no name at all (or Outlook's placeholder ATT00001.xlsx)."""
    params = f';\n\tname="{name}"' if name else ""
    disposition = f';\n\tfilename="{name}"' if name else ""
    return message(
        f"""From: {words(sender, "utf-8")} <{address}>
To: {USER}
Subject: {words("报表", "utf-8")}
Date: Mon, 30 Nov 2026 09:00:00 +0800
Message-ID: <{mid}@example.com>""",
        [
            text_body("utf-8"),
            part(
                f"Content-Type: {XLSX}{params}\nContent-Disposition: attachment{disposition}", data
            ),
        ],
        "b1_bare",
    )


def _legacy_entry(encoding: str) -> type[zipfile.ZipInfo]:
    """Entries whose names are stored as `encoding` bytes without the UTF-8 flag, as Windows
    stores them (GBK on a mainland one, Big5 on a Taiwan one)."""

    class Legacy(zipfile.ZipInfo):
        def _encodeFilenameFlags(self) -> tuple[bytes, int]:
            return self.filename.encode(encoding), self.flag_bits

    return Legacy


def zipped(entries: list[tuple[str, bytes]], legacy: str = "gbk") -> bytes:
    """A .zip as Windows' 发送到 › 压缩文件夹 makes it: names in the system's `legacy`
    encoding without the UTF-8 flag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = _legacy_entry(legacy)(name, date_time=(2026, 11, 30, 18, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def _patch_sizes(data: bytes, size: int) -> bytes:
    """The zip's declared uncompressed sizes all set to `size` (local and central headers)."""
    out = bytearray(data)
    i = 0
    while (i := out.find(b"PK\x03\x04", i)) >= 0:
        out[i + 22 : i + 26] = size.to_bytes(4, "little")
        i += 4
    i = 0
    while (i := out.find(b"PK\x01\x02", i)) >= 0:
        out[i + 24 : i + 28] = size.to_bytes(4, "little")
        i += 4
    return bytes(out)


# Dovecot takes an APPEND's date only when it is not in the future: the month two before today's
MONTH = add_months(month_start(date.today()), -2)
NEXT, PREV, M = add_months(MONTH, 1), add_months(MONTH, -1), MONTH.month
CN_MONTH = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"][M - 1]


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CST)


WHEN = at(month_span(MONTH)[1])


# ---------------------------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------------------------


def test_every_client_s_names_are_decoded(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = {
        f"南京分公司回访登记表{MONTH.year}年{M}月（镕）.xlsx": workbook(
            "南京分公司", marker="南京"
        ),
        f"苏州分公司交接班记录{M}月.xlsx": workbook("苏州分公司", "handover", "苏州"),
        "无锡分公司回访登记表.xlsx": workbook("无锡分公司", marker="无锡"),
        "常州分公司 交接班记录.xlsx": workbook("常州分公司", "handover", "常州"),
        f"镇江分公司-回访登记表-{CN_MONTH}月.xlsx": workbook("镇江分公司", marker="镇江"),
        "南通分公司回访登记表.xlsx": workbook("南通分公司", marker="南通"),
        "臺北分公司回訪登記表.xlsx": workbook("臺北分公司", marker="臺北"),
        "徐州分公司回访登记表.xlsx": workbook("徐州分公司", marker="徐州"),
        "连云港分公司回访登记表.xlsx": workbook("连云港分公司", marker="连云港"),
        "宿迁分公司交接班记录.xlsx": workbook("宿迁分公司", "handover", "宿迁"),
    }
    names = list(books)
    zip_books = {
        "泰州分公司/回访登记表.xlsx": workbook("泰州分公司", marker="泰州"),
        "泰州分公司/交接班记录.xlsx": workbook("", "handover", "泰州"),
        "泰州分公司/说明.txt": b"readme",
    }
    unnamed = workbook("", marker="淮安")
    placeholder = workbook("", "handover", "扬州")
    load_mailbox(
        imap_env,
        "names",
        [
            (
                outlook(
                    "南京分公司",
                    "nj@branch.example.com",
                    f"{M}月回访登记表",
                    names[0],
                    books[names[0]],
                    "000001db",
                ),
                WHEN,
            ),
            (
                foxmail(
                    "苏州分公司", "sz@branch.example.com", "交接班记录", names[1], books[names[1]]
                ),
                WHEN,
            ),
            (
                foxmail(
                    "无锡分公司",
                    "wx@branch.example.com",
                    "回访登记表",
                    names[2],
                    books[names[2]],
                    raw=True,
                ),
                WHEN,
            ),
            (
                qq(
                    "常州分公司",
                    "报表",
                    [
                        (names[3], books[names[3]], "application/octet-stream"),
                        ("说明.pdf", b"%PDF-1.4 fake", "application/pdf"),
                    ],
                ),
                WHEN,
            ),
            (netease("镇江分公司", "回访登记表", names[4], books[names[4]]), WHEN),
            (phone("南通分公司", "nt@example.com", "回访", names[5], books[names[5]]), WHEN),
            (
                phone(
                    "臺北分公司",
                    "tp@example.com",
                    "回訪",
                    names[6],
                    books[names[6]],
                    charset="big5",
                ),
                WHEN,
            ),
            (
                phone(
                    "徐州分公司",
                    "xz@example.com",
                    "回访",
                    names[7],
                    books[names[7]],
                    name_only=True,
                ),
                WHEN,
            ),
            (
                outlook(
                    "连云港分公司",
                    "lyg@branch.example.com",
                    "回访登记表",
                    names[8],
                    books[names[8]],
                    "000002db",
                ),
                WHEN,
            ),
            (
                foxmail("宿迁分公司", "sq@branch.example.com", "交接班", names[9], books[names[9]]),
                WHEN,
            ),
            (
                qq(
                    "泰州分公司",
                    f"{CN_MONTH}月报表",
                    [
                        (
                            f"泰州分公司{M}月.zip",
                            zipped(list(zip_books.items())),
                            "application/x-zip-compressed",
                        )
                    ],
                ),
                WHEN,
            ),
            (bare("淮安分公司", "ha@example.com", unnamed), WHEN),
            (
                bare("扬州分公司", "yz@example.com", placeholder, name="ATT00001.xlsx", mid="att1"),
                WHEN,
            ),
        ],
    )
    out = tmp_path / "收取"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "names")
    assert code == 0, text + err
    expected = {
        **books,
        "回访登记表.xlsx": zip_books["泰州分公司/回访登记表.xlsx"],
        "交接班记录.xlsx": zip_books["泰州分公司/交接班记录.xlsx"],
        "淮安分公司-回访登记表.xlsx": unnamed,
        "扬州分公司-交接班记录.xlsx": placeholder,
    }
    saved = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "collect.json"}
    assert sorted(saved) == sorted(expected), text
    for name, data in expected.items():
        assert saved[name] == data, name
    assert "读了 13 封邮件，新存 14 个文件，跳过 0 个，重复 0 个" in text
    assert "非工作簿附件 4 个" in text  # 说明.pdf, two image001.png, 说明.txt in the zip
    ledger = json.loads((out / "collect.json").read_text(encoding="utf-8"))
    entry = next(f for f in ledger["files"] if f["file"] == names[0])
    assert entry["sources"][0]["sender"] == "南京分公司 <nj@branch.example.com>"
    assert entry["sources"][0]["subject"] == f"{M}月回访登记表"
    assert entry["sources"][0]["message_id"] == "<000001db@branch.example.com>"
    assert entry["sources"][0]["date"] == "2026-11-30T17:45:12+08:00"
    assert entry["sha256"] == hashlib.sha256(books[names[0]]).hexdigest()
    zip_entry = next(f for f in ledger["files"] if f["file"] == "回访登记表.xlsx")
    assert zip_entry["sources"][0]["in_zip"] == f"泰州分公司{M}月.zip"
    # the branches: from 参数, else the file name (淮安, 扬州: named after their senders)
    assert "分公司：收到 13 个" in text  # 泰州's two files are one branch
    assert "交接班记录.xlsx → 泰州分公司" in text  # no 参数 branch: the .zip's name tells it


def test_a_name_sent_without_a_charset_is_read_plausibly_or_said(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Old Foxmail sends a name as the system's bytes with no charset. Big5 bytes read as GBK
    give kana and private-use characters: the Big5 reading is the only plausible one and is
    used. `南京` in GBK reads as Big5 `鰍儔` just as plausibly: the report names both
    readings and the one used, and the name tells no branch (参数 still does)."""
    kaohsiung = "高雄分公司-回訪登記表.xlsx"
    load_mailbox(
        imap_env,
        "raw",
        [
            (
                foxmail(
                    "高雄分公司",
                    "kh@branch.example.com",
                    "回訪登記表",
                    kaohsiung,
                    workbook(marker="高雄"),
                    raw=True,
                    encoding="big5",
                ),
                WHEN,
            ),
            (
                foxmail(
                    "南京",
                    "nj@branch.example.com",
                    "报表",
                    "南京.xlsx",
                    workbook(marker="南京"),
                    raw=True,
                ),
                WHEN,
            ),
            (
                foxmail(
                    "镇江分公司",
                    "zj@branch.example.com",
                    "回访",
                    "南京 回访.xlsx",  # sent on 南京's behalf; its 参数 says 镇江分公司
                    workbook(
                        "镇江分公司", marker="镇江", expected="南京分公司、高雄分公司、镇江分公司"
                    ),
                    raw=True,
                ),
                WHEN,
            ),
        ],
    )
    out = tmp_path / "收取"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "raw")
    assert code == 1, text + err  # 南京分公司 cannot be told from its name: missing
    saved = sorted(p.name for p in out.iterdir() if p.name != "collect.json")
    assert saved == sorted([kaohsiung, "南京.xlsx", "南京 回访.xlsx"])
    assert "南京.xlsx（南京 <nj@branch.example.com>）：附件名未标明编码，按GBK读作“南京.xlsx”；也可按Big5读作“鰍儔.xlsx”" in text  # fmt: skip
    assert "按GBK读作“南京 回访.xlsx”；也可按Big5读作“鰍儔 隙溼.xlsx”" in text
    assert kaohsiung + "（" not in text  # one plausible reading: nothing to say
    assert "未按名称判断" in text and "南京.xlsx（附件名未标明编码，可读作GBK“南京.xlsx”、Big5“鰍儔.xlsx”）" in text  # fmt: skip
    assert "分公司：收到 2 个（高雄分公司、镇江分公司），应报 3 个；缺：南京分公司" in text, text
    ledger = json.loads((out / "collect.json").read_text(encoding="utf-8"))
    readings = {f["file"]: f["sources"][0]["name_readings"] for f in ledger["files"]}
    assert readings == {
        kaohsiung: {},
        "南京.xlsx": {"GBK": "南京.xlsx", "Big5": "鰍儔.xlsx"},
        "南京 回访.xlsx": {"GBK": "南京 回访.xlsx", "Big5": "鰍儔 隙溼.xlsx"},
    }


def test_hostile_mail_is_refused_and_named(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = workbook("南京分公司", marker="好")
    bomb_declared = _patch_sizes(zipped([("回访登记表.xlsx", good)]), 0xFFFFFFF0)
    bomb_actual = _patch_sizes(zipped([("交接班记录.xlsx", b"\0" * (8 * 1024 * 1024))]), 1000)
    outside = zipped([("../../逃出.xlsx", good), ("/etc/绝对.xlsx", good), ("正常.xlsx", good)])
    load_mailbox(
        imap_env,
        "hostile",
        [
            (
                qq(
                    "坏人",
                    "报表",
                    [
                        ("../../../tmp/上级.xlsx", good, XLSX),
                        ("/etc/绝对路径.xlsx", good, XLSX),
                        ("C:\\Users\\坏人\\桌面.xlsx", good, XLSX),
                        ("CON.xlsx", good, XLSX),
                        ("lpt1.report.xlsx", good, XLSX),
                        ("假的.xlsx", b"<html>not a workbook</html>", XLSX),
                        ("炸弹1.zip", bomb_declared, "application/zip"),
                        ("炸弹2.zip", bomb_actual, "application/zip"),
                        ("越界.zip", outside, "application/zip"),
                    ],
                ),
                WHEN,
            ),
        ],
    )
    out = tmp_path / "out"
    before = sorted(p.name for p in tmp_path.iterdir())
    code, text, err = collect(capsys, "-o", str(out), "--folder", "hostile")
    assert code == 1, text + err
    assert sorted(p.name for p in out.iterdir()) == ["collect.json", "正常.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "out"])
    assert not Path("/tmp/上级.xlsx").exists()
    lines = text.splitlines()

    def said(name: str, reason: Refusal) -> bool:
        return any(name in line and reason.value in line for line in lines)

    assert said("../../../tmp/上级.xlsx", Refusal.PATH)
    assert said("/etc/绝对路径.xlsx", Refusal.PATH)
    assert said("C:\\Users\\坏人\\桌面.xlsx", Refusal.PATH)
    assert said("CON.xlsx", Refusal.RESERVED)
    assert said("lpt1.report.xlsx", Refusal.RESERVED)
    assert said("假的.xlsx", Refusal.NOT_WORKBOOK)
    assert said("炸弹1.zip", Refusal.BOMB)
    assert said("炸弹2.zip/交接班记录.xlsx", Refusal.ZIP_MISMATCH)
    assert said("越界.zip/../../逃出.xlsx", Refusal.PATH)
    assert said("越界.zip//etc/绝对.xlsx", Refusal.PATH)
    assert "新存 1 个文件，跳过 10 个" in text


def _qq_large_file_link(sender: str, subject: str, name: str) -> bytes:
    """QQ Mail's 超大附件: no attachment, the file named beside its download link (a text and
    an HTML version of the body, multipart/alternative)."""
    link = "https://mail.qq.com/cgi-bin/ftnExs_download?k=2a3b4c5d&t=exs_ftn_download&code=7f1e"
    plain = (
        f"从QQ邮箱发来的超大附件\n\n{name} (1.2M, 2026年12月15日 10:02 到期)\n进入下载页面：{link}"
    )
    html = (
        f"<div>从QQ邮箱发来的超大附件</div><div><a href='{link}'>"
        f"<span>{name}</span></a> (1.2M, 2026年12月15日 10:02 到期)</div>"
    )
    boundary = "----=_NextPart_6569E3A4_0F2B1C80_3D4E5F61"
    body = [
        part('Content-Type: text/plain; charset="utf-8"', plain.encode("utf-8")),
        part('Content-Type: text/html; charset="utf-8"', html.encode("utf-8")),
    ]
    return message(
        f"""From: "{words(sender, "utf-8")}" <12345678@qq.com>
To: "{USER}" <{USER}>
Subject: {words(subject, "utf-8")}
Date: Mon, 30 Nov 2026 21:05:11 +0800
Message-ID: <tencent_link{len(name)}@qq.com>""",
        body,
        boundary,
    ).replace(b"multipart/mixed", b"multipart/alternative", 1)


def test_a_register_sent_as_rar_wps_or_a_download_link_is_named_with_what_to_do(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Branches send their register in a .rar, saved by WPS as .et, inside a .zip as .xlsb,
    or as QQ Mail's 超大附件 link: each is named with what to do, the branch is missing, and
    collect exits 1 — not counted among "非工作簿附件" with only the branch missing to show.
    LibreOffice's .ods is saved (csbook reads it).
    A mail of thanks (text, no link) and a picture are passed over without a word."""
    good = workbook("南京分公司", marker="好")
    ods = zipped(
        [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")]
    )
    load_mailbox(
        imap_env,
        "formats",
        [
            (qq("南京客服", "南京11月报表", [("南京分公司-回访登记表.xlsx", good, XLSX)]), WHEN),
            (
                qq(
                    "苏州客服",
                    "苏州11月报表",
                    [("苏州分公司11月.rar", b"Rar!\x1a\x07\x00", "application/x-rar-compressed")],
                ),
                WHEN,
            ),
            (
                qq(
                    "无锡客服",
                    "无锡11月报表",
                    [("无锡分公司-回访登记表.et", b"\xd0\xcf\x11\xe0", "application/octet-stream")],
                ),
                WHEN,
            ),
            (
                qq(
                    "常州客服",
                    "常州11月报表",
                    [
                        (
                            "常州11月.zip",
                            zipped(
                                [("常州分公司-回访登记表.xlsb", b"PK\x03\x04"), ("说明.txt", b"hi")]
                            ),
                            "application/zip",
                        )
                    ],
                ),
                WHEN,
            ),
            (_qq_large_file_link("扬州客服", "扬州11月报表", "扬州分公司-回访登记表.xlsx"), WHEN),
            (qq("杭州客服", "杭州11月报表", [("杭州分公司-回访登记表.ods", ods, ODS)]), WHEN),
            (
                (
                    f"From: boss@example.com\r\nTo: {USER}\r\nSubject: 收到\r\n"
                    "Date: Mon, 30 Nov 2026 22:00:00 +0800\r\nMessage-ID: <thanks@example.com>\r\n"
                    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: 8bit\r\n\r\n"
                    "收到，谢谢。制度见 https://example.com/zhidu.pdf\r\n"
                ).encode(),
                WHEN,
            ),
        ],
    )
    out = tmp_path / "out"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "formats")
    assert code == 1, text + err
    assert sorted(p.name for p in out.iterdir()) == [
        "collect.json",
        "南京分公司-回访登记表.xlsx",
        "杭州分公司-回访登记表.ods",  # LibreOffice's own: read as well
    ]
    lines = text.splitlines()

    def said(name: str, reason: Refusal) -> bool:
        return any(name in line and reason.value in line for line in lines)

    assert said("苏州分公司11月.rar", Refusal.OTHER_ARCHIVE)
    assert said("无锡分公司-回访登记表.et", Refusal.OTHER_FORMAT)
    assert said("常州11月.zip/常州分公司-回访登记表.xlsb", Refusal.OTHER_FORMAT)
    assert said("扬州分公司-回访登记表.xlsx", Refusal.LINK_ONLY)
    assert not any("boss@" in line or "zhidu" in line for line in lines), text
    assert "新存 2 个文件，跳过 4 个" in text, text
    assert "非工作簿附件 1 个" in text, text  # 说明.txt


def test_nothing_lost_nothing_doubled_and_the_mailbox_untouched(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nanjing = workbook("南京分公司", marker="1", expected="南京分公司，苏州分公司")
    suzhou = workbook("苏州分公司", marker="2")
    load_mailbox(
        imap_env,
        "dupes",
        [
            (
                outlook(
                    "南京分公司",
                    "nj@branch.example.com",
                    "回访登记表",
                    "回访登记表.xlsx",
                    nanjing,
                    "first",
                ),
                WHEN,
            ),
            (
                outlook(
                    "南京分公司",
                    "nj@branch.example.com",
                    "回访登记表（重发）",
                    "回访登记表.xlsx",
                    nanjing,
                    "again",
                ),
                WHEN + timedelta(hours=1),
            ),
            (
                outlook(
                    "苏州分公司",
                    "sz@branch.example.com",
                    "回访登记表",
                    "回访登记表.xlsx",
                    suzhou,
                    "other",
                ),
                WHEN + timedelta(hours=2),
            ),
        ],
    )
    out = tmp_path / "out"
    code, text, _ = collect(capsys, "-o", str(out), "--folder", "dupes")
    assert code == 0
    assert (out / "回访登记表.xlsx").read_bytes() == nanjing
    assert (out / "回访登记表(2).xlsx").read_bytes() == suzhou
    assert "新存 2 个文件，跳过 0 个，重复 1 个" in text
    assert "应报 2 个，已收齐" in text  # the list in the workbooks' 参数
    ledger = json.loads((out / "collect.json").read_text(encoding="utf-8"))
    first = next(f for f in ledger["files"] if f["file"] == "回访登记表.xlsx")
    assert [s["subject"] for s in first["sources"]] == ["回访登记表", "回访登记表（重发）"]
    flags = mailbox_flags(imap_env, "dupes")
    assert len(flags) == 3 and not any("\\Seen" in f for f in flags)

    code, text, _ = collect(capsys, "-o", str(out), "--folder", "dupes")  # again: nothing new
    assert "新存 0 个文件，跳过 0 个，重复 3 个" in text
    assert json.loads((out / "collect.json").read_text(encoding="utf-8")) == ledger
    assert sorted(p.name for p in out.iterdir()) == [
        "collect.json",
        "回访登记表(2).xlsx",
        "回访登记表.xlsx",
    ]
    assert not any("\\Seen" in f for f in mailbox_flags(imap_env, "dupes"))

    code, text, _ = collect(capsys, "-o", str(out), "--folder", "dupes", "--mark-seen")
    flags = mailbox_flags(imap_env, "dupes")
    assert len(flags) == 3 and all("\\Seen" in f for f in flags)


def test_the_month_and_its_first_days_after(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def sent(branch: str, name: str, when: datetime, marker: str) -> tuple[bytes, datetime]:
        data = workbook(branch, marker=marker)
        return qq(branch, "报表", [(name, data, XLSX)]), when

    load_mailbox(
        imap_env,
        "window",
        [
            sent(
                "南京分公司",
                f"南京分公司{add_months(MONTH, -1).month}月.xlsx",
                at(MONTH - timedelta(days=3), 9),
                "a",
            ),
            sent("南京分公司", "南京分公司回访登记表.xlsx", at(MONTH.replace(day=15), 9), "b"),
            sent("苏州分公司", f"苏州分公司{M}月回访登记表.xlsx", at(NEXT.replace(day=2), 9), "c"),
            sent(
                "苏州分公司",
                f"苏州分公司{NEXT.month}月第一周.xlsx",
                at(NEXT.replace(day=3), 9),
                "d",
            ),
            sent("常州分公司", "常州分公司回访登记表.xlsx", at(NEXT.replace(day=4), 9), "e"),
            sent("南京分公司", f"南京分公司{NEXT.month}月.xlsx", at(NEXT.replace(day=20), 9), "f"),
        ],
    )
    Path("csbook.toml").write_text(
        '[settings]\n"应报分公司" = "南京分公司、苏州分公司、常州分公司、无锡分公司"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "window")
    assert code == 1, text + err
    assert sorted(p.name for p in out.iterdir()) == [
        "collect.json",
        "南京分公司回访登记表.xlsx",
        "常州分公司回访登记表.xlsx",
        f"苏州分公司{M}月回访登记表.xlsx",
    ]
    assert "读了 4 封邮件" in text, text  # 28 Oct and 20 Dec are outside the search
    assert any(
        f"苏州分公司{NEXT.month}月第一周.xlsx" in line and month_label(NEXT) in line
        for line in text.splitlines()
    )
    assert any(
        "常州分公司回访登记表.xlsx" in line and "未写明月份" in line for line in text.splitlines()
    )
    assert "应报 4 个；缺：无锡分公司" in text

    code, text, err = collect(
        capsys,
        "-o",
        str(tmp_path / "since"),
        "--folder",
        "window",
        "--since",
        f"{MONTH - timedelta(days=5)}",
    )
    assert "读了 5 封邮件" in text, text
    earlier = f"南京分公司{add_months(MONTH, -1).month}月.xlsx"
    # --since widens the search, not the month: the earlier month's workbook is left for it
    assert not (tmp_path / "since" / earlier).exists()
    assert any(
        earlier in line and f"写明的是{month_label(PREV)}，不是{month_label(MONTH)}的报表" in line
        for line in text.splitlines()
    ), text


def test_since_widens_the_search_not_the_month(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clerk's case: 苏州 mails its earlier month's register the evening before the month
    begins, then the month's own under the same name. With --since that evening, the earlier
    one is skipped and said, and the month's keeps its name; a mail of that evening naming the
    month is taken, one naming no month is taken and said."""
    eve = MONTH - timedelta(days=1)
    earlier = workbook("苏州分公司", marker="上月")
    own = workbook("苏州分公司", marker="本月")
    load_mailbox(
        imap_env,
        "since",
        [
            mailed("苏州分公司", f"苏州{PREV.month}月报表", earlier, at(eve, 23)),
            mailed("南京分公司", f"南京{M}月报表", workbook("南京分公司"), at(eve, 21)),
            mailed("无锡分公司", "报表", workbook("无锡分公司"), at(eve, 20)),
            mailed("苏州分公司", "报表", own, WHEN),
        ],
    )
    out = tmp_path / "out"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "since", "--since", f"{eve}")
    assert code == 0, text + err
    assert "读了 4 封邮件，新存 3 个文件，跳过 1 个" in text, text + err
    assert (out / "苏州分公司-回访登记表.xlsx").read_bytes() == own
    assert not (out / "苏州分公司-回访登记表(2).xlsx").exists()
    lines = text.splitlines()
    assert any(
        line.startswith("  苏州分公司-回访登记表.xlsx")
        and f"写明的是{month_label(PREV)}，不是{month_label(MONTH)}的报表" in line
        for line in lines
    ), text
    assert not any("按收到日期计入" in line for line in lines), text
    said = f"{eve} 收到）：本月前收到，未写明月份，按{month_label(MONTH)}的报表收下"
    assert any(line.startswith("  无锡分公司-回访登记表.xlsx（") and said in line for line in lines)
    assert not any("南京分公司-回访登记表.xlsx（" in line for line in lines), text


def test_a_password_and_a_branch_not_expected_are_said_at_once(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """温州 sends its register with an open password: refused at once (the branch must resend
    it without one), and its message is not marked read as taken; 镇江, not on 应报分公司,
    is received and said."""
    plain = io.BytesIO(workbook("温州分公司", marker="温州"))
    locked = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("pw", locked)
    nanjing = workbook("南京分公司", marker="南京")
    load_mailbox(
        imap_env,
        "extras",
        [
            mailed("南京分公司", f"南京{M}月报表", nanjing, WHEN),
            mailed("温州分公司", f"温州{M}月报表", locked.getvalue(), WHEN),
            mailed("镇江分公司", f"镇江{M}月报表", workbook("镇江分公司", marker="镇江"), WHEN),
        ],
    )
    Path("csbook.toml").write_text(
        '[settings]\n"应报分公司" = "南京分公司、苏州分公司"\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    code, text, err = collect(capsys, "-o", str(out), "--folder", "extras", "--mark-seen")
    assert code == 1, text + err
    assert sorted(p.name for p in out.iterdir()) == [
        "collect.json",
        "南京分公司-回访登记表.xlsx",
        "镇江分公司-回访登记表.xlsx",
    ]
    assert any(
        line.startswith("  温州分公司-回访登记表.xlsx（温州分公司 <")
        and "工作簿设有打开密码，无法读取：请发件人另存为无密码的副本后重发" in line
        for line in text.splitlines()
    ), text
    assert (
        "分公司：收到 2 个（南京分公司、镇江分公司），应报 2 个；缺：苏州分公司；"
        "不在应报名单：镇江分公司" in text
    ), text
    flags = mailbox_flags(imap_env, "extras")
    assert ["\\Seen" in f for f in flags] == [True, False, True], flags


@pytest.fixture(params=["UTC", "Asia/Shanghai"])
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """This machine's time zone: a server's UTC, or an office PC's."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_month_is_china_s_whatever_the_server_s_clock(
    imap_env: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], machine_zone: str
) -> None:
    """The server keeps UTC. 杭州's report of the month mailed on its 1st at 00:30 Beijing
    time (the day before, in UTC) is the month's, its year-less M月 this year's; 宁波's of the
    next month mailed on that month's 1st at 00:30 is the next month's; 温州's mailed on the
    11th of the next month at 00:30 is past the month's ten days of grace."""
    hangzhou = workbook("杭州分公司", marker="杭州")
    half_past = timedelta(minutes=30)
    folder = "boundary-" + machine_zone.replace("/", "-")
    load_mailbox(
        imap_env,
        folder,
        [
            mailed("杭州分公司", f"杭州{M}月报表", hangzhou, at(MONTH, 0) + half_past),
            mailed(
                "宁波分公司",
                f"宁波{NEXT.month}月报表",
                workbook("宁波分公司"),
                at(NEXT, 0) + half_past,
            ),
            mailed(
                "温州分公司",
                "报表",
                workbook("温州分公司"),
                at(NEXT.replace(day=GRACE_DAYS + 1), 0) + half_past,
            ),
        ],
    )
    out = tmp_path / "out"
    code, text, err = collect(capsys, "-o", str(out), "--folder", folder)
    assert code == 0, text + err
    assert "读了 2 封邮件，新存 1 个文件，跳过 1 个" in text, text + err
    assert (out / "杭州分公司-回访登记表.xlsx").read_bytes() == hangzhou
    assert "杭州分公司-回访登记表.xlsx（" not in text  # nothing to say: the month's, named so
    assert any(
        "宁波分公司-回访登记表.xlsx" in line
        and f"写明的是{month_label(NEXT)}，不是{month_label(MONTH)}的报表" in line
        for line in text.splitlines()
    ), text
    assert "温州" not in text

    before = str(tmp_path / "before")
    main(["collect", "--month", f"{PREV:%Y-%m}", "-o", before, "--folder", folder])
    text = capsys.readouterr().out
    assert "读了 1 封邮件，新存 0 个文件，跳过 1 个" in text, text
    assert any(
        "杭州分公司-回访登记表.xlsx" in line
        and f"写明的是{month_label(MONTH)}，不是{month_label(PREV)}的报表" in line
        for line in text.splitlines()
    ), text


def test_none_is_plain_imap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`security = "none"` in csbook.toml on an intranet server that offers no TLS at all:
    plain IMAP, after the warning; `starttls` there says the server does not offer it."""
    monkeypatch.chdir(tmp_path)
    data = workbook("南京分公司", marker="plain")
    with running_dovecot(tls=False) as plain:
        load_mailbox(plain, "INBOX", [mailed("南京分公司", "报表", data, WHEN)])
        settings = {
            "HOST": "127.0.0.1",
            "PORT": str(plain.port),
            "USER": USER,
            "PASSWORD": PASSWORD,
        }
        for key, value in settings.items():
            monkeypatch.setenv(f"CSBOOK_IMAP_{key}", value)
        for key in ("SECURITY", "CAFILE"):
            monkeypatch.delenv(f"CSBOOK_IMAP_{key}", raising=False)
        Path("csbook.toml").write_text('[imap]\nsecurity = "none"\n', encoding="utf-8")
        code, text, err = collect(capsys, "-o", str(tmp_path / "out"))
        assert code == 0, text + err
        assert "警告：未加密的连接上发送登录信息（security = none）" in err
        assert (tmp_path / "out" / "南京分公司-回访登记表.xlsx").read_bytes() == data

        monkeypatch.setenv("CSBOOK_IMAP_SECURITY", "starttls")
        code, text, err = collect(capsys, "-o", str(tmp_path / "again"))
        assert code == 2 and "不支持 STARTTLS" in err, text + err
        assert PASSWORD not in text + err


@pytest.mark.parametrize("security", ["ssl", "starttls", "none"])
def test_each_security_and_a_chinese_folder(
    imap_env: Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    folder = f"分公司报表-{security}"
    data = workbook("南京分公司", marker=security)
    load_mailbox(
        imap_env,
        folder,
        [
            (
                foxmail("南京分公司", "nj@example.com", "报表", "南京分公司回访登记表.xlsx", data),
                WHEN,
            )
        ],
    )
    monkeypatch.setenv("CSBOOK_IMAP_SECURITY", security)
    if security == "ssl":
        monkeypatch.setenv("CSBOOK_IMAP_PORT", str(imap_env.tls_port))
    if security == "none":  # plain IMAP: no STARTTLS, so no certificate to trust
        monkeypatch.delenv("CSBOOK_IMAP_CAFILE")
    Path("csbook.toml").write_text(f'[imap]\nfolder = "{folder}"\n', encoding="utf-8")
    code, text, err = collect(capsys, "-o", str(tmp_path / "out"))
    assert code == 0, text + err
    assert (tmp_path / "out" / "南京分公司回访登记表.xlsx").read_bytes() == data
    assert PASSWORD not in text + err
    assert "收取邮件" not in err  # a progress bar on a terminal only


def test_failures_say_why_and_exit_2(
    imap_env: Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = str(tmp_path / "out")
    monkeypatch.setenv("CSBOOK_IMAP_PASSWORD", "wrong-密码")
    code, text, err = collect(capsys, "-o", out)
    assert code == 2 and "登录被拒绝：用户名或密码不对" in err and "wrong-密码" not in text + err

    monkeypatch.setenv("CSBOOK_IMAP_PASSWORD", PASSWORD)
    code, text, err = collect(capsys, "-o", out, "--folder", "没有这个文件夹")
    assert code == 2 and "没有文件夹“没有这个文件夹”" in err and "INBOX" in err

    monkeypatch.setenv("CSBOOK_IMAP_PORT", str(free_port()))
    code, text, err = collect(capsys, "-o", out)
    assert code == 2 and "无法连接" in err and "连接被拒绝" in err

    monkeypatch.setenv("CSBOOK_IMAP_PORT", str(imap_env.tls_port))
    monkeypatch.setenv("CSBOOK_IMAP_SECURITY", "ssl")
    monkeypatch.delenv("CSBOOK_IMAP_CAFILE")
    code, text, err = collect(capsys, "-o", out)
    assert code == 2 and "证书无法验证" in err
    assert PASSWORD not in text + err
    assert not Path(out).exists()


@pytest.mark.parametrize(
    ("text", "near", "months"),
    [
        ("南京分公司-回访登记表-11月.xlsx", date(2026, 12, 3), {date(2026, 11, 1)}),
        ("十一月份报表", date(2026, 12, 3), {date(2026, 11, 1)}),
        ("202611 苏州", date(2026, 12, 3), {date(2026, 11, 1)}),
        ("2026年12月回访", date(2026, 12, 3), {date(2026, 12, 1)}),
        ("12月", date(2027, 1, 2), {date(2026, 12, 1)}),
        ("杭州11月报表", date(2026, 10, 31), {date(2026, 11, 1)}),  # mailed the evening before
        ("1月排班", date(2026, 12, 31), {date(2027, 1, 1)}),
        ("2025年11月", date(2026, 10, 31), {date(2025, 11, 1)}),  # a year typed is kept
        ("回访登记表(2).xlsx", date(2026, 12, 3), set()),
    ],
)
def test_months_named(text: str, near: date, months: set[date]) -> None:
    assert months_named(text, near) == months


@pytest.mark.parametrize(
    ("name", "safe", "refusal"),
    [
        ("回访:登记?表.xlsx", "回访_登记_表.xlsx", None),
        ("~$回访登记表.xlsx", "回访登记表.xlsx", None),
        ("回访登记表.xlsx. ", "回访登记表.xlsx", None),
        ("..\\..\\a.xlsx", None, Refusal.PATH),
        ("aux.xlsx", None, Refusal.RESERVED),
        ("COM1.tar.xlsx", None, Refusal.RESERVED),
        ("console.xlsx", "console.xlsx", None),
    ],
)
def test_names_made_safe_or_refused(name: str, safe: str | None, refusal: Refusal | None) -> None:
    assert name_refusal(name) is refusal
    if safe is not None:
        assert safe_name(name) == safe


def test_words_cut_inside_a_character() -> None:
    """One character's bytes split between a B word and a Q word (MimeKit, and the clients
    built on it, fold long names so)."""
    raw = "回访登记表(15天内).xlsx".encode()
    cut = raw.index(b"(") - 2  # inside 表
    q = "".join(f"={b:02X}" for b in raw[cut:])
    text = f"=?utf-8?B?{base64.b64encode(raw[:cut]).decode()}?=\r\n =?utf-8?Q?{q}?="
    assert decode_words(text) == "回访登记表(15天内).xlsx"
    gb = "南京分公司回访登记表.xlsx".encode("gbk")
    assert decode_words(f"=?GB2312?B?{base64.b64encode(gb).decode()}?=") == gb.decode("gbk")
    assert decode_bytes("镕".encode("gbk"), "gb2312") == "镕"  # GBK-only, labelled GB2312


def test_zip_entry_names_from_a_big5_or_a_gbk_windows() -> None:
    """Entries without the UTF-8 flag carry the system's bytes: Big5 ones from a Taiwan
    Windows read plausibly only as Big5; GBK `南京.xlsx` reads as Big5 `鰍儔.xlsx` too, and
    the attachment keeps both readings, the one used first."""
    book = workbook(marker="zip")
    taiwan = unpack(qq("高雄分公司", "報表", [("報表.zip", zipped([("高雄分公司-回訪登記表.xlsx", book)], "big5"), "application/zip")]))  # fmt: skip
    assert [(w.name, w.readings) for w in taiwan.workbooks] == [("高雄分公司-回訪登記表.xlsx", ())]
    mainland = unpack(qq("南京", "报表", [("报表.zip", zipped([("南京.xlsx", book)]), "application/zip")]))  # fmt: skip
    (entry,) = mainland.workbooks
    assert entry.name == "南京.xlsx" and entry.in_zip == "报表.zip"
    assert [(r.encoding, r.text) for r in entry.readings] == [("GBK", "南京.xlsx"), ("Big5", "鰍儔.xlsx")]  # fmt: skip


def test_folder_names_in_modified_utf7() -> None:
    assert imap_utf7("分公司报表") == "&UgZRbFP4YqWIaA-"
    assert imap_utf7("A&B 报表") == "A&-B &YqWIaA-"
    assert imap_utf7_decode(imap_utf7("分公司报表&2026")) == "分公司报表&2026"
