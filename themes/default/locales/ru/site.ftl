# Сайт для читателей: шапка, подвал, списки, статьи (русский).

skip-to-content = Перейти к содержанию
cookie-title = Ваша конфиденциальность
cookie-text = Мы используем необходимые cookie-файлы для работы сайта. С вашего согласия мы также считаем посещения, чтобы делать материалы лучше.
cookie-read-our = Подробнее:
cookie-accept-all = Принять все
cookie-essential-only = Только необходимые
list-and = и
menu = Меню
site-search = Поиск по сайту
search-the-site = Искать на сайте
search-articles = Поиск статей
search = Поиск
text-size = Размер текста
text-smaller = Уменьшить текст
text-default = Обычный размер текста
text-larger = Увеличить текст
language = Язык
sections = Разделы
subsections-of = { $name }: подразделы
all-of-section = Весь раздел «{ $name }»
footer-about = О сайте { $site }
footer-digest = Ежедневный дайджест
email-placeholder = vy@example.org
subscribe = Подписаться
footer-legal = Правовая информация
footer-contact = Контакты
footer-follow = Мы в сетях
sign-in = Войти

legal-privacy = Приватность
legal-privacy-inline = политика приватности
legal-terms = Условия использования
legal-terms-inline = условия использования
legal-cookies = Cookie-файлы
legal-cookies-inline = политика cookie

badge-translation = Перевод
badge-reprint = Перепечатка
reading-time = { $n } { $n ->
    [one] минута
    [few] минуты
   *[many] минут
} чтения
views = { $count } { $short ->
    [yes] просмотров
   *[no] { $n ->
        [one] просмотр
        [few] просмотра
       *[many] просмотров
    }
}
breadcrumb = Навигационная цепочка
breadcrumb-home = Главная
pagination = Страницы
pagination-newer = Новее
pagination-older = Старее
page-of = Страница { $page } из { $total }

top-story = Главная новость
latest = Последние новости
most-read = Самое читаемое
most-read-day = За сутки
most-read-week = За неделю
most-read-all-time = За всё время

eyebrow-section = Раздел
eyebrow-topic = Тема
eyebrow-author = Автор
articles = Статьи
articles-page = Статьи, страница { $page } из { $total }
empty-title = Здесь пока ничего не опубликовано
empty-by-author = У автора { $name } пока нет статей. Воспользуйтесь поиском или загляните на главную страницу.
empty-in-list = В разделе «{ $name }» пока нет статей. Воспользуйтесь поиском или загляните на главную страницу.
go-front-page = На главную

by = Автор:
translated-by = Перевод:
translated-by-inline = перевод:
written-by = Автор:
published = Опубликовано
updated = Обновлено
updated-inline = обновлено
also-in = На других языках:
source-translated-from = Перевод материала издания
source-reprinted-from = Перепечатка материала издания
original-language = язык оригинала:
first-published = впервые опубликовано
corrections = Исправления
tags = Теги
newest = Новое
digest-cta = Главное за день — каждое утро
your-email = Ваш адрес электронной почты
related = Вам может быть интересно

language-en = английский
language-az = азербайджанский
language-ru = русский
language-tr = турецкий

search-matches = { $n ->
    [one] Найдена { $n } статья по запросу
    [few] Найдены { $n } статьи по запросу
   *[many] Найдено { $n } статей по запросу
}
page-of-inline = страница { $page } из { $total }
search-and-filter = Поиск и фильтры
search-for = Что искать
search-placeholder = Слова или «фраза в кавычках»
search-filters = Фильтры
search-all-sections = Все разделы
search-from = С
search-to = По
search-order = Порядок
search-best-match = По релевантности
search-newest-first = Сначала новые
search-apply = Применить
search-rebuilding = Поисковый индекс перестраивается; в течение минуты некоторые статьи могут не находиться.
pagination-previous = Назад
pagination-next = Вперёд
search-none = Ничего не найдено
search-none-hint = Проверьте написание или попробуйте меньше слов либо более общие слова.
search-none-hint-filters = Проверьте написание, попробуйте меньше слов либо более общие слова или снимите фильтры.
last-updated = Последнее обновление:
not-found-title = Мы не можем найти эту страницу
not-found-before-path = По адресу
not-found-after-path = {" "}ничего нет. Возможно, статья переехала или в адресе опечатка. Попробуйте поискать её:
not-found-browse = Или откройте раздел
