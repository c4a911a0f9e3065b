"""Where the kiosk's memory goes, idle on home: resident, proportional, anonymous and file-backed pages, the
largest mappings by library, the textures of the built screens and the Python heap by package.

The real app runs in a subprocess under a display (``python bench/bench_memory.py DATA_DIR [--trace|--camera
CLIP SECONDS]``): once plain for the page counts, once under tracemalloc (which costs memory of its own) for
the Python heap, and once on the health check with the camera running (a 720p clip in which no code ever
shows, so that it decodes all the time) for ten minutes, resident memory sampled as it goes. A bare Kivy
app (one label, the same 1080x1920 window, ``--floor``) shows what the window and software GL take before
the kiosk adds anything.
File-backed clean pages (shared libraries, the knowledge base's memory map) count in RSS but are shared
with other processes and the kernel takes them back under pressure: PSS and the anonymous pages are the
figures that memory pressure really sees, so both are shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench_startup import display
from common import PROJECT_ROOT, Row

AREA = "memory"
IDLE_TARGET_MB = 250  # idle after start-up, every screen the visitors use built (issue #17)
CAMERA_TARGET_MB = 350  # with the camera running for ten minutes (issue #17)
CAMERA_SECONDS, QUICK_CAMERA_SECONDS = 600, 60
SAMPLE_SECONDS = 5.0
SETTLE_SECONDS = 3.0
# Mappings grouped by what loaded them: the first group whose word is in the path.
GROUPS = (
    ("GL driver (Mesa llvmpipe)", ("libLLVM", "swrast", "libgallium", "dri/", "libGL", "libEGL", "libglapi")),
    ("OpenCV and its libraries", ("cv2", "opencv_python")),
    ("numpy", ("numpy",)),
    ("cryptography, OpenSSL", ("cryptography", "libcrypto", "libssl")),
    ("Kivy and SDL", ("kivy", "Kivy", "SDL")),
    ("Python", ("libpython", "python3.11")),
    ("X shared memory", ("SYSV",)),
)


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024


def rollup() -> dict[str, float]:
    """/proc/self/smaps_rollup in MB."""
    found = {}
    for line in Path("/proc/self/smaps_rollup").read_text(encoding="ascii").splitlines()[1:]:
        name, value, *_ = line.split()
        found[name.rstrip(":")] = _mb(int(value))
    return found


def mappings(knowledge_base: Path) -> dict[str, float]:
    """Resident MB of the file-backed mappings, grouped (GROUPS, the knowledge base, the rest)."""
    groups: Counter[str] = Counter()
    path = ""
    for line in Path("/proc/self/smaps").read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and ":" in fields[3]:  # a mapping's first line
            path = fields[5] if len(fields) > 5 else ""
        elif fields and fields[0] == "Rss:" and path.startswith("/"):
            if path.startswith(str(knowledge_base)):
                group = "knowledge base (memory-mapped)"
            else:
                group = next((name for name, words in GROUPS if any(word in path for word in words)), "other files")
            groups[group] += _mb(int(fields[1]))
    return dict(groups)


def textures(app) -> tuple[int, float]:
    """Textures the built screens' widgets hold: how many and their MB as RGBA (software GL keeps each in
    ordinary memory)."""
    seen: dict[int, tuple[int, int]] = {}
    for screen in app.root.screens:
        for widget in screen.walk(restrict=True):
            texture = getattr(widget, "texture", None)
            if texture is not None:
                seen[id(texture)] = texture.size
    return len(seen), sum(width * height * 4 for width, height in seen.values()) / 2 ** 20


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if "/kiosk/" in filename:
        return "kiosk." + filename.split("/kiosk/")[-1].split("/")[0]
    if filename.startswith("<frozen importlib"):
        return "code of imported modules"
    return "standard library and other"


def drive(data_dir: Path, trace: bool) -> None:
    """Start the kiosk, wait until it is ready, measure idle on home, then build every screen and measure again."""
    if trace:
        import tracemalloc

        tracemalloc.start(1)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui.bootstrap import prepare_kivy

    config = data_dir.parent / "memory-config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\nidle_timeout = 3600\n", encoding="utf-8")
    runtime = open_runtime(config, data_dir)
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.ui.app import KioskApp
    from kiosk.ui.base_app import resident_megabytes
    from kiosk.ui.screen_registry import KIOSK_SCREENS

    app = KioskApp(runtime)
    found: dict[str, object] = {}

    def first_frame(*_args) -> None:
        Window.unbind(on_flip=first_frame)
        found["first_frame_mb"] = resident_megabytes()

    def measure_idle(_dt: float) -> None:
        found.update(rollup=rollup(), mappings=mappings(runtime.knowledge_base_path), modules=len(sys.modules))
        found["textures"] = textures(app)
        found["jieba_loaded"] = app.library.store.segmenter.ready
        if trace:
            import tracemalloc

            packages: Counter[str] = Counter()
            for stat in tracemalloc.take_snapshot().statistics("filename"):
                packages[_package(stat.traceback[0].filename)] += stat.size / 2 ** 20
            found["python_heap"] = dict(packages.most_common())
            app.stop()
            return
        for name, _ in KIOSK_SCREENS:
            app.root.get_screen(name)
        Clock.schedule_once(measure_all, SETTLE_SECONDS)

    def measure_all(_dt: float) -> None:
        found["every_screen_mb"] = resident_megabytes()
        found["every_screen_textures"] = textures(app)
        # What a visitor on the legal screens adds (jieba), and what is left once the visit has ended.
        segmenter = app.library.store.segmenter
        segmenter.warm_up()
        found["jieba_words"] = len(segmenter._tokenizer.FREQ)
        found["with_jieba_mb"] = resident_megabytes()
        segmenter.release()
        found["after_visit_mb"] = resident_megabytes()
        app.stop()

    def wait(_dt: float) -> None:
        if not (app.ready and app.library is not None):
            Clock.schedule_once(wait, 0.2)
            return
        Clock.schedule_once(measure_idle, SETTLE_SECONDS)

    Window.bind(on_flip=first_frame)
    Clock.schedule_once(wait, 0.5)
    app.run()
    print(json.dumps(found), flush=True)


def drive_camera(data_dir: Path, clip: str, seconds: float) -> None:
    """Start the kiosk, open the health check and keep the camera running ``seconds``; print RSS samples."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui.bootstrap import prepare_kivy

    config = data_dir.parent / "camera-config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\nidle_timeout = 3600\n"
                      f"[camera]\nsource = {clip}\nwidth = 1280\nheight = 720\n", encoding="utf-8")
    runtime = open_runtime(config, data_dir)
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    import time

    from kivy.clock import Clock

    from kiosk.ui.app import KioskApp
    from kiosk.ui.base_app import resident_megabytes

    app = KioskApp(runtime)
    found: dict[str, object] = {"samples": []}

    def sample(_dt: float) -> None:
        elapsed = time.perf_counter() - found["started"]
        found["samples"].append([round(elapsed, 1), round(resident_megabytes(), 1)])
        if app.root.get_screen("health_check").state not in ("looking", "hint"):
            found["error"] = f"the camera stopped: {app.root.get_screen('health_check').state}"
            app.stop()
        elif elapsed >= seconds:
            app.stop()
        else:
            Clock.schedule_once(sample, SAMPLE_SECONDS)

    def wait(_dt: float) -> None:
        if not (app.ready and app.library is not None):
            Clock.schedule_once(wait, 0.2)
            return
        found["idle_mb"] = resident_megabytes()
        app.take_number()
        found["started"] = time.perf_counter()
        Clock.schedule_once(sample, SAMPLE_SECONDS)

    Clock.schedule_once(wait, 0.5)
    app.run()
    print(json.dumps(found), flush=True)


def drive_floor() -> None:
    """A bare Kivy app of one label in the kiosk's window; print its page counts once it has drawn."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kivy.config import Config

    Config.set("graphics", "width", "1080")
    Config.set("graphics", "height", "1920")
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.uix.label import Label

    found: dict[str, object] = {}

    class Bare(App):
        def build(self) -> Label:
            Clock.schedule_once(self.measure, SETTLE_SECONDS)
            return Label(text="kiosk")

        def measure(self, _dt: float) -> None:
            found["rollup"] = rollup()
            self.stop()

    Bare().run()
    print(json.dumps(found), flush=True)


def _empty_clip(folder: Path) -> Path:
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    frames = clip_frames(sample_health_url(), "green", frames=60, size=(1280, 720), empty_frames=60)
    return write_clip(folder / "no-code-720p.avi", frames, fps=30.0)


def _measure(data_dir: Path, display_name: str, *options: str, timeout: float = 600) -> dict:
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(data_dir), *options],
                            capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT,
                            env={**os.environ, "DISPLAY": display_name})
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"memory driver failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        data_dir = Path(folder) / "data"
        # The first start builds the knowledge base (jieba and the index, a one-off that leaves its heap
        # behind); the kiosk is measured as it starts every other day.
        first = _measure(data_dir, display_name)
        plain = _measure(data_dir, display_name)
        traced = _measure(data_dir, display_name, "--trace")
        floor = _measure(data_dir, display_name, "--floor")["rollup"]
        seconds = QUICK_CAMERA_SECONDS if quick else CAMERA_SECONDS
        camera = _measure(data_dir, display_name, "--camera", str(_empty_clip(Path(folder))), str(seconds),
                          timeout=seconds + 600)
    if "error" in camera:
        raise RuntimeError(camera["error"])
    pages = plain["rollup"]
    rss, anonymous = pages["Rss"], pages["Anonymous"]
    count, texture_mb = plain["textures"]
    all_count, all_texture_mb = plain["every_screen_textures"]
    rows = [
        Row(AREA, "resident idle on home, first start", first["rollup"]["Rss"], "MB", "", None,
            "the knowledge base built on this start"),
        Row(AREA, "resident at the first frame (home only)", plain["first_frame_mb"], "MB"),
        Row(AREA, "resident idle on home, a later start", rss, "MB", f"<= {IDLE_TARGET_MB}", rss <= IDLE_TARGET_MB,
            f"the visitors' screens built, knowledge base open, jieba "
            f"{'loaded' if plain['jieba_loaded'] else 'not loaded (it loads as a visitor opens a legal screen)'}"
            f"; {plain['modules']} modules"),
        Row(AREA, "  proportional (PSS)", pages["Pss"], "MB", note="shared pages divided among their processes"),
        Row(AREA, "  anonymous (heap, GL buffers and textures)", anonymous, "MB"),
        Row(AREA, "  file-backed (libraries, memory maps)", rss - anonymous - pages.get("Shmem", 0.0), "MB",
            note="clean and shared: reclaimable, but counted in RSS"),
    ]
    for name, megabytes in sorted(plain["mappings"].items(), key=lambda item: -item[1]):
        rows.append(Row(AREA, f"    {name}", megabytes, "MB"))
    rows.append(Row(AREA, "  textures of the built screens", texture_mb, "MB", note=f"{count} textures, as RGBA"))
    heap = traced["python_heap"]
    rows.append(Row(AREA, "  Python heap (tracemalloc)", sum(heap.values()), "MB"))
    for package, megabytes in list(heap.items())[:8]:
        rows.append(Row(AREA, f"    {package}", megabytes, "MB"))
    rows.append(Row(AREA, "resident once every screen is built", plain["every_screen_mb"], "MB", "", None,
                    f"the screens built when first asked too; {all_count} textures, {all_texture_mb:.0f} MB"))
    rows.append(Row(AREA, "resident with jieba loaded (a visitor on the legal screens)", plain["with_jieba_mb"], "MB",
                    note=f"jieba's dictionary: {plain['jieba_words']} words and prefixes"))
    rows.append(Row(AREA, "resident once that visit has ended", plain["after_visit_mb"], "MB",
                    note="the dictionary dropped when the visitor is forgotten"))
    rows.append(Row(AREA, "floor: a bare Kivy app, one label, same window", floor["Rss"], "MB", "", None,
                    f"PSS {floor['Pss']:.0f} MB, anonymous {floor['Anonymous']:.0f} MB: the window and software GL "
                    f"alone leave {IDLE_TARGET_MB - floor['Rss']:.0f} MB of the idle target for the kiosk"))
    samples = camera["samples"]
    peak = max(megabytes for _, megabytes in samples)
    minutes = samples[-1][0] / 60
    rows += [
        Row(AREA, f"resident, camera running {minutes:.0f} min (peak)", peak, "MB", f"<= {CAMERA_TARGET_MB}",
            peak <= CAMERA_TARGET_MB, f"720p at 30 fps, no code in view: decoding all the time; "
                                      f"{camera['idle_mb']:.0f} MB before"),
        Row(AREA, f"resident, camera running {minutes:.0f} min (at the end)", samples[-1][1], "MB", "", None,
            f"{samples[len(samples) // 2][1]:.0f} MB half-way"),
    ]
    return rows


if __name__ == "__main__":
    if sys.argv[2:3] == ["--floor"]:
        drive_floor()
    elif sys.argv[2:3] == ["--camera"]:
        drive_camera(Path(sys.argv[1]), sys.argv[3], float(sys.argv[4]))
    else:
        drive(Path(sys.argv[1]), "--trace" in sys.argv[2:])
