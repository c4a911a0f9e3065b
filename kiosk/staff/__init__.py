"""The staff side's Kivy-free core: the PIN and its lockout, validated and audited set-up changes
(:mod:`kiosk.staff.centre_setup`), the disinfection log's overdue rule, and the audit as staff read it."""
