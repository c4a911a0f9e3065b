"""Packaging for the public legal service centre kiosk.

The design keeps ``kiosk.kv``, ``config.ini`` and ``assets/`` at the top of the
repository. ``build_py`` carries them into ``kiosk/_resources`` so that a
non-editable install finds them next to the package (see kiosk/foundation/resources.py).
"""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TOP_LEVEL_RESOURCES = ("kiosk.kv", "config.ini", "assets")


def read_version() -> str:
    for line in (HERE / "kiosk" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("kiosk/__init__.py has no __version__")


class BuildWithResources(build_py):
    """Copy the top-level resources into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kiosk" / "_resources"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in TOP_LEVEL_RESOURCES:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, target / name)


setup(
    name="legal-kiosk",
    version=read_version(),
    description="Self-service kiosk for public legal service centres (公共法律服务中心自助终端)",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11,<3.12",
    packages=find_packages(include=["kiosk", "kiosk.*"]),
    package_data={"kiosk": ["**/*.kv"]},
    include_package_data=True,
    cmdclass={"build_py": BuildWithResources},
    install_requires=[
        "kivy[base]>=2.3.1,<2.4",
        "qrcode>=7.4,<9",
        "opencv-python>=4.8,<5",
        "pyzbar>=0.1.9,<0.2",
        "zxing-cpp>=2.2,<4",
        "google-re2>=1.1,<2",
        "sqlite-utils>=3.36,<4",
        "pillow>=10,<13",
        "fonttools>=4.40,<5",
        "jieba>=0.42.1,<0.43",
        "pypinyin>=0.50,<1",
        "cbor2>=5.4,<6",
        "base45>=0.4.4,<0.5",  # the EU certificate's text encoding (RFC 9285)
        "cryptography>=42,<49",
        "python-escpos>=3.1,<4",
        "pyserial>=3.5,<4",
        "pyusb>=1.2,<2",
        "psycopg[binary]>=3.1,<4",
        "numpy>=1.24,<3",
        "matplotlib>=3.8,<4",
        "python-docx>=1.1,<2",  # kb import of the .docx files of the national laws database
    ],
    extras_require={
        "test": [
            "pytest>=8,<10",
            "pytest-timeout>=2.2,<3",
            "pytest-xdist>=3.5,<4",
            "hypothesis>=6.100,<7",
            "ruff>=0.6,<1",
            "import-linter>=2,<3",  # the layering contracts of .importlinter, run by .ci/test
        ],
    },
    entry_points={
        "console_scripts": [
            "kiosk=kiosk.cli:main",
            "kiosk-admin=kiosk.admin:main",
        ],
    },
)
