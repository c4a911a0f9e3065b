"""The display board (叫号屏), ``kiosk --mode display``."""
