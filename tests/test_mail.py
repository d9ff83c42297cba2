"""`csbook mail`: a real SMTP server on 127.0.0.1 (aiosmtpd, with AUTH), reached through
STARTTLS, implicit TLS and (when set up so) a plain connection; the certificate is made
here with `cryptography`. The message must arrive with the workbook byte for byte and the
总览 figures in its body; a refused login, a refused connection and an unverifiable
certificate each say why and exit 2, without ever printing the password."""

from __future__ import annotations

import email
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from email import policy
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from libreoffice import convert
from mailtest import free_port, self_signed
from openpyxl.packaging.custom import CustomPropertyList
from workbooks import write_book

from csbook import summary
from csbook.cli import main
from csbook.io import overview_store
from csbook.io.workbook import load
from csbook.mail import SmtpConfig, body_text, read_overview
from csbook.rules.periods import Period

USER, PASSWORD = "kefu@example.com", "s3cret-密码"
SENDER = "客服部 <kefu@example.com>"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample month's summary."""
    out = tmp_path_factory.mktemp("summary") / "客服部月度汇总.xlsx"
    sample = resources.files("csbook.sample")
    with resources.as_file(sample) as folder:
        code = main(
            ["summary", str(folder), "--month", "2026-10", "-o", str(out), "--as-of", "2026-10-31"]
        )
    assert code in (0, 1) and out.exists()
    return out


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == USER.encode()
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(cert: tuple[Path, Path], security: str) -> Iterator[tuple[Inbox, int]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*cert)
    inbox = Inbox()
    port = free_port()
    options: dict[str, Any] = {"authenticator": authenticator}
    if security == "starttls":
        options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
    elif security == "ssl":
        options.update(ssl_context=context, auth_require_tls=False)
    else:
        options.update(auth_require_tls=False)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def smtp_env(monkeypatch: pytest.MonkeyPatch, cert: tuple[Path, Path], tmp_path: Path) -> Any:
    monkeypatch.chdir(tmp_path)  # no csbook.toml around

    def setup(port: int, security: str, password: str = PASSWORD, cafile: bool = True) -> None:
        values = {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "USER": USER,
            "PASSWORD": password,
            "SECURITY": security,
            "FROM": SENDER,
            "TIMEOUT": "10",
        }
        if cafile:
            values["CAFILE"] = str(cert[0])
        for key, value in values.items():
            monkeypatch.setenv(f"CSBOOK_SMTP_{key}", value)

    return setup


def parse(raw: bytes) -> Any:
    return email.message_from_bytes(raw, policy=policy.default)


def check_message(msg: Any, workbook: Path) -> None:
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == workbook.name
    assert attachment.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert attachment.get_content() == workbook.read_bytes()
    body = msg.get_body(("plain",)).get_content()
    overview = read_overview(workbook)
    assert overview.figures  # every headline figure, as 总览 shows it
    for figure in overview.figures:
        assert f"{figure.name}：{figure.shown}" in body
    # the sample month's figures as staff read them on 总览
    assert "回访次数：49" in body
    assert "客户签字率：32.7%" in body
    assert "按期复访率：100.0%（目标：100%）" in body
    assert msg["Subject"] == "客服部 2026年10月 月度汇总"


@pytest.mark.parametrize("security", ["starttls", "ssl", "none"])
def test_the_message_arrives_with_the_workbook_and_the_figures(
    security: str, cert: tuple[Path, Path], workbook: Path, smtp_env: Any, capsys: Any
) -> None:
    with smtp_server(cert, security) as (inbox, port):
        smtp_env(port, security)
        code = main(["mail", str(workbook), "--to", "boss@example.com", "--cc", "hq@example.com"])
    out = capsys.readouterr()
    assert code == 0, out.err
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == USER
    assert envelope.rcpt_tos == ["boss@example.com", "hq@example.com"]
    msg = parse(envelope.content)
    assert msg["To"] == "boss@example.com" and msg["Cc"] == "hq@example.com"
    assert "客服部" in str(msg["From"])
    check_message(msg, workbook)
    assert PASSWORD not in out.out + out.err
    assert "已发送" in out.out


def test_a_refused_login_says_so_and_keeps_the_message(
    cert: tuple[Path, Path], workbook: Path, smtp_env: Any, capsys: Any, tmp_path: Path
) -> None:
    copy = tmp_path / workbook.name
    copy.write_bytes(workbook.read_bytes())
    with smtp_server(cert, "starttls") as (inbox, port):
        smtp_env(port, "starttls", password="wrong-password-123")
        code = main(["mail", str(copy), "--to", "boss@example.com"])
    out = capsys.readouterr()
    assert code == 2
    assert inbox.envelopes == []
    assert "邮件未发送：登录被拒绝：用户名或密码不对" in out.err
    assert USER in out.err and "535" in out.err
    assert "wrong-password-123" not in out.out + out.err
    kept = copy.with_suffix(".unsent.eml")
    assert kept.exists() and str(kept) in out.err
    check_message(parse(kept.read_bytes()), copy)
    assert copy.read_bytes() == workbook.read_bytes()


def test_a_refused_connection_says_so(workbook: Path, smtp_env: Any, capsys: Any) -> None:
    port = free_port()  # nobody listens there
    smtp_env(port, "starttls")
    code = main(["mail", str(workbook), "--to", "boss@example.com"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"无法连接 127.0.0.1:{port}：连接被拒绝" in err


def test_an_unverifiable_certificate_is_a_tls_failure(
    cert: tuple[Path, Path], workbook: Path, smtp_env: Any, capsys: Any
) -> None:
    with smtp_server(cert, "starttls") as (inbox, port):
        smtp_env(port, "starttls", cafile=False)  # the self-signed certificate is unknown
        code = main(["mail", str(workbook), "--to", "boss@example.com"])
    err = capsys.readouterr().err
    assert code == 2 and inbox.envelopes == []
    assert "TLS 失败：服务器 127.0.0.1" in err and "证书无法验证" in err


def test_implicit_tls_against_a_plain_server_is_a_tls_failure(
    cert: tuple[Path, Path], workbook: Path, smtp_env: Any, capsys: Any
) -> None:
    with smtp_server(cert, "none") as (_, port):
        smtp_env(port, "ssl")
        code = main(["mail", str(workbook), "--to", "boss@example.com"])
    err = capsys.readouterr().err
    assert code == 2
    assert "TLS 失败" in err and "是否匹配" in err


def test_dry_run_writes_the_eml(workbook: Path, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    for key in ("HOST", "USER", "PASSWORD", "FROM"):
        monkeypatch.delenv(f"CSBOOK_SMTP_{key}", raising=False)
    copy = tmp_path / workbook.name
    copy.write_bytes(workbook.read_bytes())
    code = main(
        ["mail", str(copy), "--to", "boss@example.com", "--subject", "十月汇总", "--dry-run"]
    )
    assert code == 0
    msg = parse(copy.with_suffix(".eml").read_bytes())
    assert msg["Subject"] == "十月汇总"
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content() == copy.read_bytes()


def test_no_server_configured_is_a_usage_error(
    workbook: Path, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSBOOK_SMTP_HOST", raising=False)
    code = main(["mail", str(workbook), "--to", "boss@example.com"])
    assert code == 2
    assert "CSBOOK_SMTP_HOST" in capsys.readouterr().err


def test_the_password_is_never_taken_from_the_command_line(workbook: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["mail", str(workbook), "--to", "a@example.com", "--password", "x"])
    assert exit_.value.code == 2


def test_a_bad_address_is_refused(workbook: Path, capsys: Any) -> None:
    code = main(["mail", str(workbook), "--to", "not-an-address", "--dry-run"])
    assert code == 2 and "地址无效" in capsys.readouterr().err
    code = main(["mail", str(workbook), "--to", "主管@example.com", "--dry-run"])
    assert code == 2 and "非 ASCII" in capsys.readouterr().err
    assert not workbook.with_suffix(".eml").exists()


def test_settings_from_csbook_toml_and_the_environment() -> None:
    config = {"smtp": {"host": "mail.example.com", "user": "a@example.com", "password": "Pw-9"}}
    cfg = SmtpConfig.read(config, env={})
    assert (cfg.host, cfg.port, cfg.security, cfg.sender) == (
        "mail.example.com",
        587,
        "starttls",
        "a@example.com",
    )
    assert cfg.password == "Pw-9" and "Pw-9" not in repr(cfg)
    cfg = SmtpConfig.read(config, env={"CSBOOK_SMTP_SECURITY": "ssl", "CSBOOK_SMTP_HOST": "h"})
    assert (cfg.host, cfg.port, cfg.security) == ("h", 465, "ssl")
    with pytest.raises(Exception, match="starttls、ssl 或 none"):
        SmtpConfig.read({}, env={"CSBOOK_SMTP_SECURITY": "tls1"})


def test_a_workbook_that_is_not_a_summary_is_refused(tmp_path: Path, capsys: Any) -> None:
    from csbook.io.templates import build_template

    path = build_template("visits", tmp_path / "回访登记表.xlsx")
    code = main(["mail", str(path), "--to", "a@example.com", "--dry-run"])
    assert code == 2 and "不是 csbook 生成的汇总" in capsys.readouterr().err
    assert not path.with_suffix(".eml").exists()


def test_a_share_reads_in_the_body_as_its_cell_shows_it(tmp_path: Path) -> None:
    """1 signed visit of 16 is 6.25 %: Excel's 0.0% shows 6.3 %, and so does the body."""
    headers = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "客户签字"]
    rows = [
        [f"2026-11-{day:02d}", f"客户{day}", "电话", "定期回访", "张伟", "刘" if day == 1 else None]
        for day in range(1, 17)
    ]
    register = write_book(tmp_path / "回访登记表.xlsx", {"回访登记": (headers, rows)})
    out = tmp_path / "汇总.xlsx"
    code = main(
        ["summary", str(register), "--month", "2026-11", "-o", str(out), "--as-of", "2026-11-30"]
    )
    assert code in (0, 1) and out.exists()
    overview = read_overview(out)
    (signed,) = [f for f in overview.figures if f.name == "客户签字率"]
    assert (signed.value, signed.shown, signed.target) == (1 / 16, "6.3%", "")
    assert "客户签字率：6.3%" in body_text(overview, out.name)


# ---------------------------------------------------------------------------------------------
# 总览's figures as csbook stored them in the workbook
# ---------------------------------------------------------------------------------------------

VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人", "客户签字"]


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Visits typed the office way: three in ISO week 45, two the week after, one in March."""
    rows = [
        ["2026-11-02", "淮安市实验小学", "上门", "定期回访", "张伟", "王校长"],
        ["2026/11/4", "江苏银行淮安分行", "电话", "定期回访", "张伟", "/"],
        ["11月6日", "清江浦区医院", "电话", "满意度调查", "李娜", None],
        ["2026.11.10", "淮安供电公司", "电话", "定期回访", "李娜", "无"],
        ["2026-11-12 ", "淮安日报社", "电话", "售后回访", "张伟", None],
        ["2026年3月15日", "淮安港务集团", "上门", "定期回访", "李娜", "赵主任"],
    ]
    folder = tmp_path_factory.mktemp("register")
    return write_book(folder / "回访登记表.xlsx", {"回访登记": (VISIT_HEADERS, rows)})


def summarise(register: Path, period: list[str], out: Path) -> Path:
    code = main(["summary", str(register), *period, "-o", str(out), "--as-of", "2026-11-30"])
    assert code in (0, 1) and out.exists()
    return out


@pytest.mark.parametrize(
    ("period", "caption", "visits", "signed"),
    [
        (["--week", "2026-W45"], "本周主要指标", 3, "33.3%"),
        (["--month", "2026-11"], "本月主要指标", 5, "20.0%"),
        (["--year", "2026"], "本年主要指标", 6, "33.3%"),
    ],
)
def test_the_body_quotes_the_periods_figures(
    period: list[str],
    caption: str,
    visits: int,
    signed: str,
    register: Path,
    cert: tuple[Path, Path],
    smtp_env: Any,
    tmp_path: Path,
) -> None:
    out = summarise(register, period, tmp_path / "汇总.xlsx")
    with smtp_server(cert, "starttls") as (inbox, port):
        smtp_env(port, "starttls")
        assert main(["mail", str(out), "--to", "boss@example.com"]) == 0
    (envelope,) = inbox.envelopes
    body = parse(envelope.content).get_body(("plain",)).get_content()
    assert f"\n{caption}：\n" in body
    assert f"  回访次数：{visits}\n" in body
    assert f"  客户签字率：{signed}\n" in body
    assert "  分公司数：1\n" in body


def figure_row(ws: Any, name: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == name)


def test_a_figure_edited_after_writing_is_refused_naming_its_cell(
    register: Path, tmp_path: Path, capsys: Any
) -> None:
    out = summarise(register, ["--month", "2026-11"], tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["总览"]
    row, share = figure_row(ws, "回访次数"), figure_row(ws, "客户签字率")
    ws.cell(row, 2).value = 50  # someone "corrected" the count on 总览
    ws.cell(share, 2).value = None
    ws.cell(share + 3, 2).value = "待核"  # 客户满意率: a remark over a share
    ws.cell(share + 1, 2).value = 0.5  # 按期复访率 (was no visit due: blank)
    wb.save(out)
    code = main(["mail", str(out), "--to", "boss@example.com", "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2
    assert "“总览”表在 csbook 生成后被改动过" in err
    assert f"B{row}（回访次数）现为 50，生成时为 5" in err
    assert f"B{share}（客户签字率）现为 空，生成时为 20.0%" in err
    assert f"B{share + 1}（按期复访率）现为 50.0%，生成时为 —" in err
    assert f"B{share + 3}（客户满意率）现为 “待核”，生成时为 —" in err
    assert not out.with_suffix(".eml").exists()


def test_a_remark_typed_beside_the_figures_does_not_stop_the_mail(
    register: Path, tmp_path: Path
) -> None:
    out = summarise(register, ["--month", "2026-11"], tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    wb["总览"]["E6"] = "已核对 王经理"
    wb.save(out)
    assert main(["mail", str(out), "--to", "boss@example.com", "--dry-run"]) == 0
    assert "回访次数：5" in body_text(read_overview(out), out.name)


def test_the_figures_cells_are_where_the_writer_put_them(register: Path, tmp_path: Path) -> None:
    """The Excel button's path (`report_for_books`, then the batch writer): every stored
    figure names the 总览 cell that shows it, beside its own name."""
    as_of = datetime(2026, 11, 30, 18, 0)
    report = summary.report_for_books(
        [load(register, as_of.date())], Period.month(date(2026, 11, 1)), as_of
    )
    out = summary.write_report(report, tmp_path / "汇总.xlsx")
    overview = read_overview(out)
    ws = openpyxl.load_workbook(out)["总览"]
    assert len(overview.figures) > 20
    for figure in overview.figures:
        cell = ws[figure.cell]
        assert cell.column == 2 and ws.cell(cell.row, 1).value == figure.name
        assert cell.value == figure.value or cell.value == pytest.approx(figure.value)
    assert overview.title == "客服部 2026年11月 月度汇总" and overview.caption == "本月主要指标"


def test_a_summary_without_the_data_is_refused(register: Path, tmp_path: Path, capsys: Any) -> None:
    """A 总览 written by an older csbook (no stored data) is not read by its captions."""
    out = summarise(register, ["--month", "2026-11"], tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    wb.custom_doc_props = CustomPropertyList()
    wb.save(out)
    code = main(["mail", str(out), "--to", "boss@example.com", "--dry-run"])
    assert code == 2
    assert "没有 csbook 写入的总览数据（由旧版 csbook 生成" in capsys.readouterr().err


def test_stored_data_missing_a_part_is_refused(register: Path, tmp_path: Path, capsys: Any) -> None:
    out = summarise(register, ["--year", "2026"], tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    assert "csbook.overview.002" in wb.custom_doc_props.names
    del wb.custom_doc_props["csbook.overview.002"]
    wb.save(out)
    code = main(["mail", str(out), "--to", "boss@example.com", "--dry-run"])
    assert code == 2
    assert "总览数据不完整或已损坏（缺少 csbook.overview.002）" in capsys.readouterr().err


def test_the_data_survives_libreoffice_saving_the_workbook(register: Path, tmp_path: Path) -> None:
    """Opened and saved again by an office program, the workbook still mails the same body."""
    out = summarise(register, ["--year", "2026"], tmp_path / "汇总.xlsx")
    (again,) = convert([out], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", tmp_path / "prof")
    assert body_text(read_overview(again), out.name) == body_text(read_overview(out), out.name)


def test_long_data_is_cut_into_parts_excel_accepts() -> None:
    text = "客" * 300 + "𠮷" * 200 + "x"  # 𠮷 is two UTF-16 units
    parts = overview_store._parts(text)
    assert "".join(parts) == text
    assert [len(p.encode("utf-16-le")) // 2 for p in parts] == [255, 255, 191]
