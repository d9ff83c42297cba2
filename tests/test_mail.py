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
from email import policy
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from mailtest import free_port, self_signed
from workbooks import write_book

from csbook.cli import main
from csbook.mail import body_text, read_overview, smtp_config

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
    for name, value, _ in overview.figures:
        assert f"{name}：{value}" in body
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
    cfg = smtp_config(config, env={})
    assert (cfg.host, cfg.port, cfg.security, cfg.sender) == (
        "mail.example.com",
        587,
        "starttls",
        "a@example.com",
    )
    assert cfg.password == "Pw-9" and "Pw-9" not in repr(cfg)
    cfg = smtp_config(config, env={"CSBOOK_SMTP_SECURITY": "ssl", "CSBOOK_SMTP_HOST": "h"})
    assert (cfg.host, cfg.port, cfg.security) == ("h", 465, "ssl")
    with pytest.raises(Exception, match="starttls、ssl 或 none"):
        smtp_config({}, env={"CSBOOK_SMTP_SECURITY": "tls1"})


def test_a_workbook_that_is_not_a_summary_is_refused(tmp_path: Path, capsys: Any) -> None:
    from csbook.io.templates import build_template

    path = build_template("visits", tmp_path / "回访登记表.xlsx")
    code = main(["mail", str(path), "--to", "a@example.com", "--dry-run"])
    assert code == 2 and "不是月度汇总" in capsys.readouterr().err


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
    assert ("客户签字率", "6.3%", "") in overview.figures
    assert "客户签字率：6.3%" in body_text(overview, out.name)
