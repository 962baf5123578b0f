"""bitext view in a real browser: headless Chromium renders the page from disk.

Skipped when no Chromium binary is installed (.ci/run installs one).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from bitext.view.html import render_html
from bitext.view.rows import view_from_files

from conftest import SAMPLE, need_shared

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary (chromium, chromium-browser or google-chrome) on PATH")

# A translation of the sample written by hand for this test (not model output); other lines are placeholders.
# Line 2 carries a deliberate number error: 560 -> 650.
OWN = {
    0: "By Ali Qais:",
    1: "US Defense Secretary Ashton Carter, who arrived in Baghdad on Monday, July 11, announced that his country "
       "will send 650 additional troops to Iraq to help in the fight against ISIS, as it prepares for the battle "
       "to retake Mosul.",
    3: "Related topics:",
    4: "Iraqis: our only wish now is to stay alive",
    5: "The 10 bloodiest attacks in Iraq since 2003",
    7: "560 additional soldiers will arrive in Iraq",
    11: "The United States is a key partner",
    12: "For its part, the Iraqi government stressed the importance of US support in the coming stage.",
}


def _chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def _sample_view(tmp_path: Path):
    need_shared(SAMPLE)
    ar_lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    en_lines = [OWN.get(i, f"[line {i + 1} not translated in this test]" if line.strip() else "")
                for i, line in enumerate(ar_lines)]
    en = tmp_path / "carter.en.txt"
    en.write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    return view_from_files(SAMPLE, [en], names=["hand"])


def _dom(page: Path, tmp_path: Path):
    result = _chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<body" in result.stdout
    return lxml_html.fromstring(result.stdout)


def test_sample_renders_in_chromium(tmp_path: Path) -> None:
    view = _sample_view(tmp_path)
    page = tmp_path / "view.html"
    page.write_text(render_html(view), encoding="utf-8")
    doc = _dom(page, tmp_path)

    rows = doc.xpath("//main//div[contains(concat(' ', @class, ' '), ' row ')]")
    assert len(rows) == len(view.rows)
    # every Arabic cell is right to left, every English cell left to right
    src = doc.xpath("//main//div[contains(@class,'cell src')]")
    assert len(src) == len(view.rows) and all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in src)
    assert all(c.get("dir") == "ltr" for c in doc.xpath("//main//div[contains(@class,'cell en')]"))
    # every finding has its badge, with its message
    badges = doc.xpath("//span[contains(@class,'badge') and contains(@class,'finding')]")
    messages = [f["message"] for r in view.rows for f in r.findings]
    assert len(badges) == len(messages) > 0
    texts = [b.text_content() for b in badges]
    assert all(any(m in t for t in texts) for m in messages)
    # the injected error is flagged on line 2
    row2 = doc.xpath("//div[@id='r2']")[0]
    assert "has-f" in row2.get("class")
    assert any("560" in t and "650" in t for t in (b.text_content() for b in row2.xpath(".//span[contains(@class,'finding')]")))
    # pairing: the 560 of the sub-heading and the name Carter link both sides
    def pairs(row, side):
        return {s.get("data-pair"): s.text_content() for s in row.xpath(f".//div[contains(@class,'{side}')]//span[@data-pair]")}
    heading = next(r for r in rows if r.xpath(".//div[contains(@class,'en')]") and
                   "560 additional soldiers" in r.xpath(".//div[contains(@class,'en')]")[0].text_content())
    ar_p, en_p = pairs(heading, "src"), pairs(heading, "cell en")
    assert any(en_p[p].startswith("560") and "560" in ar_p[p] for p in set(ar_p) & set(en_p))
    ar_p, en_p = pairs(row2, "src"), pairs(row2, "cell en")
    assert "Carter" in {en_p[p] for p in set(ar_p) & set(en_p)}
    assert "كارتر" in {ar_p[p] for p in set(ar_p) & set(en_p)}
    # the script is the page's only one and it ran without breaking the DOM
    assert len(doc.xpath("//script")) == 1


def _png_pixels_vary(data: bytes) -> tuple[int, int, bool]:
    """Width, height, and whether the decoded scanlines hold more than one colour (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            bpp = {2: 3, 6: 4, 0: 1, 4: 2}.get(colour, 4) * max(1, depth // 8)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp + 1
    rows = [raw[i * stride + 1:(i + 1) * stride] for i in range(height)]
    # filter bytes aside, a blank page gives one repeated row of one repeated pixel (after filtering, zeros)
    distinct_rows = len(set(rows))
    return width, height, distinct_rows > 5


def test_sample_screenshot_is_not_blank(tmp_path: Path) -> None:
    view = _sample_view(tmp_path)
    page = tmp_path / "view.html"
    page.write_text(render_html(view), encoding="utf-8")
    shot = tmp_path / "view.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri(), tmp_path=tmp_path)
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert len(data) > 20_000
    width, height, varied = _png_pixels_vary(data)
    assert (width, height) == (1280, 2000)
    assert varied


def test_hostile_input_is_text_in_the_rendered_dom(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    ar = tmp_path / "h.ar"
    en = tmp_path / "h.en"
    # an Arabic article carrying hostile markup (enough Arabic that it is not taken for an English file)
    article = "وقال المتحدث باسم وزارة الدفاع إن القوات الإضافية ستصل إلى قاعدة عين الأسد الجوية خلال الأسابيع المقبلة. " * 3
    ar.write_text(f"سترسل 560 جندياً {hostile}\n{hostile}\n{article}\n", encoding="utf-8")
    en.write_text(f"will send 560 troops {hostile}\n{hostile}\nThe spokesman said the troops will arrive soon.\n",
                  encoding="utf-8")
    page = tmp_path / "hostile.html"
    page.write_text(render_html(view_from_files(ar, [en], names=[hostile])), encoding="utf-8")
    doc = _dom(page, tmp_path)
    assert len(doc.xpath("//script")) == 1
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]")
    for side in ("src", "cell en"):
        cell = doc.xpath(f"//div[@id='r2']/div[contains(@class,'{side}')]")[0]
        assert hostile in cell.text_content()
