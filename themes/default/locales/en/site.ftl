# The reader's site: header, footer, lists, articles (English).

skip-to-content = Skip to content
cookie-title = Your privacy
cookie-text = We use essential cookies to run this site. With your consent we also count visits to improve our reporting.
cookie-read-our = Read our
cookie-accept-all = Accept all
cookie-essential-only = Essential only
list-and = and
menu = Menu
site-search = Site search
search-the-site = Search the site
search-articles = Search articles
search = Search
text-size = Text size
text-smaller = Smaller text
text-default = Default text size
text-larger = Larger text
language = Language
sections = Sections
subsections-of = { $name }: subsections
all-of-section = All { $name }
footer-about = About { $site }
footer-digest = Get the daily digest
email-placeholder = you@example.org
subscribe = Subscribe
footer-legal = Legal
footer-contact = Contact
footer-follow = Follow
sign-in = Sign in

legal-privacy = Privacy
legal-privacy-inline = privacy
legal-terms = Terms
legal-terms-inline = terms
legal-cookies = Cookies
legal-cookies-inline = cookies

badge-translation = Translation
badge-reprint = Reprint
reading-time = { $n } Min Read
views = { $count } { $n ->
    [one] View
   *[other] Views
}
breadcrumb = Breadcrumb
breadcrumb-home = Home
pagination = Pagination
pagination-newer = Newer
pagination-older = Older
page-of = Page { $page } of { $total }

top-story = Top story
latest = Latest
most-read = Most read
most-read-day = Last 24 hours
most-read-week = Last 7 days
most-read-all-time = All time

eyebrow-section = Section
eyebrow-topic = Topic
eyebrow-author = Author
articles = Articles
articles-page = Articles, page { $page } of { $total }
empty-title = Nothing published here yet
empty-by-author = There are no articles by { $name } yet. Try a search, or see what is new on the front page.
empty-in-list = There are no articles in { $name } yet. Try a search, or see what is new on the front page.
go-front-page = Go to the front page

by = By
translated-by = Translated by
translated-by-inline = translated by
written-by = Written by
published = Published
updated = Updated
updated-inline = updated
also-in = Also in:
source-translated-from = Translated from
source-reprinted-from = Reprinted from
original-language = original language:
first-published = first published
corrections = Corrections
tags = Tags
newest = Newest
digest-cta = The day's stories, every morning
your-email = Your email address
related = You might also like

language-en = English
language-az = Azerbaijani
language-ru = Russian
language-tr = Turkish

search-matches = { $n ->
    [one] { $n } article matches
   *[other] { $n } articles match
}
page-of-inline = page { $page } of { $total }
search-and-filter = Search and filter
search-for = Search for
search-placeholder = Words, or a "quoted phrase"
search-filters = Filters
search-all-sections = All sections
search-from = From
search-to = To
search-order = Order
search-best-match = Best match
search-newest-first = Newest first
search-apply = Apply
search-rebuilding = The search index is being rebuilt; some articles may be missing for a minute.
pagination-previous = Previous
pagination-next = Next
search-none = No articles match
search-none-hint = Check the spelling, or use fewer or more general words.
search-none-hint-filters = Check the spelling, use fewer or more general words, or remove the filters.
last-updated = Last updated
not-found-title = We can’t find that page
not-found-before-path = There is nothing at
not-found-after-path = . The article may have moved, or the address may have a typo. Try searching for it:
not-found-browse = Or browse a section
