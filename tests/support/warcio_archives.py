#!/usr/bin/env python3
"""Writes web archives with warcio (the Python WARC library), damages copies of them the
way real crawls get damaged, and records how many HTML pages warcio's own reader gets back
from each, for tests/crawl.rs to compare arsip against.

Usage: warcio_archives.py OUT_DIR PAGE.html...   (prints nothing; writes OUT_DIR/*.warc*
and OUT_DIR/expected.json: {file: pages warcio reads})
"""
import io
import json
import sys
import pathlib

from warcio.warcwriter import WARCWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.archiveiterator import ArchiveIterator


def write(path, pages, gzip):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "warcio"}))
        for i, body in enumerate(pages):
            url = f"http://portal.example/berita/{i}.html"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=image))


def warcio_pages(path):
    """Pages warcio reads before it gives up, as its users would get them."""
    count = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or not record.http_headers:
                    continue
                kind = record.http_headers.get_header("Content-Type") or ""
                if record.http_headers.get_statuscode() == "200" and kind.startswith("text/html"):
                    record.content_stream().read()
                    count += 1
    except Exception:
        pass
    return count


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    pages = [pathlib.Path(p).read_bytes() for p in sys.argv[2:]]
    write(out / "whole.warc.gz", pages, True)
    write(out / "whole.warc", pages, False)
    whole_gz = (out / "whole.warc.gz").read_bytes()
    whole = (out / "whole.warc").read_bytes()
    # Cut inside the last gzip member's trailer: every page is whole.
    (out / "cut-trailer.warc.gz").write_bytes(whole_gz[:-6])
    # Bytes flipped in the middle of the archive: one member corrupt.
    middle = bytearray(whole_gz)
    at = len(middle) // 2
    for i in range(at, at + 16):
        middle[i] ^= 0x5A
    (out / "corrupt-middle.warc.gz").write_bytes(bytes(middle))
    # A Content-Length too short and one too long, in an uncompressed archive.
    text = whole
    first = text.find(b"Content-Length: ", text.find(b"WARC-Type: response"))
    end = text.find(b"\r\n", first)
    length = int(text[first + 16:end])
    (out / "short-length.warc").write_bytes(text[:first + 16] + str(length - 40).encode() + text[end:])
    (out / "long-length.warc").write_bytes(text[:first + 16] + str(length + 300).encode() + text[end:])
    expected = {p.name: warcio_pages(p) for p in sorted(out.iterdir()) if ".warc" in p.name}
    (out / "expected.json").write_text(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
