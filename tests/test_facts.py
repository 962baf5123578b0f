"""The facts stage: the numbers and names check() compared, returned with its findings and drawn by the view."""

from __future__ import annotations

from pathlib import Path

from bitext.check import PairFacts, check, check_documents, pair_facts
from bitext.check.names import MAX_PAIR_WORDS
from bitext.check.numbers import extract_numbers
from bitext.view.rows import marks_for_row, run_checks, view_from_files

AR = [
    "أعلن وزير الدفاع الأميركي آشتون كارتر أن بلاده سترسل 560 جندياً إضافياً إلى العراق.",
    "وقال كارتر إن المطار يبعد 250 ميلاً عن بغداد.",
    "",
]
EN = [
    "US Defense Secretary Ashton Carter announced that his country would send 650 additional troops to Iraq.",
    "Carter said the airport is 250 miles from Baghdad.",
    "",
]


def test_report_carries_one_facts_object_per_pair() -> None:
    report = check(AR, EN)
    assert len(report.facts) == len(AR)
    for src, tgt, facts in zip(AR, EN, report.facts):
        assert isinstance(facts, PairFacts) and facts.describes(src, tgt)
        assert list(facts.source_numbers) == (extract_numbers(src, "ar") if src else [])
        assert list(facts.target_numbers) == (extract_numbers(tgt, "en") if tgt else [])
        for link in facts.names:  # spans index the sentences the user gave
            assert src[slice(*link.source_span)] == link.source_text
            assert tgt[slice(*link.target_span)] == link.target_text
    names = {link.target_text for link in report.facts[0].names}
    assert {"Carter", "Iraq"} <= names
    # the number finding and the facts speak of the same quantities
    changed = [f for f in report.findings if f.kind == "number-changed"]
    assert changed and changed[0].values["source"] == 560 and changed[0].values["target"] == 650
    assert [q.value for q in report.facts[0].target_numbers] == [650]
    assert "facts" not in report.to_dict()  # the JSON form stays as documented


def test_facts_of_checks_not_run_are_none() -> None:
    report = check(AR, EN, numbers=False, names=False)
    assert all(f.source_numbers is None and f.names is None for f in report.facts)


def test_check_documents_keeps_facts_in_file_order() -> None:
    report = check_documents(AR + AR, EN + EN, doc_ids=["a"] * 3 + ["b"] * 3)
    assert [f.source for f in report.facts] == AR + AR
    assert report.facts[4].names == check(AR, EN).facts[1].names


def test_too_long_pair_has_no_name_facts() -> None:
    src = " ".join(["كلمة"] * (MAX_PAIR_WORDS + 5))
    tgt = " ".join(["word"] * (MAX_PAIR_WORDS + 5))
    report = check([src], [tgt])
    assert report.facts[0].names is None
    assert any(f.kind == "names-unchecked" for f in report.findings)
    assert pair_facts(src, tgt).names is None


def test_view_highlights_are_the_checked_facts(tmp_path: Path) -> None:
    ar = tmp_path / "a.ar"
    en = tmp_path / "a.en"
    ar.write_text("\n".join(AR[:2]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:2]) + "\n", encoding="utf-8")
    view = view_from_files(ar, [en])  # checks by default
    row = view.rows[0]
    assert len(row.facts) == 1
    findings = list(row.findings)
    run_checks(view)  # a second run replaces the first
    assert len(row.facts) == 1 and row.findings == findings
    src_marks, cols = marks_for_row(row)
    name_marks = {(m.start, m.end) for m in cols[0] if m.kind == "name"}
    assert name_marks == {link.target_span for link in row.facts[0].names}
    # 560 in the source is unpaired, 650 in the translation is unpaired: the reader sees both stand alone
    nums = {row.source[m.start:m.end]: m.pair for m in src_marks if m.kind == "num"}
    assert nums == {"560": None}
    # text edited after the check: the stale facts are not drawn, the new text is analysed
    row.systems[0] = "Carter said nothing about Iraq."
    _, cols = marks_for_row(row)
    names = {row.systems[0][m.start:m.end] for m in cols[0] if m.kind == "name"}
    assert "Carter" in names and all(m.end <= len(row.systems[0]) for m in cols[0])
