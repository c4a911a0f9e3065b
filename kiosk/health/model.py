"""The fixed names of the health check, shared by every part of it."""

from __future__ import annotations

from typing import Final

# What the code is.
HEALTH_CODE_URL: Final = "health_code_url"
EU_DCC: Final = "eu_dcc"
NOT_HEALTH_CODE: Final = "not_health_code"
NO_CODE: Final = "none"
KINDS: Final = (HEALTH_CODE_URL, EU_DCC, NOT_HEALTH_CODE, NO_CODE)

# The colour a code is drawn in.
GREEN: Final = "green"
YELLOW: Final = "yellow"
RED: Final = "red"
NO_COLOUR: Final = "none"
COLOURS: Final = (GREEN, YELLOW, RED, NO_COLOUR)

# What happens to the visitor.
ADMIT: Final = "admit"
REFER: Final = "refer"
REFUSE: Final = "refuse"
DECISIONS: Final = (ADMIT, REFER, REFUSE)
