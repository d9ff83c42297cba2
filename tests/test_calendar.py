"""D01–D05: the working-day calendar, reply and follow-up deadlines, and their statuses."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from workbooks import COMPLAINT_HEADERS, computed, facts, rows_of, run, write_book

from csbook.rules.calendar import UnknownYear, WorkCalendar
from csbook.rules.deadlines import (
    ReplyStatus,
    end_of_day,
    followup_due,
    reply_due,
    show,
    status,
)
from csbook.rules.findings import Severity

WD = "1 working day"
AS_OF = datetime(2026, 11, 20, 9, 0)


VISIT_HEADERS = ["回访日期", "客户单位", "回访方式", "回访类型", "回访人"]


def complaint(cid: str, received: object, replied: object = None, **more: object) -> dict:
    return {
        "投诉编号": cid,
        "受理时间": received,
        "客户": more.pop("客户", f"客户{cid}"),
        "渠道": "电话",
        "投诉类别": more.pop("投诉类别", "收费"),
        "投诉内容": "账单有误",
        "责任单位": "一站",
        "首次回复时间": replied,
        "首问负责人": "王芳",
        **more,
    }


def book(
    tmp_path: Path,
    complaints: list[dict] = (),  # type: ignore[assignment]
    holidays: list[list[object]] = (),  # type: ignore[assignment]
    params: list[list[object]] = (),  # type: ignore[assignment]
    visits: list[dict] = (),  # type: ignore[assignment]
    visit_headers: list[str] = VISIT_HEADERS,
) -> Path:
    return write_book(
        tmp_path / "回访登记表.xlsx",
        {
            "回访登记": (visit_headers, rows_of(visit_headers, visits)),
            "投诉登记": (COMPLAINT_HEADERS, rows_of(COMPLAINT_HEADERS, complaints)),
            "参数": (["参数", "值", "说明"], list(params)),
            "节假日": (["日期", "类型", "说明"], list(holidays)),
        },
    )


# ---- the pure functions -------------------------------------------------------------------


class TestWorkCalendar:
    cal = WorkCalendar()

    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (date(2026, 9, 24), True),  # Thursday
            (date(2026, 9, 25), False),  # Mid-Autumn Festival, a Friday
            (date(2026, 9, 26), False),  # Saturday
            (date(2026, 9, 20), True),  # Sunday made a working day (调休)
            (date(2026, 10, 1), False),  # National Day
            (date(2026, 10, 7), False),  # substituted day off, a Wednesday
            (date(2026, 10, 8), True),
            (date(2026, 10, 10), True),  # Saturday made a working day (调休)
            (date(2026, 10, 11), False),  # ordinary Sunday
            (date(2026, 1, 4), True),  # Sunday 调休 after New Year
            (date(2026, 2, 17), False),  # Spring Festival
            # Labour Day 2019, lengthened in March 2019: holidays before 0.92 lack it (the floor)
            (date(2019, 5, 2), False),
            (date(2019, 4, 28), True),  # the Sunday worked for it
        ],
    )
    def test_is_working_day(self, day: date, working: bool) -> None:
        assert self.cal.is_working_day(day) is working

    def test_next_working_day_skips_holidays_and_finds_working_weekends(self) -> None:
        assert self.cal.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
        assert self.cal.next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)
        assert self.cal.next_working_day(date(2025, 12, 31)) == date(2026, 1, 4)

    def test_unknown_year_is_refused_not_guessed(self) -> None:
        with pytest.raises(UnknownYear) as e:
            self.cal.is_working_day(date(2031, 3, 3))
        assert e.value.year == 2031
        assert not self.cal.knows(2031)
        assert self.cal.knows(2026)

    def test_an_override_makes_the_year_known(self) -> None:
        cal = WorkCalendar({date(2031, 1, 1): False})
        assert cal.knows(2031)
        assert cal.is_working_day(date(2031, 3, 3))  # a Monday
        assert not cal.is_working_day(date(2031, 3, 1))  # a Saturday
        assert not cal.is_working_day(date(2031, 1, 1))

    def test_overrides_beat_the_library(self) -> None:
        cal = WorkCalendar({date(2026, 10, 8): False, date(2026, 10, 11): True})
        assert not cal.is_working_day(date(2026, 10, 8))
        assert cal.is_working_day(date(2026, 10, 11))
        assert cal.next_working_day(date(2026, 9, 30)) == date(2026, 10, 9)


class TestReplyDue:
    cal = WorkCalendar()

    @pytest.mark.parametrize(
        ("received", "due"),
        [
            # the four examples of SPEC §3.1
            (datetime(2026, 9, 24, 16, 0), datetime(2026, 9, 28, 16, 0)),
            (datetime(2026, 9, 30, 10, 0), datetime(2026, 10, 8, 10, 0)),
            (datetime(2026, 10, 4, 11, 0), datetime(2026, 10, 9, 0, 0)),  # 10-08 24:00
            (datetime(2026, 10, 10, 9, 0), datetime(2026, 10, 12, 9, 0)),
            # an ordinary Friday → Monday, and month and year boundaries
            (datetime(2026, 10, 30, 15, 0), datetime(2026, 11, 2, 15, 0)),
            (datetime(2026, 11, 30, 17, 30), datetime(2026, 12, 1, 17, 30)),
            (datetime(2025, 12, 31, 10, 0), datetime(2026, 1, 4, 10, 0)),  # a 调休 Sunday
            # a rest-day Saturday before a working Sunday
            (datetime(2026, 9, 19, 20, 0), datetime(2026, 9, 21, 0, 0)),
        ],
    )
    def test_one_working_day(self, received: datetime, due: datetime) -> None:
        assert reply_due(received, WD, self.cal) == due

    def test_a_date_only_receipt_is_due_at_the_end_of_the_next_working_day(self) -> None:
        assert reply_due(date(2026, 9, 24), WD, self.cal) == datetime(2026, 9, 29)
        assert reply_due(date(2026, 10, 4), WD, self.cal) == datetime(2026, 10, 9)

    def test_24_hours_is_plain_clock_time(self) -> None:
        assert reply_due(datetime(2026, 9, 30, 10, 0), "24 hours", self.cal) == datetime(
            2026, 10, 1, 10, 0
        )
        assert reply_due(date(2026, 10, 1), "24 hours", self.cal) == datetime(2026, 10, 3)
        # no calendar needed: an unknown year is fine
        assert reply_due(datetime(2031, 3, 3, 8), "24 hours", self.cal) == datetime(2031, 3, 4, 8)

    def test_year_boundary_into_an_unknown_year_names_that_year(self) -> None:
        with pytest.raises(UnknownYear) as e:
            reply_due(datetime(2026, 12, 31, 16, 0), WD, self.cal)
        assert e.value.year == 2027
        cal = WorkCalendar({date(2027, 1, 1): False})
        assert reply_due(datetime(2026, 12, 31, 16, 0), WD, cal) == datetime(2027, 1, 4, 16, 0)

    def test_show_writes_the_end_of_a_day_as_24_00(self) -> None:
        assert show(datetime(2026, 10, 9)) == "2026-10-08 24:00"
        assert show(datetime(2026, 9, 28, 16, 0)) == "2026-09-28 16:00"
        assert end_of_day(date(2026, 10, 8)) == datetime(2026, 10, 9)


class TestStatus:
    due = datetime(2026, 9, 28, 16, 0)
    end_due = datetime(2026, 10, 9)  # 10-08 24:00

    def test_done(self) -> None:
        assert status(self.due, self.due, AS_OF) is ReplyStatus.ON_TIME
        assert status(datetime(2026, 9, 28, 16, 1), self.due, AS_OF) is ReplyStatus.LATE
        assert status(datetime(2026, 10, 8, 23, 59), self.end_due, AS_OF) is ReplyStatus.ON_TIME

    def test_done_known_only_by_its_day(self) -> None:
        # on the due day, before or after 16:00 is not said (clerk2 #5; was 按时)
        assert status(date(2026, 9, 28), self.due, AS_OF) is None
        assert status(date(2026, 9, 27), self.due, AS_OF) is ReplyStatus.ON_TIME
        assert status(date(2026, 9, 29), self.due, AS_OF) is ReplyStatus.LATE
        assert status(date(2026, 10, 8), self.end_due, AS_OF) is ReplyStatus.ON_TIME
        # the day after a due moment at 24:00 is late, not "on time at 00:00"
        assert status(date(2026, 10, 9), self.end_due, AS_OF) is ReplyStatus.LATE

    def test_not_done(self) -> None:
        assert status(None, self.due, datetime(2026, 9, 28, 16, 0)) is ReplyStatus.PENDING
        assert status(None, self.due, datetime(2026, 9, 28, 16, 1)) is ReplyStatus.OVERDUE

    def test_followup_due_is_the_end_of_a_calendar_day(self) -> None:
        assert followup_due(date(2026, 11, 3), 3) == datetime(2026, 11, 7)
        assert followup_due(datetime(2026, 11, 3, 15, 30), 3) == datetime(2026, 11, 7)
        assert followup_due(datetime(2026, 9, 30, 9, 0), 7) == datetime(2026, 10, 8)


# ---- through real workbooks ------------------------------------------------------------------


def test_the_four_spec_examples_in_a_workbook(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        [
            complaint("T1", datetime(2026, 9, 24, 16, 0), datetime(2026, 9, 28, 15, 0)),
            complaint("T2", "2026-09-30 10:00", "2026/10/8 10:00"),
            complaint("T3", "2026年10月4日 11:00", "2026-10-08 18:00"),
            complaint("T4", datetime(2026, 10, 10, 9, 0), datetime(2026, 10, 12, 9, 0)),
        ],
    )
    report = run(path, AS_OF)
    assert computed(report, "投诉登记", "reply_due") == [
        datetime(2026, 9, 28, 16, 0),
        datetime(2026, 10, 8, 10, 0),
        datetime(2026, 10, 8, 23, 59, 59),  # 10-08 24:00, as a cell can show it
        datetime(2026, 10, 12, 9, 0),
    ]
    assert computed(report, "投诉登记", "reply_status") == ["按时"] * 4
    assert facts(report) == []


def test_24_hours_from_the_settings_sheet(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        [complaint("T1", datetime(2026, 9, 30, 10, 0), datetime(2026, 10, 1, 11, 0))],
        params=[["reply_rule", "24小时", ""]],
    )
    report = run(path, AS_OF)
    assert computed(report, "投诉登记", "reply_due") == [datetime(2026, 10, 1, 10, 0)]
    assert computed(report, "投诉登记", "reply_status") == ["超时"]
    assert facts(report) == [("D03", "投诉登记", 2, "首次回复时间", Severity.WARNING)]
    assert report.findings[0].message("en") == "first reply late (due 2026-10-01 10:00)"


def test_a_date_only_receipt(tmp_path: Path) -> None:
    path = book(tmp_path, [complaint("T1", "2026-09-24", "2026-09-28")])
    report = run(path, AS_OF)
    assert computed(report, "投诉登记", "reply_due") == [datetime(2026, 9, 28, 23, 59, 59)]
    assert computed(report, "投诉登记", "reply_status") == ["按时"]


def test_the_holiday_sheet_overrides_the_library(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        [
            # 10-08 made a rest day: 09-30 → 10-09
            complaint("T1", datetime(2026, 9, 30, 10, 0), datetime(2026, 10, 9, 9, 0)),
            # Saturday 11-07 made a working day: Friday 11-06 → Saturday 11-07
            complaint("T2", datetime(2026, 11, 6, 14, 0), datetime(2026, 11, 7, 14, 0)),
        ],
        holidays=[
            [date(2026, 10, 8), "休", "公司加休"],
            ["2026-11-07", "班", "公司补班"],
        ],
    )
    report = run(path, AS_OF)
    assert computed(report, "投诉登记", "reply_due") == [
        datetime(2026, 10, 9, 10, 0),
        datetime(2026, 11, 7, 14, 0),
    ]
    assert computed(report, "投诉登记", "reply_status") == ["按时", "按时"]
    assert facts(report) == []


def test_unknown_year_is_d01_naming_the_year_on_each_row(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        [
            complaint("T1", datetime(2031, 3, 3, 10, 0)),
            complaint("T2", datetime(2031, 3, 4, 10, 0)),
            complaint("T3", datetime(2026, 11, 3, 10, 0), datetime(2026, 11, 3, 15, 0)),
        ],
    )
    report = run(path, datetime(2031, 3, 10))
    assert facts(report) == [
        ("D01", "投诉登记", 2, "受理时间", Severity.ERROR),
        ("D01", "投诉登记", 3, "受理时间", Severity.ERROR),
    ]
    message = report.findings[0]
    assert "2031" in message.message("zh") and "节假日" in message.message("zh")
    assert "2031" in message.message("en")
    assert computed(report, "投诉登记", "reply_due")[:2] == [None, None]
    assert computed(report, "投诉登记", "reply_status") == ["", "", "按时"]
    assert not report.ok


def test_filling_the_year_in_the_holiday_sheet_makes_it_known(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        [complaint("T1", datetime(2031, 3, 3, 10, 0))],
        holidays=[["2031-01-01", "休", "元旦"]],
    )
    report = run(path, datetime(2031, 3, 3, 12, 0))
    # known, and said to be known only from the sheet (D01.partial: the rest of its 调休 missing)
    assert facts(report) == [("D01", "节假日", 0, "", Severity.WARNING)]
    assert report.findings[0].key == "D01.partial"
    assert report.findings[0].message("zh").startswith("节假日表填了2031年的1天，而2031年的放假")
    assert computed(report, "投诉登记", "reply_due") == [datetime(2031, 3, 4, 10, 0)]
    assert computed(report, "投诉登记", "reply_status") == ["待回复"]


def test_a_year_begun_in_the_holiday_sheet_keeps_its_statutory_holidays(tmp_path: Path) -> None:
    """2027 is unpublished: one row in 节假日 makes it known, and the Spring Festival the
    library computes still rests (02-05 除夕 to 02-10); a warning says the year's 调休 is only
    what the sheet gives (the sweep found this quiet)."""
    path = book(
        tmp_path,
        [complaint("T1", datetime(2027, 2, 5, 10, 0))],  # Friday
        holidays=[["2027-01-01", "休", "元旦"]],
    )
    report = run(path, datetime(2027, 2, 5, 12, 0))
    assert facts(report) == [("D01", "节假日", 0, "", Severity.WARNING)]
    due = computed(report, "投诉登记", "reply_due")[0]
    assert due == datetime(2027, 2, 11, 23, 59, 59)  # received on a rest day: end of 02-11


def test_year_end_into_an_unpublished_year(tmp_path: Path) -> None:
    path = book(tmp_path, [complaint("T1", datetime(2026, 12, 31, 16, 0))])
    report = run(path, datetime(2027, 1, 2))
    assert facts(report) == [("D01", "投诉登记", 2, "受理时间", Severity.ERROR)]
    assert report.findings[0].params["year"] == "2027"

    path = book(
        tmp_path,
        [complaint("T1", datetime(2026, 12, 31, 16, 0), datetime(2027, 1, 4, 9, 0))],
        holidays=[["2027-01-01", "休", "元旦"]],
    )
    report = run(path, datetime(2027, 1, 5))
    assert facts(report) == [("D01", "节假日", 0, "", Severity.WARNING)]
    assert computed(report, "投诉登记", "reply_due") == [datetime(2027, 1, 4, 16, 0)]
    # a published year typed in 节假日 (a company's own day off): no such warning
    path = book(
        tmp_path,
        [complaint("T1", datetime(2026, 11, 3, 16, 0), datetime(2026, 11, 5, 9, 0))],
        holidays=[["2026-11-04", "休", "公司活动"]],
    )
    assert facts(run(path, datetime(2026, 11, 30))) == []


def test_d03_statuses_against_as_of(tmp_path: Path) -> None:
    received = datetime(2026, 11, 3, 10, 0)  # Tuesday: due Wednesday 11-04 10:00
    path = book(
        tmp_path,
        [
            complaint("T1", received, datetime(2026, 11, 4, 10, 0)),
            complaint("T2", received, datetime(2026, 11, 4, 10, 5)),
            complaint("T3", datetime(2026, 11, 4, 9, 0)),  # due 11-05 09:00
            complaint("T4", received),
        ],
    )
    report = run(path, datetime(2026, 11, 4, 12, 0))
    assert computed(report, "投诉登记", "reply_status") == [
        "按时",
        "超时",
        "待回复",
        "已超期未回复",
    ]
    assert facts(report) == [
        ("D03", "投诉登记", 3, "首次回复时间", Severity.WARNING),
        ("D03", "投诉登记", 5, "首次回复时间", Severity.WARNING),
    ]
    late, overdue = report.findings
    assert late.key == "D03.late" and overdue.key == "D03.overdue"
    assert overdue.message("en") == "no reply and overdue (due 2026-11-04 10:00)"
    assert overdue.message("zh") == "已超期未回复（期限 2026-11-04 10:00）"

    # the same file a day earlier: nothing is overdue yet, T3 is not yet received (R06), and
    # the replies typed for 11-04 have not been given yet (R06.done names their rows)
    report = run(path, datetime(2026, 11, 3, 18, 0))
    assert computed(report, "投诉登记", "reply_status") == ["待回复", "待回复", "待回复"]
    assert facts(report, "R06") == [
        ("R06", "投诉登记", 0, "", Severity.WARNING),
        ("R06", "投诉登记", 2, "首次回复时间", Severity.WARNING),
    ]


def test_d04_complaint_followup_three_calendar_days_end_of_day(tmp_path: Path) -> None:
    resolved = datetime(2026, 11, 3, 15, 0)  # due 11-06 24:00
    rows = [
        complaint("T1", datetime(2026, 11, 2, 9), "2026-11-02 10:00", 解决时间=resolved,
                  回访时间=datetime(2026, 11, 6, 23, 0)),
        complaint("T2", datetime(2026, 11, 2, 9), "2026-11-02 10:00", 解决时间=resolved,
                  回访时间=datetime(2026, 11, 7, 9, 0)),
        complaint("T3", datetime(2026, 11, 2, 9), "2026-11-02 10:00", 解决时间=resolved),
        complaint("T4", datetime(2026, 11, 2, 9), "2026-11-02 10:00", 解决时间=resolved,
                  回访时间="2026-11-07"),
    ]  # fmt: skip
    path = book(tmp_path, rows)
    report = run(path, datetime(2026, 11, 8, 9, 0))  # after every date typed
    assert computed(report, "投诉登记", "followup_due") == [datetime(2026, 11, 6, 23, 59, 59)] * 4
    assert facts(report) == [
        ("D04", "投诉登记", 3, "回访时间", Severity.WARNING),
        ("D04", "投诉登记", 4, "回访时间", Severity.WARNING),
        ("D04", "投诉登记", 5, "回访时间", Severity.WARNING),
    ]
    assert [f.key for f in report.findings] == ["D04.late", "D04.overdue", "D04.late"]
    assert report.findings[0].message("en") == "follow-up late (due 2026-11-06 24:00)"

    # at 20:00 on the due day nothing is late yet: the follow-ups typed for later have not
    # been made (R06.done names them) and are merely not yet due
    report = run(path, datetime(2026, 11, 6, 20, 0))
    assert facts(report, "D04") == []
    assert facts(report, "R06") == [("R06", "投诉登记", 2, "回访时间", Severity.WARNING)]

    # a minute into 11-07 all three are overdue; 11-07 without a time counts as done that day
    report = run(path, datetime(2026, 11, 7, 0, 1))
    assert [(f.row, f.key) for f in report.findings if f.rule == "D04"] == [
        (3, "D04.overdue"),
        (4, "D04.overdue"),
        (5, "D04.late"),
    ]


VISIT_FULL = [*VISIT_HEADERS, "承诺解决方法", "承诺期限", "解决日期", "复访日期"]


def visit(day: object, **more: object) -> dict:
    return {
        "回访日期": day,
        "客户单位": "甲公司",
        "回访方式": "电话",
        "回访类型": "定期回访",
        "回访人": "张伟",
        **more,
    }


def test_d04_and_d05_on_the_visit_register(tmp_path: Path) -> None:
    visits = [
        visit("2026-11-02", 解决日期="2026-11-03", 复访日期="2026-11-06"),  # 已闭环
        visit("2026-11-02", 解决日期="2026-11-03", 复访日期="2026-11-08"),  # late follow-up
        visit("2026-11-02", 解决日期="2026-11-03"),  # follow-up overdue
        visit("2026-11-02", 解决日期="2026-11-08"),  # awaiting follow-up
        visit("2026-11-02", 承诺解决方法="更换设备", 承诺期限="2026-11-05"),  # promise passed
        visit("2026-11-02", 承诺解决方法="更换设备", 承诺期限="2026-11-09"),  # not yet due
        visit("2026-11-02", 承诺解决方法="更换设备", 承诺期限="2026-11-05", 解决日期="2026-11-06"),
        visit("2026-11-02"),  # nothing open
    ]
    path = book(tmp_path, visits=visits, visit_headers=VISIT_FULL)
    report = run(path, datetime(2026, 11, 9, 9, 0))  # after every resolution and follow-up
    assert computed(report, "回访登记", "followup_due") == [
        date(2026, 11, 6),
        date(2026, 11, 6),
        date(2026, 11, 6),
        date(2026, 11, 11),
        None,
        None,
        date(2026, 11, 9),
        None,
    ]
    assert computed(report, "回访登记", "status") == [
        "已闭环",
        "已闭环",
        "复访超期",
        "待复访",
        "承诺超期",
        "待解决",
        "待复访",
        "已闭环",
    ]
    assert computed(report, "回访登记", "promise_status") == [
        "",
        "",
        "",
        "",
        "承诺超期",
        "未到期",
        "逾期解决",
        "",
    ]
    assert facts(report) == [
        ("D04", "回访登记", 3, "复访日期", Severity.WARNING),
        ("D04", "回访登记", 4, "复访日期", Severity.WARNING),
        ("D05", "回访登记", 6, "解决日期", Severity.WARNING),
    ]
    keys = [f.key for f in report.findings]
    assert keys == ["D04.late", "D04.overdue", "D05"]
    # two days earlier, the follow-up of 11-08 and the resolution of 11-08 have not happened
    earlier = run(path, datetime(2026, 11, 7, 9, 0))
    assert computed(earlier, "回访登记", "status")[1:4] == ["复访超期", "复访超期", "待解决"]
    assert [f.message("en") for f in report.findings] == [
        "follow-up late (due 2026-11-06)",
        "follow-up overdue (due 2026-11-06)",
        "promised by 2026-11-05, still unresolved",
    ]


def test_visit_followup_days_from_the_settings_sheet(tmp_path: Path) -> None:
    path = book(
        tmp_path,
        visits=[visit("2026-11-02", 解决日期="2026-11-03")],
        visit_headers=VISIT_FULL,
        params=[["复访天数", "7天", ""]],
    )
    report = run(path, datetime(2026, 11, 9, 9, 0))
    assert computed(report, "回访登记", "followup_due") == [date(2026, 11, 10)]
    assert computed(report, "回访登记", "status") == ["待复访"]
    assert facts(report) == []


def test_a_reply_time_typed_without_date_is_not_a_guess(tmp_path: Path) -> None:
    # a bare time in a date-time cell cannot be placed; it is reported, not assumed
    path = book(tmp_path, [complaint("T1", datetime(2026, 11, 3, 10, 0), time(11, 0))])
    report = run(path, AS_OF)
    assert facts(report) == [("R02", "投诉登记", 2, "首次回复时间", Severity.ERROR)]
    assert computed(report, "投诉登记", "reply_status") == [""]


def test_working_day_arithmetic() -> None:
    cal = WorkCalendar()
    # Wed 09-30 + 1 working day: National Day, then Thu 10-08; Sat 10-10 is a 调休 working day
    assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert cal.add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert cal.add_working_days(date(2026, 10, 8), 0) == date(2026, 10, 8)
    assert cal.working_days(date(2026, 10, 1), date(2026, 10, 31)) == 18
    assert cal.working_days(date(2026, 10, 2), date(2026, 10, 1)) == 0
