"""``python -m kiosk`` starts the kiosk, as the ``kiosk`` command does."""

import sys

from kiosk.cli import main

sys.exit(main())
