"""What the QR on an answer print-out carries.

With ``[tickets] answer_url`` set, the address of the answer on the centre's
site; otherwise the answer itself, so a phone can show it with no network.
The text is cut to what a QR code on 58 mm paper still scans well.
"""

from __future__ import annotations

from urllib.parse import quote

from kiosk.printing.model import CitedArticle, first_notes

# UTF-8 bytes: about 200 Chinese characters, a version 19 code of 3-dot modules on 58 mm paper.
MAX_QR_BYTES = 600
ELLIPSIS = "…"


def answer_qr_text(answer_id: str, question: str, answer: str, articles: tuple[CitedArticle, ...],
                   url_template: str = "", language: str = "zh_CN") -> str:
    """The QR text for an answer: its web address, or question, answer and citations within MAX_QR_BYTES.

    Each citation carries its version and, when not in force, its status; a law's note (what replaced it)
    follows its first citation. When the answer would be left too short, the notes go first, then the citations.
    """
    if url_template:
        return url_template.replace("{id}", quote(answer_id, safe=""))
    notes = first_notes(articles)
    citations = "".join("\n" + article.citation(language) for article in articles)
    noted = "".join("\n" + article.citation(language) + (f"\n{note}" if note else "")
                    for article, note in zip(articles, notes, strict=True))
    text = f"{question}\n{answer}"
    if _size(text + noted) <= MAX_QR_BYTES:
        return text + noted
    for tail in (noted, citations, ""):
        room = MAX_QR_BYTES - _size(tail) - _size(ELLIPSIS)
        if room >= _size(question) + 20 or not tail:
            break
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + ELLIPSIS + tail


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
