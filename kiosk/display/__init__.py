"""The display board's core (叫号屏): following the store, what is announced and how it is spoken; and the kiosk's
朗读 reader, which speaks with the same voice. Kivy-free."""
