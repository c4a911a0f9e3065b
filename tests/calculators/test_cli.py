"""kiosk-admin calc through the real command: JSON out, and one line naming the option for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

REQUIRED = {"working", "cites", "assumptions"}


def test_severance_prints_the_amount_with_its_working_and_citations(calc):
    status, shown, err = calc("severance", "--start", "2019-03-01", "--end", "2025-11-30", "--monthly-wage",
                              "8000", "--json")
    assert status == 0 and err == ""
    assert set(shown) >= REQUIRED and shown["amount"] == "56000.00"
    assert shown["working"][0]["zh"] == "2019-03-01 至 2025-11-30：6 年 9 个月 → 7 个月工资 × 8,000.00 元"
    assert shown["cites"][0] == {"law": "劳动合同法", "article": 47, "label": "第四十七条", "version": "2012-12-28",
                                 "citation": {"zh": "《劳动合同法》第四十七条（2012-12-28 版）",
                                              "en": "Labour Contract Law, Article 47 (2012)"}}
    assert shown["figures"][0] == {"key": "average_monthly_wage", "value": "10000", "published": "2026-05-20"}


@pytest.mark.parametrize(("argv", "key", "value"), [
    (("severance", "--start", "2010-01-01", "--end", "2025-06-30", "--monthly-wage", "50000", "--average-wage",
      "9000"), "amount", "324000.00"),
    (("dismissal-damages", "--start", "2019-03-01", "--end", "2025-11-30", "--monthly-wage", "8000"),
     "amount", "112000.00"),
    (("double-wage", "--start", "2026-01-10", "--signed", "2026-04-20", "--monthly-wage", "5000"),
     "amount", "11666.67"),
    (("double-wage", "--start", "2026-01-10", "--end", "2027-06-01", "--monthly-wage", "5000"),
     "amount", "55000.00"),
    (("work-injury", "--grade", "1", "--monthly-wage", "8000"), "amount", "216000.00"),
    (("court-fee", "--amount", "100000", "--summary"), "amount", "1150.00"),
    (("court-fee", "--kind", "divorce"), "amount_high", "300.00"),
    (("interest-cap", "--lpr", "3.1", "--principal", "100000", "--rate", "24", "--deducted", "10000"),
     "amount", "11160.00"),
    (("interest-cap", "--lpr", "3.1", "--principal", "100000", "--rate", "1", "--rate-period", "month",
      "--deducted", "10000"), "amount", "10800.00"),  # 12% a year on 90,000: under the 12.4% cap
    (("deadline", "--kind", "appeal-judgment", "--known", "2026-11-21", "--today", "2026-12-07"),
     "last_day", "2026-12-07"),
    (("deadline", "--kind", "labour-arbitration", "--known", "2025-10-01", "--today", "2026-09-01",
      "--holiday", "2026-10-01", "--holiday", "2026-10-02"), "last_day", "2026-10-05"),
    (("deadline", "--kind", "award-set-aside", "--known", "2026-11-21", "--today", "2026-12-07"),
     "last_day", None),
])
def test_each_calculator_through_the_shell(calc, argv, key, value):
    status, shown, _ = calc(*argv, "--json")
    assert status == 0 and set(shown) >= REQUIRED
    assert shown[key] == value
    assert ("amount" in shown) != ("last_day" in shown)


def test_text_output_in_english(calc):
    status, text, _ = calc("work-injury", "--grade", "10", "--monthly-wage", "8000", "--language", "en")
    assert status == 0
    assert "56,000.00 yuan" in text and "Grade 10 disability → 7 months" in text
    assert "Regulation on Work-Related Injury Insurance, Article 37 (2010)" in text


@pytest.mark.parametrize(("argv", "line"), [
    (("severance", "--start", "2019-03-01", "--end", "2025-11-30", "--monthly-wage=-8000"),
     "kiosk-admin calc severance: --monthly-wage: expected 0 or more, got -8000"),
    (("severance", "--start", "2019-03-01", "--end", "2025-11-30", "--monthly-wage", "NaN"),
     "kiosk-admin calc severance: --monthly-wage: expected a finite number, got 'NaN'"),
    (("severance", "--start", "2019-03-01", "--end", "2025-11-30", "--monthly-wage", "8000", "--average-wage",
      "inf"), "kiosk-admin calc severance: --average-wage: expected a finite number, got 'inf'"),
    (("court-fee", "--amount", "1e400"), "kiosk-admin calc court-fee: --amount: expected at most 1000000000000, "
     "got 1e400"),
    (("severance", "--start", "2025-11-30", "--end", "2019-03-01", "--monthly-wage", "8000"),
     "kiosk-admin calc severance: --end: expected 2025-11-30 (start date) or later, got 2019-03-01"),
    (("work-injury", "--grade", "11", "--monthly-wage", "8000"),
     "kiosk-admin calc work-injury: --grade: expected a whole number from 1 to 10, got '11'"),
    (("deadline", "--kind", "civil", "--known", "30/11/2026"),
     "kiosk-admin calc deadline: --known: expected a date such as 2026-05-20, got '30/11/2026'"),
    (("interest-cap", "--principal", "100000", "--contract-date", "2026-06-01", "--loan-end", "2026-01-01"),
     "kiosk-admin calc interest-cap: --loan-end: expected 2026-06-01 (date the loan contract was made) or "
     "later, got 2026-01-01"),
])
def test_bad_input_exits_2_with_one_line_naming_the_option(calc, argv, line):
    status, out, err = calc(*argv, "--json")
    assert status == 2 and out == ""
    assert err == line + "\n"


def test_the_installed_command_runs_end_to_end(tmp_path):
    command = [sys.executable, "-m", "kiosk.admin", "calc", "court-fee", "--amount", "10001", "--json",
               "--data-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["amount"] == "50.03"
    bad = subprocess.run([*command[:6], "abc", *command[7:]], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--amount" in bad.stderr
