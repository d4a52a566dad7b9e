# Why a form was refused, for the refusals the core makes (article fields, workflow moves,
# digest addresses and choices). English says each exactly as the core's own English does.

field-title = The title
field-subtitle = The subtitle
field-excerpt = The excerpt
field-body = The body
field-meta-description = The meta description
field-source-outlet = The source outlet
field-source-url = The source URL
field-source-language = The source language
field-assignment-note = The assignment note
field-tags = The tag list
problem-not-a-choice = { $field }: `{ $value }` is not one of the choices.
problem-publish-at-shape = The publication time `{ $value }` is not a date and time like 2026-05-01T09:30.
problem-tz-offset = The time zone offset `{ $value }` is not a number of minutes.
problem-correction-empty = The correction is empty: say what was wrong and what is right now.
problem-correction-too-long = The correction is too long: at most { $max } characters.
problem-slug-taken = The address (slug) `{ $value }` is already used by another article or page; choose another.
problem-field-too-long = { $field } is too long: at most { $max } characters.
problem-title-empty = The title is empty: every article needs one.
problem-slug-from-title = The address (slug) cannot be made from this title: type one with letters a-z, digits and hyphens.
problem-slug-invalid = The address (slug) `{ $value }` is not valid: { $reason }. Use lowercase letters a-z, digits and hyphens.
problem-slug-empty = the slug is empty; use lowercase letters, digits and hyphens, like `grain-prices-rise`
problem-slug-too-long = the slug is { $len } characters long; at most 200 are allowed
problem-slug-character = the slug contains `{ $char }` (U+{ $code }); only lowercase a–z, digits 0–9 and hyphens are allowed
problem-slug-leading-hyphen = the slug starts with a hyphen; it must start with a letter or digit
problem-slug-trailing-hyphen = the slug ends with a hyphen; it must end with a letter or digit
problem-slug-double-hyphen = the slug has two hyphens in a row; separate words with a single hyphen
problem-slug-reserved = `{ $value }` is used by the site itself; choose another slug
problem-kind = The kind `{ $value }` is not original, translation or reprint.
problem-language-code = The language `{ $value }` is not a language code like en or pt-BR.
problem-source-outlet = A { $kind } needs the name of the source outlet.
problem-source-url = A { $kind } needs the URL of the original.
problem-source-url-shape = The source URL `{ $value }` is not a web address starting with https://.
problem-tag-too-long = The tag `{ $value }…` is too long: at most { $max } characters.
problem-tag-no-letters = The tag `{ $value }` has no letters or digits.
problem-status-move = A { $from } article cannot become { $to }.
problem-status-new = A new article cannot become { $to }.
problem-publish-at-missing = Choose the date and time to publish at.
problem-publish-at-past = The publication time is in the past: choose a later time, or publish now.
problem-address-empty = Enter your email address, like name@example.org.
problem-address-too-long = The email address is too long: use at most { $max } characters.
problem-address-control = The email address contains a line break or another control character. Enter the address alone, like name@example.org.
problem-address-separator = The email address contains a space, a comma or brackets. Enter one address, like name@example.org.
problem-address-shape = `{ $value }` is not an email address like name@example.org.
problem-choice-frequency = Choose how often you want the digest: daily or weekly.
problem-choice-section = The section `{ $value }` does not exist. Reload the page and choose again.
problem-choice-language = The digest is not published in `{ $value }`. Choose one of the languages offered.
problem-subscribe-limited = { $minutes ->
    [one] Too many subscription requests for this address or from your network. Try again in { $minutes } minute.
   *[other] Too many subscription requests for this address or from your network. Try again in { $minutes } minutes.
}
