# The mails to people: invitation, password reset, digest subscription, the digest's own
# words (English). Each mail is its paragraphs in order, with the link between them.

mail-invite-subject = You are invited to the { $site } newsroom
mail-invite-intro = { $inviter } invited you to join the { $site } newsroom as { $role }.
mail-invite-open = Open this link within a week to choose your name and password:
mail-invite-once = The link works once. If you did not expect this mail, ignore it.

mail-reset-subject = Reset your password for { $site }
mail-reset-intro = Someone, hopefully you, asked to reset the password of the { $site } account for { $email }.
mail-reset-open = Open this link within an hour to choose a new password:
mail-reset-once = The link works once. If you did not ask for it, ignore this mail: your password stays as it is.

mail-confirm-subject = Confirm your subscription to the digest of { $site }
mail-confirm-intro = Someone, hopefully you, asked to receive the digest of { $site } at { $email }.
mail-confirm-open = Open this link and press the button to confirm:
mail-confirm-ignore = If you did not ask for it, ignore this mail: nothing will be sent to you.

mail-already-subject = You already get the digest of { $site }
mail-already-intro = Someone, hopefully you, asked to subscribe { $email } to the digest of { $site }. This address already gets it.
mail-already-change = To change your sections, language or frequency, or to unsubscribe, open:

mail-digest-daily = Daily digest, { $date }
mail-digest-weekly = Weekly digest, { $date }
mail-digest-why = You get this because you subscribed to the digest of { $site }.
mail-digest-read-on-web = Read it on the web
mail-digest-change = Change your preferences
mail-digest-unsubscribe = Unsubscribe
mail-digest-on-web-label = On the web
mail-digest-preferences-label = Preferences
