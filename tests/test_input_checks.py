"""Every command checks that its inputs make sense (issue: a newcomer's first ten minutes).

Swapped or mixed-up files, an input with no Arabic, no input at all, a directory
with a file name as output, binary output to a terminal, an output extension
that does not match what is written, offline messages that name a real fix,
and the settings a regular user needs (BITEXT_MODEL, the config file).
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli import assert_ok, invoke

BITEXT = Path(sys.executable).parent / "bitext"
AR = ["أعلنت وزارة النقل يوم الأحد أن أعمال التوسعة ستبدأ في نيسان المقبل.",
      "وقال الوزير خالد المومني إن المشروع سيرفع قدرة الميناء بنسبة ٣٥٪ خلال خمس سنوات.",
      "ويرى الخبراء أن الطلب سيتضاعف قبل عام ٢٠٣٠."]
EN = ["The transport ministry announced on Sunday that the expansion works will start next April.",
      "Minister Khaled al-Momani said the project will raise the port's capacity by 35% within five years.",
      "Experts expect demand to double before 2030."]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    ar, en = tmp_path / "a.ar.txt", tmp_path / "a.en.txt"
    ar.write_text("\n".join(AR) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    return ar, en


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bitext: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# ------------------------------------------------------------ swapped files

@pytest.mark.parametrize("command", [
    ["check", "{en}", "{ar}"],
    ["align", "{en}", "{ar}"],
    ["view", "{en}", "{ar}", "-o", "{out}.html"],
])
def test_swapped_source_and_translation_are_refused(pair, tmp_path, command):
    ar, en = pair
    args = [a.format(ar=ar, en=en, out=tmp_path / "out") for a in command]
    message = one_line_error(invoke(args), str(en), "looks like English", "swap")
    assert "Arabic" in message
    assert not list(tmp_path.glob("out*"))


def test_check_with_an_arabic_translation_names_the_target(pair):
    ar, _ = pair
    one_line_error(invoke(["check", ar, ar]), "looks like Arabic", "TGT must be English")


def test_eval_with_the_arabic_as_reference(pair):
    ar, en = pair
    one_line_error(invoke(["eval", "--ref", ar, "--hyp", en]), str(ar), "looks like Arabic", "--src")


def test_eval_with_english_as_source(pair):
    _, en = pair
    one_line_error(invoke(["eval", "--ref", en, "--hyp", en, "--src", en]), "looks like English", "--src must be Arabic")


def test_align_tmx_is_not_written_for_swapped_files(pair, tmp_path):
    ar, en = pair
    one_line_error(invoke(["align", en, ar, "-o", tmp_path / "tm.tmx"]), "did you swap AR and EN?")
    assert not (tmp_path / "tm.tmx").exists()


def test_files_in_the_right_order_pass(pair, tmp_path):
    ar, en = pair
    assert_ok(invoke(["check", ar, en]))
    assert_ok(invoke(["align", ar, en, "-o", tmp_path / "pairs.tsv"]))
    assert_ok(invoke(["view", ar, en, "-o", tmp_path / "v.html"]))


def test_mixed_text_is_not_called_swapped(tmp_path):
    """An Arabic article quoting English (names, a URL) stays Arabic."""
    from bitext.document import looks_like, require_script

    text = "قال جون سميث من شركة Microsoft إن الموقع https://example.com سيفتح غدا في دبي."
    assert looks_like(text) != "en"
    require_script(text, "quote.txt", "ar", "SRC")  # no error
    assert looks_like("\n".join(AR)) == "ar" and looks_like("\n".join(EN)) == "en"
    assert looks_like("OK") is None  # too short to say


# ------------------------------------------------------------ translate

def test_lines_without_arabic_are_copied_not_translated(tiny_model_dir, tmp_path):
    src = tmp_path / "mixed.ar.txt"
    lines = [AR[0], "https://example.com/report-2024", "2024", "John Smith", AR[1]]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "mixed.jsonl"
    result = invoke(["translate", src, "-o", out, "--model", tiny_model_dir, "--beam", "1"])
    assert_ok(result)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_source = {r["source"]: r for r in records}
    for kept in lines[1:4]:
        assert by_source[kept]["translation"] == kept
        assert by_source[kept]["chunks"] == []  # never sent to the model
    assert "almost no Arabic" not in result.stderr  # most letters are Arabic
    txt = tmp_path / "mixed.en.txt"
    assert_ok(invoke(["translate", src, "-o", txt, "--model", tiny_model_dir, "--beam", "1"]))
    assert txt.read_text(encoding="utf-8").splitlines()[1:4] == lines[1:4]


def test_a_file_with_almost_no_arabic_gets_a_warning(tiny_model_dir, tmp_path):
    src = tmp_path / "english.txt"
    src.write_text("\n".join(EN) + "\nوزارة\n", encoding="utf-8")
    result = invoke(["translate", src, "-o", tmp_path / "out.txt", "--model", tiny_model_dir, "--beam", "1"])
    assert_ok(result)
    assert "has almost no Arabic" in result.stderr and str(src) in result.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()[:3] == EN


def _run_on_a_terminal(args: list[str], stdin_tty: bool, stdout_tty: bool, cwd: Path) -> tuple[int, str, bytes]:
    """Run bitext with stdin and/or stdout on a pseudo-terminal; return (exit code, stderr, stdout bytes)."""
    master, slave = pty.openpty()
    try:
        done = subprocess.run([str(BITEXT), *args], cwd=cwd, timeout=300,
                              stdin=slave if stdin_tty else subprocess.DEVNULL,
                              stdout=slave if stdout_tty else subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.close(slave)
    out = b""
    if stdout_tty:
        import select

        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    else:
        out = done.stdout
    os.close(master)
    return done.returncode, done.stderr.decode("utf-8", "replace"), out


def test_translate_without_input_on_a_terminal_prints_the_usage(tmp_path):
    code, err, _ = _run_on_a_terminal(["translate"], stdin_tty=True, stdout_tty=False, cwd=tmp_path)
    assert code == 2
    assert "Usage: bitext translate" in err and "give an INPUT file" in err and "Traceback" not in err


def test_translate_without_input_reads_a_pipe(tiny_model_dir, tmp_path):
    done = subprocess.run([str(BITEXT), "translate", "--model", str(tiny_model_dir), "--beam", "1", "-q"],
                          input=(AR[0] + "\n").encode(), capture_output=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().count("\n") == 1 and done.stdout.strip()


def test_docx_output_to_a_terminal_is_refused(tiny_model_dir, tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(AR[0])
    path = tmp_path / "r.ar.docx"
    document.save(path)
    code, err, out = _run_on_a_terminal(["translate", str(path), "--model", str(tiny_model_dir)],
                                        stdin_tty=False, stdout_tty=True, cwd=tmp_path)
    assert code == 2 and "binary" in err and "-o FILE.docx" in err, err
    assert b"PK" not in out


@pytest.mark.parametrize("existing", [False, True])
def test_directory_input_with_a_file_name_as_output(tiny_model_dir, tmp_path, existing):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.ar.txt").write_text(AR[0] + "\n", encoding="utf-8")
    target = tmp_path / "x.txt"
    if existing:
        target.write_text("keep me\n", encoding="utf-8")
    one_line_error(invoke(["translate", docs, "-o", target, "--model", tiny_model_dir]),
                   str(target), "needs an output directory", "-o OUTDIR/")
    if existing:
        assert target.read_text(encoding="utf-8") == "keep me\n"
    else:
        assert not target.exists()


def test_directory_output_names_say_english(tiny_model_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.ar.txt").write_text(AR[0] + "\n", encoding="utf-8")
    (docs / "b.txt").write_text(AR[1] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_ok(invoke(["translate", docs, "-o", out, "--model", tiny_model_dir, "--beam", "1", "-q"]))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.en.txt", "b.txt"]


# ------------------------------------------------------------ output extensions

@pytest.mark.parametrize("command, output", [
    (["view", "{ar}", "{en}"], "v.pdf"),
    (["eval", "--ref", "{en}", "--hyp", "{en}"], "scores.csv"),
    (["check", "{ar}", "{en}"], "report.xml"),
    (["align", "{ar}", "{en}"], "pairs.xlsx"),
    (["view", "{ar}", "{en}", "-f", "tsv"], "rows.html"),
])
def test_output_extension_must_match_what_is_written(pair, tmp_path, command, output):
    ar, en = pair
    target = tmp_path / output
    args = [a.format(ar=ar, en=en) for a in command] + ["-o", str(target)]
    message = one_line_error(invoke(args), str(target))
    assert "name it" in message
    assert not target.exists()


def test_translate_refuses_an_output_type_it_does_not_write(tiny_model_dir, pair, tmp_path):
    ar, _ = pair
    target = tmp_path / "a.pdf"
    one_line_error(invoke(["translate", ar, "-o", target, "--model", tiny_model_dir]), "does not write .pdf")
    assert not target.exists()
    # an unknown extension that is not a document type keeps the input's format (txt)
    assert_ok(invoke(["translate", ar, "-o", tmp_path / "a.en", "--model", tiny_model_dir, "--beam", "1", "-q"]))
    assert (tmp_path / "a.en").read_text(encoding="utf-8").count("\n") == 3


def test_check_json_follows_the_extension(pair, tmp_path):
    ar, en = pair
    assert_ok(invoke(["check", ar, en, "-o", tmp_path / "f.json"]))
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["version"] == 1


# ------------------------------------------------------------ offline messages

def test_models_download_offline_names_a_step_that_helps(monkeypatch):
    monkeypatch.setattr("bitext.translate.marian._hub_reachable", lambda *a, **k: False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    message = one_line_error(invoke(["models", "download", "opus-mt-ar-en"]), "cannot be reached")
    assert "models download" not in message  # not the command that just failed
    assert "--model DIR" in message


def test_translate_offline_says_how_to_get_the_model(pair, monkeypatch):
    ar, _ = pair
    monkeypatch.setattr("bitext.translate.marian._hub_reachable", lambda *a, **k: False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("BITEXT_MODEL", raising=False)
    monkeypatch.setenv("BITEXT_CONFIG", os.devnull + ".absent")
    message = one_line_error(invoke(["translate", ar]), "--model DIR")
    assert "online" in message


@pytest.mark.parametrize("command", [["translate", "{ar}", "--model", "tiny"], ["models", "download", "tiny"]])
def test_the_tiny_model_is_built_not_downloaded(pair, command):
    ar, _ = pair
    message = one_line_error(invoke([a.format(ar=ar) for a in command]), "build-tiny")
    assert "download it" not in message


# ------------------------------------------------------------ settings

def test_bitext_model_environment_variable_is_the_default(tiny_model_dir, pair, tmp_path, monkeypatch):
    ar, _ = pair
    monkeypatch.setenv("BITEXT_CONFIG", str(tmp_path / "none.toml"))
    result = invoke(["translate", ar, "-o", tmp_path / "out.txt", "--beam", "1", "-v"],
                    env={"BITEXT_MODEL": str(tiny_model_dir)})
    assert_ok(result)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").count("\n") == 3


def test_config_file_gives_model_and_cache_and_the_environment_wins(tiny_model_dir, pair, tmp_path, monkeypatch):
    ar, _ = pair
    config = tmp_path / "config.toml"
    cache = tmp_path / "configured-cache"
    config.write_text(f'model = "{tiny_model_dir}"\ncache_dir = "{cache}"\n', encoding="utf-8")
    monkeypatch.setenv("BITEXT_CONFIG", str(config))
    monkeypatch.delenv("BITEXT_MODEL", raising=False)
    monkeypatch.delenv("BITEXT_CACHE_DIR", raising=False)
    assert_ok(invoke(["translate", ar, "-o", tmp_path / "out.txt", "--beam", "1", "-q"]))
    assert (cache / "translations.sqlite3").is_file()
    # the environment wins over the file, the option over both
    result = invoke(["translate", ar, "-o", tmp_path / "out2.txt", "--beam", "1", "-q"],
                    env={"BITEXT_MODEL": str(tmp_path / "no-such-model")})
    one_line_error(result, "no-such-model")
    assert_ok(invoke(["translate", ar, "-o", tmp_path / "out3.txt", "--beam", "1", "-q", "--model", tiny_model_dir],
                     env={"BITEXT_MODEL": str(tmp_path / "no-such-model")}))


def test_a_broken_config_file_is_one_line(pair, tmp_path, monkeypatch):
    ar, _ = pair
    config = tmp_path / "config.toml"
    config.write_text('modle = "x"\n', encoding="utf-8")
    monkeypatch.setenv("BITEXT_CONFIG", str(config))
    monkeypatch.delenv("BITEXT_MODEL", raising=False)
    one_line_error(invoke(["translate", ar]), str(config), "unknown setting modle")
    config.write_text('model = \n', encoding="utf-8")
    one_line_error(invoke(["translate", ar]), str(config), "not valid TOML")


def test_models_list_says_which_models_are_here(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty hub cache
    result = invoke(["models", "list"], env={"BITEXT_MODEL": str(tiny_model_dir)})
    assert_ok(result)
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "no (bitext models download)" in rows["opus-mt-ar-en"]
    assert "build-tiny" in rows["tiny"]
    assert "set by $BITEXT_MODEL" in rows[str(tiny_model_dir)] and " yes " in rows[str(tiny_model_dir)]
    result = invoke(["models", "list"], env={"BITEXT_MODEL": str(tmp_path / "gone")})
    assert "NOT FOUND" in result.stdout


# ------------------------------------------------------------ line numbers

def test_every_command_names_the_same_1_based_line(tmp_path):
    """A number error on line 3 (after a blank line) is line 3 in check, view (html, tsv) and eval."""
    from lxml import html as lxml_html

    ar, en = tmp_path / "l.ar.txt", tmp_path / "l.en.txt"
    ar.write_text(f"{AR[0]}\n\n{AR[1]}\n", encoding="utf-8")
    wrong = EN[1].replace("35%", "53%")
    en.write_text(f"{EN[0]}\n\n{wrong}\n", encoding="utf-8")
    checked = invoke(["check", ar, en])
    assert_ok(checked)
    assert "line 3" in checked.stdout and "line 2" not in checked.stdout
    page = tmp_path / "v.html"
    assert_ok(invoke(["view", ar, en, "-o", page]))
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    numbers = [div.text_content().strip() for div in doc.xpath("//div[contains(@class,'row')]/div[@class='num']")]
    assert numbers == ["1", "3"]
    rows = tmp_path / "v.tsv"
    assert_ok(invoke(["view", ar, en, "-o", rows]))
    assert [line.split("\t")[0] for line in rows.read_text(encoding="utf-8").splitlines()[1:]] == ["1", "3"]
    scores = tmp_path / "s.jsonl"
    assert_ok(invoke(["eval", "--ref", en, "--hyp", en, "--sentences", scores, "--bootstrap", "0", "--ar-trials", "0"]))
    assert [json.loads(line)["id"] for line in scores.read_text(encoding="utf-8").splitlines()] == [1, 2, 3]
