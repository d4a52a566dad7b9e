//! Word banks for the demo newsroom. Everything here was written for Gazette: places,
//! outlets and people are invented, so the demo copies nothing from real sites.

/// Top-level sections with their subsections, as a regional news digest arranges them.
/// A top-level section: slug, name, description and its subsections (slug, name).
pub type Section = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

pub const CATEGORIES: &[Section] = &[
    (
        "news",
        "News",
        "Reporting from the region and beyond, every day.",
        &[
            ("politics", "Politics"),
            ("economy", "Economy"),
            ("energy", "Energy"),
            ("climate", "Climate"),
            ("ecology", "Ecology"),
        ],
    ),
    (
        "opinion",
        "Opinion",
        "Columns and commentary from our writers and guests.",
        &[],
    ),
    (
        "interview",
        "Interview",
        "Long conversations with the people shaping events.",
        &[],
    ),
    (
        "culture",
        "Culture",
        "Books, film, music and the arts.",
        &[],
    ),
    (
        "science",
        "Science",
        "Research, discovery and the people behind it.",
        &[],
    ),
    (
        "history",
        "History",
        "The past that explains the present.",
        &[],
    ),
    (
        "defense",
        "Defense",
        "Security, armed forces and diplomacy.",
        &[],
    ),
    (
        "diaspora",
        "Diaspora",
        "Communities abroad and their ties to home.",
        &[],
    ),
    (
        "logistics-transport",
        "Logistics-Transport",
        "Ports, rail, roads and the trade they carry.",
        &[],
    ),
    ("gender", "Gender", "Equality, family and work.", &[]),
];

pub const SPECIAL_TOPIC: (&str, &str) = ("river-delta-drought", "River Delta Drought");

pub const TAGS: &[&str] = &[
    "Elections",
    "Inflation",
    "Oil and Gas",
    "Solar",
    "Wind Power",
    "Water",
    "Agriculture",
    "Rail",
    "Ports",
    "Trade",
    "Education",
    "Health",
    "Migration",
    "Universities",
    "Museums",
    "Cinema",
    "Literature",
    "Archaeology",
    "Space",
    "Biodiversity",
    "Forests",
    "Fisheries",
    "Border",
    "Parliament",
    "Courts",
    "Media Freedom",
    "Women in Science",
    "Youth",
    "Cities",
    "Housing",
];

pub const AUTHORS: &[(&str, &str, &str)] = &[
    (
        "lena-marsh",
        "Lena Marsh",
        "Lena Marsh is our economics editor. She has covered markets, energy and trade in the region for twelve years.",
    ),
    (
        "tomas-brandt",
        "Tomas Brandt",
        "Tomas Brandt reports on defense and diplomacy and edits the History section.",
    ),
    (
        "aylin-kaya",
        "Aylin Kaya",
        "Aylin Kaya translates from Turkish and Azerbaijani and writes about culture and the diaspora.",
    ),
    (
        "pavel-orlov",
        "Pavel Orlov",
        "Pavel Orlov translates from Russian and Ukrainian and covers science and climate.",
    ),
    (
        "nadia-osei",
        "Nadia Osei",
        "Nadia Osei writes about cities, transport and the people who keep them running.",
    ),
];

/// Invented outlets whose pieces the demo translates or reprints: name, domain, language.
pub const OUTLETS: &[(&str, &str, &str)] = &[
    ("The Caspian Ledger", "caspian-ledger.example", "ru"),
    ("Anatolian Review", "anatolian-review.example", "tr"),
    ("Steppe Courier", "steppe-courier.example", "az"),
    ("Baltic Morning Post", "baltic-morning.example", "de"),
    ("Le Veilleur du Sud", "veilleur-sud.example", "fr"),
    ("Northern Wire", "northern-wire.example", "en"),
];

pub const PLACES: &[&str] = &[
    "Vareska",
    "the Lower Delta",
    "Port Imren",
    "the northern valleys",
    "Kestrel Bay",
    "Dunmore",
    "the coastal provinces",
    "Saltmere",
    "the capital",
    "Orvale",
    "the eastern corridor",
    "Halvik",
];

pub const SUBJECTS: &[&str] = &[
    "the regional council",
    "farmers",
    "port operators",
    "a group of researchers",
    "the energy ministry",
    "local teachers",
    "young engineers",
    "the central bank",
    "city planners",
    "fishing cooperatives",
    "museum curators",
    "rail workers",
    "a coalition of NGOs",
    "hospital staff",
    "small exporters",
];

pub const VERBS: &[&str] = &[
    "are preparing",
    "have rejected",
    "are quietly testing",
    "have agreed on",
    "are pushing for",
    "are bracing for",
    "have delayed",
    "are rethinking",
    "have unveiled",
    "are struggling with",
];

pub const OBJECTS: &[&str] = &[
    "a new water-sharing plan",
    "higher transit fees",
    "a solar tender",
    "the grain corridor",
    "cheaper housing loans",
    "a seasonal labour scheme",
    "the museum's reopening",
    "flood defences",
    "a cross-border rail link",
    "the emissions target",
    "the budget for schools",
    "a wind farm offshore",
];

pub const QUALIFIERS: &[&str] = &[
    "before the winter",
    "despite strong objections",
    "after months of talks",
    "for the first time in a decade",
    "under pressure from neighbours",
    "with little public debate",
    "as prices keep rising",
    "ahead of the elections",
];

pub const SENTENCE_OPENERS: &[&str] = &[
    "According to officials,",
    "In interviews this week,",
    "For now,",
    "Critics say",
    "Supporters argue that",
    "Local residents point out that",
    "Figures released on Monday show that",
    "Behind the headlines,",
    "As one economist put it,",
    "Historically,",
    "On the ground,",
    "In practice,",
];

pub const CLAUSES: &[&str] = &[
    "the numbers tell only part of the story",
    "the plan depends on money that has not yet been found",
    "the change will be felt first in the smallest towns",
    "similar efforts stalled twice before",
    "demand has grown faster than anyone expected",
    "the decision was made without consulting those most affected",
    "costs have doubled since the project was first announced",
    "the region has few alternatives",
    "neighbouring countries are watching closely",
    "the next six months will decide whether it works",
    "much of the work is done by volunteers",
    "the data are incomplete but the trend is clear",
    "officials have promised a review by spring",
    "the debate is far from settled",
];

pub const QUOTES: &[&str] = &[
    "We cannot wait for perfect information before we act.",
    "Nobody asked us, and now we are the ones who will pay for it.",
    "This is the most important decision the city has taken in a generation.",
    "It is a start, but it is not nearly enough.",
    "People here have heard promises like this before.",
    "The technology is ready; the question is who will pay.",
];

pub const CAPTIONS: &[&str] = &[
    "Evening light over the hills above the delta.",
    "The valley road at dawn.",
    "Morning over the coastal plain.",
    "Dusk settles on the northern ridge.",
    "The view from the old signal tower.",
];
