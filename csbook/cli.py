"""The batch face (SPEC §6): `csbook new | validate | compute | summary | collect | mail | demo`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from json.encoder import encode_basestring as _json_text  # json's C encoder of a str
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigError, load_config
from .io import values
from .io.source import (
    ARCHIVE_SUFFIXES,
    OTHER_SHEET_SUFFIXES,
    WORKBOOK_SUFFIXES,
    BookError,
    read_ahead,
)
from .rules.deadlines import last_second
from .rules.findings import Lang, Severity
from .rules.periods import Period, PeriodError, PeriodKind
from .rules.schema import BookKind

if TYPE_CHECKING:  # the pipeline (rules, settings) loads in the commands, after `read_ahead`
    from .pipeline import FileReport, Options

DEMO_AS_OF = datetime(2026, 10, 31, 18, 0)  # the sample month is October 2026
EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2


class UsageError(Exception):
    pass


def parse_as_of(text: str) -> datetime:
    """`2026-11-30` means as of the end of that day; a time may be given."""
    try:
        moment = values.parse_datetime(text, datetime.now().date())
    except ValueError:
        raise UsageError(f"--as-of 无法识别：{text}") from None
    if (why := values.asks(text, datetime.now().date())) is not None:  # it asks, never guesses
        raise UsageError(f"--as-of “{text}”{why[0]}")
    return moment if isinstance(moment, datetime) else last_second(moment)


def parse_month(text: str) -> date:
    """`--month`: `2026-11`, `2026/11`, `2026.11`, `202611`, `2026年11月` ... (as a month
    cell is read) → date(2026, 11, 1). A month without its year (`11月`, `11`) is refused,
    as `--as-of` refuses one: its year would hang on the day the command runs."""
    today = datetime.now().date()
    try:
        month = values.parse_month(text, today)
    except ValueError:
        raise UsageError(f"月份应写成 2026-11：{text}") from None
    if (why := values.asks(text, today)) is not None:
        raise UsageError(f"--month “{text}”{why[0]}，如 {month:%Y-%m}") from None
    return month


def parse_period(args: argparse.Namespace) -> Period:
    """The one of --month / --week / --quarter / --year given (argparse allows only one)."""
    for kind in (PeriodKind.WEEK, PeriodKind.QUARTER, PeriodKind.YEAR):
        text = getattr(args, kind.value)
        if text:
            try:
                return Period.parse(kind, text)
            except PeriodError as e:
                raise UsageError(str(e)) from None
    return Period.month(parse_month(args.month))


TAKEN_FROM_FOLDERS = (*WORKBOOK_SUFFIXES, *OTHER_SHEET_SUFFIXES, *ARCHIVE_SUFFIXES)


def expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; folders give their workbooks (sub-folders included), and the files
    in another spreadsheet format or an archive, which reading then refuses with what to do
    (a branch's register saved by WPS as .et is said, not passed over); globs are expanded
    (Windows shells do not expand them). Excel's lock files (~$...) are skipped. A folder or
    a pattern giving nothing stands as itself, which reading reports while the run goes on
    (a mistyped pattern must not leave a month's registers out of a summary unsaid); where
    none of them gives a file, a usage error names them."""
    found: list[Path] = []
    stand_ins: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():  # sub-folders too: headquarters keeps one per branch
            given = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in TAKEN_FROM_FOLDERS
                and not p.name.startswith("~$")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif any(ch in text for ch in "*?[") and not path.exists():
            anchor = Path(path.anchor) if path.is_absolute() else Path()
            pattern = str(path.relative_to(anchor)) if path.is_absolute() else text
            given = sorted(p for p in anchor.glob(pattern) if not p.name.startswith("~$"))
        else:
            given = [path]
        found += given or [path]
        stand_ins += [] if given else [path]
    if stand_ins and len(stand_ins) == len(found):
        raise UsageError(f"没有找到要处理的工作簿：{'、'.join(map(str, stand_ins))}")
    return found


def make_options(args: argparse.Namespace) -> Options:
    from .pipeline import Options, roster_of
    from .rules.settings import SETTING_KEYS

    try:
        config = load_config(args.config)
    except ConfigError as e:
        raise UsageError(str(e)) from None
    overrides = dict(config.get("settings", {}))
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--set 应写成 键=值：{item}")
        overrides[key.strip()] = value.strip()
    unknown = sorted(k for k in overrides if k not in SETTING_KEYS)
    if unknown:
        raise UsageError(f"未知参数：{'、'.join(unknown)}")
    options = Options(overrides=overrides, with_files=[Path(p) for p in args.with_files or []])
    if args.as_of:
        options.as_of = parse_as_of(args.as_of)
    if args.roster:
        try:
            options.roster = roster_of(Path(args.roster), options)
        except BookError as e:
            raise UsageError(f"{args.roster}: {e.zh}") from None
    return options


def _label(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def render_text(reports: list[FileReport], lang: Lang) -> str:
    lines = []
    for report in reports:
        if report.error is not None:
            lines.append(
                f"{report.path}: {_label(lang, '无法读取', 'unreadable')}：{report.error_text(lang)}"
            )
            continue
        found = report.findings
        errors = sum(f.severity is Severity.ERROR for f in found)
        warnings = len(found) - errors
        lines.append(
            f"{report.path}: "
            + _label(
                lang, f"{errors} 个错误，{warnings} 个警告", f"{errors} errors, {warnings} warnings"
            )
        )
        for f in found:
            where = (
                f"{f.sheet}!{_label(lang, f'第{f.row}行', f'row {f.row}')}" if f.row else f.sheet
            )
            severity = (
                _label(lang, "错误", "error")
                if f.severity is Severity.ERROR
                else _label(lang, "警告", "warning")
            )
            column = f"[{f.column}] " if f.column else ""
            lines.append(f"  {where} {column}{f.rule} {severity}：{f.message(lang)}")
    return "\n".join(lines)


def render_json(reports: list[FileReport], lang: Lang) -> str:
    """`{"files": [...]}` as `json.dumps(..., ensure_ascii=False, indent=2)` writes it
    (tests/test_cli.py compares), put together here: json.dumps with an indent runs its
    pure-Python encoder, a tenth of a second over the findings of a large register; each text
    here is still encoded by json's C encoder."""
    files = []
    for report in reports:
        findings = [
            "{\n"
            f'          "sheet": {_json_text(f.sheet)},\n'
            f'          "row": {f.row:d},\n'
            f'          "column": {_json_text(f.column)},\n'
            f'          "rule": {_json_text(f.rule)},\n'
            f'          "severity": {_json_text(str(f.severity))},\n'
            f'          "message": {_json_text(f.message(lang))}\n'
            "        }"
            for f in report.findings
        ]
        error = report.error_text(lang)
        files.append(
            "{\n"
            f'      "file": {_json_text(str(report.path))},\n'
            f'      "ok": {"true" if report.ok else "false"},\n'
            f'      "error": {"null" if error is None else _json_text(error)},\n'
            f'      "findings": {_json_list(findings, "      ")}\n'
            "    }"
        )
    return '{\n  "files": ' + _json_list(files, "  ") + "\n}"


def _json_list(items: list[str], indent: str) -> str:
    """A JSON array of encoded items, one per line under `indent`, as json.dumps indents."""
    if not items:
        return "[]"
    inner = ",\n".join(f"{indent}  {item}" for item in items)
    return f"[\n{inner}\n{indent}]"


def exit_code(reports: list[FileReport]) -> int:
    if any(r.error is not None for r in reports):
        return EXIT_FAILED
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FINDINGS


def cmd_new(args: argparse.Namespace) -> int:
    from .io.templates import TEMPLATE_FILES, build_template  # XlsxWriter only when needed

    kind = BookKind(args.kind)
    target = Path(args.output or TEMPLATE_FILES[kind])
    if target.exists() and not args.force:
        raise UsageError(f"{target} 已存在（用 --force 覆盖）")
    build_template(kind, target)
    print(target)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    files = expand(args.files)
    if files:  # the first file is parsed while the rules and settings load
        read_ahead(files[0])
    options = make_options(args)
    if not files:
        raise UsageError("没有找到要处理的工作簿")
    from .pipeline import check

    reports = [check(path, options) for path in files]
    render = render_json if args.format == "json" else render_text
    print(render(reports, args.lang))
    return exit_code(reports)


def cmd_compute(args: argparse.Namespace) -> int:
    files = expand(args.files)
    if files:  # as in validate: the first file is parsed while the rules and settings load
        read_ahead(files[0])
    options = make_options(args)
    if not files:
        raise UsageError("没有找到要处理的工作簿")
    from .pipeline import ComputeRefused, compute_files

    try:
        results = compute_files(files, Path(args.output), options, args.lang)
    except ComputeRefused as e:
        raise UsageError(str(e)) from None
    for report, written in results:
        if written is None:
            print(
                f"{report.path}: {_label(args.lang, '无法处理', 'failed')}：{report.error_text(args.lang)}"
            )
        else:
            print(f"{report.path} → {written.path}")
            for note in written.notes:  # staff read Chinese; stderr keeps them out of pipes
                print(f"  注意：{note}", file=sys.stderr)
    return exit_code([r for r, _ in results])


def sample_files() -> list[tuple[str, bytes]]:
    from importlib import resources  # only for the demo

    folder = resources.files("csbook.sample")
    return sorted(
        (entry.name, entry.read_bytes())
        for entry in folder.iterdir()
        if entry.name.endswith(".xlsx")
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """The sample month through the whole pipeline: validate and compute every workbook (the
    penalty workbook with the handover log's late arrivals and the register's complaints,
    as `--with` gives them), then the month's summary."""
    from . import summary
    from .pipeline import ComputeRefused, Options, compute_files

    target = Path(args.directory)
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for name, data in sample_files():
        (target / name).write_bytes(data)
        copies.append(target / name)
    others = [p for p in copies if p.name != "处罚汇总表.xlsx"]
    options = Options(as_of=DEMO_AS_OF, with_files=others)
    lang: Lang = args.lang
    print(
        _label(
            lang,
            f"示例工作簿已复制到 {target}（参照时间 {DEMO_AS_OF:%Y-%m-%d %H:%M}）",
            f"sample workbooks copied to {target} (as of {DEMO_AS_OF:%Y-%m-%d %H:%M})",
        )
    )
    try:
        results = compute_files(copies, target / "computed", options, lang)
    except ComputeRefused as e:
        raise UsageError(str(e)) from None
    reports = [r for r, _ in results]
    print(render_text(reports, lang))
    for _report, written in results:
        if written is not None:
            print(_label(lang, f"已生成计算副本：{written.path}", f"computed copy: {written.path}"))
    month = Period.month(DEMO_AS_OF.date())
    done = summary.run(
        copies, month, target / f"月度汇总-{month.code}.xlsx", as_of=DEMO_AS_OF, progress=False
    )
    print(_label(lang, f"已生成月度汇总：{done.output}", f"monthly summary: {done.output}"))
    ok = all(r.error is None for r in reports) and done.exit_code != EXIT_FAILED
    return EXIT_OK if ok else EXIT_FAILED


def cmd_summary(args: argparse.Namespace) -> int:
    from . import summary  # the summary's modules only when summarising
    from .rules.monthly import DUPLICATE_STATES, State

    period = parse_period(args)
    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(f"-o 应为 .xlsx 文件：{args.output}")
    options = make_options(args)
    files = expand(args.files)
    if not files:
        raise UsageError("没有找到要处理的工作簿")
    try:
        done = summary.run(
            files,
            period,
            Path(args.output),
            as_of=options.as_of if args.as_of else None,
            overrides=options.overrides,
            jobs=args.jobs,
            progress=False if args.no_progress else None,
            roster=options.roster,
        )
    except ValueError as e:
        raise UsageError(str(e)) from None
    sources = done.summary.sources
    broken = [s for s in sources if s.state in (State.INCOMPLETE, State.UNREADABLE)]
    duplicates = [s for s in sources if s.state in DUPLICATE_STATES]
    for s in broken + duplicates + [s for s in sources if s.state is State.OWN_OUTPUT]:
        print(f"{s.name}: {s.state.value}：{s.reason}", file=sys.stderr)
    print(
        _label(
            args.lang,
            f"已生成 {done.output}（{len(sources)} 个文件；{len(broken)} 个不完整，"
            f"{len(duplicates)} 个重复未计入）",
            f"wrote {done.output} ({len(sources)} files; {len(broken)} incomplete, "
            f"{len(duplicates)} duplicates left out)",
        )
    )
    return done.exit_code


def cmd_mail(args: argparse.Namespace) -> int:
    from . import mail
    from .mailserver import ServerUsageError  # ssl and sockets only for the mail commands

    try:
        return mail.main(args)
    except ServerUsageError as e:  # settings, or the workbook to send
        raise UsageError(str(e)) from None


def cmd_collect(args: argparse.Namespace) -> int:
    from . import collect
    from .mailserver import ServerUsageError

    month = parse_month(args.month)
    since = None
    if args.since:
        try:
            moment = values.parse_datetime(args.since, month)
        except ValueError:
            raise UsageError(f"--since 无法识别：{args.since}") from None
        if (why := values.asks(args.since, month)) is not None:  # as --as-of: it asks
            raise UsageError(f"--since “{args.since}”{why[0]}")
        since = moment.date() if isinstance(moment, datetime) else moment
    try:
        return collect.main(args, month, since)
    except ServerUsageError as e:  # settings, login, connection, folder
        raise UsageError(str(e)) from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="csbook", description="客服部工作簿：校验、计算、汇总")
    sub = top.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language")

    def config_option(p: argparse.ArgumentParser, table: str = "") -> None:
        what = f"csbook.toml with an [{table}] table" if table else "csbook.toml"
        p.add_argument("--config", help=f"{what} (default: ./csbook.toml when present)")

    def run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", help="workbooks, folders or globs")
        p.add_argument(
            "--as-of", help="reference time for statuses, e.g. 2026-11-30 or '2026-11-30 18:00'"
        )
        config_option(p)
        p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a setting")
        p.add_argument("--roster", help="a 处罚汇总表 whose 员工 sheet is the roster (V12)")
        p.add_argument(
            "--with",
            dest="with_files",
            action="append",
            metavar="交接班记录.xlsx",
            help="a handover log whose late arrivals count in 考勤 (P06), or a visit register"
            " (C04's units; the branch's earlier complaints for a register's C02 grades)",
        )
        common(p)

    p = sub.add_parser("new", help="write a blank template")
    p.add_argument("kind", choices=[k.value for k in BookKind])
    p.add_argument("-o", "--output")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("validate", help="check workbooks")
    run_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("compute", help="write copies with the computed columns filled")
    run_options(p)
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("summary", help="a period's summary workbook from many workbooks")
    p.add_argument("files", nargs="+", help="workbooks, folders or globs")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", help="a month, e.g. 2026-11")
    when.add_argument("--week", help="an ISO week (Monday to Sunday), e.g. 2026-W48")
    when.add_argument("--quarter", help="a quarter, e.g. 2026-Q4")
    when.add_argument("--year", help="a year, e.g. 2026")
    p.add_argument("-o", "--output", required=True, help="the summary workbook (.xlsx)")
    p.add_argument(
        "--as-of", help="reference time for statuses (default: the period's end, or now)"
    )
    config_option(p)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a setting")
    p.add_argument("--roster", help="a 处罚汇总表 whose 员工 sheet is the roster (V12)")
    p.add_argument("--jobs", type=int, help="processes reading files (default: all cores)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_summary, with_files=None)
    common(p)

    p = sub.add_parser("mail", help="send the summary workbook by e-mail")
    p.add_argument("workbook", help="the summary workbook (.xlsx)")
    p.add_argument("--to", nargs="+", required=True, metavar="ADDR", help="recipients")
    p.add_argument("--cc", nargs="+", default=[], metavar="ADDR", help="copy to")
    p.add_argument("--subject", help="default: the 总览 sheet's title")
    p.add_argument("--dry-run", action="store_true", help="write the message as .eml instead")
    config_option(p, "smtp")
    p.set_defaults(func=cmd_mail)
    common(p)

    p = sub.add_parser("collect", help="save the month's workbooks from a mailbox (IMAP)")
    p.add_argument("--month", required=True, help="the month, e.g. 2026-11")
    p.add_argument("-o", "--output", required=True, help="the folder to save into")
    p.add_argument("--folder", help="the mailbox folder (default: INBOX, or [imap] folder)")
    p.add_argument("--since", help="search from this day instead of the month's first")
    p.add_argument("--mark-seen", action="store_true", help="mark the collected messages read")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    config_option(p, "imap")
    p.set_defaults(func=cmd_collect)
    common(p)

    p = sub.add_parser("demo", help="run the bundled sample workbooks through the pipeline")
    p.add_argument("directory", nargs="?", default="csbook-demo")
    common(p)
    p.set_defaults(func=cmd_demo)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Chinese text on a Windows console
    try:
        args = parser().parse_args(argv)
        return args.func(args)
    except UsageError as e:
        print(f"csbook: {e}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:  # an output that cannot be written: a folder, no permission, disk full
        print(f"csbook: 无法写入：{e.filename or ''} {e.strerror or e}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
