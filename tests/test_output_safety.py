"""Writing outputs never destroys what it should not: inputs, devices, FIFOs, links, read-only files;
a full disk or a closed stdout is one line, with no partial file."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from test_cli import assert_ok, invoke
from test_input_checks import AR, EN, one_line_error, pair  # noqa: F401  (pair: the fixture of an Arabic/English pair)

BITEXT = Path(sys.executable).parent / "bitext"


# ------------------------------------------------------------ an output that is an input

@pytest.mark.parametrize("command, victim", [
    (["check", "{ar}", "{en}", "-o", "{ar}"], "ar"),
    (["check", "{ar}", "{en}", "-o", "{en}"], "en"),
    (["align", "{ar}", "{en}", "-o", "{ar}"], "ar"),
    (["view", "{ar}", "{en}", "-f", "tsv", "-o", "{en}"], "en"),
    (["eval", "--ref", "{en}", "--hyp", "{en}", "-o", "{en}"], "en"),
])
def test_an_input_is_never_overwritten(pair, command, victim):
    ar, en = pair
    before = {"ar": ar.read_bytes(), "en": en.read_bytes()}
    one_line_error(invoke([a.format(ar=ar, en=en) for a in command]), "is the input")
    assert ar.read_bytes() == before["ar"] and en.read_bytes() == before["en"]


def test_moses_prefix_that_would_overwrite_the_inputs(tmp_path):
    ar, en = tmp_path / "corpus.ar", tmp_path / "corpus.en"
    ar.write_text("\n".join(AR) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    before = ar.read_bytes(), en.read_bytes()
    one_line_error(invoke(["align", ar, en, "--presplit", "-f", "moses", "-o", tmp_path / "corpus"]), "is the input")
    assert (ar.read_bytes(), en.read_bytes()) == before


def test_a_hard_link_or_symlink_of_the_input_is_the_input(tiny_model_dir, pair, tmp_path):
    ar, en = pair
    hard = tmp_path / "hard.txt"
    os.link(ar, hard)
    soft = tmp_path / "soft.txt"
    soft.symlink_to(ar)
    before = ar.read_bytes()
    for out in (hard, soft):
        one_line_error(invoke(["translate", ar, "-o", out, "--model", tiny_model_dir]), str(out), "is the input")
        one_line_error(invoke(["check", ar, en, "-o", out]), "is the input")
    assert ar.read_bytes() == before


# ------------------------------------------------------------ what sits at the output path

def test_a_symlinked_output_replaces_its_target_and_stays_a_link(pair, tmp_path):
    ar, en = pair
    real = tmp_path / "reports" / "real.txt"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(real)
    assert_ok(invoke(["check", ar, en, "-o", link]))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != "old\n" and "sentence pairs" in real.read_text(encoding="utf-8")


def test_an_existing_output_keeps_its_mode(pair, tmp_path):
    ar, en = pair
    out = tmp_path / "report.txt"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert_ok(invoke(["check", ar, en, "-o", out]))
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_fifo_is_written_through_and_its_reader_gets_everything(pair, tmp_path):
    ar, en = pair
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = invoke(["check", ar, en, "-o", fifo])
    reader.join(timeout=60)
    assert_ok(result)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"sentence pairs" in got[0]


def test_a_character_device_is_written_through_not_replaced(pair, tmp_path):
    """A terminal device (here the slave side of a pty this test opens) stands in for /dev/null."""
    import pty

    ar, en = pair
    master, slave = pty.openpty()
    device = Path(os.ttyname(slave))
    try:
        assert stat.S_ISCHR(device.stat().st_mode)
        ino = device.stat().st_ino
        assert_ok(invoke(["check", ar, en, "-o", device]))
        assert stat.S_ISCHR(device.stat().st_mode) and device.stat().st_ino == ino
        assert b"sentence" in os.read(master, 65536)
    finally:
        os.close(slave)
        os.close(master)


def test_dev_null_stays_a_device(pair):
    ar, en = pair
    assert_ok(invoke(["check", ar, en, "-o", os.devnull]))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not hasattr(os, "setuid") or os.geteuid() != 0, reason="needs root to act as another user")
def test_a_read_only_file_of_another_user_is_not_replaced(tmp_path):
    """As a user who may not write the file (chmod 444, owned by root), the output is refused."""
    work = tmp_path / "shared"
    work.mkdir()
    work.chmod(0o777)
    tmp_path.chmod(0o755)
    out = work / "locked.txt"
    out.write_text("keep\n", encoding="utf-8")
    out.chmod(0o444)
    code = ("import sys; from bitext.document import write_atomic\n"
            "from bitext.errors import InputError\n"
            "try:\n    write_atomic(sys.argv[1], 'new')\nexcept InputError as e:\n    print(e); sys.exit(2)\n")
    repo = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(repo)}, preexec_fn=lambda: os.setuid(65534))
    except PermissionError:
        pytest.skip("the interpreter cannot be run by user nobody here (it lives under /root)")
    if "Permission denied" in done.stderr and "python" in done.stderr.lower():
        pytest.skip("the interpreter is not readable by user nobody here")
    assert done.returncode == 2, done.stderr
    assert "read-only" in done.stdout
    assert out.read_text(encoding="utf-8") == "keep\n"


def test_a_file_this_user_may_not_write_is_refused_before_any_work(pair, tmp_path, monkeypatch):
    """The same rule without changing user: os.access says the file is not writable."""
    ar, en = pair
    out = tmp_path / "locked.txt"
    out.write_text("keep\n", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if Path(p) == out else real_access(p, mode, **k))
    one_line_error(invoke(["check", ar, en, "-o", out]), str(out), "read-only")
    assert out.read_text(encoding="utf-8") == "keep\n"


# ------------------------------------------------------------ full disks and closed streams

def test_a_full_disk_is_one_line_and_leaves_no_partial_file(pair, tmp_path, monkeypatch):
    ar, en = pair
    out = tmp_path / "report.txt"
    out.write_text("old\n", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    one_line_error(invoke(["check", ar, en, "-o", out]), str(out), "no space left")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ar.txt", "a.en.txt", "report.txt"]  # no .part left


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("to_stdout", [False, True])
def test_dev_full(pair, to_stdout):
    ar, en = pair
    args = [str(BITEXT), "check", str(ar), str(en)]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(args if to_stdout else [*args, "-o", "/dev/full"], stdout=full if to_stdout else None,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert "no space left" in done.stderr and "Traceback" not in done.stderr and "Exception" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_closed_stdout_is_one_line(pair):
    ar, en = pair
    done = subprocess.run(["bash", "-c", f'"{BITEXT}" check "{ar}" "{en}" >&-'], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "standard output is closed" in done.stderr and "Traceback" not in done.stderr


def test_a_cache_that_cannot_be_written_is_a_warning_and_exit_1(tiny_model_dir, pair, tmp_path, monkeypatch):
    import sqlite3

    from bitext.translate import cache as cache_module

    ar, _ = pair

    class FullConnection:
        def __init__(self, real):
            self._real = real

        def executemany(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self._real, name)

    real_connect = sqlite3.connect
    monkeypatch.setattr(cache_module.sqlite3, "connect", lambda *a, **k: FullConnection(real_connect(*a, **k)))
    out = tmp_path / "out.txt"
    result = invoke(["translate", ar, "-o", out, "--model", tiny_model_dir, "--beam", "1"])
    assert result.exit_code == 1, (result.stderr, result.exception)
    assert "database or disk is full" in result.stderr and "without caching it" in result.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 3  # the translation is there, whole


# ------------------------------------------------------------ the cache under abuse

@pytest.mark.parametrize("damage", ["not-a-database", "garbled-pages"])
def test_a_damaged_cache_is_set_aside_and_the_translation_written(tiny_model_dir, pair, tmp_path, damage):
    ar, _ = pair
    cache = tmp_path / "cache"
    env = {"BITEXT_CACHE_DIR": str(cache)}
    args = ["translate", ar, "--model", tiny_model_dir, "--beam", "1", "--max-length-ratio", "0.5"]
    assert_ok(invoke([*args, "-o", tmp_path / "clean.txt"], env=env))
    db = cache / "translations.sqlite3"
    if damage == "not-a-database":
        db.write_bytes(b"this is not a database at all" * 10)
    else:
        data = bytearray(db.read_bytes())
        for i in range(100, len(data), 97):
            data[i] = (data[i] * 7 + 13) % 256
        db.write_bytes(bytes(data))
    for name in ("translations.sqlite3-wal", "translations.sqlite3-shm"):
        (cache / name).unlink(missing_ok=True)
    result = invoke([*args, "-o", tmp_path / "again.txt"], env=env)
    no_tb = result.exception is None or isinstance(result.exception, SystemExit)
    assert no_tb and result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert "damaged" in result.stderr or "cache" in result.stderr
    assert (tmp_path / "again.txt").read_bytes() == (tmp_path / "clean.txt").read_bytes()
    # and the next run has a working cache again
    assert_ok(invoke([*args, "-o", tmp_path / "third.txt"], env=env))
    assert (tmp_path / "third.txt").read_bytes() == (tmp_path / "clean.txt").read_bytes()


def test_two_runs_into_one_cache_at_once_stay_consistent(tiny_model_dir, tmp_path):
    """Two processes translating overlapping files into one cache: each output equals a run without a cache."""
    import json

    cache = tmp_path / "cache"
    files = []
    for k in range(2):
        src = tmp_path / f"doc{k}.ar.txt"
        src.write_text("\n".join(AR[k:] + AR[:k]) + "\n", encoding="utf-8")
        files.append(src)
    env = {**os.environ, "BITEXT_CACHE_DIR": str(cache)}
    common = ["--model", str(tiny_model_dir), "--beam", "1", "--max-length-ratio", "0.5", "-q"]
    procs = [subprocess.Popen([str(BITEXT), "translate", str(f), "-o", str(f.with_suffix(".jsonl")), *common], env=env,
                              stderr=subprocess.PIPE) for f in files]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode()
    for f in files:
        assert_ok(invoke(["translate", f, "-o", f.with_suffix(".plain.jsonl"), "--no-cache", *common[:-1]]))
        ours = [json.loads(line)["translation"] for line in f.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
        plain = [json.loads(line)["translation"] for line in f.with_suffix(".plain.jsonl").read_text(encoding="utf-8").splitlines()]
        assert ours == plain
    from bitext.translate import TranslationCache

    with TranslationCache(cache) as db:
        assert len(db) == len(AR)  # each distinct sentence once
