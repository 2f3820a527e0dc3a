from __future__ import annotations

import pytest

from sendpath.localoffer import services
from sendpath.localoffer.tests.factories import load_test_postcodes


@pytest.fixture
def local_offer(db):
    """The taxonomies (a flushed database loses the migration's rows) and test postcodes."""
    services.taxonomies_ensure()
    load_test_postcodes()
