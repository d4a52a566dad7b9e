//! The demo newsroom's content, generated deterministically from a seed: the same seed
//! gives the same articles, so screenshots and benchmarks are comparable between runs.
//! Dates are offsets from "now" so the demo always looks current.

use gazette_core::model::{Kind, Status};
use gazette_core::text::capitalize;

use super::words::*;

pub struct Planned {
    pub title: String,
    pub subtitle: Option<String>,
    pub body: String,
    pub kind: Kind,
    pub status: Status,
    /// Index into the flattened category list (top-level, then their children).
    pub category: usize,
    pub tags: Vec<usize>,
    pub special_topic: bool,
    pub author: usize,
    pub translator: Option<usize>,
    pub outlet: Option<usize>,
    /// Seconds before now (negative: in the future, for scheduled pieces).
    pub age_seconds: i64,
    pub image: Option<usize>,
    pub views: u64,
    pub correction: Option<String>,
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &'a [&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn title(rng: &mut fastrand::Rng) -> String {
    let place = pick(rng, PLACES);
    match rng.u8(..4) {
        0 => format!(
            "In {place}, {} {} {}",
            pick(rng, SUBJECTS),
            pick(rng, VERBS),
            pick(rng, OBJECTS)
        ),
        1 => capitalize(&format!(
            "{} {} {} {}",
            pick(rng, SUBJECTS),
            pick(rng, VERBS),
            pick(rng, OBJECTS),
            pick(rng, QUALIFIERS)
        )),
        2 => format!("Why {} matters for {place}", pick(rng, OBJECTS)),
        _ => capitalize(&format!("{}: what changes in {place}", pick(rng, OBJECTS))),
    }
}

fn sentence(rng: &mut fastrand::Rng) -> String {
    match rng.u8(..3) {
        0 => format!("{} {}.", pick(rng, SENTENCE_OPENERS), pick(rng, CLAUSES)),
        1 => format!(
            "{} {} {} in {} {}.",
            capitalize(pick(rng, SUBJECTS)),
            pick(rng, VERBS),
            pick(rng, OBJECTS),
            pick(rng, PLACES),
            pick(rng, QUALIFIERS)
        ),
        _ => format!(
            "{}, and {}.",
            capitalize(pick(rng, CLAUSES)),
            pick(rng, CLAUSES)
        ),
    }
}

fn paragraph(rng: &mut fastrand::Rng) -> String {
    let n = rng.usize(3..7);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

/// A Markdown body of 500–1,600 words with subheadings, a quote and sometimes a list.
fn body(rng: &mut fastrand::Rng) -> String {
    let mut out = Vec::new();
    let sections = rng.usize(2..5);
    for s in 0..sections {
        if s > 0 {
            out.push(format!("## {}", capitalize(pick(rng, OBJECTS))));
        }
        for _ in 0..rng.usize(2..5) {
            out.push(paragraph(rng));
        }
        if rng.u8(..3) == 0 {
            out.push(format!("> {}", pick(rng, QUOTES)));
        }
        if rng.u8(..5) == 0 {
            let items: Vec<String> = (0..3)
                .map(|_| format!("- {}", capitalize(pick(rng, CLAUSES))))
                .collect();
            out.push(items.join("\n"));
        }
    }
    out.join("\n\n")
}

/// Number of categories in [`CATEGORIES`] counting subsections.
pub fn category_count() -> usize {
    CATEGORIES
        .iter()
        .map(|(_, _, _, subs)| 1 + subs.len())
        .sum()
}

/// Plans `count` articles spread over two years, newest first.
pub fn plan(count: usize, images: usize, seed: u64) -> Vec<Planned> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let span = 730 * 86_400_i64;
    let step = span / i64::try_from(count.max(1)).unwrap_or(1);
    let categories = category_count();
    (0..count)
        .map(|i| {
            let kind = match rng.u8(..10) {
                0..=4 => Kind::Original,
                5..=7 => Kind::Translation,
                _ => Kind::Reprint,
            };
            let status = if i % 97 == 5 {
                Status::Scheduled
            } else if i % 50 == 7 {
                Status::Draft
            } else {
                Status::Published
            };
            let base = i64::try_from(i).unwrap_or(i64::MAX).saturating_mul(step);
            let age_seconds = if status == Status::Scheduled {
                -(3_600 + rng.i64(0..86_400))
            } else {
                // Jitter within a few hours keeps the newest piece fresh at any size.
                20 * 60 + base + rng.i64(0..(step.max(1) / 2).min(4 * 3_600) + 1)
            };
            let outlet = (kind != Kind::Original).then(|| {
                // Reprints come from English-language outlets; translations from the others.
                if kind == Kind::Reprint {
                    OUTLETS.len() - 1
                } else {
                    rng.usize(..OUTLETS.len() - 1)
                }
            });
            let author = rng.usize(..AUTHORS.len());
            let translator = (kind == Kind::Translation).then_some(if author == 2 { 3 } else { 2 });
            let tag_count = rng.usize(1..4);
            let mut tags: Vec<usize> = (0..tag_count).map(|_| rng.usize(..TAGS.len())).collect();
            tags.sort_unstable();
            tags.dedup();
            let views = match rng.u8(..20) {
                0 => rng.u64(10_000..60_000),
                1..=4 => rng.u64(1_000..10_000),
                _ => rng.u64(20..1_000),
            };
            Planned {
                title: title(&mut rng),
                subtitle: (rng.u8(..3) > 0)
                    .then(|| capitalize(&format!("{}.", pick(&mut rng, CLAUSES)))),
                body: body(&mut rng),
                kind,
                status,
                category: rng.usize(..categories),
                tags,
                special_topic: rng.u8(..12) == 0,
                author,
                translator,
                outlet,
                age_seconds,
                image: (images > 0 && rng.u8(..8) > 0).then(|| rng.usize(..images)),
                views,
                correction: (i % 41 == 3).then(|| {
                    format!(
                        "An earlier version of this article misstated the date of {}.",
                        pick(&mut rng, OBJECTS)
                    )
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_newsroom() {
        let a = plan(40, 6, 7);
        let b = plan(40, 6, 7);
        assert_eq!(a.len(), 40);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (&x.title, &x.body, x.age_seconds),
                (&y.title, &y.body, y.age_seconds)
            );
        }
        assert_ne!(plan(5, 6, 8)[0].title, a[0].title);
    }

    #[test]
    fn plans_cover_every_kind_and_keep_sources_consistent() {
        let p = plan(300, 24, 1);
        for kind in [Kind::Original, Kind::Translation, Kind::Reprint] {
            assert!(p.iter().any(|a| a.kind == kind), "{kind}");
        }
        assert!(
            p.iter()
                .all(|a| (a.kind == Kind::Original) == a.outlet.is_none())
        );
        assert!(
            p.iter()
                .all(|a| (a.kind == Kind::Translation) == a.translator.is_some())
        );
        assert!(p.iter().any(|a| a.status == Status::Draft));
        assert!(
            p.iter()
                .any(|a| a.status == Status::Scheduled && a.age_seconds < 0)
        );
        // Two years, newest first.
        let oldest = p.iter().map(|a| a.age_seconds).max().unwrap();
        assert!(oldest > 700 * 86_400 && oldest <= 731 * 86_400, "{oldest}");
        assert!(p.iter().all(|a| a.category < category_count()));
    }
}
