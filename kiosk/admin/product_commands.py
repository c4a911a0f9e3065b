"""``kiosk-admin products``: the legal service products catalogue the kiosk shows (staff's import, else the
shipped one); ``kiosk-admin kb import products.json`` replaces it."""

from __future__ import annotations

from kiosk.admin import EXIT_OK, common_options, print_json
from kiosk.legal.library import LegalLibrary
from kiosk.visitor.products import catalogue_of, group_name


def register(subparsers) -> None:
    products = subparsers.add_parser("products", parents=[common_options()],
                                     help="legal service products: the catalogue the kiosk shows")
    commands = products.add_subparsers(dest="products_command", metavar="PRODUCTS_COMMAND", required=True)
    listing = commands.add_parser("list", parents=[common_options()],
                                  help="every product, its groups and how it is booked")
    listing.set_defaults(handler=list_command)


def list_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        catalogue = catalogue_of(library)
    finally:
        library.close()
    if args.json:
        print_json({"source": "imported" if catalogue.imported else "shipped",
                    "products": [{**product.text("zh_CN"), "name_en": product.name_en,
                                  "bring_en": list(product.bring_en)} for product in catalogue.products]})
        return EXIT_OK
    print(f"{len(catalogue.products)} products ({'imported' if catalogue.imported else 'shipped'} catalogue)")
    for product in catalogue.products:
        groups = ", ".join(group_name(group, "en") for group in product.groups)
        booking = product.booking
        how = (f"appointment: {booking.target}" if booking.kind == "appointment"
               else f"work order: {booking.target} ({booking.matter})")
        print(f"{product.code:<24} {product.name} / {product.name_en}  [{groups}]  {how}")
    return EXIT_OK
