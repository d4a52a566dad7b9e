#!/usr/bin/env python3
"""Draws search queries from an archive's own words, for bench/search.sh.

    python3 bench/search_queries.py EXPORT.xml[.gz] OUTDIR

Reads a WordPress export (any size: it streams), counts in how many published posts each
word appears, and writes one wrk script per band to OUTDIR:

  frequent.lua   the 100 words found in most posts (the slowest: they match nearly all)
  middling.lua   100 words found in 0.1-1 % of the posts
  rare.lua       100 words found in one to three posts
  two-words.lua  100 two-word queries, both words taken from one post

Each script asks for the next query of its band on every request. The words are the
archive's, so the figures hold for whatever export is measured, not for a word list.
"""
import collections
import gzip
import os
import random
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
STATUS = "{http://wordpress.org/export/1.2/}status"
TYPE = "{http://wordpress.org/export/1.2/}post_type"
TAG = re.compile(r"<[^>]*>|\[[^\]]*\]")
WORD = re.compile(r"[^\W\d_]{2,}")


def posts(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        for _, el in ET.iterparse(f, events=("end",)):
            if el.tag != "item":
                continue
            if el.findtext(STATUS) == "publish" and el.findtext(TYPE) == "post":
                text = (el.findtext("title") or "") + " " + (el.findtext(CONTENT) or "")
                yield set(WORD.findall(TAG.sub(" ", text).lower()))
            el.clear()


def spread(words, n, rng):
    """n words spread over the list (or all of them), in a shuffled order."""
    if len(words) > n:
        step = len(words) / n
        words = [words[int(i * step)] for i in range(n)]
    words = list(words)
    rng.shuffle(words)
    return words


def write(outdir, band, queries):
    paths = ['"/search?q=%s"' % urllib.parse.quote_plus(q) for q in queries]
    with open(f"{outdir}/{band}.lua", "w", encoding="utf-8") as f:
        f.write("-- %s: %s\n" % (band, ", ".join(queries[:8])))
        f.write("local paths = {%s}\n" % ",\n  ".join(paths))
        f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                "  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n")
    print(f"{band:10} {len(queries):4} queries, e.g. {', '.join(queries[:5])}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(18)
    df = collections.Counter()
    samples = []
    total = 0
    for words in posts(path):
        total += 1
        df.update(words)
        if len(words) < 2:
            continue
        # A uniform sample of 100 posts (reservoir sampling: one pass, any size).
        if len(samples) < 100:
            samples.append(sorted(words))
        elif (k := rng.randrange(total)) < 100:
            samples[k] = sorted(words)
    if total == 0:
        sys.exit(f"{path}: no published posts")
    by_df = sorted(df, key=lambda w: (-df[w], w))
    frequent = by_df[:100]
    middling = [w for w in by_df if total * 0.001 <= df[w] <= max(2, total * 0.01)]
    rare = [w for w in by_df if df[w] <= 3]
    pairs = [" ".join(rng.sample(s, 2)) for s in samples]
    print(f"{total} published posts, {len(df)} distinct words")
    write(outdir, "frequent", frequent)
    write(outdir, "middling", spread(middling, 100, rng))
    write(outdir, "rare", spread(rare, 100, rng))
    write(outdir, "two-words", pairs)


if __name__ == "__main__":
    main()
