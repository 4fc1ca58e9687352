import pytest
import time_machine
from django.utils import timezone


@pytest.fixture
def clock():
    """A stopped clock the test moves (voting opens on the 16th day after the notice)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller
