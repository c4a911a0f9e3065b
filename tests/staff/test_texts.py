"""Every text the staff pages build from a value (an area, a kind, an option) exists in both languages."""

import pytest

from kiosk.foundation.i18n import LANGUAGES, catalogue
from kiosk.queue.model import ROUND_AREAS, ROUND_KINDS
from kiosk.staff.centre_setup import POLICY_FIELDS


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_keys_exist(language):
    keys = {f"staff.area.{area}" for area in ROUND_AREAS} | {f"staff.kind.{kind}" for kind in ROUND_KINDS}
    keys |= {f"staff.option.{option}" for field in POLICY_FIELDS.values() for option in field.options}
    assert keys - set(catalogue(language)) == set()
