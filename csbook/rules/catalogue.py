"""The offence catalogue (过失目录) of [004] 第5篇, item numbers as in the source.

Codes: L = 轻度过失, S = 严重过失 (the source has no item 9, hence no S09), M = 重大过失,
D = 开除情况. Money rules: "2x" owes twice the amount, "1x" owes the amount.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from .text import squeeze


class Tier(StrEnum):
    MINOR = "轻度过失"
    SERIOUS = "严重过失"
    MAJOR = "重大过失"
    DISMISSAL = "开除情况"


class Offence(NamedTuple):
    code: str
    tier: Tier
    description: str
    money_rule: str  # "", "2x" or "1x"


CATALOGUE: tuple[Offence, ...] = (
    Offence("L01", Tier.MINOR, "在前台或吧台摆放私人物品", ""),
    Offence("L02", Tier.MINOR, "在工作岗位上听MP3音乐", ""),
    Offence("L03", Tier.MINOR, "在未经允许下上网、聊天", ""),
    Offence("L04", Tier.MINOR, "在上班时间私自离岗做其它事宜", ""),
    Offence("L05", Tier.MINOR, "工作台面档案办公用品、用具不整洁", ""),
    Offence("L06", Tier.MINOR, "在单位吃方便面、麻辣烫等味道大的食品", ""),
    Offence("L07", Tier.MINOR, "1个月内迟到或早退一次", ""),
    Offence("L08", Tier.MINOR, "上下班忘记打卡或不到考勤处报到", ""),
    Offence("L09", Tier.MINOR, "擅自调换休息时间和班次", ""),
    Offence(
        "L10",
        Tier.MINOR,
        "未经经理批准,下班后在工作区域无故逗留20分钟以上或与其它员工闲聊说笑",
        "",
    ),
    Offence("L11", Tier.MINOR, "女员工未淡妆上岗,精神不振,男员工未剃胡须,面部不洁净", ""),
    Offence(
        "L12",
        Tier.MINOR,
        "女员工浓妆艳抹,佩戴夸张饰品涂指甲油,染夸张的发色,梳夸张发型",
        "",
    ),
    Offence("L13", Tier.MINOR, "衣着不洁净,不穿规定制服,不佩戴名牌", ""),
    Offence("L14", Tier.MINOR, "将制服穿出工作区,在制服内放置私人物品", ""),
    Offence("L15", Tier.MINOR, "违反安全规章制度,但未造成不良后果", ""),
    Offence(
        "L16",
        Tier.MINOR,
        "擅自离开本人工作岗位,但尚未离开工作区域,且未造成不良影响",
        "",
    ),
    Offence("L17", Tier.MINOR, "擅自使用公司用具、物品、设备或设施", ""),
    Offence("L18", Tier.MINOR, "不按规定地点就餐,就餐时间超过半小时", ""),
    Offence("L19", Tier.MINOR, "在工作区域内吸烟", ""),
    Offence("L20", Tier.MINOR, "未经上司批准私自会客、或参观 带亲友参观公司", ""),
    Offence(
        "L21",
        Tier.MINOR,
        "工作时进行打牌等游戏活动、看未经主管批准的书画集、打瞌睡或干私活",
        "",
    ),
    Offence("L22", Tier.MINOR, "在工作区域内大声喧哗嬉戏、口出脏语、追逐争吵打闹", ""),
    Offence("L23", Tier.MINOR, "在接待、服务客人时吃零食、口香糖", ""),
    Offence("L24", Tier.MINOR, "工作时间内闲谈、聊天,影响服务质量", ""),
    Offence("L25", Tier.MINOR, "擅自调换更衣柜钥匙或加锁", ""),
    Offence("L26", Tier.MINOR, "店内员工将手机、呼机带入工作、服务区域", ""),
    Offence("L27", Tier.MINOR, "搬弄是非,影响员工之间团结", ""),
    Offence("L28", Tier.MINOR, "在更衣柜内储存食品、易燃物品", ""),
    Offence("L29", Tier.MINOR, "在更衣室内乱挂乱放鞋、袜等衣物", ""),
    Offence("L30", Tier.MINOR, "不讲卫生,在工作区域乱扔杂物、餐盒、随地吐痰", ""),
    Offence("L31", Tier.MINOR, "大声关门,擅自将饮用剩水倒入植物盆或其他盛器内", ""),
    Offence("L32", Tier.MINOR, "浪费水、电和公司财物", ""),
    Offence("L33", Tier.MINOR, "由于工作过失,造成公司财物损失价值达100元以上", ""),
    Offence("L34", Tier.MINOR, "了解其他与员工犯有严重过失行为而知情不报", ""),
    Offence("L35", Tier.MINOR, "犯有其它轻微过失行为", ""),
    Offence("S01", Tier.SERIOUS, "旷工1天", ""),
    Offence("S02", Tier.SERIOUS, "唆使他人或代他人签到", ""),
    Offence("S03", Tier.SERIOUS, "未经批准,擅自休假", ""),
    Offence("S04", Tier.SERIOUS, "私用公司产品(同时按所用产品零售价的2倍罚款)", "2x"),
    Offence("S05", Tier.SERIOUS, "美容人员私下进行护理(同时按所护理项目原价的2倍罚款)", "2x"),
    Offence("S06", Tier.SERIOUS, "私下扣留公司发放给客人的福利", ""),
    Offence("S07", Tier.SERIOUS, "违反安全制度,并拒绝上司在职责范围内检查", ""),
    Offence("S08", Tier.SERIOUS, "未经总经理批准将消防安全设施、设备挪作他用", ""),
    Offence("S10", Tier.SERIOUS, "发现公司的财务丢失或损坏时,不向上司报告", ""),
    Offence("S11", Tier.SERIOUS, "不按公司规定上缴收取的小费或礼品", ""),
    Offence("S12", Tier.SERIOUS, "对客人没礼貌或不理不睬", ""),
    Offence(
        "S13",
        Tier.SERIOUS,
        "打探客人隐私,与客人议论其他客人、同事、上司或公司内部情况",
        "",
    ),
    Offence("S14", Tier.SERIOUS, "非因工作需要私自致电客人、与客人接触", ""),
    Offence("S15", Tier.SERIOUS, "在公司内推销或出售私人物品或其他品牌产品", ""),
    Offence("S16", Tier.SERIOUS, "未经总经理批准,在工作区域进行任何形式的募捐活动", ""),
    Offence("S17", Tier.SERIOUS, "使用粗言会与侮辱同事或上司", ""),
    Offence("S18", Tier.SERIOUS, "公开顶撞上司,不服从指挥或故意消极怠工", ""),
    Offence("S19", Tier.SERIOUS, "唆使、挑拔员工,从而引起同事争吵", ""),
    Offence("S20", Tier.SERIOUS, "故意损耗、损坏公司、客人或同事的物品", ""),
    Offence("S21", Tier.SERIOUS, "擅自传发或在信息栏张贴非公司资料、取下公司文件", ""),
    Offence("S22", Tier.SERIOUS, "推销非公司产品,擅自给予客人优惠折扣(同时按原价赔偿)", "1x"),
    Offence("S23", Tier.SERIOUS, "由于工作过失,造成公司财务损失价值达1000元以上的", ""),
    Offence("S24", Tier.SERIOUS, "了解其他员工犯有重大过失行为而知情不报", ""),
    Offence("S25", Tier.SERIOUS, "私用客人专用物品、用具、设备和客人卫生设备", ""),
    Offence("S26", Tier.SERIOUS, "私自收取顾客的小费、礼品", ""),
    Offence("S27", Tier.SERIOUS, "利用公司电话联系私人事宜", ""),
    Offence("S28", Tier.SERIOUS, "犯有其他严重过失行为", ""),
    Offence("M01", Tier.MAJOR, "连续旷工2天以上(包括2天)", ""),
    Offence("M02", Tier.MAJOR, "拾到客人遗留的物品不按规定上缴", ""),
    Offence("M03", Tier.MAJOR, "在更衣柜内藏有公司财物", ""),
    Offence("M04", Tier.MAJOR, "未经批准私自配公司内部钥匙", ""),
    Offence("M05", Tier.MAJOR, "接收贿赂", ""),
    Offence("M06", Tier.MAJOR, "与客人争吵", ""),
    Offence("M07", Tier.MAJOR, "向客人索取小费或礼品", ""),
    Offence("M08", Tier.MAJOR, "不配合上司或公安部门进行案件调查、提供假情况或假证明", ""),
    Offence("M09", Tier.MAJOR, "伪造文件,欺骗公司或客人", ""),
    Offence("M10", Tier.MAJOR, "泄露公司信息、资料,但尚未使公司利益遭受较大损失", ""),
    Offence("M11", Tier.MAJOR, "在言谈中有有损公司名誉的言辞", ""),
    Offence("M12", Tier.MAJOR, "造谣重伤、无事生非,破坏其他员工或上司名誉", ""),
    Offence("M13", Tier.MAJOR, "工作时间谈论、传阅淫秽书籍、画刊或物品", ""),
    Offence("M14", Tier.MAJOR, "由于工作过失,造成公司财务损失", ""),
    Offence("M15", Tier.MAJOR, "了解其他员工犯有开除行为而知情不报", ""),
    Offence("M16", Tier.MAJOR, "使用公司网络上传非法内容", ""),
    Offence("M17", Tier.MAJOR, "犯有其他过失行为", ""),
    Offence("D01", Tier.DISMISSAL, "连续旷工4天或一年内累计旷工10天", ""),
    Offence("D02", Tier.DISMISSAL, "偷窃客人、员工或公司财务", ""),
    Offence(
        "D03",
        Tier.DISMISSAL,
        "用非法手段涂改原始记录、偷窃账单或单据,利用客人已付账单再向客人收取钱财,从中谋取私利",
        "",
    ),
    Offence(
        "D04",
        Tier.DISMISSAL,
        "利用工作职务之便,私下交易,收受好处,使公司利益受到损害",
        "",
    ),
    Offence(
        "D05",
        Tier.DISMISSAL,
        "泄露公司内部信息、资料、数据,而使公司利益遭受较大损失",
        "",
    ),
    Offence("D06", Tier.DISMISSAL, "故意损坏公司名誉", ""),
    Offence("D07", Tier.DISMISSAL, "严重玩忽职守,给客人或公司造成重大损失", ""),
    Offence("D08", Tier.DISMISSAL, "威胁上司,侮辱客人", ""),
    Offence("D09", Tier.DISMISSAL, "藏有、服用毒品和兴奋剂", ""),
    Offence("D10", Tier.DISMISSAL, "因触犯国家法律而被当地公安、司法机关拘审", ""),
    Offence("D11", Tier.DISMISSAL, "犯有其他严重错误", ""),
)

BY_CODE: dict[str, Offence] = {o.code: o for o in CATALOGUE}

_CODE = re.compile(r"^([LSMD])\s*-?\s*0*(\d{1,2})$")


def normal_code(text: str) -> str:
    """`l7`, `L-07`, `Ｌ０７` → `L07`; anything else is returned squeezed and upper-cased."""
    code = squeeze(text).upper()
    m = _CODE.match(code)
    return f"{m[1]}{int(m[2]):02d}" if m else code


SHORT_DESCRIPTION = 10  # characters of a description quoted after its code


def short_description(code: str) -> str:
    """The catalogue's description of `code` cut to its first clause (at most
    SHORT_DESCRIPTION characters, … when cut), for a reader beside the code; "" when the
    built-in catalogue has no such code."""
    offence = BY_CODE.get(normal_code(code))
    if offence is None:
        return ""
    clause = re.split(r"[,，、;；(（]", offence.description, maxsplit=1)[0]
    return clause if len(clause) <= SHORT_DESCRIPTION else clause[: SHORT_DESCRIPTION - 1] + "…"
