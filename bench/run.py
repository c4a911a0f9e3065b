"""Run every benchmark under bench/ and print one table.

Usage: ``.venv/bin/python bench/run.py [--only NAME ...] [--quick]``. Each
``bench/bench_*.py`` module has ``run(quick: bool) -> list[Row]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from common import Row  # noqa: E402


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def format_table(rows: list[Row]) -> str:
    header = ("area", "benchmark", "value", "unit", "target", "ok", "note")
    body = [
        (r.area, r.name, f"{r.value:.4g}", r.unit, r.target, {None: "", True: "yes", False: "NO"}[r.ok], r.note)
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    lines = [" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)) for line in
             [header, tuple("-" * w for w in widths), *body]]
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=[], help="benchmark modules to run, e.g. startup queue")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    args = parser.parse_args()
    rows: list[Row] = []
    failed = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(load(path).run(args.quick))
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print(format_table(rows))
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
