"""The default category set, used where a compound has not set its own. Utilities (water,
power up to the meter) are the utility company's job: the hotline is shown to the resident."""

DEFAULT_CATEGORIES = [
    # (code, name, route, hotline)
    ("lighting", "照明", "property", ""),
    ("drainage", "下水道/排污", "property", ""),
    ("water", "供水", "utility", "96166"),
    ("power", "供电", "utility", "95598"),
    ("elevator", "电梯", "property", ""),
    ("road", "道路/井盖", "property", ""),
    ("fire", "消防", "property", ""),
    ("access", "门禁/监控", "property", ""),
    ("sanitation", "环境卫生", "property", ""),
    ("greenery", "绿化", "property", ""),
    ("parking", "停车", "property", ""),
    ("noise", "噪音/油烟", "housing_officer", ""),
    ("other", "其他", "property", ""),
]


def ensure_default_categories() -> None:
    from requests.models import Category

    for order, (code, name, route, hotline) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            compound=None,
            code=code,
            defaults={"name": name, "route": route, "hotline": hotline, "order": order},
        )
