//! Property tests of the WordPress reader and body cleaner on hostile files: a valid export
//! cut, spliced and sprinkled with markup, entities, shortcodes and arbitrary text either
//! reads or fails with an error, and never panics or loops; post bodies of any shape
//! clean without panicking and render without script.

use gazette_import::clean::{NoMedia, clean_body, wpautop};
use gazette_import::wxr::WxrReader;
use proptest::prelude::*;

/// The reader's own small export (its unit tests read it too).
const SAMPLE: &str = include_str!("data/sample.xml");

const PIECES: &[&str] = &[
    "<item>",
    "</item>",
    "<channel>",
    "</channel>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>",
    "&a;",
    "&#0;",
    "&#x110000;",
    "&amp;",
    "<wp:post_id>not a number</wp:post_id>",
    "<wp:post_id>99999999999999999999999</wp:post_id>",
    "<content:encoded>",
    "</content:encoded>",
    "[gallery ids=\"1,2\"]",
    "[caption]",
    "[/caption]",
    "[embed]https://x[/embed]",
    "<script>alert(1)</script>",
    "\u{0}",
    "\u{feff}",
    "<",
    ">",
    "\"",
];

fn mutated_export() -> impl Strategy<Value = String> {
    let len = SAMPLE.len();
    (
        0..=len,
        0..=len,
        prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(PIECES).prop_map(str::to_owned),
                1 => any::<String>(),
            ],
            0..6,
        ),
    )
        .prop_map(move |(a, b, inserted)| {
            let (cut, resume) = (a.min(b), a.max(b));
            // Cut and resume on char boundaries (the sample is ASCII but for safety).
            let cut = (0..=cut)
                .rev()
                .find(|i| SAMPLE.is_char_boundary(*i))
                .unwrap_or(0);
            let resume = (resume..=len)
                .find(|i| SAMPLE.is_char_boundary(*i))
                .unwrap_or(len);
            format!(
                "{}{}{}",
                &SAMPLE[..cut],
                inserted.concat(),
                &SAMPLE[resume..]
            )
        })
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<String>(),
            1 => "[a-z \\[\\]/=\"<>\n]{0,16}",
        ],
        0..16,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_export_reads_or_fails_with_a_position(xml in mutated_export()) {
        let mut reader = WxrReader::new(xml.as_bytes());
        // Each record consumes input, so a file this size cannot give more than this.
        for _ in 0..=xml.len() {
            match reader.next_record() {
                Ok(Some(_)) => {}
                Ok(None) => return Ok(()),
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    return Ok(());
                }
            }
        }
        prop_assert!(false, "the reader did not finish");
    }

    #[test]
    fn any_post_body_cleans_and_renders_without_script(raw in body()) {
        // The cleaned body is stored as the article's source; what readers get is its
        // rendering, which goes through the one sanitiser (tested in depth in core).
        let cleaned = clean_body(&raw, &NoMedia);
        let shown = gazette_core::markdown::render(&cleaned.html).html.to_ascii_lowercase();
        prop_assert!(
            !shown.contains("<script") && !shown.contains("onerror"),
            "{:?} → {:?}", raw, shown
        );
        let _ = wpautop(&raw);
    }
}
