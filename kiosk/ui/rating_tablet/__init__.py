"""``kiosk --mode rating``: the counter-side rating tablet."""
