"""``kiosk-admin pin set``: store the staff PIN as a salted scrypt hash in this kiosk's config.ini."""

from __future__ import annotations

import getpass
import sys

from kiosk.admin import EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.foundation.config import load_settings
from kiosk.foundation.resources import shipped_config
from kiosk.staff.config_edit import set_config_value
from kiosk.staff.pin import PinFormatError, hash_pin


def register(subparsers) -> None:
    parser = subparsers.add_parser("pin", help="the staff PIN")
    actions = parser.add_subparsers(dest="pin_action", metavar="ACTION", required=True)
    setter = actions.add_parser("set", parents=[common_options()],
                                help="set the staff PIN (asked twice, never shown, never stored in clear)")
    setter.add_argument("--stdin", action="store_true", help="read the PIN from one line of standard input")
    setter.set_defaults(handler=set_pin)


def set_pin(args, runtime) -> int:
    target = runtime.settings.source
    if target.resolve() == shipped_config().resolve():
        print("kiosk-admin: name this kiosk's own config file with --config; the shipped one is a template",
              file=sys.stderr)
        return EXIT_USAGE
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New staff PIN (6-12 digits): ")
        if getpass.getpass("Again: ") != pin:
            print("kiosk-admin: the two PINs differ; nothing changed", file=sys.stderr)
            return EXIT_USAGE
    try:
        stored = hash_pin(pin)
    except PinFormatError as error:
        print(f"kiosk-admin: {error}; nothing changed", file=sys.stderr)
        return EXIT_USAGE
    set_config_value(target, "staff", "pin_hash", stored)
    load_settings(target)  # the file must still load after the edit
    message = f"staff PIN set in {target}; restart the kiosk to use it"
    if args.json:
        print_json({"ok": True, "config": str(target)})
    else:
        print(message)
    return EXIT_OK
