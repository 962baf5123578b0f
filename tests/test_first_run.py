"""A newcomer's first commands, as they meet them: a plain clone with nothing beside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def readme_blocks() -> list[str]:
    """The bash code blocks of the README, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def plain_clone(tmp_path: Path) -> Path:
    """The tracked files of the repository (and the working tree's edits) in a folder with no ../shared."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "user" / "bitext"
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / name)
    assert not (clone.parent / "shared").exists()
    return clone


def test_readme_starts_with_the_two_commands():
    blocks = readme_blocks()
    assert "bitext models build-tiny" in blocks[0] and "bitext translate" in blocks[0]
    assert "pytest" in blocks[1]
    assert "../shared" not in blocks[0]


def test_first_block_runs_in_a_plain_clone_with_this_environment(tmp_path):
    """The README's first block, minus the venv and install steps (this interpreter stands in for
    them), in a copy of the repository with no ../shared: the tiny model builds from the text that
    ships in the package and the example is translated line for line."""
    clone = plain_clone(tmp_path)
    first = readme_blocks()[0]
    steps = [step.strip() for step in first.strip().split("&&")]
    run = [s for s in steps if s.startswith("bitext ")]
    assert len(run) == 2, steps
    env = {**os.environ, "PYTHONPATH": str(clone), "BITEXT_CACHE_DIR": str(tmp_path / "cache"),
           "HF_HUB_OFFLINE": "1"}
    env.pop("BITEXT_MODEL", None)
    for step in run:
        args = step.split()
        done = subprocess.run([sys.executable, "-m", "bitext.cli", *args[1:]], cwd=clone, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{step}\n{done.stderr}"
        assert "Traceback" not in done.stderr
    example = (clone / "examples" / "port-expansion.ar.txt").read_text(encoding="utf-8")
    output = (clone / "port-expansion.en.txt").read_text(encoding="utf-8")
    assert output.count("\n") == example.count("\n")
    assert [bool(line.strip()) for line in output.splitlines()] == [bool(line.strip()) for line in example.splitlines()]


@pytest.mark.slow
def test_first_block_exactly_as_written_in_a_plain_clone(tmp_path):
    """The README's first block word for word (new venv, pip install, build-tiny, translate) in a
    plain clone: what a new user runs. Slow (it installs torch and transformers): `-m slow`."""
    clone = plain_clone(tmp_path)
    first = readme_blocks()[0]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "BITEXT_MODEL")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env["BITEXT_CACHE_DIR"] = str(tmp_path / "cache")
    env["HF_HUB_OFFLINE"] = "1"
    done = subprocess.run(["bash", "-c", "set -e\n" + first], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=1500)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    example = (clone / "examples" / "port-expansion.ar.txt").read_text(encoding="utf-8")
    output = (clone / "port-expansion.en.txt").read_text(encoding="utf-8")
    assert output.count("\n") == example.count("\n")


def test_build_tiny_needs_nothing_beside_the_checkout(tmp_path):
    """build-tiny's default text is inside the package, not in ../shared."""
    from bitext.tiny_model import default_corpus

    for path in default_corpus():
        assert path.is_file() and REPO / "bitext" in path.parents


@pytest.mark.parametrize("text", ["ابو", "كلمة " * 300, ""])
def test_build_tiny_on_too_little_text_is_one_line(tmp_path, text):
    small = tmp_path / "small.ar.txt"
    small.write_text(text, encoding="utf-8")
    from test_cli import invoke

    result = invoke(["models", "build-tiny", tmp_path / "m", "--ar-text", small])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bitext: error:") and str(small) in lines[0], result.stderr
    assert not (tmp_path / "m" / "config.json").exists()


def test_build_tiny_sizes_its_vocabulary_to_a_small_text(tmp_path):
    """A short article (the README once suggested it and got a traceback) trains a smaller vocabulary."""
    from bitext.tiny_model import build_tiny_model

    out = build_tiny_model(tmp_path / "m", ar_text=REPO / "examples" / "port-expansion.ar.txt")
    import sentencepiece as spm

    pieces = spm.SentencePieceProcessor(model_file=str(out / "source.spm")).get_piece_size()
    assert 50 < pieces < 500


def test_every_subpackage_is_installed():
    """pyproject lists the packages by hand: a new subpackage left out installs a bitext that cannot import."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "bitext").rglob("__init__.py")}
    assert found <= listed, f"not in pyproject.toml's packages: {sorted(found - listed)}"
