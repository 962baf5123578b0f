"""Sentence aligner (bitext.align): bead types, anchors, invariants, speed, exporters."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import bitext.align.features as features
from bitext.align import (Alignment, Bead, align, sentences_from_text, to_jsonl, to_moses,
                          to_tmx, to_tsv)

P_START = ("وصل الوزير إلى القاهرة صباح اليوم في زيارة رسمية تستمر ثلاثة أيام.",
           "The minister arrived in Cairo this morning for an official three-day visit.")
P_END = ("وسيعود الوزير إلى بلاده يوم الخميس المقبل بعد انتهاء الزيارة.",
         "The minister will return home next Thursday after the visit ends.")


def shape(al: Alignment) -> list[tuple[list[int], list[int]]]:
    return [(b.src, b.tgt) for b in al.beads]


def check_invariants(al: Alignment, n: int, m: int) -> None:
    src = [i for b in al.beads for i in b.src]
    tgt = [j for b in al.beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    allowed = {"1-1", "1-2", "2-1", "2-2", "1-0", "0-1", "1-3", "3-1"}
    for b in al.beads:
        assert b.kind in allowed
        assert 0.0 <= b.score <= 1.0
        assert b.src == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert b.tgt == list(range(b.tgt[0], b.tgt[0] + len(b.tgt))) if b.tgt else True


# ----------------------------------------------------------------- bead types

def test_one_to_one_two_to_one_one_to_two():
    src = [P_START[0], "والتقى الرئيس.", "وناقشا التعاون الاقتصادي بين البلدين.",
           "وقال المتحدث إن المحادثات كانت مثمرة وإن الجانبين اتفقا على مواصلة الحوار خلال الأشهر المقبلة.",
           P_END[0]]
    tgt = [P_START[1],
           "He met the president and they discussed economic cooperation between the two countries.",
           "The spokesman said the talks were fruitful.",
           "Both sides agreed to continue the dialogue in the coming months.",
           P_END[1]]
    al = align(src, tgt)
    assert shape(al) == [([0], [0]), ([1, 2], [1]), ([3], [2, 3]), ([4], [4])]
    assert [b.kind for b in al.beads] == ["1-1", "2-1", "1-2", "1-1"]
    assert al.method == "length+anchors"


def test_two_to_two():
    src = [P_START[0], "افتتح المعرض أبوابه يوم السبت وحضره آلاف الزوار من مختلف المدن والقرى المجاورة.",
           "وعرضت فيه لوحات.", P_END[0]]
    tgt = [P_START[1], "The exhibition opened on Saturday.",
           "Thousands of visitors from various cities and nearby villages attended, and paintings were shown.",
           P_END[1]]
    assert shape(align(src, tgt)) == [([0], [0]), ([1, 2], [1, 2]), ([3], [3])]


def test_deletions_one_to_zero_and_zero_to_one():
    mid = ("وأضاف أن الاتفاق يشمل 12 مشروعا جديدا في مجال الطاقة.",
           "He added that the agreement covers 12 new energy projects.")
    extra_ar = "وكان الطقس مشمسا ومعتدلا طوال فترة الزيارة بحسب ما ذكرت وسائل الإعلام المحلية في تقاريرها المسائية."
    al = align([P_START[0], extra_ar, mid[0], P_END[0]], [P_START[1], mid[1], P_END[1]])
    assert shape(al) == [([0], [0]), ([1], []), ([2], [1]), ([3], [2])]
    assert al.beads[1].kind == "1-0"
    extra_en = "Local newspapers published long reports about the visit and its expected results for both economies."
    al = align([P_START[0], mid[0], P_END[0]], [P_START[1], extra_en, mid[1], P_END[1]])
    assert shape(al) == [([0], [0]), ([], [1]), ([1], [2]), ([2], [3])]
    assert al.beads[1].kind == "0-1"
    assert al.beads[1].score < 0.5 < al.beads[0].score


# ------------------------------------------------------------ anchors decide

NUM_AR = ["ارتفع عدد السكان في المدينة خلال العام الماضي.", "وبلغت نسبة الزيادة 12 بالمئة.",
          "وتخطط البلدية لبناء مدارس ومستشفيات جديدة في الأحياء الشرقية."]
NUM_EN_1 = ["The city's population went up last year, by 12 percent.",
            "The municipality plans to build new schools and hospitals in the eastern districts."]
NUM_EN_2 = ["The city's population went up during the past year.",
            "With 12 percent growth, the municipality plans new schools and hospitals in the east."]
NAME_AR = ["وصل الرئيس إلى المطار مساء أمس.", "واستقبله كارتر.",
           "ثم توجه الوفد إلى الفندق في وسط العاصمة حيث عقد اجتماعا مغلقا."]
NAME_EN_1 = ["The president arrived at the airport last night and was met by Carter.",
             "The delegation then went to a hotel in the centre of the capital for a closed meeting."]
NAME_EN_2 = ["The president arrived at the airport yesterday evening.",
             "Carter then took the delegation to a hotel in the city centre for a closed meeting."]


@pytest.mark.parametrize("src,en1,en2", [(NUM_AR, NUM_EN_1, NUM_EN_2), (NAME_AR, NAME_EN_1, NAME_EN_2)],
                         ids=["number", "name"])
def test_anchor_decides_where_the_short_sentence_goes(src, en1, en2, monkeypatch):
    assert shape(align(src, en1)) == [([0, 1], [0]), ([2], [1])]
    assert shape(align(src, en2)) == [([0], [0]), ([1, 2], [1])]
    # without anchors the two versions cannot both come out right: lengths alone mislead
    monkeypatch.setattr(features, "WEIGHTS", {k: 0.0 for k in features.WEIGHTS})
    plain = (shape(align(src, en1)), shape(align(src, en2)))
    assert plain != ([([0, 1], [0]), ([2], [1])], [([0], [0]), ([1, 2], [1])])


def test_number_picks_the_deleted_sentence():
    a = "وقالت الحكومة إن عدد السكان في المحافظة بلغ 5 ملايين نسمة وفقا لآخر تعداد رسمي أجري في البلاد."
    b = "وأعلنت الوزارة أن عدد الزوار في المعرض وصل إلى 7 آلاف شخص خلال اليوم الأول من افتتاحه."
    eb = "The ministry announced that the number of visitors to the exhibition reached 7,000 on its first day."
    assert shape(align([a, b], [eb])) == [([0], []), ([1], [0])]


def test_mt_assisted_fixes_what_lengths_get_wrong():
    ma = "قال المدير إن المشروع سينتهي قريبا."
    mb = "وأكد أن التمويل متوفر بالكامل الآن."
    emb = "He confirmed that the funding is now fully available."
    src = [P_START[0], ma, mb, P_END[0]]
    tgt = [P_START[1], emb, P_END[1]]
    gold = [([0], [0]), ([1], []), ([2], [1]), ([3], [2])]
    assert shape(align(src, tgt)) != gold  # the length model merges the short sentences
    mt = [P_START[1], "The director said the project will end soon.",
          "He confirmed that funding is fully available now.", P_END[1]]
    al = align(src, tgt, mt=mt)
    assert al.method == "mt:chrF"
    assert shape(al) == gold
    assert al.beads[2].score > 0.5


def test_mt_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        align(["أ.", "ب."], ["A."], mt=["A."])


# ----------------------------------------------------------------- invariants

_AR_WORDS = ["قال", "الوزير", "إن", "عدد", "السكان", "بلغ", "مليون", "في", "بغداد", "كارتر", "٢٠١٩", "15"]
_EN_WORDS = ["the", "minister", "said", "population", "reached", "million", "in", "Baghdad", "Carter",
             "2019", "15", "?"]


def _sentences(words):
    return st.lists(st.lists(st.sampled_from(words), min_size=1, max_size=12).map(lambda w: " ".join(w) + "."),
                    min_size=0, max_size=25)


@settings(max_examples=50, deadline=None)
@given(_sentences(_AR_WORDS), _sentences(_EN_WORDS), st.sampled_from([None, 1, 3]))
def test_invariants_on_random_inputs(src, tgt, band):
    al = align(src, tgt, band=band)
    check_invariants(al, len(src), len(tgt))


def test_empty_sides():
    assert align([], []).beads == []
    al = align(["أ.", "ب."], [])
    assert [b.kind for b in al.beads] == ["1-0", "1-0"]
    al = align([], ["A.", "B.", "C."])
    assert [b.kind for b in al.beads] == ["0-1"] * 3
    check_invariants(al, 0, 3)


def test_one_side_hundred_times_longer():
    rng = random.Random(7)
    src = [" ".join(rng.choice(_AR_WORDS) for _ in range(10)) + "." for _ in range(10)]
    tgt = [" ".join(rng.choice(_EN_WORDS) for _ in range(10)) + "." for _ in range(1000)]
    al = align(src, tgt)  # speed is measured in eval/align_accuracy.py, not here
    check_invariants(al, 10, 1000)
    al = align(tgt[:10], src * 100)
    check_invariants(al, 10, 1000)


def test_long_document_with_a_deletion():
    rng = random.Random(3)
    src, tgt = [], []
    for k in range(1000):
        n = rng.randint(3, 25)
        src.append(" ".join(rng.choice(_AR_WORDS[:9]) for _ in range(n)) + f" {k}.")
        tgt.append(" ".join(rng.choice(_EN_WORDS[:8]) for _ in range(n + 1)) + f" {k}.")
    del tgt[500]
    al = align(src, tgt)
    check_invariants(al, 1000, 999)
    pairs = {(b.src[0], b.tgt[0]) for b in al.beads if b.kind == "1-1"}
    assert (10, 10) in pairs and (900, 899) in pairs


# ----------------------------------------------------------------- exporters

def _sample() -> Alignment:
    return Alignment(
        beads=[Bead([0], [0], 0.9), Bead([1, 2], [1], 0.2), Bead([3], [], 0.03), Bead([], [2], 0.03),
               Bead([4], [3], 0.8)],
        src=["مرحبا\tبكم.", "جملة أولى.", "جملة\nثانية.", "محذوفة.", "قال: \"نعم\" & <لا>."],
        tgt=["Welcome.", "First and second.", "Extra.", "He said: \"yes\" & <no>."])


def test_tsv():
    lines = to_tsv(_sample()).splitlines()
    assert len(lines) == 5
    assert lines[0] == "مرحبا بكم.\tWelcome."
    assert lines[1] == "جملة أولى. جملة ثانية.\tFirst and second."
    assert lines[2] == "محذوفة.\t" and lines[3] == "\tExtra."
    assert all(line.count("\t") == 1 for line in lines)


def test_jsonl_keeps_weak_beads_marked():
    recs = [json.loads(x) for x in to_jsonl(_sample(), min_score=0.5).splitlines()]
    assert len(recs) == 5
    assert recs[1]["src"] == [1, 2] and recs[1]["tgt"] == [1] and recs[1]["kind"] == "2-1"
    assert recs[1]["weak"] is True and "weak" not in recs[0]
    assert recs[0]["src_text"] == "مرحبا بكم." and recs[0]["score"] == 0.9
    assert recs[3]["kind"] == "0-1" and recs[3]["src_text"] == ""


def test_moses_drops_weak_and_deletions():
    ar, en = to_moses(_sample())
    assert ar.splitlines() == ["مرحبا بكم.", "جملة أولى. جملة ثانية.", "قال: \"نعم\" & <لا>."]
    assert en.splitlines() == ["Welcome.", "First and second.", "He said: \"yes\" & <no>."]
    ar, en = to_moses(_sample(), min_score=0.5)
    assert len(ar.splitlines()) == len(en.splitlines()) == 2


def test_tmx_is_valid_utf8_and_round_trips():
    data = to_tmx(_sample())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    data.decode("utf-8")
    root = etree.fromstring(data)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "ar"
    tus = root.findall("body/tu")
    assert len(tus) == 3
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    got = [{tuv.get(lang): tuv.findtext("seg") for tuv in tu.findall("tuv")} for tu in tus]
    assert got[2] == {"ar": "قال: \"نعم\" & <لا>.", "en": "He said: \"yes\" & <no>."}
    assert got[1] == {"ar": "جملة أولى. جملة ثانية.", "en": "First and second."}
    assert len(etree.fromstring(to_tmx(_sample(), min_score=0.5)).findall("body/tu")) == 2


def test_end_to_end_with_real_alignment():
    al = align([P_START[0], P_END[0]], [P_START[1], P_END[1]])
    ar, en = to_moses(al, min_score=0.5)
    assert ar.splitlines() == [P_START[0], P_END[0]] and en.splitlines() == [P_START[1], P_END[1]]


# ----------------------------------------------------------------- inputs

def test_sentences_from_text():
    text = "قال الوزير إن الزيارة ناجحة. وأضاف أنه سيعود قريبا.\n\nعنوان جديد\n"
    sents = sentences_from_text(text, "ar")
    assert sents == ["قال الوزير إن الزيارة ناجحة.", "وأضاف أنه سيعود قريبا.", "عنوان جديد"]
    assert sentences_from_text("One. Two.\n\n  Three.  \n", "en", presplit=True) == ["One. Two.", "Three."]


# ----------------------------------------------------------------- real data (../shared)

def test_ntrex_lines_with_deletions_align_well():
    from conftest import NTREX_AR, NTREX_EN, need_shared

    need_shared(NTREX_AR, NTREX_EN)
    ar = NTREX_AR.read_text(encoding="utf-8").splitlines()[:300]
    en = NTREX_EN.read_text(encoding="utf-8").splitlines()[:300]
    dropped = set(random.Random(5).sample(range(300), 15))
    kept = [k for k in range(300) if k not in dropped]
    al = align(ar, [en[k] for k in kept])
    check_invariants(al, 300, len(kept))
    right = sum(1 for b in al.beads if b.kind == "1-1" and kept[b.tgt[0]] == b.src[0])
    assert right / len(kept) > 0.95
    ones = [b for b in al.beads if b.kind == "1-1"]
    assert sum(b.score > 0.5 for b in ones) / len(ones) > 0.9


# ---------------------------------------------------------------- lexical evidence, many documents

from bitext.align import Dictionary, align_documents, load_dictionary  # noqa: E402
from bitext.align.lexicon import arabic_stem, learn_dictionary  # noqa: E402
from bitext.errors import FormatError  # noqa: E402

VOC = [("كتاب", "book"), ("مدرسة", "school"), ("سيارة", "car"), ("شجرة", "tree"), ("بحر", "sea"),
       ("جبل", "mountain"), ("مدينة", "city"), ("نهر", "river"), ("طائرة", "plane"), ("قطار", "train"),
       ("حديقة", "garden"), ("سوق", "market"), ("مطر", "rain"), ("شمس", "sun"), ("قمر", "moon"), ("باب", "door")]


def word_corpus(seed=0, size=40):
    """Sentences translated word for word from VOC: only word identity tells them apart."""
    import random

    rng = random.Random(seed)
    ar, en = [], []
    for _ in range(size):
        words = rng.sample(VOC, 5)
        ar.append(" ".join(a for a, _ in words) + ".")
        en.append(" ".join(e for _, e in words).capitalize() + ".")
    return ar, en


def test_learnt_dictionary_finds_the_deleted_sentence():
    ar, en = word_corpus()
    tgt = en[:20] + en[21:]  # the translation of Arabic sentence 20 is missing
    learnt = align(ar, tgt)
    assert learnt.info["learnt_entries"] >= 10
    assert [b.src for b in learnt.beads if not b.tgt] == [[20]]
    assert all(b.src == [b.tgt[0] + (b.tgt[0] >= 20)] for b in learnt.beads if b.tgt)
    # lengths alone drop the wrong sentence: the learnt dictionary is what fixes it
    plain = align(ar, tgt, learn=False)
    assert [b.src for b in plain.beads if not b.tgt] != [[20]]


def test_given_dictionary_does_the_same_without_learning():
    ar, en = word_corpus()
    tgt = en[:20] + en[21:]
    al = align(ar, tgt, learn=False, dictionary=Dictionary.from_pairs(VOC))
    assert [b.src for b in al.beads if not b.tgt] == [[20]]


def test_learn_dictionary_by_dice():
    pairs = [(["كتاب", "بيت"], ["book", "house"]), (["كتاب"], ["book"]), (["بيت", "قلم"], ["house", "pen"])]
    d = learn_dictionary(pairs, min_count=2)
    assert "book" in d.entries["كتاب"] and "house" in d.entries["بيت"]
    assert "قلم" not in d.entries  # seen once


def test_arabic_stems_share_the_checkers_normalisation():
    assert arabic_stem("والكتاب") == arabic_stem("كتاب") == arabic_stem("بالكتاب")
    assert arabic_stem("أحمد") == arabic_stem("احمد")
    assert arabic_stem("مَدرسة") == arabic_stem("مدرسه")


def test_load_dictionary_tsv_and_hunalign(tmp_path):
    p = tmp_path / "d.tsv"
    p.write_text("# comment\nكتاب\tbook\nwater @ ماء\n\n", encoding="utf-8")
    d = load_dictionary(p)
    assert d.entries[arabic_stem("كتاب")] == {"book"} and d.entries[arabic_stem("ماء")] == {"water"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(FormatError, match="bad.tsv"):
        load_dictionary(bad)


def test_documents_are_aligned_separately_and_no_bead_crosses_a_boundary():
    ar, en = word_corpus(size=30)
    docs = [(ar[0:10], en[0:9]), (ar[10:12], en[9:14]), ([], en[14:15]), (ar[12:30], en[15:30])]
    als = align_documents(docs)
    assert len(als) == len(docs)
    for (src, tgt), al in zip(docs, als):
        assert al.src == src and al.tgt == tgt
        assert sorted(i for b in al.beads for i in b.src) == list(range(len(src)))
        assert sorted(j for b in al.beads for j in b.tgt) == list(range(len(tgt)))
    # the lone English sentence of the document without Arabic stays alone
    assert [(b.src, b.tgt) for b in als[2].beads] == [([], [0])]


def test_many_documents_match_one_call_per_document_on_clean_input():
    ar, en = word_corpus(size=24)
    docs = [(ar[k:k + 6], en[k:k + 6]) for k in range(0, 24, 6)]
    for al in align_documents(docs, learn=False):
        assert [(b.src, b.tgt) for b in al.beads] == [([i], [i]) for i in range(6)]


def test_unaligned_summary_counts_deleted_and_too_different():
    ar, en = word_corpus()
    al = align(ar, en[:20] + en[21:])
    left = al.unaligned(min_score=0.0)
    assert left["src"]["deleted"] == 1 and left["tgt"]["deleted"] == 0
    strict = al.unaligned(min_score=1.0)
    assert strict["src"]["too_different"] == len(ar) - 1


def test_align_documents_leaves_the_garbage_collector_as_it_found_it():
    """The aligner pauses collection while it runs; a caller's setting survives, errors included."""
    import gc

    docs = [(["قال الرئيس إن 25 شخصا قتلوا."], ["The president said 25 people were killed."])]
    was = gc.isenabled()
    try:
        gc.enable()
        align_documents(docs)
        assert gc.isenabled()
        gc.disable()
        align_documents(docs)
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises(ValueError):
            align_documents(docs, mt=[["a", "b"]])  # two MT sentences for one source sentence
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
