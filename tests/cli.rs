//! The binary's contracts: idempotent ingest, bad input reported and skipped, exit codes, the
//! store commands, a closed pipe, and the seeds as one story of four newsrooms.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Command, Stdio};

use common::{json, ok, path_str, run};
use serde_json::Value;

#[test]
fn ingest_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let db = path_str(&db);
    let first = json(&["ingest", "--db", db, "--json", "examples/corpus"]);
    assert!(first["added"].as_u64().unwrap() >= 30, "{first}");
    let stories_before = ok(&["stories", "--db", db, "--json"]);
    let second = json(&["ingest", "--db", db, "--json", "examples/corpus"]);
    assert_eq!(second["added"], 0);
    assert_eq!(second["already_stored"], first["added"]);
    assert_eq!(ok(&["stories", "--db", db, "--json"]), stories_before);
}

#[test]
fn bad_inputs_are_reported_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let good = r#"{"outlet": "Test Wire", "date": "2026-04-01", "title": "Bridge reopens", "text": "The Elm Street bridge reopened on Wednesday after six months of repairs, the city council said in a statement."}"#;
    std::fs::write(input.join("feed.jsonl"), format!("{good}\n{{\"text\": \"broken\n")).unwrap();
    std::fs::write(input.join("photo.bin"), [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
        .unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let db = dir.path().join("x.db");
    let out = run(&["ingest", "--db", path_str(&db), "--json", path_str(&input)]);
    assert_eq!(out.status.code(), Some(1), "exit code 1 when inputs were rejected");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| !l.contains(" added, ")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(errors.iter().any(|l| l.contains("feed.jsonl:2")), "{stderr}");
    assert!(errors.iter().any(|l| l.contains("photo.bin")), "{stderr}");
    assert!(errors.iter().any(|l| l.contains("empty.txt")), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["added"], 1);
    assert_eq!(report["rejected"], 3);
    let stories = json(&["stories", "--db", path_str(&db), "--json"]);
    assert_eq!(stories.as_array().unwrap().len(), 1);
    assert_eq!(stories[0]["outlets"][0], "Test Wire");
}

#[test]
fn fail_fast_stops_at_the_first_rejected_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("b-good.txt"),
        "The council met on Monday and approved the budget for the new school year after a long debate.",
    )
    .unwrap();
    let db = dir.path().join("x.db");
    let out = run(&["ingest", "--fail-fast", "--db", path_str(&db), "--json", path_str(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["added"], 0);
    assert_eq!(report["stopped"], true);
}

#[test]
fn store_commands_show_search_and_stories() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let db = path_str(&db);
    ok(&["ingest", "--db", db, "examples/corpus"]);
    let stories = json(&["stories", "--db", db, "--json"]);
    let id = stories[0]["id"].as_str().unwrap();
    let brief = json(&["show", "--db", db, "--json", &id[..6]]);
    assert_eq!(brief[0]["story"], id);
    for format in ["text", "md"] {
        let shown = ok(&["show", "--db", db, "--format", format, id]);
        assert!(shown.contains("What happened"), "{shown}");
    }
    let word = brief[0]["summary"][0]["text"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .find(|w| w.len() > 6)
        .unwrap()
        .to_string();
    let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    let hits = json(&["search", "--db", db, "--json", &word]);
    assert!(!hits.as_array().unwrap().is_empty(), "no hit for {word}");
    // A missing story and a missing store are errors (exit 2), not panics.
    assert_eq!(run(&["show", "--db", db, "no-such-story"]).status.code(), Some(2));
    assert_eq!(run(&["stories", "--db", path_str(&dir.path().join("none.db"))]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyweave"))
        .args(["brief", "examples/corpus"])
        .current_dir(common::repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the rest of the output meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn clean_prints_body_and_removed_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let page = "Harbor Notes\n  • Home\n  • News\n\nThe lighthouse on Gull Point will close for repairs next month, the port authority said on Friday.\nKeepers said the lamp would be replaced and the tower repainted before the autumn storms.\nAll Rights Reserved\n";
    let file = dir.path().join("page.txt");
    std::fs::write(&file, page).unwrap();
    let body = ok(&["clean", "--body-only", path_str(&file)]);
    assert_eq!(body.lines().filter(|l| !l.is_empty()).count(), 2, "{body}");
    assert!(!body.contains("Home") && !body.contains("Rights"));
    let full = ok(&["clean", path_str(&file)]);
    assert!(full.contains("navigation") && full.contains("footer"), "{full}");
    let stdin = Command::new(env!("CARGO_BIN_EXE_storyweave"))
        .args(["clean", "--body-only", "-"])
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(stdin.stdout).unwrap(), body);
}

#[test]
fn the_seeds_are_one_story_of_five_articles() {
    let Some(seeds) = common::shared("seeds") else { return };
    let briefs = json(&["brief", path_str(&seeds), "--json"]);
    let briefs = briefs.as_array().unwrap();
    assert_eq!(briefs.len(), 1, "{briefs:#?}");
    let articles = briefs[0]["coverage"]["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);

    // 003 and 004 are two edits of one wire story: one is the other's copy, with its edits;
    // the other three are independent, so four newsrooms.
    let id_of = |prefix: &str| -> String {
        let file = std::fs::read_dir(&seeds)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
            .expect("seed file");
        json(&["clean", "--json", path_str(&file)])[0]["doc_id"].as_str().unwrap().to_string()
    };
    let wire: BTreeSet<String> = [id_of("003"), id_of("004")].into();
    let copies: Vec<&Value> = articles.iter().filter(|a| !a["copy_of"].is_null()).collect();
    assert_eq!(copies.len(), 1, "{articles:#?}");
    let pair: BTreeSet<String> =
        [copies[0]["doc"].as_str().unwrap(), copies[0]["copy_of"]["doc"].as_str().unwrap()]
            .map(str::to_string)
            .into();
    assert_eq!(pair, wire);
    let edits = &copies[0]["copy_of"]["edits"];
    let touched: u64 = ["added", "removed", "changed"].iter().map(|k| edits[k].as_u64().unwrap()).sum();
    assert!(touched > 0, "the reprint's edits are listed: {edits}");
    assert_eq!(briefs[0]["newsrooms"], 4);
    assert_eq!(briefs[0]["coverage"]["newsrooms"], 4);
}

#[test]
fn the_seeds_say_who_said_what() {
    let Some(seeds) = common::shared("seeds") else { return };
    let briefs = json(&["brief", path_str(&seeds), "--json"]);
    let quotes = briefs[0]["quotes"].as_array().unwrap();
    let by = |speaker: &str, words: &str| {
        quotes.iter().find(|q| {
            q["speaker"].as_str().unwrap().contains(speaker) && q["text"].as_str().unwrap().contains(words)
        })
    };
    // The Truth Social post is Trump's; Ushakov speaks for himself; Putin's Tomahawk warning is
    // his, as Ushakov passed it on (two seeds also state it directly: "Putin has made clear").
    let post = by("Trump", "inglorious").expect("the Truth Social post");
    assert_eq!(post["medium"], "Truth Social", "{post:#?}");
    // One entry for the post, citing every outlet that quotes it: 001, 002 and 003 carry its
    // words in different parts.
    let posts: Vec<&Value> = quotes.iter().filter(|q| q["medium"] == "Truth Social").collect();
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert!(post["citations"].as_array().unwrap().len() >= 3, "{post:#?}");
    assert!(post["text"].as_str().unwrap().contains("great progress"), "{post:#?}");
    assert!(quotes.iter().any(|q| q["speaker"].as_str().unwrap().contains("Ushakov")), "{quotes:#?}");
    let warning = quotes.iter().find(|q| {
        q["speaker"].as_str().unwrap().contains("Putin")
            && q["text"].as_str().unwrap().contains("Tomahawk")
            && q["via"].as_str().is_some_and(|v| v.contains("Ushakov"))
    });
    assert!(warning.is_some(), "Putin's warning, via Ushakov: {quotes:#?}");
}

#[test]
fn the_seeds_name_each_actor_once_with_its_variants() {
    let Some(seeds) = common::shared("seeds") else { return };
    let briefs = json(&["brief", path_str(&seeds), "--json"]);
    let entities = briefs[0]["entities"].as_array().unwrap();
    let holding = |name: &str| -> Vec<&Value> {
        entities
            .iter()
            .filter(|e| e["variants"].as_array().unwrap().iter().any(|v| v.as_str().unwrap().contains(name)))
            .collect()
    };
    // Transliterations, surnames and spellings of one actor are one entity, listing both forms.
    for (a, b, kind) in [
        ("Zelensky", "Zelenskyy", "person"),
        ("Yuri Ushakov", "Yury Ushakov", "person"),
        ("Sergei Lavrov", "Sergey Lavrov", "person"),
        ("Kyiv", "Kiev", "place"),
    ] {
        let found = holding(a);
        assert_eq!(found.len(), 1, "{a}: {found:#?}");
        assert_eq!(found, holding(b), "{a} and {b} are one");
        assert_eq!(found[0]["kind"], kind, "{found:#?}");
    }
    for name in ["Donald Trump", "Vladimir Putin", "Marco Rubio", "Budapest", "White House"] {
        assert_eq!(holding(name).len(), 1, "{name}: {entities:#?}");
    }
}

#[test]
fn the_seeds_timeline_runs_from_sunday_to_next_week_then_the_undated_summit() {
    let Some(seeds) = common::shared("seeds") else { return };
    let briefs = json(&["brief", path_str(&seeds), "--json"]);
    let timeline = briefs[0]["timeline"].as_array().unwrap();
    let when: Vec<&str> = timeline.iter().map(|t| t["when"].as_str().unwrap()).collect();
    let dated = |value: &str, words: &[&str]| {
        timeline.iter().any(|t| {
            let text = t["text"].as_str().unwrap();
            t["when"] == value && words.iter().all(|w| text.contains(w))
        })
    };
    // Trump's remarks on their days, the call, the Zelensky meeting, the advisers next week.
    assert!(dated("2025-10-12", &["Trump", "Sunday"]), "{timeline:#?}");
    assert!(dated("2025-10-14", &["Trump", "Tuesday"]), "{timeline:#?}");
    assert!(dated("2025-10-15TEV", &["Trump", "Wednesday evening"]), "{timeline:#?}");
    assert!(dated("2025-10-16", &["Thursday"]), "{timeline:#?}");
    assert!(dated("2025-10-17", &["Zelensky", "Friday"]), "{timeline:#?}");
    assert!(dated("2025-W43", &["next week"]), "{timeline:#?}");
    // The Budapest summit has no date yet, and comes last.
    assert_eq!(when.last(), Some(&"XXXX-XX-XX"), "{when:?}");
    assert!(dated("XXXX-XX-XX", &["Hungary"]), "{timeline:#?}");
    // Calendar order: nothing dated before the Sunday of the first remarks, next week after Friday.
    assert_eq!(when.first(), Some(&"2025-10-12"), "{when:?}");
    let friday = when.iter().rposition(|w| *w == "2025-10-17").unwrap();
    let next_week = when.iter().position(|w| *w == "2025-W43").unwrap();
    assert!(friday < next_week, "{when:?}");
}

#[test]
fn the_seeds_agree_on_the_summit_the_rubio_talks_and_the_zelensky_meeting() {
    let Some(seeds) = common::shared("seeds") else { return };
    let briefs = json(&["brief", path_str(&seeds), "--json"]);
    let agreements = briefs[0]["agreements"].as_array().unwrap();
    let agreed = |words: &[&str]| {
        agreements.iter().any(|a| {
            let text = a["text"].as_str().unwrap();
            a["newsrooms"].as_u64().unwrap() >= 2 && words.iter().all(|w| text.contains(w))
        })
    };
    assert!(agreed(&["Budapest", "summit"]), "{agreements:#?}");
    assert!(agreed(&["Rubio", "lead"]), "{agreements:#?}");
    assert!(agreed(&["Zelensky", "meeting", "Friday"]), "{agreements:#?}");
    // The call-length conflict, with both outlets.
    let conflicts = briefs[0]["conflicts"].as_array().unwrap();
    let call = conflicts.iter().find(|c| c["about"] == "call").expect("the call-length conflict");
    let figures: Vec<&str> =
        call["sides"].as_array().unwrap().iter().map(|s| s["figure"].as_str().unwrap()).collect();
    assert_eq!(figures.len(), 2, "{call:#?}");
    assert!(figures.contains(&"two-hour") && figures.contains(&"nearly 2.5-hour"), "{call:#?}");
}

#[test]
fn seeds_ingest_is_idempotent() {
    let Some(seeds) = common::shared("seeds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let db = path_str(&db);
    ok(&["ingest", "--db", db, path_str(&seeds)]);
    let before = ok(&["stories", "--db", db, "--json"]);
    let again = json(&["ingest", "--db", db, "--json", path_str(&seeds)]);
    assert_eq!(again["added"], 0);
    assert_eq!(ok(&["stories", "--db", db, "--json"]), before);
}

#[test]
fn oversized_files_invalid_utf8_and_truncated_crawls_are_rejected_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sentence =
        "The harbour council met on Monday and agreed to repair the north pier before the summer. ";
    std::fs::write(input.join("big.txt"), sentence.repeat(1000)).unwrap();
    std::fs::write(
        input.join("latin1.txt"),
        b"Caf\xe9 owners in the old town said trade was slow this winter.",
    )
    .unwrap();
    let warc = std::fs::read(common::repo().join("examples/corpus/crawl/capture.warc.gz")).unwrap();
    std::fs::write(input.join("cut.warc.gz"), &warc[..warc.len() * 2 / 3]).unwrap();
    std::fs::write(input.join("ok.txt"), sentence).unwrap();
    let db = dir.path().join("x.db");
    let out = run(&["ingest", "--db", path_str(&db), "--json", "--max-bytes", "64K", path_str(&input)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().any(|l| l.contains("big.txt") && l.contains("too large")), "{stderr}");
    assert!(stderr.lines().any(|l| l.contains("latin1.txt") && l.contains("UTF-8")), "{stderr}");
    assert!(stderr.lines().any(|l| l.contains("cut.warc.gz#")), "{stderr}");
    assert!(!stderr.contains("panicked"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // ok.txt and the crawl's records before the cut go in.
    assert!(report["added"].as_u64().unwrap() >= 2, "{report}");
    assert_eq!(report["rejected"], 3);
}
