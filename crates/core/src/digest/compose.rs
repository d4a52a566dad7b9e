//! Which articles an edition carries and in what order: the editors' picks first, then,
//! section by section (in the menu's order), the articles published since the previous
//! edition, most read first. An edition with nothing new is not made at all.
//!
//! One edition per language: the candidates are the articles in the edition's language.
//! Translation links between articles are being added elsewhere; when they land, the
//! caller swaps each original for its translation into the edition's language before
//! calling [`select`] (the seam is the `Candidate` list, nothing here changes).

use serde::Serialize;

/// An article that may go into an edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub article_id: i64,
    /// The top-level section (category) the article falls under, if any.
    pub section_id: Option<i64>,
    pub section_name: String,
    /// The section's place in the menu (smaller first).
    pub section_position: i64,
    pub title: String,
    /// Site path of the article, e.g. `/the-slug/`.
    pub path: String,
    pub excerpt: String,
    pub published_at: i64,
    pub views: i64,
}

/// One line of an edition, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub article_id: i64,
    /// True for an editors' pick (shown first, under "Editors' picks").
    pub pick: bool,
    pub section_id: Option<i64>,
    pub section_name: String,
    pub title: String,
    pub path: String,
    pub excerpt: String,
}

/// Most articles per section in one edition (the rest are on the site).
pub const MAX_PER_SECTION: usize = 8;
/// Most editors' picks in one edition.
pub const MAX_PICKS: usize = 5;
/// Section name used for articles outside any category.
pub const OTHER_SECTION: &str = "More news";

/// The edition's items: `picks` (article ids, in the editors' order) that are among
/// `candidates` first, then the other candidates grouped by section, most read first (ties:
/// newest first). Empty when there is nothing to send.
pub fn select(mut candidates: Vec<Candidate>, picks: &[i64]) -> Vec<Item> {
    let item = |c: &Candidate, pick: bool| Item {
        article_id: c.article_id,
        pick,
        section_id: c.section_id,
        section_name: if c.section_name.is_empty() {
            OTHER_SECTION.to_owned()
        } else {
            c.section_name.clone()
        },
        title: c.title.clone(),
        path: c.path.clone(),
        excerpt: c.excerpt.clone(),
    };
    let mut items: Vec<Item> = picks
        .iter()
        .filter_map(|id| candidates.iter().find(|c| c.article_id == *id))
        .take(MAX_PICKS)
        .map(|c| item(c, true))
        .collect();
    candidates.retain(|c| !items.iter().any(|i| i.article_id == c.article_id));
    candidates.sort_by(|a, b| {
        (a.section_id.is_none(), a.section_position, a.section_id)
            .cmp(&(b.section_id.is_none(), b.section_position, b.section_id))
            .then(b.views.cmp(&a.views))
            .then(b.published_at.cmp(&a.published_at))
            .then(a.article_id.cmp(&b.article_id))
    });
    let mut in_section = 0;
    let mut current = None;
    for c in &candidates {
        if current != Some(c.section_id) {
            current = Some(c.section_id);
            in_section = 0;
        }
        if in_section < MAX_PER_SECTION {
            items.push(item(c, false));
            in_section += 1;
        }
    }
    items
}

/// The items a subscriber gets: picks always, other items only from their sections (an
/// empty `sections` means all).
pub fn for_sections<'a>(items: &'a [Item], sections: &[i64]) -> Vec<&'a Item> {
    items
        .iter()
        .filter(|i| {
            i.pick || sections.is_empty() || i.section_id.is_some_and(|s| sections.contains(&s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, section: Option<i64>, position: i64, views: i64) -> Candidate {
        Candidate {
            article_id: id,
            section_id: section,
            section_name: section.map(|s| format!("S{s}")).unwrap_or_default(),
            section_position: position,
            title: format!("T{id}"),
            path: format!("/t{id}/"),
            excerpt: String::new(),
            published_at: id,
            views,
        }
    }

    #[test]
    fn picks_first_then_sections_in_menu_order_most_read_first() {
        let items = select(
            vec![
                c(1, Some(10), 2, 5),
                c(2, Some(20), 1, 1),
                c(3, Some(10), 2, 50),
                c(4, None, 0, 9),
                c(5, Some(20), 1, 7),
            ],
            &[3, 99],
        );
        let order: Vec<(i64, bool)> = items.iter().map(|i| (i.article_id, i.pick)).collect();
        assert_eq!(
            order,
            vec![(3, true), (5, false), (2, false), (1, false), (4, false)]
        );
        assert_eq!(items[4].section_name, OTHER_SECTION);
        assert!(select(Vec::new(), &[1]).is_empty());
        let only_20 = for_sections(&items, &[20]);
        let ids: Vec<i64> = only_20.iter().map(|i| i.article_id).collect();
        assert_eq!(ids, vec![3, 5, 2]);
        assert_eq!(for_sections(&items, &[]).len(), 5);
    }

    #[test]
    fn a_section_carries_at_most_its_share() {
        let many: Vec<Candidate> = (1..=20).map(|i| c(i, Some(1), 0, i)).collect();
        let items = select(many, &[]);
        assert_eq!(items.len(), MAX_PER_SECTION);
        assert_eq!(items[0].article_id, 20);
    }
}
