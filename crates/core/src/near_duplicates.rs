//! Near-duplicate stories for the feed desk's clusters: outlets in one region rewrite
//! each other, so one story arrives from several sources with titles and leads that
//! differ by a few words. An item's words (title and the start of its lead, written in
//! ASCII by the slug rules so Azerbaijani, Turkish and Russian spellings of one name meet)
//! become a MinHash signature; signatures whose estimated Jaccard similarity reaches
//! [`SAME_STORY`] are one story.
//!
//! The signature is split into [`BANDS`] bands whose hashes the store indexes, so finding
//! candidates is an index lookup instead of a comparison with every recent item
//! (locality-sensitive hashing). Hashes are stored, so they must not change between
//! builds: the hash is FNV-1a with a fixed seed mix, written here because `std`'s hasher
//! is not promised to stay the same across Rust versions.
//!
//! Versions of one story in two languages share few words but the same names and numbers.
//! Those are its *anchors*: numbers, and capitalised words reduced to a consonant skeleton
//! of their ASCII spelling, so that "Mingəçevir" and "Мингечевир", "Əliyev" and "Алиев",
//! "Bakı" and "Баку" meet. Items in different languages that share at least
//! [`MIN_SHARED_ANCHORS`] anchors, most of the smaller set, are one story.

use crate::slug::slugify;

/// Hash functions in a signature.
pub const SIGNATURE_LEN: usize = 32;
/// Bands the signature is cut into for lookups; `SIGNATURE_LEN / BANDS` hashes each.
pub const BANDS: usize = 8;
const ROWS: usize = SIGNATURE_LEN / BANDS;
/// The estimated share of words two items must have in common to be one story.
pub const SAME_STORY: f64 = 0.5;
/// How far apart in time two items of one story may be.
pub const WINDOW_SECONDS: i64 = 48 * 3600;
/// Words of the lead taken after the title: enough to tell stories apart, few enough
/// that a rewrite further down does not split them.
const LEAD_WORDS: usize = 40;

/// Anchors two items in different languages must share to be one story, and the share of
/// the smaller item's anchors that must be among them.
pub const MIN_SHARED_ANCHORS: usize = 3;
pub const SAME_ANCHORS: f64 = 0.6;
/// Mixed into anchor hashes so they never meet the signature's band hashes.
const ANCHOR_SEED: u64 = 0xa9c4_0f1e_5b3d_7201;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u64; SIGNATURE_LEN]);

fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // A final mix (from splitmix64), so seeds that differ in few bits give unrelated hashes.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The words that identify a story: the title's and the lead's first ones, in ASCII,
/// without one- and two-letter words (articles, prepositions, suffixes cut off by
/// apostrophes), which every story shares.
pub fn story_words(title: &str, lead_text: &str) -> Vec<String> {
    let lead = lead_text.split_whitespace().take(LEAD_WORDS);
    let mut words: Vec<String> = title
        .split_whitespace()
        .chain(lead)
        .flat_map(|w| {
            slugify(w)
                .split('-')
                .filter(|p| p.len() > 2 || p.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The consonant skeleton of a name's ASCII spelling: the transliteration of one script's
/// letters into another's spelling differs mostly in vowels and in digraphs (Russian х is
/// `kh`, Azerbaijani x; ч is `ch`, ç is `c`), so both are folded away.
fn skeleton(ascii: &str) -> String {
    let mut s = ascii.to_owned();
    for (from, to) in [
        ("shch", "s"),
        ("dzh", "c"),
        ("kh", "h"),
        ("ch", "c"),
        ("sh", "s"),
        ("zh", "j"),
        ("ts", "s"),
        ("x", "h"),
        ("q", "k"),
        ("w", "v"),
    ] {
        s = s.replace(from, to);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !"aeiouyh".contains(*c)) {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The names and numbers of an item's title and lead (see the module comment), each once.
/// A capitalised word that opens a sentence is not taken: any word may start one.
pub fn anchors(title: &str, lead_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for text in [title, lead_text] {
        let mut sentence_start = true;
        for word in text.split_whitespace().take(LEAD_WORDS) {
            let starts_sentence = sentence_start;
            sentence_start = word.ends_with(['.', '!', '?', ':']);
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(first) = core.chars().next() else {
                continue;
            };
            if core
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                let digits: String = core.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 2 {
                    out.push(format!("#{digits}"));
                }
            } else if first.is_uppercase() && !starts_sentence {
                // The name without a case ending after an apostrophe (Bakı'da).
                let name = core.split(['\'', '’']).next().unwrap_or(core);
                let bone = skeleton(&slugify(name).replace('-', ""));
                if bone.len() >= 2 {
                    out.push(bone);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The hashes the store indexes an item's anchors under.
pub fn anchor_hashes(anchors: &[String]) -> Vec<i64> {
    anchors
        .iter()
        .map(|a| fnv1a(a.as_bytes(), ANCHOR_SEED) as i64)
        .collect()
}

/// Whether two items with `a` and `b` anchors, `shared` of them in common, are one story.
pub fn same_story_by_anchors(shared: usize, a: usize, b: usize) -> bool {
    shared >= MIN_SHARED_ANCHORS && shared as f64 >= SAME_ANCHORS * a.min(b) as f64
}

/// The signature of an item, or `None` when it has too few words to compare (a title of
/// two short words would match every other such title).
pub fn signature(title: &str, lead_text: &str) -> Option<Signature> {
    let words = story_words(title, lead_text);
    if words.len() < 3 {
        return None;
    }
    let mut sig = [u64::MAX; SIGNATURE_LEN];
    for w in &words {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = fnv1a(w.as_bytes(), (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            *slot = (*slot).min(h);
        }
    }
    Some(Signature(sig))
}

impl Signature {
    /// The estimated Jaccard similarity of the two items' word sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / SIGNATURE_LEN as f64
    }

    /// One hash per band, as the store keeps them (`i64`, the databases' integer). The
    /// band's number is mixed in so equal rows in different bands do not meet.
    pub fn bands(&self) -> [i64; BANDS] {
        let mut out = [0_i64; BANDS];
        for (b, slot) in out.iter_mut().enumerate() {
            let mut bytes = Vec::with_capacity(ROWS * 8);
            for h in &self.0[b * ROWS..(b + 1) * ROWS] {
                bytes.extend_from_slice(&h.to_le_bytes());
            }
            *slot = fnv1a(&bytes, b as u64) as i64;
        }
        out
    }

    /// The signature as stored: hexadecimal, 16 digits per hash.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|h| format!("{h:016x}")).collect()
    }

    /// Reads a stored signature; `None` for anything else (an item stored before
    /// signatures existed has an empty one).
    pub fn from_hex(s: &str) -> Option<Signature> {
        if s.len() != SIGNATURE_LEN * 16 || !s.is_ascii() {
            return None;
        }
        let mut sig = [0_u64; SIGNATURE_LEN];
        for (i, slot) in sig.iter_mut().enumerate() {
            *slot = u64::from_str_radix(&s[i * 16..(i + 1) * 16], 16).ok()?;
        }
        Some(Signature(sig))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(title: &str, lead: &str) -> Signature {
        signature(title, lead).expect("enough words")
    }

    #[test]
    fn a_rewritten_story_is_the_same_story_and_another_one_is_not() {
        let a = sig(
            "Bakıda yeni metro stansiyası açıldı",
            "Paytaxtın Xətai rayonunda yeni metro stansiyası sərnişinlərin istifadəsinə verilib. \
             Stansiyanın açılışında nazir iştirak edib.",
        );
        let b = sig(
            "Bakıda yeni metro stansiyası istifadəyə verildi",
            "Xətai rayonunda yeni metro stansiyası sərnişinlərin istifadəsinə verilib, \
             açılışda nazir iştirak edib.",
        );
        let other = sig(
            "Neft qiymətləri bazarda kəskin düşüb",
            "Brent markalı neftin bir barelinin qiyməti birjada ucuzlaşıb.",
        );
        assert!(a.similarity(&b) >= SAME_STORY, "{}", a.similarity(&b));
        assert!(a.similarity(&other) < 0.2, "{}", a.similarity(&other));
        // Near-duplicates share a band (so the store finds them), unrelated items do not.
        assert!(a.bands().iter().any(|x| b.bands().contains(x)));
        assert!(!a.bands().iter().any(|x| other.bands().contains(x)));
    }

    #[test]
    fn spellings_of_one_name_in_two_scripts_meet() {
        assert_eq!(story_words("Şəki", ""), story_words("Seki", ""));
        assert_eq!(story_words("Москва", ""), vec!["moskva".to_owned()]);
        // Short words are left out, numbers are kept.
        assert_eq!(
            story_words("In 2026 a rise of 5%", ""),
            vec!["2026", "5", "rise"]
        );
    }

    #[test]
    fn one_story_in_two_languages_shares_its_names_and_numbers() {
        let az = anchors(
            "Mingəçevirdə İlham Əliyevin iştirakı ilə 240 meqavatlıq stansiya açıldı",
            "Prezident İlham Əliyev Mingəçevir şəhərində Kür çayı üzərində tikilən \
             stansiyanın açılışında iştirak edib. Layihəyə 2026-cı ildə başlanılıb.",
        );
        let ru = anchors(
            "В Мингечевире при участии Ильхама Алиева открыта станция на 240 мегаватт",
            "Президент Ильхам Алиев принял участие в открытии станции на реке Кура в \
             Мингечевире. Работы начались в 2026 году.",
        );
        let shared = az.iter().filter(|a| ru.contains(a)).count();
        assert!(
            same_story_by_anchors(shared, az.len(), ru.len()),
            "{az:?} {ru:?}"
        );
        let other = anchors(
            "В Баку прошёл форум по энергетике",
            "Форум в Баку собрал 300 участников из Турции и Грузии.",
        );
        let shared = az.iter().filter(|a| other.contains(a)).count();
        assert!(
            !same_story_by_anchors(shared, az.len(), other.len()),
            "{other:?}"
        );
        // The words that open sentences are not names.
        assert!(!anchors("", "Paytaxtda yağış yağıb.").contains(&skeleton("paytaxtda")));
    }

    #[test]
    fn skeletons_fold_what_transliteration_spells_differently() {
        assert_eq!(skeleton("ilkham"), skeleton("ilham"));
        assert_eq!(skeleton("aliev"), skeleton("eliyev"));
        assert_eq!(skeleton("mingechevir"), skeleton("mingecevir"));
        assert_eq!(skeleton("baku"), skeleton("baki"));
        assert_ne!(skeleton("baku"), skeleton("ganja"));
    }

    #[test]
    fn too_few_words_give_no_signature() {
        assert_eq!(signature("Oh no", ""), None);
        assert_eq!(signature("🙂 🙂 🙂 🙂", ""), None);
    }

    #[test]
    fn signatures_survive_the_database_and_do_not_change_between_builds() {
        let s = sig("Grain prices rise again in Baku markets", "");
        assert_eq!(Signature::from_hex(&s.to_hex()), Some(s.clone()));
        assert_eq!(Signature::from_hex(""), None);
        assert_eq!(Signature::from_hex(&"zz".repeat(SIGNATURE_LEN * 8)), None);
        assert_eq!(Signature::from_hex(&"é".repeat(SIGNATURE_LEN * 8)), None);
        // Stored band hashes must stay valid: pin one.
        assert_ne!(fnv1a(b"baku", 0), fnv1a(b"baku", 1));
        assert_eq!(format!("{:016x}", fnv1a(b"", 0)), PINNED_EMPTY);
    }

    const PINNED_EMPTY: &str = "f52a15e9a9b5e89b";
}
