# Error pages and the messages Rust code puts on them (English).

error-not-found-title = Page not found
error-not-found = This page does not exist.
error-bad-request-title = Bad request
error-forbidden-title = Not allowed
error-title = Error
error-server-title = Something went wrong on our side
error-request-title = This request could not be completed
error-server = Something went wrong on our side. Please try again in a moment.
error-try-again = Please try again in a moment.
error-write-to = If it keeps happening, write to
error-csrf = The form's security token is missing or out of date. Go back, reload the page and submit it again.
