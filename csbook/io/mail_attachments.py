"""The workbooks a mail message carries, whatever the sender's client did to their names.

Chinese mail clients name attachments every way the standards allow and some they do not:
RFC 2047 encoded words (Outlook splits a character's bytes across two words), RFC 2231
parameters with continuations and `charset'lang'`, GB2312 labels on GBK characters, raw GBK
bytes with no label at all, a name only in `Content-Type; name=`, or no name. A .zip's entry
names are GBK without the UTF-8 flag when Windows made it. All of these are decoded here.

Hostile mail is expected: a name holding `../` or an absolute path, a reserved Windows name,
a .zip with entries outside its root or one that unpacks past the size limit, a file named
.xlsx that is not a workbook. Each is refused with its name and the reason; nothing here
writes a file.
"""

from __future__ import annotations

import binascii
import email
import email.header
import email.message
import email.utils
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from enum import StrEnum

from .source import (
    ARCHIVE_SUFFIXES,
    CFB_DIRECTORY_BYTES,
    CFB_MAGIC,
    MAX_FILE_BYTES,
    OTHER_SHEET_SUFFIXES,
    WORKBOOK_SUFFIXES,
    ZIP_MAGIC,
    password_protected,
)

# what a branch may send its register in that csbook cannot open: refused and named with what
# to do, never counted among the "attachments that are not workbooks" (the branch would only
# show as missing, and nobody would know its register came)
OTHER_ARCHIVES = (*(s for s in ARCHIVE_SUFFIXES if s != ".zip"), ".tar", ".gz", ".tgz", ".xz")
ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/x-zip")
# what a .zip may unpack to in all; each workbook in it is held to the reader's own limit
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_NAME_CHARS = 120  # well inside the 255 bytes of a file name on Linux and Windows

# labels clients put on text that their superset encodes (GB2312 on 镕, Big5 on HKSCS)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
_GUESSES = ("utf-8", "gb18030", "big5hkscs")  # unlabelled bytes: UTF-8 fails loudly on GBK
# the encodings as staff know them, for the collect report
ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GBK", "big5hkscs": "Big5"}
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP's UTF-8 name beside a legacy-encoded one


class Refusal(StrEnum):
    """Why an attachment was not saved (shown to staff)."""

    PATH = "文件名含路径（../ 或绝对路径），拒绝保存"
    RESERVED = "文件名是 Windows 保留名，拒绝保存"
    NOT_WORKBOOK = "名为工作簿，内容却不是 Excel 工作簿"
    ENCRYPTED = "工作簿设有打开密码，无法读取：请发件人另存为无密码的副本后重发"
    TOO_BIG = "文件超过大小上限"
    BOMB = "压缩包解压后超过大小上限（可能是压缩炸弹），拒绝展开"
    ZIP_MISMATCH = "压缩包内容与声明的大小或校验值不符（损坏或压缩炸弹），拒绝展开"
    ZIP_DAMAGED = "压缩包已损坏，无法展开"
    ZIP_ENCRYPTED = "压缩包设有密码，无法展开"
    NESTED_ZIP = "压缩包里的压缩包不展开，请发件人直接附上工作簿"
    TNEF = "Outlook 的 winmail.dat 格式无法展开，请发件人改用 HTML 或纯文本格式重发"
    OTHER_ARCHIVE = "压缩包格式无法展开（只能展开 .zip）：请发件人直接附上工作簿，或改用 .zip 重发"
    OTHER_FORMAT = (
        "不是 .xlsx / .xlsm / .xls 工作簿（WPS 的 .et、.xlsb、.csv 等）："
        "请发件人另存为 .xlsx 后重发"
    )
    LINK_ONLY = (
        "邮件里只有下载链接（超大附件或网盘），没有附上文件：请下载后放入文件夹，"
        "或请发件人直接附上工作簿"
    )


@dataclass(frozen=True)
class Envelope:
    """Who sent a message, when and about what, as decoded for people to read."""

    sender: str  # 南京分公司 <nj@example.com>
    sender_name: str  # 南京分公司, or the address's local part
    date: str  # the Date header, ISO 8601 when it parses
    subject: str
    message_id: str


@dataclass(frozen=True)
class Reading:
    """One way to decode bytes that carry no charset."""

    encoding: str  # GBK, Big5 (ENCODING_NAMES)
    text: str


@dataclass(frozen=True)
class Name:
    """A name as decoded. `readings` is empty unless its bytes carried no charset and GBK
    and Big5 both decode them with no clear winner: then every reading, the one used
    (`text`) first — the collect report names them, and the name decides no branch."""

    text: str
    readings: tuple[Reading, ...] = ()

    def map(self, change: Callable[[str], str]) -> Name:
        return Name(
            change(self.text), tuple(Reading(r.encoding, change(r.text)) for r in self.readings)
        )


@dataclass
class Attachment:
    name: str  # as the sender's client named it, decoded; "" when it gave none
    data: bytes
    suffix: str  # .xlsx | .xlsm | .xls | .ods, from the name, else from the content
    in_zip: str = ""  # the .zip it came out of
    readings: tuple[Reading, ...] = ()  # the name's readings when it had to be guessed (Name)


@dataclass
class Refused:
    name: str
    reason: Refusal
    in_zip: str = ""

    @property
    def shown(self) -> str:
        return f"{self.in_zip}/{self.name}" if self.in_zip else self.name


@dataclass
class Unpacked:
    envelope: Envelope
    workbooks: list[Attachment] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # attachments that are not workbooks


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------


def _plausible(reading: Reading) -> bool:
    """Whether a reading looks like what Chinese staff type: every non-ASCII character a
    common one of its encoding — GB2312's hanzi and punctuation for GBK, Big5's frequent
    characters and symbols for Big5. Big5 bytes read as GBK give kana, private-use and rare
    characters; GBK bytes read as Big5 mostly rare ones."""
    for ch in reading.text:
        if ch.isascii():
            continue
        try:
            code = ch.encode("gb2312" if reading.encoding == "GBK" else "big5")
        except UnicodeEncodeError:
            return False
        if reading.encoding == "GBK" and not (code[0] >= 0xB0 or code[0] in (0xA1, 0xA3)):
            return False
        pair = int.from_bytes(code, "big")
        if reading.encoding == "Big5" and not (
            0xA140 <= pair <= 0xA3BF or 0xA440 <= pair <= 0xC67E
        ):
            return False
    return True


def unlabelled(raw: bytes) -> Name:
    """Bytes that carry no charset (old Outlook and Foxmail on a GBK or a Big5 Windows):
    UTF-8 when they are UTF-8 (its structure seldom fits by chance), else the one of GBK and
    Big5 that decodes them, or that alone reads plausibly. Both decoding, and neither or both
    plausible: a guess, and the Name keeps every reading."""
    try:
        return Name(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    decoded = []
    for encoding in _GUESSES[1:]:
        try:
            decoded.append(Reading(ENCODING_NAMES[encoding], raw.decode(encoding)))
        except UnicodeDecodeError:
            continue
    if not decoded:
        return Name(raw.decode("gb18030", "replace"))
    plausible = [r for r in decoded if _plausible(r)]
    if len(decoded) == 1 or len(plausible) == 1:
        return Name((plausible or decoded)[0].text)
    used = (plausible or decoded)[0]
    return Name(used.text, (used, *(r for r in decoded if r is not used)))


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """Bytes in the charset they are labelled with (read as its superset); unlabelled, or
    wrongly labelled, as `unlabelled` reads them."""
    label = (charset or "").strip().lower()
    if label:
        try:
            return raw.decode(_SUPERSETS.get(label, label))
        except (UnicodeDecodeError, LookupError):
            pass
    return unlabelled(raw).text


def _unescape(text: str) -> str:
    """A header parsed from bytes keeps raw 8-bit bytes as surrogates: decode them."""
    if not _has_raw_bytes(text):
        return text
    return decode_bytes(text.encode("utf-8", "surrogateescape"))


def decode_words(text: str) -> str:
    """A header value with RFC 2047 encoded words decoded. Neighbouring words of one
    charset are joined as bytes first: Outlook splits a character across two words."""
    text = _unescape(re.sub(r"\r?\n[ \t]", " ", text))
    if "=?" not in text:
        return text
    try:
        pieces = email.header.decode_header(text)
    except (email.errors.HeaderParseError, binascii.Error, ValueError):
        return text
    out: list[str] = []
    run, run_charset = b"", None
    for chunk, charset in pieces:
        raw = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "surrogateescape")
        if charset != run_charset and run:
            out.append(decode_bytes(run, run_charset))
            run = b""
        run, run_charset = run + raw, charset
    if run:
        out.append(decode_bytes(run, run_charset))
    return "".join(out)


def _has_raw_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _param(raw_header: str, key: str) -> Name:
    """A parameter of a raw MIME header, RFC 2231 (continuations, charset'lang') or
    RFC 2047 or raw 8-bit; "" when absent."""
    # raw 8-bit bytes (surrogates in a header parsed from bytes) as Latin-1 characters, one
    # per byte: compat32 would turn surrogates into U+FFFD, and a value of them alone is read
    # by `unlabelled`, which keeps its readings when it has to guess
    unfolded = re.sub(r"\r?\n[ \t]", " ", raw_header)
    holder = email.message.Message()  # compat32 hands RFC 2231 values back undecoded
    holder["X"] = unfolded.encode("utf-8", "surrogateescape").decode("latin-1")
    value = holder.get_param(key, header="X")
    if value is None:
        return Name("")
    if isinstance(value, tuple):
        charset, _lang, text = value
        raw = text.encode("latin-1")  # the %XX bytes as compat32 unquoted them, or raw ones
        return Name(decode_bytes(raw, charset)) if charset else unlabelled(raw)
    raw = email.utils.unquote(value).encode("latin-1")
    if not raw.isascii() and b"=?" not in raw:
        return unlabelled(raw).map(str.strip)
    return Name(decode_words(raw.decode("utf-8", "surrogateescape")).strip())


def _raw_header(part: email.message.Message, name: str) -> str:
    for key, value in part.raw_items():
        if key.lower() == name:
            return value
    return ""


def attachment_name(part: email.message.Message) -> Name:
    """Content-Disposition's filename, else Content-Type's name, decoded."""
    found = _param(_raw_header(part, "content-disposition"), "filename")
    return found if found.text else _param(_raw_header(part, "content-type"), "name")


def envelope_of(msg: email.message.Message) -> Envelope:
    display, address = email.utils.parseaddr(decode_words(_raw_header(msg, "from")))
    display = display.strip()
    raw_date = _raw_header(msg, "date").strip()
    try:
        date = email.utils.parsedate_to_datetime(raw_date).isoformat()
    except (TypeError, ValueError):
        date = raw_date
    return Envelope(
        sender=f"{display} <{address}>" if display else address,
        sender_name=display or address.partition("@")[0],
        date=date,
        subject=decode_words(_raw_header(msg, "subject")).strip(),
        message_id=_raw_header(msg, "message-id").strip(),
    )


# ---------------------------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------------------------


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(". ")
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


def name_refusal(name: str) -> Refusal | None:
    """A name that must not become a file: a path out of the folder, or a device name."""
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"):
        return Refusal.PATH
    stem = path.rsplit("/", 1)[-1].split(".", 1)[0].strip().upper()
    if stem in _RESERVED:
        return Refusal.RESERVED
    return None


def safe_name(name: str) -> str:
    """A file name both Windows and Linux accept, kept as close to `name` as possible:
    forbidden characters become _, no leading dot or Excel lock prefix (~$), no trailing dot
    or space, and not too long. "" when nothing is left but the suffix."""
    name = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFC", name)).strip()
    while name.startswith(("~$", ".")):
        name = name.removeprefix("~$").lstrip(". ")
    name = name.rstrip(". ")
    suffix = _suffix(name)
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = stem[:MAX_NAME_CHARS].rstrip(". ")
    return f"{stem}{suffix}" if stem.strip("_ ") else ""


# ---------------------------------------------------------------------------------------------
# content
# ---------------------------------------------------------------------------------------------


def workbook_suffix(data: bytes) -> str | None:
    """.xlsx / .xlsm for an Office Open XML workbook, .ods for an OpenDocument one, .xls for
    an OLE compound file (old .xls, or a password-protected .xlsx, which the reader then
    names), else None."""
    if data.startswith(CFB_MAGIC):
        return ".xls"
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "content.xml" in names and "mimetype" in names:
        return ".ods"  # LibreOffice's own, read as well
    if "xl/workbook.xml" not in names:
        return None
    return ".xlsm" if "xl/vbaProject.bin" in names else ".xlsx"


def _zip_entry_name(info: zipfile.ZipInfo) -> Name:
    """The entry's name: UTF-8 when flagged, Info-ZIP's Unicode path when present, else the
    legacy bytes (GBK from a mainland Windows, Big5 from a Taiwan one) decoded."""
    if info.flag_bits & 0x800:
        return Name(info.filename)
    extra = info.extra
    while len(extra) >= 4:
        kind, size = int.from_bytes(extra[:2], "little"), int.from_bytes(extra[2:4], "little")
        if kind == _UNICODE_PATH_EXTRA and size > 5:
            try:
                return Name(extra[9 : 4 + size].decode("utf-8"))
            except UnicodeDecodeError:
                break
        extra = extra[4 + size :]
    return unlabelled(info.filename.encode("cp437"))  # zipfile read the bytes as cp437


def _base(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None when more than `limit` come out whatever it declared."""
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1024 * 1024):
            out += chunk
            if len(out) > limit:
                return None
    return bytes(out)


def _unzip(name: str, data: bytes, into: Unpacked) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        into.refused.append(Refused(name, Refusal.ZIP_DAMAGED))
        return
    with zf:
        entries = [i for i in zf.infolist() if not i.is_dir()]
        if sum(i.file_size for i in entries) > MAX_UNPACKED_BYTES:
            into.refused.append(Refused(name, Refusal.BOMB))
            return
        left = MAX_UNPACKED_BYTES
        for info in entries:
            decoded = _zip_entry_name(info)
            entry = decoded.text
            base = _base(entry)
            if entry.startswith("__MACOSX/") or base.startswith("._"):
                continue  # a Mac's resource forks beside the real files
            refusal = name_refusal(entry)
            suffix = _suffix(base)
            if refusal is None and suffix not in WORKBOOK_SUFFIXES:
                refusal = Refusal.NESTED_ZIP if suffix == ".zip" else _other_kind(suffix)
                if refusal is None:
                    into.ignored.append(f"{name}/{entry}")
                    continue
            if refusal is None and info.flag_bits & 0x1:
                refusal = Refusal.ZIP_ENCRYPTED
            if refusal is None and info.file_size > MAX_FILE_BYTES:
                refusal = Refusal.TOO_BIG
            content = None
            if refusal is None:
                try:
                    content = _read_capped(zf, info, min(MAX_FILE_BYTES, left))
                except (zipfile.BadZipFile, zlib.error, EOFError):
                    refusal = Refusal.ZIP_MISMATCH
                except (NotImplementedError, RuntimeError):
                    refusal = Refusal.ZIP_DAMAGED
                else:
                    if content is None:
                        refusal = Refusal.BOMB
            if refusal is not None or content is None:
                into.refused.append(Refused(entry, refusal or Refusal.ZIP_DAMAGED, in_zip=name))
                continue
            left -= len(content)
            _add_workbook(decoded.map(_base), content, suffix, into, in_zip=name, shown=entry)


def _add_workbook(
    name: Name, data: bytes, suffix: str, into: Unpacked, in_zip: str = "", shown: str = ""
) -> None:
    found = workbook_suffix(data)
    if found is None:
        into.refused.append(Refused(shown or name.text, Refusal.NOT_WORKBOOK, in_zip=in_zip))
    elif password_protected(data[:CFB_DIRECTORY_BYTES]):
        into.refused.append(Refused(shown or name.text, Refusal.ENCRYPTED, in_zip=in_zip))
    elif len(data) > MAX_FILE_BYTES:
        into.refused.append(Refused(shown or name.text, Refusal.TOO_BIG, in_zip=in_zip))
    else:
        into.workbooks.append(
            Attachment(name.text, data, suffix or found, in_zip=in_zip, readings=name.readings)
        )


def unpack(raw: bytes) -> Unpacked:
    """Every workbook a message carries (also in a .zip, and in a message forwarded as an
    attachment), the refused ones with their reasons, and the names of the others."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    out = Unpacked(envelope_of(msg))
    bodies: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        decoded = attachment_name(part)
        name = decoded.text
        ctype = part.get_content_type()
        if not name and ctype.startswith("text/"):
            bodies.append(_body_text(part))
            continue
        if not name and ctype.startswith("image/"):
            continue  # a signature's picture
        if ctype == "application/ms-tnef" or name.lower() == "winmail.dat":
            out.refused.append(Refused(name or "winmail.dat", Refusal.TNEF))
            continue
        payload = part.get_payload(decode=True)  # bytes for a leaf part
        data = payload if isinstance(payload, bytes) else b""
        refusal = name_refusal(name) if name else None
        suffix = _suffix(name)
        if refusal is not None:
            out.refused.append(Refused(name, refusal))
        elif suffix in WORKBOOK_SUFFIXES:
            _add_workbook(decoded, data, suffix, out)
        elif suffix == ".zip" or (not suffix and ctype in ZIP_TYPES):
            _unzip(name or "附件.zip", data, out)
        elif not suffix and workbook_suffix(data):
            _add_workbook(decoded, data, "", out)  # no name, or one without a suffix
        elif (other := _other_kind(suffix)) is not None:
            out.refused.append(Refused(name, other))
        elif name or data:
            out.ignored.append(name or ctype)
    if not (out.workbooks or out.refused or out.ignored):
        out.refused += [Refused(linked, Refusal.LINK_ONLY) for linked in _linked_files(bodies)]
    return out


def _other_kind(suffix: str) -> Refusal | None:
    if suffix in OTHER_ARCHIVES:
        return Refusal.OTHER_ARCHIVE
    if suffix in OTHER_SHEET_SUFFIXES:
        return Refusal.OTHER_FORMAT
    return None


def _body_text(part: email.message.EmailMessage) -> str:
    try:
        text = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: its ASCII still shows a link
        payload = part.get_payload(decode=True)
        text = payload.decode("ascii", "replace") if isinstance(payload, bytes) else ""
    return text if isinstance(text, str) else ""


# a file named in a mail's text: what QQ Mail, 163 and the cloud drives write beside the
# download link of a file too large to attach (超大附件)
_LINKED_FILE = re.compile(
    r"[^\s<>\"'/\\:：|*?]{1,120}?\.(?:xlsx|xlsm|xls|zip|rar|7z|et)(?![\w.])", re.IGNORECASE
)
_LINK = re.compile(r"https?://", re.IGNORECASE)


def _linked_files(bodies: list[str]) -> list[str]:
    """The workbooks (or archives) a message without attachments names beside a link: sent
    as a download link, which collect does not follow."""
    text = "\n".join(bodies)
    if not _LINK.search(text):
        return []
    text = re.sub(r"<[^>]*>", " ", text)  # an HTML body's tags: names are in its text
    return list(dict.fromkeys(m.group().strip() for m in _LINKED_FILE.finditer(text)))
