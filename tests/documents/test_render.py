"""Rendering: each template to an A4 PDF whose text holds the chosen facts and none of the options not
chosen, blank lines long enough to write on, everything inside the margins, PNG pages for the preview,
and the QR text offered instead of paper."""

from __future__ import annotations

import io
import re
import struct
import subprocess

import pytest

from kiosk.documents import MAX_QR_BYTES, draft_images, draft_pdf, draft_qr_text, make_draft, template, templates
from kiosk.documents.layout import (
    BOTTOM,
    LEFT,
    MIN_BLANK,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PT,
    RIGHT,
    TOP,
    Rule,
    Run,
    text_width,
    wrap,
)

from .conftest import FACTS

NAMES = [t.name for t in templates()]


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_holds_the_chosen_facts(tmp_path, fonts, samples, today, read_pdf, name) -> None:
    draft = make_draft(name, samples[name], today)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(draft_pdf(draft, fonts))
    text = read_pdf(pdf)
    for fact in FACTS[name]:
        assert fact in text, fact
    assert template(name).title.zh.split("（")[0].replace("　", "") in text.replace("　", "")
    # options nobody chose are not on the page
    chosen = {key: value if isinstance(value, list) else [value] for key, value in samples[name].items()}
    for question in template(name).questions:
        for option in question.options:
            sentence = option.text.split("{")[0]
            if question.key in chosen and option.key not in chosen[question.key] and len(sentence) >= 6:
                assert sentence not in text, (question.key, option.key)


@pytest.mark.parametrize("name", NAMES)
def test_pages_are_a4_and_every_run_stays_inside_the_margins(tmp_path, fonts, samples, today, name) -> None:
    draft = make_draft(name, samples[name], today)
    pdf = draft_pdf(draft, fonts)
    sizes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)
    assert len(sizes) == len(draft.pages) >= 1
    assert all(abs(float(w) - 595.3) < 0.5 and abs(float(h) - 841.9) < 0.5 for w, h in sizes)  # 210 × 297 mm
    for page in draft.pages:
        for item in page:
            if isinstance(item, Run):
                width = text_width(item.text, item.size)
                left = {"left": item.x, "center": item.x - width / 2, "right": item.x - width}[item.align]
                hanging = item.size * PT  # closing punctuation may hang past the margin
                assert left >= LEFT - 0.01 and left + width <= PAGE_WIDTH - RIGHT + hanging, item
                assert TOP <= item.y <= PAGE_HEIGHT - 10, item
            else:
                assert min(item.x1, item.x2) >= LEFT - 0.01 and max(item.x1, item.x2) <= PAGE_WIDTH - RIGHT + 0.01
                assert item.y1 <= PAGE_HEIGHT - BOTTOM + 1.5 or not item.blank


@pytest.mark.parametrize("name", NAMES)
def test_blank_lines_are_long_enough_to_write_on(samples, today, name) -> None:
    draft = make_draft(name, samples[name], today)
    blanks = [item for page in draft.pages for item in page if isinstance(item, Rule) and item.blank]
    assert len(blanks) >= 5
    assert min(item.x2 - item.x1 for item in blanks) >= MIN_BLANK


def test_wrapping_keeps_numbers_whole_and_punctuation_off_line_starts() -> None:
    lines = wrap("申请人于2021年3月1日入职，月工资8,000.00元。" * 3, 60, 12)
    assert all(not line.startswith(("，", "。")) for line in lines)
    joined = "|".join(lines)
    assert "8,000.00" in joined.replace("|", "") and not re.search(r"\d\|\d|\d\|[.,]", joined)


def test_a_long_document_runs_onto_more_pages(samples, today) -> None:
    answers = samples["labour_arbitration"]
    short = make_draft("labour_arbitration", {**answers, "facts": ["refused"], "evidence": ["pay"],
                                              "claims": ["confirm"]}, today)
    long = make_draft("labour_arbitration", answers, today)
    assert len(long.pages) >= len(short.pages)
    for n, page in enumerate(long.pages, start=1):
        assert f"第 {n} 页 共 {len(long.pages)} 页" in [item.text for item in page if isinstance(item, Run)]


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_preview_pages_are_pngs_of_the_pages(fonts, samples, today) -> None:
    draft = make_draft("labour_arbitration", samples["labour_arbitration"], today)
    images = draft_images(draft, fonts, dpi=60)
    assert len(images) == len(draft.pages)
    width, height = png_size(images[0])
    assert (width, height) == (int(PAGE_WIDTH / 25.4 * 60), int(PAGE_HEIGHT / 25.4 * 60))


def not_within_a_pixel(ink, other):
    """How many inked pixels of ``ink`` have no inked pixel of ``other`` within one pixel: two
    renderers smooth edges differently, but the same glyphs land on the same spots."""
    import numpy

    near = other.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            near |= numpy.roll(numpy.roll(other, dy, 0), dx, 1)
    return int((ink & ~near).sum())


def test_the_preview_shows_the_same_page_as_the_pdf(tmp_path, fonts, samples, today) -> None:
    """The PNG the screen shows and the PDF that is printed come from one layout: their ink matches,
    and does not match another document's."""
    numpy = pytest.importorskip("numpy")
    from PIL import Image

    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode:
        pytest.skip("pdftoppm (poppler-utils) is not installed")

    def ink_of_pdf(name: str):
        (tmp_path / f"{name}.pdf").write_bytes(draft_pdf(make_draft(name, samples[name], today), fonts))
        subprocess.run(["pdftoppm", "-r", "60", "-gray", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        return numpy.asarray(Image.open(tmp_path / f"{name}.pgm")) < 128

    preview = draft_images(make_draft("iou", samples["iou"], today), fonts, dpi=60)[0]
    shown = numpy.asarray(Image.open(io.BytesIO(preview)).convert("L")) < 128
    for name, most in (("iou", 0.08), ("receipt", None)):
        printed = ink_of_pdf(name)
        rows, columns = min(shown.shape[0], printed.shape[0]), min(shown.shape[1], printed.shape[1])
        missing = not_within_a_pixel(shown[:rows, :columns], printed[:rows, :columns]) / shown.sum()
        if most is not None:
            assert missing <= most
        else:
            assert missing > 0.3


def test_the_qr_text_carries_the_facts_within_its_budget(samples, today) -> None:
    text = draft_qr_text(make_draft("iou", samples["iou"], today))
    assert text.startswith("借条\n") and "壹万贰仟叁佰肆拾伍元陆角" in text and "2027年6月30日" in text
    for name in NAMES:
        assert len(draft_qr_text(make_draft(name, samples[name], today)).encode()) <= MAX_QR_BYTES
    cut = draft_qr_text(make_draft("labour_arbitration", samples["labour_arbitration"], today))
    assert cut.endswith("…")
