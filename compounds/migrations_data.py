"""Rows that migrations and code both need; kept out of the migrations package so code
can import them. The names are the Chinese terms the boards show."""

DEFAULT_KIND_ROWS = [
    ("building_head", "楼栋长"),
    ("party_group_leader", "党小组长"),
    ("sanitation_officer", "卫生员"),
    ("culture_officer", "文体员"),
    ("security_officer", "治安员"),
    ("housing_officer", "房管员"),
]
