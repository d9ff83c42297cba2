"""The rows of the summary's lists — 复访超期, 回复超期, 重复和恶性投诉, 脱班记录 and 意见征求
未完成 — each with its branch and where it was read (`where`: file and row), so that the
sheets and 总览's notes read them by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..complaints import Grade
from ..deadlines import Moment


@dataclass(frozen=True)
class OverdueFollowup:
    """A resolved problem whose follow-up is past its deadline (复访超期)."""

    branch: str
    visited: Moment
    client: str | None
    staff: str  # 回访人, joint visits joined with 、
    resolved: Moment | None
    due: date | None
    where: str


@dataclass(frozen=True)
class ListedComplaint:
    """What both complaint lists show of a complaint."""

    branch: str
    complaint_id: str | None
    received: Moment
    client: str | None
    unit: str  # 责任单位
    where: str


@dataclass(frozen=True)
class OverdueReply(ListedComplaint):
    """A complaint replied late in the period, or still unanswered past its deadline."""

    owner: str  # 首问负责人
    reply_due: datetime | None
    replied: Moment | None
    status: str  # a ReplyStatus


@dataclass(frozen=True)
class SeriousComplaint(ListedComplaint):
    """A 重复 or 恶性 complaint of the period."""

    category: str
    grade: Grade
    followups: Any  # 回访次数 as typed (a count, or blank)
    result: str | None  # 回访结果


@dataclass(frozen=True)
class HandoverGap:
    """A handover row with a 脱班 (H03/H04)."""

    branch: str
    day: date
    shift: str | None
    giver: str
    taker: str
    reasons: str
    where: str


@dataclass
class ClientOpinions:
    """A client's 意见征求 visits of the year so far (V04), counted visit by visit."""

    branch: str
    client: str
    opinions: int = 0
    required: int = 0  # the branch's `opinion_per_year`
    visits_this_year: int = 0
    last_day: date | None = None
    last_staff: str = ""
    where: str = ""
