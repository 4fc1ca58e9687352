"""The registry file's columns, the words accepted in them, and what a check yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

COLUMNS = [
    "building",
    "entrance",
    "door",
    "floor",
    "area",
    "area_source",
    "name",
    "phone",
    "relation",
]
HEADERS = {
    "building": ("楼栋", "楼号", "building"),
    "entrance": ("单元", "entrance"),
    "door": ("门牌号", "房号", "门牌", "door"),
    "floor": ("楼层", "floor"),
    # 专有部分面积 (法释〔2009〕7号 第八条) is the one word for a unit's area; files that say
    # 面积 (as the portal's own exports did) are read the same.
    "area": (
        "专有部分面积",
        "专有部分面积（㎡）",
        "专有部分面积(㎡)",
        "专有部分面积(m²)",
        "面积",
        "建筑面积",
        "面积（㎡）",
        "面积(㎡)",
        "面积(m²)",
        "area",
    ),
    "area_source": ("面积来源", "area_source"),
    "name": ("业主姓名", "姓名", "name"),
    "phone": ("手机号", "电话", "联系电话", "phone"),
    "relation": ("关系", "relation"),
}
EXPORT_HEADERS = [
    "楼栋",
    "单元",
    "门牌号",
    "楼层",
    "专有部分面积",
    "面积来源",
    "业主姓名",
    "手机号",
    "关系",
]
AREA_SOURCES = {
    "不动产登记簿": "register",
    "登记簿": "register",
    "不动产登记": "register",
    "register": "register",
    "实测": "survey",
    "测绘": "survey",
    "survey": "survey",
    "购房合同": "contract",
    "合同": "contract",
    "contract": "contract",
}
SOURCE_LABELS = {"register": "不动产登记簿", "survey": "实测", "contract": "购房合同"}
SOURCE_RANK = {"register": 3, "survey": 2, "contract": 1}
RELATIONS = {
    "业主": "owner",
    "产权人": "owner",
    "owner": "owner",
    "共有业主": "co_owner",
    "共有人": "co_owner",
    "co_owner": "co_owner",
    "租户": "tenant",
    "承租人": "tenant",
    "tenant": "tenant",
    "家庭成员": "household_member",
    "家属": "household_member",
    "household_member": "household_member",
}
RELATION_LABELS = {
    "owner": "业主",
    "co_owner": "共有业主",
    "tenant": "租户",
    "household_member": "家庭成员",
}
MAX_ROWS = 20000
MAX_AREA = Decimal("10000000")  # the column holds 9 digits with 2 decimals
LIMITS = {"building": 50, "entrance": 20, "door": 20, "name": 50, "floor": 4}


class RegistryFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass
class Row:
    number: int  # the row number in the file, as a spreadsheet shows it
    building: str
    entrance: str
    door: str
    floor: int
    area: Decimal
    area_source: str
    name: str
    phone: str  # E.164, or "" for a unit without a registered owner
    relation: str


@dataclass
class Check:
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.problems


class Formula(str):
    """A cell that holds a formula: kept as text, never evaluated."""
