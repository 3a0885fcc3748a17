//! `storyweave eval coref` end to end, on a small ECB+-shaped data set written here: two
//! documents of one topic name the same person; the key links them across the documents.

mod common;

use std::fs;

fn doc(name: &str, sentences: &[&[&str]], person: (usize, usize, usize)) -> String {
    let mut xml = format!("<Document doc_name=\"{name}.xml\" doc_id=\"{name}\">\n");
    let mut ids = Vec::new();
    let mut t = 0;
    for (s, words) in sentences.iter().enumerate() {
        let mut row = Vec::new();
        for (n, w) in words.iter().enumerate() {
            t += 1;
            xml += &format!("<token t_id=\"{t}\" sentence=\"{s}\" number=\"{n}\">{w}</token>\n");
            row.push(t);
        }
        ids.push(row);
    }
    let (s, from, to) = person;
    xml += "<Markables>\n<HUMAN_PART_PER m_id=\"1\">";
    for id in &ids[s][from..to] {
        xml += &format!("<token_anchor t_id=\"{id}\"/>");
    }
    xml += "</HUMAN_PART_PER>\n<HUMAN_PART_PER m_id=\"9\" TAG_DESCRIPTOR=\"the mayor\"/>\n</Markables>\n";
    xml += "<Relations>\n<CROSS_DOC_COREF r_id=\"1\" note=\"HUM42\"><source m_id=\"1\"/><target m_id=\"9\"/></CROSS_DOC_COREF>\n</Relations>\n</Document>\n";
    xml
}

#[test]
fn a_person_named_in_two_documents_is_one_entity() {
    let dir = tempfile::tempdir().unwrap();
    let topic = dir.path().join("ECB+").join("7");
    fs::create_dir_all(&topic).unwrap();
    let first: &[&[&str]] = &[&[
        "Mayor", "Lotta", "Brenner", "opened", "the", "new", "bridge", "in", "Kessel", "on", "Monday", ".",
    ]];
    let second: &[&[&str]] = &[&[
        "Crowds", "gathered", "as", "Lotta", "Brenner", "cut", "the", "ribbon", "on", "the", "bridge", ".",
    ]];
    fs::write(topic.join("7_1ecb.xml"), doc("7_1ecb", first, (0, 1, 3))).unwrap();
    fs::write(topic.join("7_2ecb.xml"), doc("7_2ecb", second, (0, 3, 5))).unwrap();
    fs::write(
        dir.path().join("ECBplus_coreference_sentences.csv"),
        "Topic,File,Sentence Number\n7,1ecb,0\n7,2ecb,0\n",
    )
    .unwrap();

    let r = common::json(&["eval", "coref", "--dataset", common::path_str(dir.path()), "--json"]);
    assert_eq!(r["task"], "coref");
    assert_eq!(r["documents"], 2);
    assert_eq!(r["key_mentions"], 2);
    // Both mentions found with their exact spans and resolved into one entity: MUC recall is 1.
    assert_eq!(r["matched_mentions"], 2, "{r}");
    assert_eq!(r["muc"]["recall"], 1.0, "{r}");
    for metric in ["muc", "bcubed", "ceafe"] {
        let f1 = r[metric]["f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{metric}: {f1}");
    }
    assert!(common::run(&["eval", "coref", "--dataset", "no/such/dir"]).status.code() == Some(2));
}
