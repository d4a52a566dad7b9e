# The article trash (issue 17) and the audit log's API-key actors.
status-trashed = trash
notice-article-trashed = Moved to the trash: readers no longer see it. Restore it from here, or delete it for good.
notice-article-untrashed = Restored from the trash as a draft.
bulk-review = Submit for review
bulk-publish = Publish
bulk-unpublish = Unpublish
bulk-draft = Move to draft
bulk-trash = Move to trash
bulk-restore = Restore as draft
bulk-purge = Delete forever
trash-in-hint = This article is in the trash: readers do not see it. Restore it as a draft to edit it again, or delete it for good.
trash-article-hint = Readers stop seeing it at once. It waits in the trash, where it can be restored as a draft or deleted for good.
trash-list-hint = Articles in the trash are hidden from readers, feeds, search and sitemaps. Restore them as drafts, or delete them for good.
audit-by-api-key = key { $name } (acting as { $role })
