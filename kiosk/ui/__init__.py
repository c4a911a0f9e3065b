"""The Kivy screens. Thin: they show what the Kivy-free cores compute."""
