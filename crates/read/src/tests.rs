//! End-to-end tests of the public API over real files in a temporary directory and over buffers.

use std::fs;

use storyweave_model::{ContentKind, Origin, SourceFormat};

use super::*;
use crate::warc::tests::{crawl, gzip, http_response};

type Out = Vec<Result<Document, ReadError>>;

fn run(inputs: &[Input], opts: &ReadOptions) -> Out {
    let mut out = Vec::new();
    read_inputs(inputs, opts, &mut |r| out.push(r));
    out
}

fn bytes(path: &str, data: &[u8]) -> Out {
    let mut out = Vec::new();
    read_bytes(path, data.to_vec(), &ReadOptions::default(), &mut |r| out.push(r));
    out
}

fn only_error(out: &Out) -> String {
    assert_eq!(out.len(), 1, "{out:?}");
    match &out[0] {
        Err(e) => e.to_string(),
        Ok(d) => panic!("expected an error, got {d:?}"),
    }
}

fn only_doc(out: &Out) -> &Document {
    assert_eq!(out.len(), 1, "{out:?}");
    match &out[0] {
        Ok(d) => d,
        Err(e) => panic!("expected a document, got {e}"),
    }
}

/// Lines like `ok <origin>` or `err <message>`, for comparing whole runs.
fn summary(out: &Out, root: &str) -> Vec<String> {
    out.iter()
        .map(|r| match r {
            Ok(d) => format!("ok {}", d.origin).replace(root, "ROOT"),
            Err(e) => format!("err {e}").replace(root, "ROOT"),
        })
        .collect()
}

#[test]
fn from_arg() {
    assert_eq!(Input::from_arg("-"), Input::Stdin);
    assert_eq!(Input::from_arg("a/b"), Input::Path("a/b".into()));
}

#[test]
fn text_and_html_files() {
    let tmp = tempfile::tempdir().unwrap();
    let txt = tmp.path().join("story.txt");
    let html = tmp.path().join("page.HTM");
    fs::write(&txt, "Headline\n\nThe council met on Tuesday.\n").unwrap();
    fs::write(&html, "<!doctype html><title>T</title><p>Body</p>").unwrap();
    let out = run(&[Input::Path(txt.clone()), Input::Path(html.clone())], &ReadOptions::default());
    assert_eq!(out.len(), 2);
    let t = out[0].as_ref().unwrap();
    assert_eq!(t.kind, ContentKind::Text);
    assert_eq!(t.content, "Headline\n\nThe council met on Tuesday.\n");
    assert_eq!(t.raw, fs::read(&txt).unwrap());
    assert_eq!(t.id, storyweave_model::doc_id(&t.raw));
    assert_eq!(
        t.origin,
        Origin { path: txt.to_string_lossy().into(), record: None, format: SourceFormat::Text }
    );
    let h = out[1].as_ref().unwrap();
    assert_eq!(h.kind, ContentKind::Html);
    assert_eq!(h.origin.format, SourceFormat::Html);
}

#[test]
fn json_object_and_array_files() {
    let doc = only_doc(&bytes("one.json", br#"{"title": "T", "html": "<p>x</p>"}"#)).clone();
    assert_eq!(
        (doc.kind, doc.origin.record, doc.hints.title.as_deref()),
        (ContentKind::Html, None, Some("T"))
    );
    let array = b"[\n  {\"text\": \"a\",   \"outlet\": \"O\"},\n  {\"text\": \"b\"}\n]\n";
    let out = bytes("many.json", array);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].as_ref().unwrap().raw, b"{\"text\": \"a\",   \"outlet\": \"O\"}");
    assert_eq!(out[1].as_ref().unwrap().raw, b"{\"text\": \"b\"}");
    assert_eq!(out[1].as_ref().unwrap().origin.to_string(), "many.json#2");
}

#[test]
fn jsonl_with_a_malformed_line_in_the_middle() {
    let data = b"{\"text\": \"one\"}\n{\"text\": \"two\",}\n{\"html\": \"<p>three</p>\"}\n";
    let out = bytes("feed.jsonl", data);
    assert_eq!(
        summary(&out, "-"),
        [
            "ok feed.jsonl:1",
            "err feed.jsonl:2: malformed JSON: trailing comma at column 16",
            "ok feed.jsonl:3",
        ]
    );
}

#[test]
fn record_without_body_and_bad_date() {
    let out = bytes("r.jsonl", b"{\"title\": \"t\"}\n{\"text\": \"x\", \"date\": \"31/31/2025\"}\n");
    assert_eq!(
        summary(&out, "-"),
        [
            "err r.jsonl:1: record has neither `text` nor `html`",
            "err r.jsonl:2: unparseable date \"31/31/2025\""
        ]
    );
}

#[test]
fn given_hints_win_over_record_fields() {
    let opts = ReadOptions {
        given: Hints { url: Some("https://given/".into()), title: Some("Given".into()), ..Hints::default() },
        ..ReadOptions::default()
    };
    let mut out = Vec::new();
    let data = br#"{"text": "x", "url": "https://record/", "title": "Record", "outlet": "Rec Outlet"}"#;
    read_bytes("r.json", data.to_vec(), &opts, &mut |r| out.push(r));
    let doc = only_doc(&out);
    assert_eq!(doc.hints.url.as_deref(), Some("https://given/"));
    assert_eq!(doc.hints.title.as_deref(), Some("Given"));
    assert_eq!(doc.hints.outlet.as_deref(), Some("Rec Outlet"));
}

#[test]
fn bad_files_are_named_with_the_reason() {
    assert_eq!(
        only_error(&bytes("notes.txt", b"caf\xc3\xa9 ok, then \xff")),
        "notes.txt: invalid UTF-8 at byte 15"
    );
    assert_eq!(
        only_error(&bytes("photo.jpg", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")),
        "photo.jpg: binary file (not text, HTML, JSON or WARC)"
    );
    assert_eq!(
        only_error(&bytes("data.txt", b"some text\0\0\0more")),
        "data.txt: binary file (not text, HTML, JSON or WARC)"
    );
    assert_eq!(only_error(&bytes("empty.txt", b"")), "empty.txt: empty file");
    assert_eq!(only_error(&bytes("blank.html", b" \r\n\t \n")), "blank.html: empty file");
    assert_eq!(only_error(&bytes("blank.json", b"\xef\xbb\xbf\n")), "blank.json: empty file");
}

#[test]
fn too_large_files_are_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.html");
    fs::write(&big, vec![b'a'; 2048]).unwrap();
    let opts = ReadOptions { max_bytes: 1024, ..ReadOptions::default() };
    let out = run(&[Input::Path(big.clone())], &opts);
    assert_eq!(only_error(&out), format!("{}: file too large (2.0 KiB, limit 1.0 KiB)", big.display()));
    // Unknown extensions are too large unless the start shows a container.
    let blob = tmp.path().join("blob");
    fs::write(&blob, vec![b'a'; 2048]).unwrap();
    let out = run(&[Input::Path(blob.clone())], &opts);
    assert_eq!(only_error(&out), format!("{}: file too large (2.0 KiB, limit 1.0 KiB)", blob.display()));
    // A gzipped file is judged by what it unpacks to.
    let mut out = Vec::new();
    read_bytes("big.txt.gz", gzip(&[b'a'; 2048]), &opts, &mut |r| out.push(r));
    assert_eq!(only_error(&out), "big.txt.gz: file too large (over the 1.0 KiB limit)");
}

#[test]
fn missing_path_names_the_os_reason() {
    let out = run(&[Input::from_arg("no/such/file.txt")], &ReadOptions::default());
    let msg = only_error(&out);
    assert!(msg.starts_with("no/such/file.txt: "), "{msg}");
    assert!(matches!(&out[0], Err(ReadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound));
}

#[test]
fn directories_in_sorted_order_without_hidden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("in");
    let files: &[(&str, &[u8])] = &[
        ("b.txt", b"Bee story"),
        ("a/2.html", b"<html><p>two</p></html>"),
        ("a/1.jsonl", b"{\"text\": \"r1\"}\n{\"text\": \"r2\"}\n"),
        ("a/.draft.txt", b"hidden"),
        (".cache/x.txt", b"hidden"),
        ("c/empty.txt", b""),
        ("d.warc", b""),
    ];
    for (p, data) in files {
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, data).unwrap();
    }
    fs::write(root.join("d.warc"), crawl().concat()).unwrap();
    let out = run(&[Input::Path(root.clone())], &ReadOptions::default());
    let r = root.to_string_lossy().into_owned();
    assert_eq!(
        summary(&out, &r),
        [
            "ok ROOT/a/1.jsonl:1",
            "ok ROOT/a/1.jsonl:2",
            "ok ROOT/a/2.html",
            "ok ROOT/b.txt",
            "err ROOT/c/empty.txt: empty file",
            "ok ROOT/d.warc#3",
            "ok ROOT/d.warc#5",
        ]
    );
}

#[test]
fn warc_files_plain_and_gzipped() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("crawl.warc");
    let gz = tmp.path().join("crawl.warc.gz");
    // Gzipped under a plain name: the bytes decide.
    let misnamed = tmp.path().join("misnamed.warc");
    fs::write(&plain, crawl().concat()).unwrap();
    let members: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    fs::write(&gz, &members).unwrap();
    fs::write(&misnamed, &members).unwrap();
    let out = run(
        &[Input::Path(plain.clone()), Input::Path(gz.clone()), Input::Path(misnamed.clone())],
        &ReadOptions::default(),
    );
    let docs: Vec<_> = out.iter().map(|r| r.as_ref().unwrap()).collect();
    assert_eq!(docs.len(), 6);
    assert_eq!(docs[0].id, docs[2].id, "the same record has the same id plain or gzipped");
    assert_eq!(docs[3].origin.to_string(), format!("{}#5", gz.display()));
    assert_eq!(docs[3].content, "<html><p>Second story.</p></html>");
    assert_eq!(docs[5].origin.path, misnamed.to_string_lossy());
}

#[test]
fn truncated_warc_gz_keeps_the_records_before() {
    let mut members: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    let last = gzip(&crawl()[4]).len();
    members.truncate(members.len() - last / 2);
    let out = bytes("crawl.warc.gz", &members);
    assert_eq!(summary(&out, "-"), ["ok crawl.warc.gz#3", "err crawl.warc.gz#5: truncated gzip stream"]);
}

#[test]
fn warc_records_over_the_limit() {
    let page = http_response("u", "Content-Type: text/html\r\n", &[b'p'; 4096]);
    let small = http_response("u", "Content-Type: text/html\r\n", b"<p>small</p>");
    let mut out = Vec::new();
    let opts = ReadOptions { max_bytes: 1024, ..ReadOptions::default() };
    read_bytes("w.warc", [page, small].concat(), &opts, &mut |r| out.push(r));
    assert_eq!(
        summary(&out, "-"),
        ["err w.warc#1: record too large (4.0 KiB, limit 1.0 KiB)", "ok w.warc#2"]
    );
}

#[test]
fn stdin_is_sniffed() {
    let text = only_doc(&bytes("-", b"Plain headline\n\nPlain body.")).clone();
    assert_eq!(
        (text.kind, text.origin.format, text.origin.path.as_str()),
        (ContentKind::Text, SourceFormat::Text, "-")
    );
    let html = only_doc(&bytes("-", b"\n<!DOCTYPE html><p>x</p>")).clone();
    assert_eq!((html.kind, html.origin.format), (ContentKind::Html, SourceFormat::Html));
    let json = only_doc(&bytes("-", br#"{"text": "x", "outlet": "O"}"#)).clone();
    assert_eq!((json.origin.format, json.hints.outlet.as_deref()), (SourceFormat::Json, Some("O")));
    let out = bytes("-", b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
    assert_eq!(summary(&out, "?"), ["ok -:1", "ok -:2"]);
    let out = bytes("-", &crawl().concat());
    assert_eq!(summary(&out, "?"), ["ok -#3", "ok -#5"]);
    let gz: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    assert_eq!(summary(&bytes("-", &gz), "?"), ["ok -#3", "ok -#5"]);
    let page = only_doc(&bytes("-", &gzip(b"<html><p>zipped page</p></html>"))).clone();
    assert_eq!(page.content, "<html><p>zipped page</p></html>");
    assert_eq!(
        only_error(&bytes("-", b"\xff\xd8\xff\xe0\0\x10JFIF")),
        "<stdin>: binary file (not text, HTML, JSON or WARC)"
    );
    assert_eq!(only_error(&bytes("-", b"  \n")), "<stdin>: empty file");
    // Starts like JSON but is not: text.
    let odd = only_doc(&bytes("-", b"[Update] Bridge reopens after repairs")).clone();
    assert_eq!(odd.kind, ContentKind::Text);
}

#[test]
fn gzipped_files_unpack_by_inner_name() {
    let page = only_doc(&bytes("page.html.gz", &gzip(b"<p>not sniffed</p>"))).clone();
    assert_eq!((page.kind, page.content.as_str()), (ContentKind::Html, "<p>not sniffed</p>"));
    let out = bytes("feed.jsonl.gz", &gzip(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"));
    assert_eq!(summary(&out, "?"), ["ok feed.jsonl.gz:1", "ok feed.jsonl.gz:2"]);
    let mut cut = gzip(b"<p>a page long enough to cut</p>");
    cut.truncate(cut.len() - 12);
    assert_eq!(only_error(&bytes("cut.html.gz", &cut)), "cut.html.gz: truncated gzip stream");
    assert_eq!(
        only_error(&bytes("photo.png.gz", &gzip(b"\x89PNG\r\n\x1a\n\0"))),
        "photo.png.gz: binary file (not text, HTML, JSON or WARC)"
    );
}

#[test]
fn binary_jsonl_is_one_error() {
    let out = bytes("x.jsonl", b"\x00\x01\x02\n\x03\x04\n\x05\n");
    assert_eq!(only_error(&out), "x.jsonl: binary file (not text, HTML, JSON or WARC)");
}

/// Mutated and truncated inputs of every kind: errors are fine, panics are not.
#[test]
fn garbage_never_panics() {
    let gz_crawl: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    let seeds: Vec<Vec<u8>> = vec![
        crawl().concat(),
        gz_crawl,
        b"[{\"text\": \"a\", \"date\": \"2025-10-16\"}, {\"html\": \"<p>b</p>\"}]".to_vec(),
        b"{\"text\": \"a\"}\n{\"html\": \"<meta charset=x><p>b</p>\"}\n".to_vec(),
        b"<!doctype html><meta charset=utf-8><p>caf\xc3\xa9</p>".to_vec(),
    ];
    let names = ["x.warc", "x.warc.gz", "x.json", "x.jsonl", "-", "x.html", "x.gz"];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let opts = ReadOptions { max_bytes: 4096, ..ReadOptions::default() };
    for round in 0..400 {
        let mut data = seeds[round % seeds.len()].clone();
        match next() % 3 {
            0 => data.truncate((next() as usize) % (data.len() + 1)),
            1 => {
                for _ in 0..1 + next() % 8 {
                    let i = (next() as usize) % data.len().max(1);
                    if let Some(b) = data.get_mut(i) {
                        *b = next() as u8;
                    }
                }
            }
            _ => {
                let i = (next() as usize) % (data.len() + 1);
                data.splice(
                    i..i,
                    [b'\r', b'\n', b'0', b'x', b'\x1f', b'\x8b', b'\x08'][..(next() % 7) as usize]
                        .iter()
                        .copied(),
                );
            }
        }
        for name in names {
            read_bytes(name, data.clone(), &opts, &mut |_| {});
        }
    }
}
