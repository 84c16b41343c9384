"""Hostile inputs: each ends as a Failure with a one-line reason and a stage, never an exception;
inputs that are only badly encoded or cut short still give their article."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rapsheet.errors import InputError
from rapsheet.ingest import Failure, read_html, read_inputs, read_text
from rapsheet.model import Article
from rapsheet.settings import Settings

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"


def read_one(path: Path | str, **kwargs) -> Article | Failure:
    items = list(read_inputs([str(path)], **kwargs))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("name, stage, words", [
    ("empty.txt", "read", "empty"),
    ("whitespace-only.html", "read", "empty"),
    ("mugshot.png", "decode", "PNG image"),
    ("mugshot-saved-as.html", "decode", "PNG image"),
    ("garbage.txt", "decode", "undecodable"),
    ("broken.txt.gz", "read", "gzip"),
    ("navigation-only.html", "extract", "no article"),
    ("truncated-in-head.html", "extract", "no article"),
])
def test_hostile_file_becomes_a_one_line_failure(name, stage, words):
    item = read_one(HOSTILE / name)
    assert isinstance(item, Failure), item
    assert item.source == str(HOSTILE / name)
    assert item.stage == stage
    assert words in item.reason
    assert "\n" not in item.reason and len(item.reason) <= 200


@pytest.mark.parametrize("name, language, words", [
    ("spanish-news.html", "es", "Tren de Aragua"),
    ("german-news.txt", "de", "Frankfurt am Main"),
])
def test_a_page_in_another_language_is_kept_with_its_language(name, language, words):
    item = read_one(HOSTILE / name)
    assert isinstance(item, Article), item
    assert item.language == language
    assert words in item.text and item.title


def test_a_warc_of_no_pages_and_a_feed_item_without_text():
    from collections import Counter

    skipped = Counter()
    assert list(read_inputs([str(HOSTILE / "capture.warc")], skipped=skipped)) == []
    assert skipped == {"warcinfo record": 1}
    item = read_one(HOSTILE / "feed.rss")
    assert isinstance(item, Failure) and item.source == f"{HOSTILE / 'feed.rss'}:1"
    assert item.reason == "feed item has no text"


def test_a_directory_of_hostile_files_never_raises_and_keeps_order():
    items = list(read_inputs([str(HOSTILE)]))
    # a .jsonl file gives one item a line and a feed one an item, named path:N
    files = [i.source.rsplit(":", 1)[0] if (".jsonl:" in i.source or ".rss:" in i.source)
             else i.source for i in items]
    assert files == sorted(files)
    # every input file below, by suffix: the PNG is no input file by name, so it is left out;
    # the WARC holds only a warcinfo record, skipped and counted, not an item
    assert set(files) == {str(p) for p in HOSTILE.iterdir() if p.suffix not in (".png", ".warc")}
    # four English articles, and the Spanish and the German page kept with their language
    assert sum(isinstance(i, Article) for i in items) == 6
    assert sorted(i.language for i in items if isinstance(i, Article) and i.language != "en") == ["de", "es"]


def test_fifty_megabyte_page_is_refused_by_size_before_parsing(tmp_path):
    page = tmp_path / "huge.html"
    filler = b"<p>" + b"Police said the suspect fled on foot. " * 1000 + b"</p>\n"
    with page.open("wb") as out:
        out.write(b"<!DOCTYPE html><html><body>")
        while out.tell() < 50_000_000:
            out.write(filler)
        out.write(b"</body></html>")
    item = read_one(page)
    assert isinstance(item, Failure)
    assert item.stage == "size"
    assert "too large" in item.reason and "20,000,000" in item.reason


def test_gzip_that_inflates_past_the_limit_is_refused_by_size(tmp_path):
    bomb = tmp_path / "story.txt.gz"
    bomb.write_bytes(gzip.compress(b"A man was arrested. " * 50_000))   # 1 MB inflated
    item = read_one(bomb, settings=Settings(max_input_bytes=100_000))
    assert isinstance(item, Failure) and item.stage == "size"


def test_cp1252_bytes_in_a_utf8_page_are_read_not_refused():
    item = read_one(HOSTILE / "mis-encoded-cp1252-in-utf8.html")
    assert isinstance(item, Article), item
    assert "lakeside café was charged Tuesday" in item.text
    assert "county prosecutor’s office said" in item.text
    assert "René Duval, 46," in item.text
    assert "“The evidence shows this fire was no accident,”" in item.text
    assert "\ufffd" not in item.text
    assert item.language == "en"


def test_mixed_utf8_and_cp1252_keeps_both_right():
    data = "Señor Núñez’s lawyer said".encode("utf-8") + b" the \x93case\x94 is weak. " * 20
    article = read_text(data, "mixed.txt")
    assert article.text.startswith("Señor Núñez’s lawyer said the “case” is weak.")


def test_declared_legacy_charset_is_honoured():
    body = ("<p>" + "Le procureur a inculpé trois hommes à Montréal pour fraude bancaire. " * 3
            + "</p><p>" + "The suspects were arrested in Montréal and charged with bank fraud, "
            "police said. " * 6 + "</p>")
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f"<title>Three Charged</title></head><body><article>{body}</article></body></html>")
    article = read_html(page.encode("latin-1"), "montreal.html")
    assert "arrested in Montréal" in article.text


def test_page_cut_off_mid_article_keeps_what_arrived():
    item = read_one(HOSTILE / "truncated-mid-article.html")
    assert isinstance(item, Article), item
    assert "Helena Morris, 52, of Elizabeth, pleaded guilty" in item.text
    assert "wired to accounts in Mexico" not in item.text


def test_bad_jsonl_lines_fail_alone():
    items = list(read_inputs([str(HOSTILE / "bad-lines.jsonl")]))
    by_line = {int(i.source.rsplit(":", 1)[1]): i for i in items}
    assert sorted(by_line) == [1, 2, 3, 4, 5, 7]       # line 6 is blank
    assert isinstance(by_line[1], Article) and by_line[1].published.isoformat() == "2025-02-07"
    assert by_line[1].title == "Former Tulsa Officer Sentenced for Evidence Theft"
    assert by_line[1].url == "https://news.example.com/tulsa-officer-sentenced"
    for n in (2, 3, 4, 5):
        assert isinstance(by_line[n], Failure) and by_line[n].stage == "parse", by_line[n]
    assert "not valid JSON" in by_line[2].reason
    assert "sometime last week" in by_line[5].reason
    assert isinstance(by_line[7], Article)
    assert by_line[7].title == "Reno Woman Charged in Elder Fraud Scheme"
    assert by_line[7].published.isoformat() == "2025-05-02"
    assert "forged checks" in by_line[7].text and "Home" not in by_line[7].text


def test_building_blocks_raise_input_error_with_a_stage():
    with pytest.raises(InputError) as err:
        read_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.html")
    assert err.value.stage == "decode"
    with pytest.raises(InputError) as err:
        read_text("   \n", "blank.txt")
    assert err.value.stage == "read"
    assert read_text((HOSTILE / "german-news.txt").read_text(encoding="utf-8"), "de.txt").language == "de"


def test_language_check_can_be_turned_off():
    article = read_text((HOSTILE / "german-news.txt").read_text(encoding="utf-8"), "de.txt",
                        language=None)
    assert "Frankfurt am Main" in article.text
    assert article.language is None


def test_short_english_snippet_is_not_refused_for_language():
    article = read_text("Flores was arrested in Bogotá, Colombia, on March 31.", "s.txt")
    assert article.language == "en"


def test_english_page_with_foreign_menus_and_capital_headline_is_read():
    # A scraped release: an all-caps headline (which reads as Latin), the story in English, and the
    # site's "latest posts" in Vietnamese and Spanish, each listed twice.
    vietnamese = ("Đường dây nóng tiếp nhận tin báo ẩn danh, biểu mẫu báo cáo trực tuyến của Văn "
                  "Phòng Công Tố Quận kêu gọi cung cấp thông tin xảy ra vào ngày 21 tháng 5 năm "
                  "2026 liên quan đến sự cố vật liệu nguy hại tại công ty ở Garden Grove")
    spanish = ("Línea Directa de Denuncias Anónimas y Formulario de Denuncia en Línea de la Fiscalía "
               "del Distrito del Condado Solicitan Información Sobre el Incidente con Materiales "
               "Peligrosos Ocurrido el 21 de Mayo de 2026 en Garden Grove")
    headline = "MARKET SUSPECT CHARGED WITH MURDER AND ARMED ROBBERY, COULD FACE THE DEATH PENALTY"
    page = "\n".join([
        headline, "Press", "2 min read", headline, "For Immediate Release", headline,
        "Westminster – The District Attorney’s office filed murder charges this afternoon against "
        "Dale Orrin Pruitt, 46, of Marina del Rey. Pruitt is accused of shooting a clerk during a "
        "robbery. He is being held without bail.",
        "Latest Posts", vietnamese, "Press", spanish, "Recent Posts", vietnamese, spanish])
    article = read_text(page, "release.txt")
    assert article.language == "en"
    foreign = read_text("\n".join([spanish, "Latest Posts", headline, spanish.replace("21", "22"),
                                   "Ramiro Luna, de 33 años, fue declarado culpable de tráfico de "
                                   "fentanilo por un jurado del Condado y sentenciado a treinta años."]),
                        "es.txt")
    assert foreign.language == "es"
