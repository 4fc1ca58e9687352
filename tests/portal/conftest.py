"""Fixtures of the portal's own tests."""

import pytest


@pytest.fixture
def sms_log():
    """What portal.sms logs, at every level (not pytest's caplog, which CI may turn off)."""
    import io
    import logging

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("portal.sms")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)
