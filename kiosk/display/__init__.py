"""The display board's core (叫号屏): following the store, what is announced and how it is spoken. Kivy-free."""
