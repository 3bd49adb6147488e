"""Each input format alone: what a reader yields, and the one-line errors for bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import random

import pytest

from tadmor.collect.encoding import decode
from tadmor.collect.readers import ReadOptions, detect_format, read_items
from tadmor.collect.records import (
    BinaryInputError,
    CollectError,
    CsvColumns,
    EmptyInputError,
    EncodingDetectionError,
    MalformedInputError,
    Original,
)

ARABIC = "قال المرصد السوري إن 400 مدني قتلوا في مدينة تدمر على يد تنظيم الدولة الإسلامية."
FRENCH = "Les statues du musée ont été évacuées à Damas; les sarcophages sont restés à Palmyre."


HIGH = bytes(0x80 | (b & 0x7F) for b in range(256))  # maps every byte to the 0x80-0xFF range


def items(data: bytes, name: str, **opts: object) -> list:  # type: ignore[type-arg]
    return list(read_items(Original(data, name), ReadOptions(**opts)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ARABIC, "cp1256"),
        (ARABIC, "utf-8"),
        (FRENCH, "latin-1"),
        (FRENCH, "cp1252"),
        (ARABIC, "utf-16"),
    ],
)
def test_encodings_are_detected_and_text_recovered(text: str, encoding: str) -> None:
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


def test_plain_text_keeps_text_and_encoding() -> None:
    [item] = items(ARABIC.encode("cp1256"), "report.txt")
    assert item.text == ARABIC and item.encoding == "cp1256" and item.locator == ""


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (b"   \n\t ", EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryInputError),
        (random.Random(7).randbytes(400).translate(HIGH), EncodingDetectionError),
    ],
)
def test_bad_text_input_gets_a_specific_error(data: bytes, error: type[CollectError]) -> None:
    with pytest.raises(error) as info:
        items(data, "bad.txt")
    assert "bad.txt" in str(info.value) and "\n" not in str(info.value)


HOSTILE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Museum statues moved</title>
<meta name="author" content="Jane Reporter"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-05-21T09:00:00Z">
<script>alert('x'); document.cookie</script><style>body{}</style></head>
<body><nav>Home | World | Sport</nav><article><h1>Museum statues moved</h1>
<p>Most of the museum's statues and artefacts have been transferred from Palmyra to Damascus,
the director of antiquities said on Thursday, speaking to reporters in the capital.</p>
<p>Large sarcophagi weighing three or four tonnes could not be moved to a safe place, he added,
as fighting between the Syrian army and Islamic State militants continued near the ruins.</p>
<img src=x onerror="alert(1)"></article><footer>Copyright Example News</footer></body></html>"""


def test_html_main_text_and_metadata_without_script() -> None:
    [item] = items(HOSTILE, "page.html")
    assert item.format == "html"
    assert "transferred from Palmyra" in item.text and "sarcophagi" in item.text
    assert "alert" not in item.text and "Home | World" not in item.text
    assert item.title == "Museum statues moved"
    assert item.author == "Jane Reporter"
    assert item.site_name == "Example News"
    assert item.published is not None and item.published.date() == dt.date(2015, 5, 21)


def test_format_is_sniffed_without_extension() -> None:
    assert detect_format(Original(HOSTILE, "noext"), ReadOptions()) == "html"
    assert detect_format(Original(b'{"text": "x"}', "noext"), ReadOptions()) == "json"
    assert detect_format(Original(b"WARC/1.0\r\n", "noext"), ReadOptions()) == "warc"
    assert detect_format(Original(b"plain words", "noext"), ReadOptions()) == "text"


def test_tadmor_post_schema_single_and_list() -> None:
    post = {
        "text": "Shelling hit Douma today.",
        "author": "activist",
        "created_at": "2018-02-20T10:00:00Z",
        "url": "https://example.org/p/1",
        "platform": "facebook",
    }
    [one] = items(json.dumps(post).encode(), "post.json")
    assert (one.author, one.platform, one.url) == (
        "activist",
        "facebook",
        "https://example.org/p/1",
    )
    assert one.published == dt.datetime(2018, 2, 20, 10, 0)
    many = items(
        json.dumps([post, {**post, "id": "b", "text": "Second post."}]).encode(), "posts.json"
    )
    assert [m.locator for m in many] == ["post:0", "post:b"]


def test_jsonl_posts() -> None:
    lines = "\n".join(json.dumps({"text": f"post {i} about Aleppo"}) for i in range(3))
    got = items(lines.encode(), "posts.jsonl")
    assert [g.text for g in got] == [f"post {i} about Aleppo" for i in range(3)]
    assert len({g.locator for g in got}) == 3


def test_twitter_api_v2_payload() -> None:
    payload = {
        "data": [
            {
                "id": "601000000000000001",
                "text": "Via satellite and drone, the coalition was watching",
                "author_id": "42",
                "created_at": "2015-05-21T08:15:00.000Z",
                "lang": "fr",
            },
            {
                "id": "601000000000000002",
                "text": "short",
                "author_id": "42",
                "created_at": "2015-05-21T08:20:00.000Z",
                "note_tweet": {"text": "The long form of the second post, beyond 280 characters."},
            },
        ],
        "includes": {"users": [{"id": "42", "name": "Frédéric Helbert", "username": "helbert"}]},
    }
    got = items(json.dumps(payload).encode(), "tweets.json")
    assert [g.locator for g in got] == ["tweet:601000000000000001", "tweet:601000000000000002"]
    assert got[0].author == "Frédéric Helbert (@helbert)"
    assert got[0].url == "https://x.com/helbert/status/601000000000000001"
    assert got[0].published == dt.datetime(2015, 5, 21, 8, 15) and got[0].platform == "x"
    assert got[1].text.startswith("The long form")


def test_telegram_desktop_export() -> None:
    export = {
        "name": "Palmyra News",
        "type": "public_channel",
        "id": 1,
        "messages": [
            {
                "id": 10,
                "type": "service",
                "date": "2015-05-20T10:00:00",
                "actor": "x",
                "action": "pin_message",
            },
            {
                "id": 11,
                "type": "message",
                "date": "2015-05-20T13:00:00",
                "date_unixtime": "1432116000",
                "from": "Palmyra News",
                "text": ["ISIS entered ", {"type": "bold", "text": "Tadmur"}, " today."],
            },
            {
                "id": 12,
                "type": "message",
                "date": "2015-05-20T14:00:00",
                "from": "Palmyra News",
                "text": "",
            },
        ],
    }
    [msg] = items(json.dumps(export).encode(), "result.json")
    assert msg.text == "ISIS entered Tadmur today." and msg.locator == "message:11"
    assert msg.source == "Palmyra News" and msg.platform == "telegram"
    assert msg.published == dt.datetime(2015, 5, 20, 10, 0)


@pytest.mark.parametrize(
    "data",
    [b"{not json", b'{"unknown": 1}', b'[{"text": "ok"}, 3]', b'{"text": "a"}\n{broken'],
)
def test_malformed_json_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(MalformedInputError):
        items(data, "x.json")


def _warc(records: list[tuple[str, bytes, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    return buf.getvalue()


def test_warc_each_html_response_is_a_report() -> None:
    data = _warc(
        [
            ("https://news.example/a", HOSTILE, "text/html; charset=utf-8"),
            ("https://news.example/logo.png", b"\x89PNG...", "image/png"),
            ("https://news.example/b", HOSTILE.replace(b"Thursday", b"Friday"), "text/html"),
        ]
    )
    got = items(data, "crawl.warc.gz")
    assert [g.url for g in got] == ["https://news.example/a", "https://news.example/b"]
    assert all(g.payload is not None and g.locator.startswith("warc:urn:uuid:") for g in got)
    assert got[0].payload == HOSTILE and got[0].format == "warc"


def test_warc_without_html_and_broken_warc() -> None:
    with pytest.raises(EmptyInputError):
        items(_warc([("https://x/l.png", b"png", "image/png")]), "a.warc.gz")
    with pytest.raises(MalformedInputError):
        items(b"WARC/1.0\r\nthis is not a warc record", "b.warc")


def test_csv_rows_with_columns_and_repeated_ids() -> None:
    data = (
        b"unit,body,headline,when,outlet\n"
        b'7,"Shelling killed 6 in Aleppo, medics said.",Aleppo,4/7/17,sana\n'
        b"8,,empty,4/8/17,sana\n"
        b'7,"Shelling killed 6 in Aleppo, medics said.",Aleppo,4/7/17,sana\n'
    )
    cols = CsvColumns(text="body", title="headline", date="when", source="outlet", id="unit")
    got = items(data, "a.csv", csv=cols)
    assert [g.locator for g in got] == ["id:7", "id:7#2"]
    assert got[0].published == dt.datetime(2017, 4, 7) and got[0].source == "sana"
    with pytest.raises(MalformedInputError) as info:
        items(data, "a.csv", csv=CsvColumns(text="article_content"))
    assert "article_content" in str(info.value) and "body" in str(info.value)
