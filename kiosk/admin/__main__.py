"""``python -m kiosk.admin`` runs kiosk-admin."""

import sys

from kiosk.admin import main

sys.exit(main())
