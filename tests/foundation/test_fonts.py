"""A Simplified Chinese face is found on a fresh machine, not the Japanese face 0 of the collection."""

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.foundation.fonts import COLLECTIONS, FontNotFound, _installed, covers, family_name, find_font


@pytest.fixture(scope="module")
def fonts(tmp_path_factory):
    return find_font(None, tmp_path_factory.mktemp("font-cache"))


def glyph(path: Path, char: str, index: int = 0) -> bytes:
    font = ImageFont.truetype(str(path), 96, index=index)
    image = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(image).text((10, 0), char, font=font, fill=255)
    return image.tobytes()


def test_the_sc_face_is_taken_out_of_the_collection(fonts):
    assert fonts.family == "Noto Sans CJK SC"
    assert fonts.regular.suffix == ".otf" and family_name(fonts.bold) == "Noto Sans CJK SC"
    assert covers(fonts.regular)


def test_its_shapes_are_the_chinese_ones_not_the_japanese(fonts):
    collection = _installed(COLLECTIONS["regular"][0])[0]
    assert family_name(collection).endswith("JP"), "face 0 of the collection is the Japanese face"
    # 直 and 骨 are drawn differently in Japanese and Chinese typography.
    for char in "直骨":
        assert glyph(fonts.regular, char) != glyph(collection, char, index=0)
        assert glyph(fonts.regular, char) == glyph(collection, char, index=2)


def test_the_extracted_face_is_reused(fonts, tmp_path):
    again = find_font(None, fonts.regular.parent)
    assert again == fonts


def test_a_configured_font_must_exist_and_cover_chinese(tmp_path):
    with pytest.raises(FontNotFound, match="does not exist"):
        find_font(tmp_path / "missing.ttf", tmp_path)
    latin_only = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin_only is None:
        pytest.skip("DejaVuSans.ttf not installed")
    with pytest.raises(FontNotFound, match="lacks Chinese"):
        find_font(latin_only, tmp_path)


def test_a_configured_single_face_font_is_used_as_it_is(fonts, tmp_path):
    assert find_font(fonts.regular, tmp_path).regular == fonts.regular
