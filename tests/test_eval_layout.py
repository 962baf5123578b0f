"""bitext eval: choosing the baseline, and reports that fit a terminal and a page."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from test_cli import assert_ok, invoke

WORDS = ("the minister said that the port will open in April after the works and the new road "
         "to the city will cost more than expected by the council this year").split()
SYSTEMS = ["opus-mt-ar-en-baseline", "google-translate", "nllb-200-distilled", "argos-translate",
           "microsoft-translator", "bergamot-base-memory", "bergamot-base"]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."


@pytest.fixture
def seven_systems(tmp_path: Path) -> tuple[Path, list[Path]]:
    rng = random.Random(7)
    ref = [_sentence(rng) for _ in range(40)]
    ref_path = tmp_path / "ref.en"
    ref_path.write_text("\n".join(ref) + "\n", encoding="utf-8")
    hyps = []
    for k, name in enumerate(SYSTEMS):
        lines = [r if rng.random() < 0.2 + 0.1 * k else _sentence(rng) for r in ref]
        path = tmp_path / f"{name}.en"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        hyps.append(path)
    return ref_path, hyps


def _args(ref: Path, hyps: list[Path], *extra: str) -> list[str]:
    return ["eval", "--ref", str(ref), "--hyp", *map(str, hyps), "--bootstrap", "50", "--ar-trials", "50",
            "--worst", "0", *extra]


def test_baseline_option_chooses_the_system_compared_with(seven_systems, tmp_path):
    ref, hyps = seven_systems
    out = tmp_path / "scores.json"
    assert_ok(invoke(_args(ref, hyps, "--baseline", "argos-translate", "-o", str(out))))
    import json

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["baseline"] == "argos-translate"
    systems = report["systems"]
    assert systems[0]["name"] == "argos-translate" and systems[0]["comparison"] is None
    assert all(s["comparison"] for s in systems[1:])
    assert {s["name"] for s in systems} == set(SYSTEMS)
    # by file name too
    assert_ok(invoke(_args(ref, hyps, "--baseline", str(hyps[2]), "-o", str(out))))
    assert json.loads(out.read_text(encoding="utf-8"))["baseline"] == "nllb-200-distilled"


def test_unknown_baseline_lists_the_systems(seven_systems):
    ref, hyps = seven_systems
    result = invoke(_args(ref, hyps, "--baseline", "deepl"))
    assert result.exit_code == 2
    assert "--baseline deepl: no such system" in result.stderr and "google-translate" in result.stderr


@pytest.mark.parametrize("width", [80, 100, 120])
def test_text_table_fits_the_terminal(seven_systems, width):
    from bitext.evaluate import evaluate_files, render_text

    ref, hyps = seven_systems
    report = evaluate_files([str(ref)], [str(h) for h in hyps], n_bootstrap=50, ar_trials=50)
    text = render_text(report, 0, width=width)
    table_and_notes = text.split("Signatures:")[0]  # signatures are copied whole, never broken
    assert max(len(line) for line in table_and_notes.splitlines()) <= width
    for name in SYSTEMS:  # every system keeps its scores and its comparison, never cut
        assert text.count(name) >= (1 if name == SYSTEMS[0] else 2), name
    assert "better" in text or "worse" in text or "no significant" in text


def test_default_text_report_fits_100_columns(seven_systems):
    ref, hyps = seven_systems
    result = invoke(_args(ref, hyps))
    assert_ok(result)
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary (chromium, chromium-browser or google-chrome) on PATH")
def test_html_table_fits_a_1400px_page(seven_systems, tmp_path):
    """Seven systems with comparisons and fidelity columns: the table's right edge is inside the window."""
    ref, hyps = seven_systems
    page = tmp_path / "report.html"
    assert_ok(invoke(_args(ref, hyps, "-o", str(page))))
    probe = tmp_path / "probe.html"
    script = ("<script>window.addEventListener('load', () => { const t = document.querySelector('table');"
              "document.body.setAttribute('data-right', Math.ceil(t.getBoundingClientRect().right));"
              "document.body.setAttribute('data-width', document.documentElement.clientWidth); });</script>")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                           f"--user-data-dir={profile}", "--window-size=1400,900", "--virtual-time-budget=2000",
                           "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    body = lxml_html.fromstring(done.stdout).find("body")
    assert body.get("data-right") is not None, "the probe script did not run"
    assert int(body.get("data-right")) <= int(body.get("data-width")) <= 1400
