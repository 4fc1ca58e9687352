import os

import pytest


def skip_unless_ci(reason: str) -> None:
    """Skip locally with a clear reason; under CI=true a missing dependency is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but: {reason}")
    pytest.skip(reason)
