"""Each screen and widget module loads the .kv file of its own name."""

from pathlib import Path

from kivy.lang import Builder


def load_kv_beside(module_file: str) -> None:
    """Load the .kv beside ``module_file``, wherever the package is installed."""
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))
