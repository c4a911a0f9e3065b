"""``kb import`` of one huge statute-shaped Markdown file: peak memory (RSS) and time.

The file is generated: a title, a history, chapters and articles of made-up
wording (no statute text), numbered 第一条 onwards, each a few thousand
characters over many paragraphs, until it reaches the size asked for. The
import runs as ``kiosk-admin kb import`` in a fresh child process, which reports
its own peak RSS (``getrusage``) when done. Measured on 2026-12-07 (a loaded
2-core machine), a 200 MB file of 8,751 articles: 1,012 MB peak and 134 s before
streaming (the whole file parsed, then segmented, in memory); 238 MB and 98 s
after. An import of nothing peaks at 195 MB: jieba's dictionary and the shipped
content. The two segmenting workers (forked, sharing the dictionary) peak lower.

Run alone: ``.venv/bin/python bench/bench_import.py [--mb 200] [--keep FILE]``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PROJECT_ROOT, Row

from kiosk.legal.numerals import article_label, to_numeral

PEAK_TARGET_MB = 300.0
FULL_MB = 200
QUICK_MB = 20
# Everyday legal words, shuffled into sentences: jieba has real work to do, and nothing is quoted.
WORDS = ("用人单位", "劳动者", "工资", "合同", "约定", "期限", "申请", "仲裁", "调解", "当事人", "证据", "赔偿",
         "责任", "房屋", "租金", "押金", "邻居", "物业", "维修", "费用", "通知", "书面", "登记", "机关", "街道",
         "社区", "窗口", "材料", "身份证", "复印件", "期间", "延长", "依法", "处理", "协商", "签订", "解除", "补偿")
PARAGRAPHS_PER_ARTICLE = 24
PARAGRAPH_CHARS = 300


def make_statute(path: Path, megabytes: float, seed: int = 7) -> int:
    """Write a statute-shaped file of about ``megabytes`` MB; returns the number of articles."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(400):
        words = rng.choices(WORDS, k=rng.randint(8, 20))
        sentences.append("".join(words) + rng.choice("，。；"))
    target = int(megabytes * 1_000_000)
    written = 0
    number = 0
    with path.open("w", encoding="utf-8") as out:
        head = ("# 中华人民共和国压力测试法\n\n2001年1月1日 第九届全国人民代表大会常务委员会第一次会议通过\n\n"
                "2002年1月1日 起施行\n\n<!-- INFO END -->\n\n")
        written += out.write(head) * 3
        while written < target and number < 9999:
            number += 1
            if number % 100 == 1:
                written += out.write(f"## 第{to_numeral(number // 100 + 1)}章 测试\n\n") * 3
            paragraphs = []
            for _ in range(PARAGRAPHS_PER_ARTICLE):
                text = ""
                while len(text) < PARAGRAPH_CHARS:
                    text += rng.choice(sentences)
                paragraphs.append(text)
            block = f"{article_label(number)} " + "\n\n".join(paragraphs) + "\n\n"
            written += len(block.encode("utf-8"))
            out.write(block)
    return number


# Run in a fresh child: its own peak (and its workers', if any), not that of whatever ran before in this process.
CHILD = """
import resource, sys
from kiosk.admin import main
code = main(["kb", "import", sys.argv[1], "--data-dir", sys.argv[2]])
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print("peak-kb", peak, "exit", code)
"""


def measure(path: Path, data_dir: Path) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, the import's summary line) of ``kiosk-admin kb import PATH`` in a child."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, str(path), str(data_dir)],
                            capture_output=True, text=True, cwd=PROJECT_ROOT)
    seconds = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("peak-kb"):
        raise RuntimeError(f"the import did not finish: {result.stderr.strip()[-300:]}")
    peak_kb = int(lines[-1].split()[1])
    return peak_kb / 1024, seconds, lines[-2] if len(lines) > 1 else ""


def run(quick: bool) -> list[Row]:
    megabytes = QUICK_MB if quick else FULL_MB
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        path = folder / "压力测试法(2001-01-01).md"
        articles = make_statute(path, megabytes)
        size = path.stat().st_size / 1e6
        peak, seconds, last = measure(path, folder / "data")
    return [
        Row("import", f"peak RSS, one {size:.0f} MB statute", peak, "MB", f"<= {PEAK_TARGET_MB:g}",
            peak <= PEAK_TARGET_MB, f"{articles} articles, streamed"),
        Row("import", f"time, one {size:.0f} MB statute", seconds, "s", note=last[:80]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=FULL_MB, help="size of the generated file")
    parser.add_argument("--keep", type=Path, help="write the file here and stop (to measure by hand)")
    args = parser.parse_args()
    if args.keep:
        print(make_statute(args.keep, args.mb), "articles")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "压力测试法(2001-01-01).md"
        make_statute(path, args.mb)
        print(measure(path, Path(folder) / "data"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
