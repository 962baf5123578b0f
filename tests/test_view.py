"""bitext view: rows, the HTML page, the terminal view, exports and the CLI (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html as lxml_html

from bitext.cli import main
from bitext.view.html import render_html
from bitext.view.rows import export_rows, marks_for_row, view_from_files, view_from_jsonl
from bitext.view.terminal import render_terminal

AR = [
    "أعلن وزير الدفاع الأميركي آشتون كارتر أن بلاده سترسل 560 جندياً إضافياً إلى العراق.",
    "وقال كارتر إن المطار يبعد 250 ميلاً عن بغداد.",
]
EN_OK = [
    "US Defense Secretary Ashton Carter announced that his country would send 560 additional troops to Iraq.",
    "Carter said the airport is 250 miles from Baghdad.",
]
EN_BAD = [
    "US Defense Secretary Ashton Carter announced that his country would send 650 additional troops to Iraq.",
    "Carter said the airport is 250 miles from Baghdad.",
]
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "ar": _write(tmp_path / "doc.ar", AR),
        "ok": _write(tmp_path / "ok.en", EN_OK),
        "bad": _write(tmp_path / "bad.en", EN_BAD),
        "ref": _write(tmp_path / "ref.en", EN_OK),
    }


def _translate_jsonl(tmp_path: Path, findings: bool = True) -> Path:
    """A file shaped like `bitext translate --format jsonl --check` output."""
    from bitext.check import check

    report = check(AR, EN_BAD)
    lines = []
    for i, (a, e) in enumerate(zip(AR, EN_BAD)):
        rec = {"sentence": i, "block": i + 1, "kind": "paragraph", "source": a, "span": [0, len(a)],
               "translation": e, "score": -0.4, "flags": [], "chunks": [[0, len(a)]]}
        if findings:
            rec["findings"] = [f.to_dict() for f in report.for_sentence(i)]
        lines.append(json.dumps(rec, ensure_ascii=False))
    path = tmp_path / "doc.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- rows

def test_rows_from_translate_jsonl(tmp_path: Path) -> None:
    view = view_from_jsonl(_translate_jsonl(tmp_path))
    assert [r.source for r in view.rows] == AR
    assert [r.systems[0] for r in view.rows] == EN_BAD
    assert view.checked
    kinds = {f["kind"] for f in view.rows[0].findings}
    assert any("number" in k for k in kinds), kinds
    assert view.rows[0].block == 1 and view.rows[0].kind == "paragraph"


def test_rows_from_jsonl_without_findings_runs_the_checks(tmp_path: Path) -> None:
    view = view_from_jsonl(_translate_jsonl(tmp_path, findings=False), run_check=True)
    assert view.checked and view.rows[0].findings


def test_rows_from_files_with_two_systems_and_reference(files) -> None:
    view = view_from_files(files["ar"], [files["ok"], files["bad"]], ref=files["ref"], names=["good", "bad"])
    assert view.system_names == ["good", "bad"]
    assert len(view.rows) == 2
    row = view.rows[0]
    assert row.systems == [EN_OK[0], EN_BAD[0]] and row.reference == EN_OK[0]
    assert not [f for f in row.findings if f["system"] == 0 and f["severity"] == "error"]
    assert [f for f in row.findings if f["system"] == 1]
    assert row.scores[0] == pytest.approx(100.0) and row.scores[1] < 100
    assert set(view.corpus) == {"good", "bad"} and view.corpus["good"]["chrF++"] == pytest.approx(100.0)


def test_blank_lines_group_paragraphs_and_headings(tmp_path: Path) -> None:
    ar = _write(tmp_path / "a.ar", ["# عنوان المقال", "", AR[0], AR[1]])
    en = _write(tmp_path / "a.en", ["# The headline", "", EN_OK[0], EN_OK[1]])
    view = view_from_files(ar, [en])
    assert len(view.rows) == 3
    assert view.rows[0].kind == "heading"
    assert [len(g) for g in view.groups()] == [1, 1, 1]  # one line, one block
    assert view.rows[1].line == 3


def test_aligned_files(tmp_path: Path) -> None:
    ar = _write(tmp_path / "a.ar", [" ".join(AR)])
    en = _write(tmp_path / "a.en", EN_OK)
    view = view_from_files(ar, [en], align=True)
    assert len(view.rows) == 2
    assert "560" in view.rows[0].systems[0] and "250" in view.rows[1].systems[0]


def test_marks_pair_numbers_and_names(files) -> None:
    view = view_from_files(files["ar"], [files["ok"]])
    src, cols = marks_for_row(view.rows[0])
    src_pairs = {m.pair: AR[0][m.start:m.end] for m in src if m.pair}
    en_pairs = {m.pair: EN_OK[0][m.start:m.end] for m in cols[0] if m.pair}
    shared = set(src_pairs) & set(en_pairs)
    assert any(src_pairs[p] == "560" and en_pairs[p] == "560" for p in shared)
    assert any(en_pairs[p] in ("Carter", "Ashton") for p in shared)


# --------------------------------------------------------------------------- html

def _page(view) -> tuple[str, etree._Element]:
    text = render_html(view)
    return text, lxml_html.fromstring(text)


def test_html_is_self_contained(files) -> None:
    text, doc = _page(view_from_files(files["ar"], [files["bad"]], ref=files["ref"]))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "@import" not in text and "url(" not in text
    assert not doc.xpath("//link | //script[@src] | //img | //iframe | //object | //embed")
    assert doc.xpath("//style") and doc.xpath("//script")
    assert "@media print" in text and "@media (max-width" in text


def test_html_arabic_cells_rtl_and_english_ltr(files) -> None:
    _, doc = _page(view_from_files(files["ar"], [files["bad"]]))
    src_cells = doc.xpath("//div[contains(@class,'row')]/div[contains(@class,'src')]")
    assert len(src_cells) == 2
    assert all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in src_cells)
    en_cells = doc.xpath("//div[contains(@class,'row')]/div[contains(@class,'en')]")
    assert en_cells and all(c.get("dir") == "ltr" for c in en_cells)


def test_html_finding_badges_and_pairs(files) -> None:
    view = view_from_files(files["ar"], [files["bad"]])
    _, doc = _page(view)
    badges = doc.xpath("//span[contains(@class,'finding')]")
    assert len(badges) == sum(len(r.findings) for r in view.rows) > 0
    assert any("560" in b.text_content() and "650" in b.text_content() for b in badges)
    # the row of the wrong number is marked, the filter and the key help exist
    assert doc.xpath("//div[@id='r1' and contains(@class,'has-f')]")
    assert doc.xpath("//input[@id='only-findings']")
    # a shared number is paired across the columns: 250 in row 2
    row = doc.xpath("//div[@id='r2']")[0]
    ar = [s for s in row.xpath(".//div[contains(@class,'src')]//span[@data-pair]") if (s.text or "").startswith("250")]
    en = [s for s in row.xpath(".//div[contains(@class,'en')]//span[@data-pair]") if (s.text or "").startswith("250")]
    assert ar and en and ar[0].get("data-pair") == en[0].get("data-pair")
    # the wrong number has no partner
    row1 = doc.xpath("//div[@id='r1']")[0]
    assert [s for s in row1.xpath(".//span[contains(@class,'lone')]") if s.text in ("560", "650")]


def test_html_scores_and_summary(files) -> None:
    text, doc = _page(view_from_files(files["ar"], [files["ok"], files["bad"]], ref=files["ref"]))
    scores = doc.xpath("//span[@class='score']")
    assert len(scores) == 4 and all("--s:" in s.get("style") for s in scores)
    assert doc.xpath("//table[@class='corpus']")
    assert doc.xpath("//dd[@id='n-rows']")[0].text == "2"


def test_html_escapes_hostile_input(tmp_path: Path) -> None:
    ar = _write(tmp_path / "h.ar", [AR[0] + " " + HOSTILE, HOSTILE])
    en = _write(tmp_path / "h.en", [EN_OK[0] + " " + HOSTILE, HOSTILE])
    text, doc = _page(view_from_files(ar, [en], names=[HOSTILE], ref=en, ref_name=HOSTILE))
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert len(doc.xpath("//script")) == 1  # only the page's own
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]")
    assert HOSTILE in doc.xpath("//div[@id='r2']/div[contains(@class,'src')]")[0].text_content()


# --------------------------------------------------------------------------- terminal

def test_terminal_shows_both_texts_and_findings(files) -> None:
    view = view_from_files(files["ar"], [files["bad"]])
    out = render_terminal(view, width=160, bidi=False)
    flat = " ".join(out.split())
    assert "آشتون كارتر" in flat or "آشتون" in out
    assert "Ashton" in out and "650" in out
    assert "▶" in out  # findings are marked
    assert "findings:" in out


def test_terminal_bidi_reorders_arabic(files) -> None:
    pytest.importorskip("bidi")
    view = view_from_files(files["ar"], [files["ok"]])
    logical = render_terminal(view, width=200, bidi=False)
    visual = render_terminal(view, width=200, bidi=True)
    assert "كارتر" in logical and "رتراك" in visual  # letters reversed for a left-to-right terminal


# --------------------------------------------------------------------------- exports

def test_exports(files) -> None:
    view = view_from_files(files["ar"], [files["ok"], files["bad"]], ref=files["ref"])
    tsv = export_rows(view, "tsv").splitlines()
    assert len(tsv) == 3 and tsv[1].split("\t")[1] == AR[0] and "findings" in tsv[0]
    records = [json.loads(line) for line in export_rows(view, "jsonl").splitlines()]
    assert records[0]["source"] == AR[0] and records[0]["systems"]["bad.en"] == EN_BAD[0]
    assert records[0]["reference"] == EN_OK[0] and "findings" in records[0]
    tmx = etree.fromstring(export_rows(view, "tmx").encode("utf-8"))
    segs = tmx.xpath("//tu/tuv/seg/text()")
    assert segs == [AR[0], EN_OK[0], AR[1], EN_OK[1]]


# --------------------------------------------------------------------------- CLI

def test_cli_html_from_files(files, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["view", str(files["ar"]), str(files["ok"]), "--mt2", str(files["bad"]),
                                       "--ref", str(files["ref"]), "--name", "A", "--name", "B", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and ">A</div>" in text and ">B</div>" in text


def test_cli_jsonl_input_and_exports(tmp_path: Path) -> None:
    src = _translate_jsonl(tmp_path)
    for fmt in ("tsv", "jsonl", "tmx", "html"):
        result = CliRunner().invoke(main, ["view", str(src), "-f", fmt])
        assert result.exit_code == 0, result.output
        assert "560" in result.output or "650" in result.output


def test_cli_term_output(files) -> None:
    result = CliRunner().invoke(main, ["view", str(files["ar"]), str(files["bad"]), "-f", "term", "--no-bidi"])
    assert result.exit_code == 0, result.output
    assert "Ashton" in result.output and "كارتر" in result.output


def test_cli_line_count_mismatch_names_both_files(files, tmp_path: Path) -> None:
    short = _write(tmp_path / "short.en", EN_OK[:1])
    result = CliRunner().invoke(main, ["view", str(files["ar"]), str(short), "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 2
    assert "short.en" in result.output and "doc.ar" in result.output and "--align" in result.output
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("args", [
    ["view"],
    ["view", "a", "b", "c"],
    ["view", "{jsonl}", "--mt2", "{jsonl}"],
    ["view", "{ar}", "{ok}", "-f", "term", "-o", "x.txt"],
    ["view", "{ar}", "{ok}", "-o", "{ar}"],
    ["view", "{missing}", "{ok}"],
    ["view", "{notjsonl}"],
])
def test_cli_bad_input_exits_2(files, tmp_path: Path, args) -> None:
    (tmp_path / "not.jsonl").write_text("hello\n", encoding="utf-8")
    paths = {"ar": files["ar"], "ok": files["ok"], "jsonl": _translate_jsonl(tmp_path),
             "missing": tmp_path / "missing.ar", "notjsonl": tmp_path / "not.jsonl"}
    args = [a.format(**paths) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_html_and_term_hide_info_unless_show_info(tmp_path: Path) -> None:
    ar = _write(tmp_path / "u.ar", ["قطع مسافة 10 كيلومترات."])
    en = _write(tmp_path / "u.en", ["He covered 6.2 miles."])
    quiet = tmp_path / "quiet.html"
    loud = tmp_path / "loud.html"
    assert CliRunner().invoke(main, ["view", str(ar), str(en), "-o", str(quiet)]).exit_code == 0
    assert CliRunner().invoke(main, ["view", str(ar), str(en), "-o", str(loud), "--show-info"]).exit_code == 0
    assert "unit-converted" not in quiet.read_text(encoding="utf-8")
    assert "1 info not shown (--show-info)" in quiet.read_text(encoding="utf-8")
    assert "unit-converted" in loud.read_text(encoding="utf-8")
    term = CliRunner().invoke(main, ["view", str(ar), str(en), "-f", "term"])
    assert "unit-converted" not in term.output and "info not shown" in term.output
    rows = tmp_path / "rows.jsonl"
    assert CliRunner().invoke(main, ["view", str(ar), str(en), "-o", str(rows)]).exit_code == 0
    assert "unit-converted" in rows.read_text(encoding="utf-8")  # exports keep every finding


def test_view_files_is_the_library_face_of_the_command(files, tmp_path: Path) -> None:
    """The CLI and Python callers share one path: the same job gives the same page."""
    from bitext.errors import FormatError
    from bitext.view.files import ViewJob, view_files

    by_cli = tmp_path / "cli.tsv"
    result = CliRunner().invoke(main, ["view", str(files["ar"]), str(files["bad"]), "--ref", str(files["ref"]),
                                       "-o", str(by_cli)])
    assert result.exit_code == 0, result.output
    done = view_files(ViewJob((str(files["ar"]), str(files["bad"])), output="rows.tsv", ref=str(files["ref"])))
    assert done.text == by_cli.read_text(encoding="utf-8")
    assert "650" in done.text and len(done.view.rows) == 2
    page = view_files(ViewJob((str(files["ar"]), str(files["bad"])), fmt="html")).text
    assert page.lstrip().lower().startswith("<!doctype html")
    with pytest.raises(FormatError, match="--mt2 and --align"):
        view_files(ViewJob((str(files["ar"]),), more=(str(files["ok"]),)))
    with pytest.raises(FormatError, match="not 3 files"):
        view_files(ViewJob((str(files["ar"]), str(files["ok"]), str(files["bad"]))))
