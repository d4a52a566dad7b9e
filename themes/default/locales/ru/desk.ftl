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

# Источники.
desk-sources-title = Источники ленты
desk-imported = Из OPML { $n ->
    [one] импортирован { $n } новый источник
    [few] импортировано { $n } новых источника
   *[many] импортировано { $n } новых источников
}; уже отслеживаемые пропущены.
desk-follow-outlet = Подписаться на издание
desk-address-label = Адрес главной страницы или ленты
desk-address-hint = Gazette найдёт его ленты и покажет найденное до сохранения
desk-find-feeds = Найти ленты
desk-col-health = Состояние
desk-col-per-day = Материалов в день
desk-col-last-round = Последний обход
desk-col-fetching = Получение
desk-inactive = Неактивен
desk-failing = Ошибка
desk-quiet = { $n ->
    [one] Молчит { $n } час
    [few] Молчит { $n } часа
   *[many] Молчит { $n } часов
}
desk-ok = В порядке
desk-waiting = Ждёт первого получения
desk-last-success = Последний успех { $at }
desk-next-fetch = Следующее получение { $at }
desk-deactivate = Отключить
desk-activate = Включить
desk-no-sources = Источников пока нет: подпишитесь на издание выше или импортируйте список OPML.
desk-opml-label = Импорт списка лент (из Feedly, Miniflux, Inoreader…)
desk-opml-hint = уже отслеживаемые ленты пропускаются
desk-import = Импортировать
desk-export-opml = Экспортировать все источники в OPML
desk-found-feeds = { $n ->
    [one] Найдена { $n } лента
    [few] Найдено { $n } ленты
   *[many] Найдено { $n } лент
}
desk-found-hint = по адресу { $address }. Проверьте примеры заголовков, настройте параметры и подпишитесь на нужную ленту.
desk-items-now = { $n ->
    [one] сейчас { $n } материал
    [few] сейчас { $n } материала
   *[many] сейчас { $n } материалов
}
desk-follow-feed = Подписаться на эту ленту
desk-source-title = Источник: { $name }
desk-add-source = Добавить источник
desk-feed-address = Адрес ленты
desk-fetching-on = Получение включено.
desk-source-inactive = Этот источник отключён.
desk-reextract-question = Изменили CSS-селектор?
desk-reextract = Извлечь текст заново
desk-reextract-hint = из уже полученных страниц; ничего не скачивается
desk-f-name = Название
desk-f-name-hint = показывается во входящих
desk-f-outlet = Издание
desk-f-outlet-hint = для строки об источнике: «Перевод с …»
desk-f-home = Главная страница
desk-f-language-hint = код вроде az, ru, tr, en; пусто — язык ленты
desk-f-category = Рубрика по умолчанию
desk-f-none = Нет
desk-f-interval = Получать каждые (минут)
desk-f-retention = Хранить материалы (дней)
desk-f-retention-hint = материалы, из которых сделаны статьи, и отмеченные хранятся всегда
desk-f-full-text = Загружать полный текст со страницы материала, если в ленте только краткое содержание
desk-f-selector = CSS-селектор текста статьи
desk-f-selector-hint = необязательно; заменяет автоматическое извлечение, например article .entry-content
notice-desk-source-added = Источник добавлен; первое получение начинается сейчас.
notice-desk-source-saved = Источник сохранён.
notice-desk-source-on = Источник включён; получение начинается сейчас.
notice-desk-source-off = Источник отключён; его материалы остаются во входящих.
problem-desk-name-empty = Название: дайте источнику название.
problem-desk-outlet-empty = Издание: укажите название издания; без него не обойтись в строке об источнике.
problem-desk-feed-url = Адрес ленты: `{ $value }` должен начинаться с http:// или https://.
problem-desk-home-url = Главная страница: `{ $value }` должен начинаться с http:// или https:// — или оставьте поле пустым.
problem-desk-feed-kind = Тип ленты: `{ $value }` — не rss, atom, json и не sitemap.
problem-desk-interval = Получать каждые: укажите от 1 до { $max ->
    [one] { $max } минуты
   *[other] { $max } минут
} (7 дней).
problem-desk-retention = Хранить материалы: укажите от 1 до { $max ->
    [one] { $max } дня
   *[other] { $max } дней
}.
problem-desk-interval-number = Получать каждые: «{ $value }» — не целое число минут.
problem-desk-retention-number = Хранить материалы: «{ $value }» — не целое число дней.
problem-desk-category = Рубрика по умолчанию: выберите рубрику из списка.
problem-desk-selector = «{ $value }» — недопустимый CSS-селектор; сверьте его с разметкой страницы (например, article .content).
problem-desk-followed = Лента { $value } уже отслеживается; отредактируйте тот источник.
problem-desk-store = { $field }: { $message }.
problem-desk-opml-empty = Выберите OPML-файл для импорта (поле пустое).
problem-desk-opml-unreadable = Файл — не OPML-список, который может прочитать Gazette: { $why }.
problem-desk-not-imported = Ничего не импортировано: { $why }
problem-desk-address-empty = Вставьте адрес главной страницы издания или его ленты.
problem-desk-no-feed = По этому адресу лента не найдена: { $why }.
problem-alert-empty = Оповещения: введите слово или имя, за которым следить.
problem-alert-long = Оповещения: оповещение может быть не длиннее { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}, а в этом { $len ->
    [one] { $len } знак
    [few] { $len } знака
   *[many] { $len } знаков
}.
problem-alert-too-many = Оповещения: вы уже следите за { $max ->
    [one] { $max } оповещением
   *[other] { $max } оповещениями
}; сначала удалите одно.
