#!/usr/bin/env python3
"""Writes a synthetic WordPress export (WXR 1.2) for the import benchmark.

    python3 bench/wxr_synth.py 100000 > /tmp/wp-100k.xml
    python3 bench/wxr_synth.py 100000 --real > /tmp/wp-100k-real.xml

Deterministic: posts alternate between block-editor and classic markup with [caption]
shortcodes, like the shipped 1,000-post export, with authors, a category tree and tags.
Streams its output, so any size fits in memory.

`--real` draws words from real English, Russian and Turkish usage (the `wordfreq`
package: the 30,000 most frequent words of each, with their measured frequencies) and
gives each post a Polylang language (60 % en, 25 % ru, 15 % tr), so a search benchmark
meets a real archive's vocabulary: a long tail of rare words and very common ones that
match most posts. Without it, a 30-word demo vocabulary.
"""
import itertools
import random
import sys

WORDS = ("market grain river port energy policy summit talks budget election court "
         "museum festival railway cargo harvest drought bridge village capital region "
         "minister report treaty science school digital culture history network").split()


class Vocabulary:
    """Words of one language, drawn with their frequencies of use."""

    def __init__(self, words, weights):
        self.words = words
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng, n):
        return rng.choices(self.words, cum_weights=self.cum, k=n)


def real_vocabularies():
    try:
        import wordfreq
    except ImportError:
        sys.exit("wxr_synth.py --real needs the wordfreq package: pip install wordfreq")
    out = {}
    for lang in ("en", "ru", "tr"):
        words = [w for w in wordfreq.top_n_list(lang, 30000) if w.isalpha()]
        out[lang] = Vocabulary(words, [wordfreq.word_frequency(w, lang) for w in words])
    return out


DEMO = {"en": Vocabulary(WORDS, [1] * len(WORDS))}
LANGUAGE_SHARE = (("en", 60), ("ru", 25), ("tr", 15))


def sentence(rng, vocab, n):
    return " ".join(vocab.draw(rng, n)).capitalize() + "."


def paragraph(rng, vocab):
    return " ".join(sentence(rng, vocab, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100000
    vocabularies = real_vocabularies() if "--real" in sys.argv else DEMO
    languages = [lang for lang, share in LANGUAGE_SHARE if lang in vocabularies
                 for _ in range(share)]
    rng = random.Random(2026)
    out = sys.stdout
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
      'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
      '<title>Synthetic</title><link>https://synthetic.example</link>\n'
      '<wp:wxr_version>1.2</wp:wxr_version>\n'
      '<wp:base_site_url>https://synthetic.example</wp:base_site_url>\n'
      '<wp:base_blog_url>https://synthetic.example</wp:base_blog_url>\n')
    authors = [f"author{i}" for i in range(10)]
    for i, a in enumerate(authors):
        w(f"<wp:author><wp:author_id>{i + 1}</wp:author_id><wp:author_login>{cdata(a)}</wp:author_login>"
          f"<wp:author_email>{cdata(a + '@synthetic.example')}</wp:author_email>"
          f"<wp:author_display_name>{cdata('Author ' + str(i))}</wp:author_display_name></wp:author>\n")
    cats = []
    for i in range(20):
        parent = f"section-{i % 4}" if i >= 4 else ""
        slug = f"section-{i}"
        cats.append(slug)
        w(f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
          f"<wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata('Section ' + str(i))}</wp:cat_name>"
          f"<wp:category_description>{cdata('About section ' + str(i))}</wp:category_description></wp:category>\n")
    tags = [f"topic-{i}" for i in range(200)]
    for i, t in enumerate(tags):
        w(f"<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug>{cdata(t)}</wp:tag_slug>"
          f"<wp:tag_name>{cdata('Topic ' + str(i))}</wp:tag_name></wp:tag>\n")
    for i in range(n):
        pid = 1000 + i
        lang = languages[i % len(languages)]
        vocab = vocabularies[lang]
        title = sentence(rng, vocab, rng.randint(4, 9))[:-1]
        # Cyrillic titles would make transliterated slugs; ids keep them short and unique.
        slug = f"post-{pid}" if len(vocabularies) > 1 else f"{'-'.join(title.lower().split()[:6])}-{pid}"
        paras = [paragraph(rng, vocab) for _ in range(rng.randint(4, 9))]
        if i % 2:
            body = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paras)
        else:
            paras.insert(2, '[caption id="attachment_1" align="aligncenter" width="800"]'
                            '<img src="https://synthetic.example/wp-content/uploads/2024/01/a.jpg" alt="" width="800" /> '
                            + sentence(rng, vocab, 6) + "[/caption]")
            body = "\n\n".join(paras)
        status = "draft" if i % 50 == 0 else "publish"
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2015 + (i // 336) % 10
        date = f"{year:04d}-{month:02d}-{day:02d} {i % 24:02d}:{i % 60:02d}:00"
        w("<item>\n")
        w(f"<title>{cdata(title)}</title>\n<link>https://synthetic.example/{slug}/</link>\n")
        w(f"<dc:creator>{cdata(rng.choice(authors))}</dc:creator>\n")
        w(f'<guid isPermaLink="false">https://synthetic.example/?p={pid}</guid>\n')
        w(f"<content:encoded>{cdata(body)}</content:encoded>\n<excerpt:encoded>{cdata('')}</excerpt:encoded>\n")
        w(f"<wp:post_id>{pid}</wp:post_id>\n<wp:post_date>{cdata(date)}</wp:post_date>\n"
          f"<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>\n<wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>\n")
        w(f"<wp:post_name>{cdata(slug)}</wp:post_name>\n<wp:status>{cdata(status)}</wp:status>\n"
          "<wp:post_parent>0</wp:post_parent>\n<wp:post_type>post</wp:post_type>\n")
        c = rng.choice(cats)
        w(f'<category domain="category" nicename="{c}">{cdata(c)}</category>\n')
        for t in rng.sample(tags, 3):
            w(f'<category domain="post_tag" nicename="{t}">{cdata(t)}</category>\n')
        if len(vocabularies) > 1:
            w(f'<category domain="language" nicename="{lang}">{cdata(lang)}</category>\n')
        w("</item>\n")
    w("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
