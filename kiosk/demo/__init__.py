"""Demo material: what ``kiosk --demo`` gives a newcomer, and the samples the print commands show.

The demo staff PIN is printed on the console and in the README; it only ever lives in the
memory of a ``--demo`` process, never in a config file.
"""

DEMO_PIN = "246813"
DEMO_COUNTER = "1"  # a counter serving every service, so ``kiosk --mode counter --demo`` has one to run
