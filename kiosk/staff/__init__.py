"""The staff side's Kivy-free core: the PIN and its lockout."""
