# The feed desk: inbox, items, alerts, and an article's original beside its editor (English).

desk-sources = Sources
desk-words = Words
desk-words-placeholder = in titles and leads
desk-source = Source
desk-all-sources = All sources
desk-category = Category
desk-all-categories = All categories
desk-language = Language
desk-all-languages = All languages
desk-unread = Unread
desk-starred = Starred
desk-only-alerts = Only my alerts
desk-every-item = Every item (stories not grouped)
desk-show = Show
desk-alerts-heading = { $n ->
    [0] Alerts: follow a name or a word
    [one] Alerts: { $n } followed
   *[other] Alerts: { $n } followed
}
desk-alerts-hint = Items that mention a word or name you follow are marked in the inbox.
desk-alert-words = Word or name
desk-alert-placeholder = e.g. Mingachevir
desk-alert-add = Follow
desk-alert-remove = Remove
desk-alert-remove-label = Stop following “{ $words }”
desk-count-items = { $n ->
    [one] { $n } item
   *[other] { $n } items
}
desk-count-stories = { $n ->
    [one] { $n } story
   *[other] { $n } stories
}
desk-changed-times = changed { $n }×
desk-mentions = Mentions
desk-story-others = { $n ->
    [one] The same story from { $n } more source
   *[other] The same story from { $n } more sources
}
desk-used-in = Used in
desk-star = Star
desk-starred-button = Starred
desk-translate = Translate
desk-reprint = Reprint
desk-none-match = No items match these filters.
desk-none-yet = No items yet:
desk-follow-sources = follow some sources
desk-pages-label = Pages of items
desk-shortcuts = Keyboard shortcuts
desk-key-next = next / previous item
desk-key-open = open the item
desk-key-star = star or unstar it
desk-key-translate = make a translation draft
desk-key-reprint = make a reprint draft
desk-back-inbox = Desk inbox
desk-published-at = published { $at }
desk-fetched-at = fetched { $at }
desk-original = original
desk-used = An article was made from this item:
desk-used-by = An article was made from this item by { $name } on { $at }:
desk-mark-unread = Mark unread
desk-summary-only = The feed carries only this summary.
desk-summary-only-url = The feed carries only this summary; the full text is at the original.
desk-story-heading = { $n ->
    [one] The same story from { $n } more source
   *[other] The same story from { $n } more sources
}
desk-earlier-versions = Earlier versions
original-heading = The original, from { $outlet }
original-in-desk = Open the item on the desk
original-changed-since = The original changed since: { $outlet } updated it { $at }.
original-changes = Changes to the original since this article was made

# Sources.
desk-sources-title = Desk sources
desk-imported = { $n ->
    [one] { $n } new source imported from OPML; sources already followed were skipped.
   *[other] { $n } new sources imported from OPML; sources already followed were skipped.
}
desk-follow-outlet = Follow an outlet
desk-address-label = Home page or feed address
desk-address-hint = Gazette looks for its feeds and shows what it found before saving
desk-find-feeds = Find feeds
desk-col-health = Health
desk-col-per-day = Items a day
desk-col-last-round = Last round
desk-col-fetching = Fetching
desk-inactive = Inactive
desk-failing = Failing
desk-quiet = { $n ->
    [one] Quiet for { $n } hour
   *[other] Quiet for { $n } hours
}
desk-ok = OK
desk-waiting = Waiting for its first fetch
desk-last-success = Last success { $at }
desk-next-fetch = Next fetch { $at }
desk-deactivate = Deactivate
desk-activate = Activate
desk-no-sources = No sources yet: follow an outlet above, or import an OPML list.
desk-opml-label = Import a list of feeds (from Feedly, Miniflux, Inoreader…)
desk-opml-hint = feeds already followed are skipped
desk-import = Import
desk-export-opml = Export all sources as OPML
desk-found-feeds = { $n ->
    [one] Found { $n } feed
   *[other] Found { $n } feeds
}
desk-found-hint = at { $address }. Check the sample titles, adjust the settings and follow the feed you want.
desk-items-now = { $n ->
    [one] { $n } item now
   *[other] { $n } items now
}
desk-follow-feed = Follow this feed
desk-source-title = Source: { $name }
desk-add-source = Add a source
desk-feed-address = Feed address
desk-fetching-on = Fetching is on.
desk-source-inactive = This source is inactive.
desk-reextract-question = Changed the CSS selector?
desk-reextract = Extract the text again
desk-reextract-hint = from the pages already fetched; nothing is downloaded
desk-f-name = Name
desk-f-name-hint = shown in the inbox
desk-f-outlet = Outlet
desk-f-outlet-hint = for attribution lines: “Translated from …”
desk-f-home = Home page
desk-f-language-hint = a code such as az, ru, tr, en; empty takes the feed's
desk-f-category = Default category
desk-f-none = None
desk-f-interval = Fetch every (minutes)
desk-f-retention = Keep items for (days)
desk-f-retention-hint = items an article was made from, and starred ones, are kept
desk-f-full-text = Fetch the full text of each item's page when the feed carries only a summary
desk-f-selector = CSS selector of the article text
desk-f-selector-hint = optional; overrides the automatic extraction, e.g. article .entry-content
notice-desk-source-added = Source added; its first fetch runs now.
notice-desk-source-saved = Source saved.
notice-desk-source-on = Source activated; it is fetched now.
notice-desk-source-off = Source deactivated; its items stay in the inbox.
problem-desk-name-empty = Name: give the source a name.
problem-desk-outlet-empty = Outlet: enter the outlet's name; attribution lines need it.
problem-desk-feed-url = Feed address: `{ $value }` must start with http:// or https://.
problem-desk-home-url = Home page: `{ $value }` must start with http:// or https://, or be left empty.
problem-desk-feed-kind = Feed kind: `{ $value }` is not one of rss, atom, json or sitemap.
problem-desk-interval = Fetch every: enter between 1 and { $max } minutes (7 days).
problem-desk-retention = Keep items for: enter between 1 and { $max } days.
problem-desk-interval-number = Fetch every: “{ $value }” is not a whole number of minutes.
problem-desk-retention-number = Keep items for: “{ $value }” is not a whole number of days.
problem-desk-category = Default category: choose a category from the list.
problem-desk-selector = “{ $value }” is not a valid CSS selector; check it against the page's markup (e.g. article .content).
problem-desk-followed = The feed { $value } is already followed; edit that source instead.
problem-desk-store = The { $field } { $message }.
problem-desk-opml-empty = Choose an OPML file to import (the field is empty).
problem-desk-opml-unreadable = The file is not an OPML list Gazette can read: { $why }.
problem-desk-not-imported = Nothing was imported: { $why }
problem-desk-address-empty = Paste the address of the outlet's home page or of its feed.
problem-desk-no-feed = No feed found at that address: { $why }.
problem-alert-empty = Alerts: type a word or a name to follow.
problem-alert-long = Alerts: an alert is at most { $max } characters; this one has { $len }.
problem-alert-too-many = Alerts: you follow { $max } alerts already; remove one first.
