//! Search benchmark: index N synthetic articles on disk, then time a few thousand varied queries.
//!
//! `cargo run --release -p gazette-search --example bench -- 100000 [queries]`
//!
//! Articles are generated, not sampled: English (50 %), Russian (30 %) and Azerbaijani (20 %)
//! texts of ~600 words drawn from Zipf-distributed vocabularies (real frequent words, then
//! synthetic ones), so posting lists have realistic shapes. Queries mix rare, mid and frequent
//! words, 1–3 words, phrases taken from the articles, ASCII-typed Azerbaijani, filters, date
//! sort and deeper pages; each returns 10 highlighted hits, as the result page does.
//! Peak RSS is read from /proc/self/status (VmHWM) and reset between phases.

use std::path::Path;
use std::time::{Duration, Instant};

use gazette_search::{Index, SearchDoc, SearchQuery, Sort};

const EN_COMMON: &str = "the of and to in a is that for it as was with be by on not he this are \
or his from at which but have an they you were her she there been one all we their has would \
when if so no will more can out up about said who what its into them than also new people two \
time could first after some like over only years other these may government president year \
minister city country state market bank oil price prices war police court economy world report \
week officials election party law company million percent news data energy gas water health \
school university children women men police army talks deal crisis plan budget tax trade";
const RU_COMMON: &str = "и в не на что с по как это он к из о за от для то все а его но так же \
году года было был была были президент правительство министр город страны страна рынок банк \
нефть цены война полиция суд экономика мир доклад неделя выборы партия закон компания миллион \
процентов новости данные энергия газ вода здоровье школа университет дети женщины мужчины армия \
переговоры сделка кризис план бюджет налог торговля газета газеты газету москва москве россии";
const AZ_COMMON: &str = "və bu bir da ilə üçün də olan ki o isə kimi onun edib edir olub \
prezident hökumət nazir şəhər ölkə bazar bank neft qiymət müharibə polis məhkəmə iqtisadiyyat \
dünya hesabat həftə seçki partiya qanun şirkət milyon faiz xəbərlər məlumat enerji qaz su \
səhiyyə məktəb universitet uşaqlar qadınlar kişilər ordu danışıqlar saziş böhran plan büdcə \
vergi ticarət bakı bakıda azərbaycan ilham əliyev mərkəzi şəhərin";

// Syllables the rarer, made-up words of each language are built from.
const EN_SYLLABLES: &[&str] = &[
    "ba", "ter", "lo", "mis", "con", "ri", "den", "sta", "pol", "vi", "ment", "ing", "ex", "tra",
    "nor", "ca",
];
const RU_SYLLABLES: &[&str] = &[
    "ра", "ско", "ни", "ва", "про", "ст", "ов", "ый", "ие", "ть", "ля", "ми", "ёт", "го", "при",
    "ду",
];
const AZ_SYLLABLES: &[&str] = &[
    "lar", "şə", "ğı", "qa", "çi", "ün", "ər", "ma", "sı", "ya", "ov", "lı", "də", "nin", "kö",
    "İs",
];

/// splitmix64: deterministic and dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A vocabulary with Zipf(1.0) frequencies: real frequent words first, then synthetic ones.
struct Vocab {
    words: Vec<String>,
    cdf: Vec<f64>,
}

impl Vocab {
    fn new(common: &str, syllables: &[&str], size: usize, rng: &mut Rng) -> Vocab {
        let mut words: Vec<String> = common.split_whitespace().map(str::to_owned).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < size {
            let n = 2 + rng.below(3);
            let word: String = (0..n)
                .map(|_| syllables[rng.below(syllables.len())])
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cdf = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect::<Vec<_>>();
        let cdf = cdf.iter().map(|c| c / total).collect();
        Vocab { words, cdf }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let u = rng.unit();
        let i = self
            .cdf
            .partition_point(|&c| c < u)
            .min(self.words.len() - 1);
        &self.words[i]
    }

    fn rank(&self, range: std::ops::Range<usize>, rng: &mut Rng) -> &str {
        let end = range.end.min(self.words.len());
        &self.words[range.start + rng.below(end - range.start)]
    }
}

struct Corpus {
    langs: Vec<(&'static str, Vocab)>,
    categories: Vec<String>,
}

impl Corpus {
    fn new(rng: &mut Rng) -> Corpus {
        let en = Vocab::new(EN_COMMON, EN_SYLLABLES, 40_000, rng);
        let ru = Vocab::new(RU_COMMON, RU_SYLLABLES, 40_000, rng);
        let az = Vocab::new(AZ_COMMON, AZ_SYLLABLES, 30_000, rng);
        let mut categories = Vec::new();
        for top in ["news", "world", "economy", "culture", "sport", "opinion"] {
            categories.push(top.to_owned());
            for sub in ["politics", "region", "markets", "science", "local"] {
                categories.push(format!("{top}/{sub}"));
            }
        }
        Corpus {
            langs: vec![("en", en), ("ru", ru), ("az", az)],
            categories,
        }
    }

    fn lang(&self, rng: &mut Rng) -> usize {
        match rng.below(10) {
            0..=4 => 0,
            5..=7 => 1,
            _ => 2,
        }
    }

    fn sentence(&self, vocab: &Vocab, words: usize, rng: &mut Rng) -> String {
        let mut s = String::new();
        for i in 0..words {
            let w = vocab.word(rng);
            if i == 0 {
                let mut chars = w.chars();
                if let Some(c) = chars.next() {
                    s.extend(c.to_uppercase());
                    s.push_str(chars.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s
    }

    fn article(&self, id: i64, rng: &mut Rng) -> SearchDoc {
        let (language, vocab) = &self.langs[self.lang(rng)];
        let mut body = String::new();
        let target = 450 + rng.below(300);
        let mut n = 0;
        while n < target {
            let len = 8 + rng.below(18);
            body.push_str(&self.sentence(vocab, len, rng));
            body.push_str(if rng.below(8) == 0 { ".\n\n" } else { ". " });
            n += len;
        }
        SearchDoc {
            id,
            title: self.sentence(vocab, 6 + rng.below(6), rng),
            subtitle: self.sentence(vocab, 10 + rng.below(10), rng),
            body,
            tags: (0..1 + rng.below(4))
                .map(|_| vocab.rank(30..3000, rng).to_owned())
                .collect(),
            authors: vec![format!(
                "{} {}",
                vocab.rank(200..20_000, rng),
                vocab.rank(200..20_000, rng)
            )],
            category_path: self.categories[rng.below(self.categories.len())].clone(),
            language: (*language).to_owned(),
            published_at: 1_600_000_000 + rng.below(5 * 365 * 86_400) as i64,
        }
    }
}

/// Azerbaijani special letters typed on a plain keyboard.
fn ascii_typed(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ə' => 'e',
            'ı' => 'i',
            'ş' => 's',
            'ç' => 'c',
            'ğ' => 'g',
            'ö' => 'o',
            'ü' => 'u',
            'İ' => 'I',
            c => c,
        })
        .collect()
}

fn queries(
    corpus: &Corpus,
    phrases: &[String],
    count: usize,
    rng: &mut Rng,
) -> Vec<(&'static str, SearchQuery)> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let (_, vocab) = &corpus.langs[corpus.lang(rng)];
        let (kind, text) = match i % 10 {
            0 => ("1 rare word", vocab.rank(5_000..40_000, rng).to_owned()),
            1 => ("1 mid word", vocab.rank(100..5_000, rng).to_owned()),
            2 => ("1 frequent word", vocab.rank(0..100, rng).to_owned()),
            3 => (
                "2 words",
                format!(
                    "{} {}",
                    vocab.rank(50..2_000, rng),
                    vocab.rank(200..10_000, rng)
                ),
            ),
            4 => (
                "3 words",
                format!(
                    "{} {} {}",
                    vocab.rank(0..300, rng),
                    vocab.rank(100..3_000, rng),
                    vocab.rank(300..10_000, rng)
                ),
            ),
            5 => (
                "phrase",
                format!("\"{}\"", phrases[rng.below(phrases.len())]),
            ),
            6 => {
                let (_, az) = &corpus.langs[2];
                ("az typed in ASCII", ascii_typed(az.rank(20..3_000, rng)))
            }
            7 => (
                "2 frequent words",
                format!("{} {}", vocab.rank(0..50, rng), vocab.rank(0..200, rng)),
            ),
            _ => ("mid word + filters", vocab.rank(100..5_000, rng).to_owned()),
        };
        let mut q = SearchQuery {
            text,
            per_page: 10,
            page: 1,
            ..SearchQuery::default()
        };
        if i % 10 == 8 {
            q.category_path = Some(corpus.categories[rng.below(corpus.categories.len())].clone());
            q.from = Some(1_650_000_000);
            q.to = Some(1_700_000_000);
        }
        if i % 7 == 0 {
            q.sort = Sort::Newest;
        }
        if i % 5 == 0 {
            q.page = 2;
        }
        out.push((kind, q));
    }
    out
}

fn status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l[key.len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "?".into())
}

/// Resident kB of the index's memory-mapped files, by file kind (from /proc/self/smaps).
fn mapped_by_kind(dir: &Path) -> String {
    let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
        return "?".into();
    };
    let dir = dir.to_string_lossy();
    let mut by_kind: std::collections::BTreeMap<String, u64> = Default::default();
    let mut current: Option<String> = None;
    for line in smaps.lines() {
        if let Some(rss) = line.strip_prefix("Rss:") {
            if let Some(kind) = &current {
                let kb: u64 = rss
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(0);
                *by_kind.entry(kind.clone()).or_default() += kb;
            }
        } else if line.split_whitespace().count() >= 6 && line.contains(&*dir) {
            current = line
                .split_whitespace()
                .nth(5)
                .map(|path| path.rsplit('.').next().unwrap_or("?").to_owned());
        } else if !line.contains(':')
            || line
                .split_whitespace()
                .next()
                .is_some_and(|w| w.contains('-'))
        {
            current = None;
        }
    }
    let parts: Vec<String> = by_kind
        .iter()
        .filter(|(_, kb)| **kb > 0)
        .map(|(kind, kb)| format!("{kind} {:.1} MB", *kb as f64 / 1024.0))
        .collect();
    if parts.is_empty() {
        "none (read with pread, not mapped)".into()
    } else {
        parts.join(", ")
    }
}

/// Resets VmHWM to the current RSS, so each phase reports its own peak.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn dir_size(dir: &Path) -> (u64, u64) {
    let mut total = 0;
    let mut store = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
                if entry.path().extension().is_some_and(|e| e == "store") {
                    store += meta.len();
                }
            }
        }
    }
    (total, store)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1_000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        let dir = args.get(1).ok_or("--serve DIR N QUERIES")?;
        let n: i64 = args.get(2).ok_or("--serve DIR N QUERIES")?.parse()?;
        let query_count: usize = args.get(3).ok_or("--serve DIR N QUERIES")?.parse()?;
        return serve(Path::new(dir), n, query_count);
    }
    let n: i64 = args.first().map_or(Ok(10_000), |a| a.parse())?;
    let query_count: usize = args.get(1).map_or(Ok(4_000), |a| a.parse())?;
    // BENCH_DIR keeps the index for profiling `--serve` runs; by default a temp dir is used.
    let kept = std::env::var_os("BENCH_DIR").map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir()?;
    let dir = kept.as_deref().unwrap_or(tmp.path());
    let mut rng = Rng(42);
    let corpus = Corpus::new(&mut rng);

    println!("articles: {n}");
    let started = Instant::now();
    let mut phrases = Vec::new();
    let mut words = 0usize;
    let mut bytes = 0usize;
    {
        let index = Index::open(dir)?;
        let batch = 1_000;
        let mut id = 1;
        while id <= n {
            let docs: Vec<SearchDoc> = (id..(id + batch).min(n + 1))
                .map(|i| corpus.article(i, &mut rng))
                .collect();
            for doc in &docs {
                words += doc.body.split_whitespace().count();
                bytes += doc.body.len();
                if phrases.len() < 2_000 && doc.id % 7 == 0 {
                    let w: Vec<&str> = doc.body.split_whitespace().skip(20).take(2).collect();
                    phrases.push(w.join(" ").replace('.', ""));
                }
            }
            index.upsert(&docs)?;
            id += batch;
        }
        println!(
            "index time: {:.1} s ({:.0} articles/s; {} words/article, {:.0} MB of body text)",
            started.elapsed().as_secs_f64(),
            n as f64 / started.elapsed().as_secs_f64(),
            words / n.max(1) as usize,
            bytes as f64 / 1e6
        );
        let merging = Instant::now();
        index.compact()?;
        println!("compact: {:.1} s", merging.elapsed().as_secs_f64());
        println!(
            "indexing process: peak RSS {} (now anon {}, file-backed {})",
            status("VmHWM:"),
            status("RssAnon:"),
            status("RssFile:")
        );
    }
    let (size, store) = dir_size(dir);
    println!(
        "index on disk: {:.1} MB (doc store {:.1} MB, postings etc. {:.1} MB)",
        size as f64 / 1e6,
        store as f64 / 1e6,
        (size - store) as f64 / 1e6
    );
    std::fs::write(dir.join("phrases.txt"), phrases.join("\n"))?;
    // Serving runs in a fresh process, as a server starting up, so that its memory figures
    // do not include the generator's and the indexer's.
    let status = std::process::Command::new(std::env::current_exe()?)
        .arg("--serve")
        .arg(dir)
        .arg(n.to_string())
        .arg(query_count.to_string())
        .status()?;
    if !status.success() {
        return Err(format!("serving process failed: {status}").into());
    }
    Ok(())
}

fn serve(dir: &Path, n: i64, query_count: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng(7);
    let corpus = Corpus::new(&mut rng);
    let phrases: Vec<String> = std::fs::read_to_string(dir.join("phrases.txt"))?
        .lines()
        .map(str::to_owned)
        .collect();
    let qs = queries(&corpus, &phrases, query_count, &mut rng);
    let before = status("RssAnon:");
    reset_peak();
    let index = Index::open(dir)?;
    if index.len() != n as u64 {
        return Err(format!("index has {} articles, expected {n}", index.len()).into());
    }
    let opened = status("RssAnon:");
    // One warm-up pass over a tenth of the queries: page cache and lazily loaded structures.
    for (_, q) in qs.iter().take(qs.len() / 10) {
        index.search(q)?;
    }
    let mut all = Vec::with_capacity(qs.len());
    let mut by_kind: std::collections::BTreeMap<&str, (Vec<Duration>, u64)> = Default::default();
    for (kind, q) in &qs {
        let t = Instant::now();
        let results = index.search(q)?;
        let elapsed = t.elapsed();
        all.push(elapsed);
        let entry = by_kind.entry(kind).or_default();
        entry.0.push(elapsed);
        entry.1 += results.total;
    }
    all.sort();
    println!(
        "queries: {}  median {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        all.len(),
        pct(&all, 0.5),
        pct(&all, 0.9),
        pct(&all, 0.99),
        pct(&all, 1.0)
    );
    for (kind, (mut times, totals)) in by_kind {
        times.sort();
        println!(
            "  {kind:<20} median {:.3} ms  p99 {:.3} ms  avg total hits {}",
            pct(&times, 0.5),
            pct(&times, 0.99),
            totals / times.len() as u64
        );
    }
    println!(
        "serving process: anon RSS {before} before open (bench's own data), {opened} after open; \
         after the queries: peak RSS {} (anon {}, file-backed/mmap {})",
        status("VmHWM:"),
        status("RssAnon:"),
        status("RssFile:")
    );
    println!(
        "  resident parts of the index files: {}",
        mapped_by_kind(dir)
    );

    // A publish: one article upserted (commit + reload), as the change-log follower does.
    let mut rng = Rng(99);
    let mut publish = Vec::new();
    for i in 0..20 {
        let doc = corpus.article(n + 1 + i, &mut rng);
        let t = Instant::now();
        index.upsert(&[doc])?;
        publish.push(t.elapsed());
    }
    publish.sort();
    println!(
        "publish (upsert of 1 article, searchable on return): median {:.1} ms, max {:.1} ms",
        pct(&publish, 0.5),
        pct(&publish, 1.0)
    );
    Ok(())
}
