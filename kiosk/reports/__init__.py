"""Reports (统计 / 月度研判): the figures of a day or a month from the stores, as CSV, PNG and a summary page.

Plain Python, no Kivy. :mod:`.figures` counts (``collect``) from the stores
:func:`kiosk.wiring.open_sources` opens, :mod:`.sources` finds the font,
:mod:`.writer` puts the tables, charts and summary in a folder and
:mod:`.charts` draws (``today_png`` is the staff screen's picture of the day);
:mod:`.backup` takes and restores backups. Nothing here imports matplotlib until
a chart is drawn, so the kiosk's screens load without it::

    sources = open_sources(runtime)
    figures = collect(sources, Period.parse("monthly", "2026-11"), now)
    write_report(figures, Path("out"), report_font(runtime))
"""
