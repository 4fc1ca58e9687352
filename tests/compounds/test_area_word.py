"""One word for a unit's area (issue 11, item 11): the registry file's column is
专有部分面积 (法释〔2009〕7号 第八条), and a file that says 面积 is read the same."""

import pytest

from compounds import registry
from tests.compounds.test_registry import GOOD, HEADER, check

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("word", ["专有部分面积", "面积", "专有部分面积（㎡）"])
def test_the_area_column_is_read_under_either_word(place, word):
    header = [word if column == "面积" else column for column in HEADER]
    data = "\n".join(",".join(row) for row in [header, *GOOD]).encode()
    result = registry.check_table(place.compound, registry.read_table(data, "r.csv"))
    assert result.ok, result.problems
    assert [str(row.area) for row in result.rows] == ["89.50", "105.32", "105.32", "126.00"]


def test_the_export_and_a_missing_column_say_专有部分面积(place):
    assert "专有部分面积" in registry.EXPORT_HEADERS and "面积" not in registry.EXPORT_HEADERS
    data = "楼栋,门牌号,面积来源\n18栋,101,实测\n".encode()
    with pytest.raises(registry.RegistryFileError, match="专有部分面积"):
        check(place, data)
