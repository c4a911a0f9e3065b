"""``kiosk-admin doc``: list, render and print from a shell; bad answers exit 2 with one line naming
the question; a printer fault exits 1 with the visitor's message; ``[documents]`` is checked."""

from __future__ import annotations

import json

import pytest

from kiosk.foundation.config import ConfigError, load_settings
from kiosk.foundation.resources import shipped_config


@pytest.fixture
def doc(tmp_path, capsys):
    """Run ``kiosk-admin doc ...`` in-process on a throwaway data folder: (status, JSON or text, stderr)."""
    from kiosk.admin import main

    def run(*argv: str, config=None):
        extra = ["--config", str(config)] if config else []
        status = main(["doc", *argv, "--data-dir", str(tmp_path / "data"), *extra])
        out, err = capsys.readouterr()
        try:
            return status, json.loads(out), err
        except json.JSONDecodeError:
            return status, out, err

    return run


def answers_file(tmp_path, answers) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_list(doc) -> None:
    status, shown, _ = doc("list", "--json")
    assert status == 0
    names = [t["name"] for t in shown["templates"]]
    assert names == ["labour_arbitration", "civil_complaint", "iou", "receipt", "legal_aid", "mediation"]
    iou = shown["templates"][2]
    rate = next(q for q in iou["questions"] if q["key"] == "rate")
    assert rate["when"] == {"interest": ["yearly"]} and rate["label"]["en"] == "Yearly rate (%)"
    assert iou["cites"][0] == {"law": "民法典", "article": 668, "label": "第六百六十八条", "version": "2020-05-28"}
    status, text, _ = doc("list", "--language", "en")
    assert status == 0 and "IOU (loan note)" in text and "amount" in text


def test_render(doc, tmp_path, samples, read_pdf) -> None:
    out = tmp_path / "iou.pdf"
    status, shown, _ = doc("render", "iou", "--answers", answers_file(tmp_path, samples["iou"]), "--out", str(out),
                           "--today", "2026-12-07", "--json")
    assert status == 0 and shown == {"template": "iou", "pages": 1, "out": str(out)}
    assert "壹万贰仟叁佰肆拾伍元陆角" in read_pdf(out)


@pytest.mark.parametrize(("change", "line"), [
    ({"amount": "-5"}, "kiosk-admin doc render: amount: expected 1 or more\n"),
    ({"due_date": "2026-01-01"}, "kiosk-admin doc render: due_date: cannot be before 2026-12-07\n"),
    ({"purpose": "holiday"}, "kiosk-admin doc render: purpose: no option 'holiday'\n"),
    ({"name": "张三"}, "kiosk-admin doc render: name: not a question of iou\n"),
])
def test_bad_answers_exit_2_with_one_line_naming_the_question(doc, tmp_path, samples, change, line) -> None:
    out = tmp_path / "x.pdf"
    status, _, err = doc("render", "iou", "--answers", answers_file(tmp_path, {**samples["iou"], **change}),
                         "--out", str(out), "--today", "2026-12-07")
    assert (status, err) == (2, line)
    assert not out.exists()


def test_unknown_template_and_unreadable_answers_exit_2(doc, tmp_path) -> None:
    status, _, err = doc("render", "will", "--answers", answers_file(tmp_path, {}), "--out", str(tmp_path / "x.pdf"))
    assert status == 2 and err.startswith("kiosk-admin doc render: no document template 'will'; expected one of")
    broken = tmp_path / "broken.json"
    broken.write_text("{amount: 1", encoding="utf-8")
    status, _, err = doc("print", "iou", "--answers", str(broken))
    assert status == 2 and err.startswith("kiosk-admin doc print: --answers: not JSON") and err.count("\n") == 1
    status, _, err = doc("print", "iou", "--answers", str(tmp_path / "missing.json"))
    assert status == 2 and "--answers: No such file or directory" in err


def test_print_without_a_printer_says_so(doc, tmp_path, samples) -> None:
    status, shown, err = doc("print", "iou", "--answers", answers_file(tmp_path, samples["iou"]),
                             "--today", "2026-12-07", "--json")
    assert status == 1
    assert shown["printed"] is False and shown["fault"] == "not_configured"
    assert shown["message"]["zh"] == ("本机没有设置文书打印机。"
                                      "您可以扫描屏幕上的二维码带走这份文书的内容，或请工作人员帮助。")
    assert "No document printer is set up" in err


def test_print_through_cups(doc, cups, tmp_path, samples) -> None:
    config = tmp_path / "config.ini"
    config.write_text(shipped_config().read_text(encoding="utf-8")
                      .replace("\nprinter =\n", f"\nprinter = {cups.queue}\n")
                      .replace("\nserver =\n", f"\nserver = {cups.socket}\n"), encoding="utf-8")
    status, shown, _ = doc("print", "mediation", "--answers", answers_file(tmp_path, samples["mediation"]),
                           "--today", "2026-12-07", "--json", config=config)
    assert status == 0 and shown["printed"] is True and shown["queue"] == cups.queue
    assert shown["job"].startswith(f"{cups.queue}-") and shown["pages"] == 2


@pytest.mark.parametrize(("key", "value", "problem"), [
    ("printer", "my printer", "expected a CUPS queue name"),
    ("printer", "a/b", "expected a CUPS queue name"),
    ("server", "http://host:631", "expected empty, host, host:port"),
    ("wait_seconds", "1", "expected"),
])
def test_the_documents_section_is_checked(tmp_path, key, value, problem) -> None:
    config = tmp_path / "config.ini"
    config.write_text(f"[documents]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_settings(config)


def test_the_documents_section_defaults_and_values(tmp_path) -> None:
    assert load_settings().documents.printer == ""
    config = tmp_path / "config.ini"
    config.write_text("[documents]\nprinter = Office_A4-2\nserver = /run/cups/cups.sock\nwait_seconds = 30\n",
                      encoding="utf-8")
    settings = load_settings(config).documents
    assert (settings.printer, settings.server, settings.wait_seconds) == ("Office_A4-2", "/run/cups/cups.sock", 30)
