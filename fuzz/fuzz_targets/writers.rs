//! Every writer on articles made from any text. JSON and YAML must read back as the same
//! article; NewsML must be well-formed XML that reads back with the same title and body.
#![no_main]

use arsip::read::{read, Input, InputFormat};
use arsip::write::{to_string, OutputFormat};
use arsip::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The text reader makes an article of almost any text: its fields then hold whatever
    // the fuzzer wrote, markup and control characters included.
    let Ok(parsed) = read(
        &Input::from_bytes(text, Some("fuzz.txt")),
        InputFormat::Text,
    ) else {
        return;
    };
    let article = parsed.article;

    let json = to_string(&article, OutputFormat::Json);
    let back: Article = serde_json::from_str(&json).expect("JSON output reads back");
    assert_eq!(back, article, "JSON round trip");

    let yaml = to_string(&article, OutputFormat::Yaml);
    let back: Article = yaml_serde::from_str(&yaml).expect("YAML output reads back");
    assert_eq!(back, article, "YAML round trip");

    let xml = to_string(&article, OutputFormat::Newsml);
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("NewsML is not well-formed: {e}\n{xml}"),
        }
    }
    let back = read(
        &Input::from_bytes(xml.as_bytes(), None),
        InputFormat::Newsml,
    )
    .expect("NewsML output reads back");
    assert_eq!(
        back.article.body.len(),
        article.body.len(),
        "NewsML body\n{xml}"
    );

    for format in [
        OutputFormat::Markdown,
        OutputFormat::JsonLd,
        OutputFormat::Ninjs,
    ] {
        let _ = to_string(&article, format);
    }
});
