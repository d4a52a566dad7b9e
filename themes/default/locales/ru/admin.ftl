# Редакция (русский).

view-site = Открыть сайт
newsroom-language = Язык редакции
site-default-language = Язык сайта по умолчанию
save = Сохранить
sign-out = Выйти
nav-dashboard = Обзор
nav-articles = Статьи
nav-review = На проверке
nav-media = Медиа
nav-categories = Рубрики
nav-tags = Теги
nav-pages = Страницы
nav-menu = Меню
nav-desk = Ленты
nav-settings = Настройки
nav-staff = Сотрудники
nav-digest = Дайджест
nav-audit = Журнал действий
role = роль
name = Имя
scheduled-heading = Запланировано к публикации
scheduled-failed = { $n ->
    [one] { $n } неудачная попытка:
    [few] { $n } неудачные попытки:
   *[many] { $n } неудачных попыток:
}
scheduled-none = Ничего не запланировано.
invite-staff = Пригласить сотрудника
invite-name-hint = необязательно; сотрудник сможет изменить
send-invitation = Отправить приглашение
manage-staff = Управление сотрудниками
invitation-pending = приглашение не принято
disabled = отключён

notice-article-created = Черновик создан.
notice-saved = Сохранено.
notice-article-review = Сохранено и отправлено на проверку.
notice-article-published = Сохранено и опубликовано.
notice-article-scheduled = Сохранено и запланировано.
notice-article-unpublished = Снято с публикации: читатели больше не видят статью.
notice-article-draft = Возвращено в черновики.
notice-article-corrected = Исправление добавлено.
notice-article-restored = Версия восстановлена.
notice-article-deleted = Статья удалена.
notice-article-image = Главное изображение загружено и установлено.
notice-category-created = Рубрика создана.
notice-category-saved = Рубрика сохранена. Старые адреса перенаправляются на новый.
notice-category-moved = Порядок изменён.
notice-category-deleted = Рубрика удалена.
notice-page-created = Страница создана.
notice-page-saved = Страница сохранена.
notice-page-deleted = Страница удалена.
notice-staff-role = Роль изменена. Она действует со следующей страницы сотрудника.
notice-staff-disabled = Учётная запись отключена; все её сеансы завершены.
notice-staff-enabled = Учётная запись включена; сотрудник снова может войти.
notice-staff-resent = Приглашение отправлено повторно; новая ссылка действует неделю.
notice-staff-byline = Подпись обновлена.
notice-tag-saved = Тег сохранён.
notice-tag-special = Спецтема обновлена.
notice-tag-merged = Теги объединены; старый адрес теперь перенаправляется.
notice-tag-deleted = Тег удалён.

new-article = Новая статья
review-hint = Статьи, которые ждут редактора, сначала самые давние.
filter-title = В заголовке
filter-any = Любая
filter-anyone = Любой
filter-mine = Мои
filter-assigned = Назначены мне
filter = Отфильтровать
article-count = { $n } { $n ->
    [one] статья
    [few] статьи
   *[many] статей
}
select = Выбрать
select-item = Выбрать «{ $title }»
col-title = Заголовок
col-status = Статус
col-kind = Тип
col-category = Рубрика
col-byline = Подпись
col-slug = Слаг
col-address = Адрес
col-actions = Действия
col-modified = Изменено
col-person = Сотрудник
col-role = Роль
col-last-sign-in = Последний вход
assigned-to = назначено:
bulk-legend = С выбранными статьями
bulk-action = Действие
confirm-delete = Да, удалить навсегда
no-articles-match = Подходящих статей нет.
write-one = Написать статью.
find-tag = Найти тег
find-tag-placeholder = название или слаг
show-all = Показать все
tag-count = { $n } { $n ->
    [one] тег
    [few] тега
   *[many] тегов
}
special-topic = Спецтема
special = Спецтема
unmark = Снять отметку
mark-special = Сделать спецтемой
no-tags = Тегов нет.
subcategory-count = подрубрик: { $n }
move-up = Поднять «{ $name }»
move-down = Опустить «{ $name }»
edit = Изменить
delete = Удалить
confirm-delete-category = Удалить рубрику «{ $name }»?
no-categories = Рубрик пока нет.
new-category = Новая рубрика
new-page = Новая страница
status-published = опубликована
status-draft = черновик
no-pages = Страниц пока нет.
create-first-page = Создайте первую.
staff-invite-from-overview = Новых сотрудников приглашают со страницы обзора.
staff-hint = Отключение сразу завершает все сеансы сотрудника; новая роль действует с его следующей страницы.
you = вы
role-of = Роль: { $name }
change = Изменить
never = никогда
none = нет
byline-of = Подпись: { $name }
no-byline = Без подписи
new-byline = Новая подпись «{ $name }»
link = Связать
enable = Включить
disable = Отключить
confirm-disable = Отключить { $name } и завершить все сеансы?
resend-invitation = Отправить приглашение ещё раз

settings-title = Настройки сайта
settings-not-saved = Настройки не сохранены:
settings-site = Сайт
settings-name = Название сайта
settings-tagline = Слоган
settings-about = О сайте
settings-about-hint = показывается в подвале
settings-contact = Адрес для связи
optional = необязательно
settings-language = Язык
settings-language-hint = код BCP 47 основного языка сайта, например ru или pt-BR; он же язык интерфейса по умолчанию
settings-languages = Другие языки
settings-languages-hint = коды через запятую, например az, ru, tr: у каждого своя версия сайта по адресу /az/ и т. д., и каждый предлагается в редакторах
settings-full-feeds = Ленты содержат статьи целиком
settings-full-feeds-hint = иначе только анонсы
settings-legal = Правовые страницы
settings-legal-hint = ссылки в подвале
settings-privacy-page = Страница о конфиденциальности
settings-terms-page = Условия использования
settings-cookies-page = Страница о cookie
no-such-page = такой страницы нет
settings-social = Соцсети
settings-social-hint = Чтобы удалить строку, очистите оба поля. Сохраните, чтобы получить новые пустые строки.
settings-network = Сеть
settings-url = URL
settings-save = Сохранить настройки
slug-hint = последняя часть адреса; если оставить пустой, составится из названия
parent = Родительская рубрика
parent-none = Нет (верхний уровень)
description = Описание
category-description-hint = необязательно; показывается на странице рубрики
create-category = Создать рубрику
cancel = Отмена
edit-named = Правка «{ $name }»
now-at = Сейчас по адресу
subcategories = { $n } { $n ->
    [one] подрубрика
    [few] подрубрики
   *[many] подрубрик
}
category-move-hint = При смене слага или родителя все подрубрики переезжают вместе с рубрикой, а старые адреса перенаправляются.
