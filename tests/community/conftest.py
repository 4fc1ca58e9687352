"""Community life's tests read the services' and forms' refusals by their English msgids
(the words a reader sees in Chinese are checked page by page by the language walk,
tests/portal/test_language.py). Pages asked through the client still speak the language the
request chooses."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield
