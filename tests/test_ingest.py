"""Readers: formats, layout (title, body, references) and bad input. No model needed."""
from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.ingest import BODY, REFERENCES, TITLE, iter_documents, make_document


def docs_and_errors(paths):
    items = list(iter_documents(paths))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)]


def test_headline_is_title_not_body(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Nvidia Ships New Chips To China\nNvidia said on Monday it shipped chips.\nMore text here.\n")
    [doc], errors = docs_and_errors([path])
    assert not errors
    assert doc.title == "Nvidia Ships New Chips To China"
    kinds = [s.kind for s in doc.segments]
    assert kinds == [TITLE, BODY, BODY]
    assert "Ships" not in doc.body


def test_single_paragraph_has_no_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Nvidia said on Monday it shipped chips to customers in China.")
    [doc], _ = docs_and_errors([path])
    assert doc.title is None
    assert [s.kind for s in doc.segments] == [BODY]


def test_trailing_references_kept_apart():
    doc = make_document("Title Here\nBody sentence one.\n[1] Chen, J. (2025). A paper. The China Daily.\n", "x")
    kinds = [s.kind for s in doc.segments]
    assert kinds == [TITLE, BODY, REFERENCES]
    assert "China Daily" not in doc.body


def test_references_heading_starts_reference_list():
    doc = make_document("Body sentence one.\nBody two.\nSources:\nReuters, 2024.\n", "x")
    assert [s.kind for s in doc.segments] == [BODY, BODY, REFERENCES]


def test_identity_is_content_hash(tmp_path):
    (tmp_path / "a.txt").write_text("Same text about Nvidia and chips.")
    (tmp_path / "b.txt").write_text("Same text about Nvidia and chips.")
    (tmp_path / "c.txt").write_text("Other text about Nvidia and chips.")
    docs, _ = docs_and_errors([tmp_path])
    ids = [d.id for d in docs]
    assert ids[0] == ids[1] != ids[2]
    assert [d.source.rsplit("/", 1)[-1] for d in docs] == ["a.txt", "b.txt", "c.txt"]


def test_markdown_heading_is_title(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Chips and *policy*\n\nThe [Bureau of Industry and Security](https://bis.gov) acted.\n")
    [doc], _ = docs_and_errors([path])
    assert doc.title == "Chips and *policy*" or doc.title == "Chips and policy"
    assert "Bureau of Industry and Security acted." in doc.body
    assert "https://" not in doc.text


def test_html_main_text_extracted(tmp_path):
    path = tmp_path / "a.html"
    body = " ".join(["The Bureau of Industry and Security restricted exports of the H20 chip to China."] * 5)
    path.write_text(f"""<html><head><title>Export rules tighten</title></head><body>
    <nav><a href="/">Home</a> | <a href="/news">News</a> | Subscribe now</nav>
    <article><h1>Export rules tighten</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright footer text</footer></body></html>""")
    [doc], errors = docs_and_errors([path])
    assert not errors
    assert doc.title == "Export rules tighten"
    assert "H20 chip" in doc.body
    assert "Subscribe now" not in doc.text and "Copyright footer" not in doc.text


def test_jsonl_bad_line_named_and_others_read(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": "a1", "text": "Nvidia makes chips.", "title": "One", "url": "https://x.test/1"}),
             "{not json",
             json.dumps({"text": ""}),
             json.dumps({"text": "Huawei makes phones.", "date": "2024-01-02"})]
    path.write_text("\n".join(lines) + "\n")
    docs, errors = docs_and_errors([path])
    assert [d.source for d in docs] == [f"{path}#a1", f"{path}#4"]
    assert docs[0].title == "One" and docs[0].url == "https://x.test/1" and docs[1].date == "2024-01-02"
    assert [(e.path, e.line) for e in errors] == [(str(path), 2), (str(path), 3)]
    assert str(errors[0]).startswith(f"{path}:2: ")


def test_bad_inputs_each_named(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02 binary")
    latin = tmp_path / "latin.txt"  # high bytes no encoding makes text of
    latin.write_bytes(b"caf\x81\x8d\x8f\x90\x9d\x81\x8d Nvidia" * 3)
    odd = tmp_path / "data.pdf"
    odd.write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    good.write_text("Nvidia makes the H100 chip.")
    missing = tmp_path / "missing.txt"
    docs, errors = docs_and_errors([empty, binary, latin, odd, missing, good])
    assert [d.source for d in docs] == [str(good)]
    messages = [str(e) for e in errors]
    assert len(messages) == 5
    for path, words in [(empty, "empty"), (binary, "binary"), (latin, "UTF-8"), (odd, "unsupported"),
                        (missing, "no such file")]:
        [message] = [m for m in messages if m.startswith(str(path) + ":")]
        assert words in message and "\n" not in message


@pytest.mark.parametrize("text,encoding", [
    ("Nvidia\u2019s \u201cH20\u201d chips are sold in M\u00fcnchen, said the caf\u00e9 owner.", "cp1252"),
    ("caf\u00e9 Nvidia", "latin-1"),
    ("Компания Huawei выпустила новый чип для центров обработки данных в Шэньчжэне.", "cp1251"),
    ("東京の半導体メーカーは新しいチップを発表した。政府は輸出規制を強化する。", "shift_jis"),
    ("Nvidia makes the H100 chip.", "utf-16"),
    ("Nvidia makes the H100 chip \u2014 in Taiwan.", "utf-8-sig"),
])
def test_other_encodings_are_detected(tmp_path, text, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    docs, errors = docs_and_errors([path])
    assert errors == [] and docs[0].text == text


def test_html_declared_charset(tmp_path):
    body = "<p>Die Firma aus M\u00fcnchen kauft Chips. " * 20 + "</p>"
    page = f'<html><head><meta charset="iso-8859-15"><title>T\u20acst</title></head><body><article>{body}</article></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("iso-8859-15"))
    docs, errors = docs_and_errors([path])
    assert errors == [] and "M\u00fcnchen" in docs[0].text and docs[0].title == "T\u20acst"


def test_jsonl_gz_streams(tmp_path):
    import gzip

    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": f"n{i}", "text": f"Nvidia shipped {i} chips."}) + "\n")
        handle.write("{broken\n")
    docs, errors = docs_and_errors([tmp_path])
    assert [d.source for d in docs] == [f"{path}#n0", f"{path}#n1", f"{path}#n2"]
    assert [(e.line, str(e).startswith(f"{path}:4:")) for e in errors] == [(4, True)]
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    _, errors = docs_and_errors([bad])
    assert len(errors) == 1 and "gzip" in str(errors[0])


def test_size_limit_symlink_loop_and_malformed_html(tmp_path):
    from kg.ingest import read_path

    big = tmp_path / "big.txt"
    big.write_text("Nvidia makes chips. " * 100)
    [error] = list(read_path(big, max_bytes=100))
    assert str(error).startswith(str(big)) and "over the limit" in str(error)
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "a.txt").write_text("Huawei designs the Ascend 910B.")
    (folder / "self").symlink_to(folder, target_is_directory=True)
    docs, errors = docs_and_errors([folder])
    assert [d.source.rsplit("/", 1)[-1] for d in docs] == ["a.txt"] and not errors
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><p>Unclosed <b>tags <div>and <p>" + "Nvidia ships chips to China. " * 20 + "</span></html>")
    docs, errors = docs_and_errors([broken])
    assert (len(docs), len(errors)) in {(1, 0), (0, 1)}
    if docs:
        assert "Nvidia ships chips" in docs[0].body
    else:
        assert str(errors[0]).startswith(str(broken))
