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
