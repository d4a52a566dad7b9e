# Лента источников: входящие, материалы, оповещения и оригинал рядом с редактором (русский).

desk-sources = Источники
desk-words = Слова
desk-words-placeholder = в заголовках и лидах
desk-source = Источник
desk-all-sources = Все источники
desk-category = Рубрика
desk-all-categories = Все рубрики
desk-language = Язык
desk-all-languages = Все языки
desk-unread = Непрочитанные
desk-starred = Отмеченные
desk-only-alerts = Только мои оповещения
desk-every-item = Каждый материал (без группировки сюжетов)
desk-show = Показать
desk-alerts-heading = { $n ->
    [0] Оповещения: следите за именем или словом
   *[other] Оповещения: отслеживается { $n }
}
desk-alerts-hint = Материалы, где упоминается отслеживаемое слово или имя, отмечаются во входящих.
desk-alert-words = Слово или имя
desk-alert-placeholder = напр. Мингечевир
desk-alert-add = Следить
desk-alert-remove = Убрать
desk-alert-remove-label = Перестать следить за «{ $words }»
desk-count-items = { $n } { $n ->
    [one] материал
    [few] материала
   *[many] материалов
}
desk-count-stories = { $n } { $n ->
    [one] сюжет
    [few] сюжета
   *[many] сюжетов
}
desk-changed-times = изменён { $n } раз
desk-mentions = Упоминает:
desk-story-others = { $n ->
    [one] Тот же сюжет ещё из { $n } источника
   *[other] Тот же сюжет ещё из { $n } источников
}
desk-used-in = Использован в
desk-star = Отметить
desk-starred-button = Отмечено
desk-translate = Перевести
desk-reprint = Перепечатать
desk-none-match = Нет материалов по этим фильтрам.
desk-none-yet = Материалов пока нет:
desk-follow-sources = подпишитесь на источники
desk-pages-label = Страницы материалов
desk-shortcuts = Клавиатурные сокращения
desk-key-next = следующий / предыдущий материал
desk-key-open = открыть материал
desk-key-star = отметить или снять отметку
desk-key-translate = создать черновик перевода
desk-key-reprint = создать черновик перепечатки
desk-back-inbox = Входящие ленты
desk-published-at = опубликован { $at }
desk-fetched-at = получен { $at }
desk-original = оригинал
desk-used = Из этого материала сделана статья:
desk-used-by = { $name } сделал(а) статью из этого материала { $at }:
desk-mark-unread = Отметить непрочитанным
desk-summary-only = В ленте есть только это краткое содержание.
desk-summary-only-url = В ленте есть только это краткое содержание; полный текст — в оригинале.
desk-story-heading = { $n ->
    [one] Тот же сюжет ещё из { $n } источника
   *[other] Тот же сюжет ещё из { $n } источников
}
desk-earlier-versions = Прежние версии
original-heading = Оригинал, { $outlet }
original-in-desk = Открыть материал в ленте
original-changed-since = Оригинал изменился: { $outlet } обновил его { $at }.
original-changes = Изменения оригинала с тех пор, как сделана статья
