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
nav-api-keys = API-ключи
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
settings-social-image = Изображение для соцсетей
settings-social-image-hint = для превью ссылок на страницы и статьи без своего изображения
settings-social-image-theme = изображение темы
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

all-tags = Все теги
tag-heading = Тег: { $name }
on-articles = { $n ->
    [one] В { $n } статье
   *[other] В { $n } статьях
}
name-and-address = Название и адрес
tag-slug-hint = строчные латинские буквы, цифры и дефисы; при изменении старый адрес перенаправляется
special-topic-hint = выделенный пункт в меню сайта
merge-heading = Объединить с другим тегом
merge-hint = Его статьи получат другой тег, этот тег удаляется, а его адрес перенаправляется туда.
merge-into = Объединить с (слаг тега, который останется)
confirm-merge = Объединить «{ $name }» с другим тегом? Отменить это нельзя.
merge = Объединить
tag-remove-and-delete = { $n ->
    [one] Снять его с { $n } статьи и удалить
   *[other] Снять его с { $n } статей и удалить
}
confirm-delete-tag = Удалить тег «{ $name }»?
delete-tag = Удалить тег
all-pages = Все страницы
edit-page = Правка страницы
live-at = На сайте:
legal-page-of-site = правовая страница сайта: { $page }
page-not-saved = Страница не сохранена:
page-slug-hint = адрес /slug/; если оставить пустым, составится из заголовка
body = Текст
preview = Предпросмотр
preview-hint = Нажмите «Предпросмотр», чтобы увидеть страницу так, как её увидят читатели.
page-published = Опубликована
page-published-hint = неопубликованные страницы отвечают читателям 404
delete-this-page = Удалить страницу
legal-page-delete-hint = Это правовая страница сайта ({ $page }): прежде чем удалять, выберите другую в настройках.
confirm-delete-page = Да, удалить; её адрес будет отвечать 404
delete-page = Удалить страницу

edit-article = Правка статьи
view-on-site = Открыть на сайте
revisions = Версии
translations = Переводы
article-errors = { $n ->
    [one] Прежде чем сохранить, исправьте ошибку:
   *[other] Прежде чем сохранить статью, исправьте ошибки:
}
autosave-newer = Автосохранение от { $at } новее сохранённого текста.
compare-or-restore = Сравнить или восстановить.
subtitle = Подзаголовок
address-slug = Адрес (слаг)
article-slug-hint = строчные латинские буквы, цифры и дефисы; если оставить пустым, составится из заголовка.
article-slug-redirect = Старый адрес продолжит работать как перенаправление.
write = Текст
markdown-hint = Markdown: **жирный**, *курсив*, ## заголовок, [ссылка](https://…), > цитата
excerpt = Анонс
excerpt-hint = необязательно; если оставить пустым, берётся из текста
publishing = Публикация
scheduled-for = Запланировано на
first-published-at = Впервые опубликовано
publish-at = Опубликовать
publish-at-hint = дата и время в UTC
cannot-change = В текущем состоянии вы не можете изменить статью; это может редактор.
filing = Размещение
none-option = Нет
tags-hint = через запятую; новые создаются
article-language-hint = язык самой статьи; языки сайта задаются в настройках
authors = Авторы
translators = Переводчики
kind-and-source = Тип и источник
source-outlet = Издание-источник
source-outlet-hint = для переводов и перепечаток
source-url = URL источника
original-language-label = Язык оригинала
images = Изображения
featured-image = Главное изображение
upload-in-media = Новые изображения загружаются в разделе «Медиа».
search-and-sharing = Поиск и соцсети
meta-description = Мета-описание
meta-description-hint = то, что показывают поисковики; если пусто — анонс
social-image = Изображение для соцсетей
social-image-hint = для превью ссылок; если пусто — главное изображение
same-as-featured = Как главное
assignment = Задание
assigned-to-label = Исполнитель
nobody = Никто
note = Заметка
note-hint = например, «перевести к пятнице»
save-or-publish = Сохранить или опубликовать
upload-featured = Загрузить главное изображение
picture = Изображение
picture-hint = JPEG, PNG, WebP или GIF; попадает и в медиатеку
alt-text = Альтернативный текст
alt-text-hint = что изображено — для читателей, которые не видят картинку
upload-and-set = Загрузить и сделать главным
unsaved-not-kept = Несохранённые изменения в редакторе выше пропадут: сначала сохраните.
new-correction = Новое исправление
new-correction-hint = с сегодняшней датой, показывается под статьёй
add-correction = Добавить исправление
confirm-delete-article = Да, удалить статью навсегда
delete-article-hint = Это необратимо: версии и перенаправления тоже удаляются. Чтобы убрать статью с сайта, но сохранить, снимите её с публикации.
delete-for-good = Удалить навсегда

status-review = на проверке
status-scheduled = запланирована
status-unpublished = снята с публикации
filter-all = Все
button-save-draft = Сохранить черновик
button-update = Обновить
button-review = Отправить на проверку
button-publish = Опубликовать
button-schedule = Запланировать
button-unpublish = Снять с публикации
button-draft = Вернуть в черновики
button-reschedule = Перенести
button-publish-again = Опубликовать снова
notice-settings-saved = Настройки сохранены.
problem-settings-name-empty = Название сайта: укажите название, которое читатели видят в шапке.
problem-settings-too-long = { $field }: допустимо не больше { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}.
problem-settings-contact = Адрес для связи: `{ $value }` — не адрес электронной почты вида desk@example.org; исправьте его или оставьте поле пустым.
problem-settings-language = Язык: `{ $value }` — не языковой тег BCP 47; укажите код вроде en, ru или pt-BR.
problem-settings-other-language = Другие языки: `{ $value }` — не языковой тег BCP 47; перечислите через запятую коды вроде az, ru, tr.
problem-settings-too-many-languages = Другие языки: допустимо не больше { $max ->
    [one] { $max } языка
   *[other] { $max } языков
}.
problem-settings-too-many-social = Ссылки на соцсети: допустимо не больше { $max ->
    [one] { $max } ссылки
   *[other] { $max } ссылок
}.
problem-settings-network-empty = Ссылка на соцсеть { $n }: Сеть: укажите название сети, например Mastodon.
problem-settings-network-long = Ссылка на соцсеть { $n }: Сеть: допустимо не больше { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}.
problem-settings-social-url = Ссылка на соцсеть { $n }: URL: { $why }
problem-settings-no-page = { $field }: страницы с адресом `{ $value }` нет; создайте её в разделе «Страницы» или не выбирайте никакую.
problem-settings-social-image = Изображение для соцсетей: в медиатеке нет изображения `{ $value }`; выберите его из списка или оставьте изображение темы.
problem-url-scheme = `{ $value }` — не веб-адрес; укажите адрес, начинающийся с https:// (или http://).
problem-url-host = В `{ $value }` после схемы нет допустимого имени хоста.
problem-url-chars = `{ $value }` содержит пробелы или недопустимые в ссылке знаки либо слишком длинный.
problem-page-title-empty = Заголовок: укажите заголовок страницы.
problem-page-title-long = Заголовок: допустимо не больше { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}.
problem-page-slug = Адрес (slug): { $why }.
problem-page-body-long = Текст: допустимо не больше { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}; разделите страницу.
problem-page-language = Язык: `{ $value }` — не код языка; выберите один из языков сайта.
problem-page-legal = Адрес и публикация: это правовая страница сайта ({ $page }); прежде чем переименовывать её или снимать с публикации, выберите в настройках другую.
problem-page-taken = Адрес (slug): /{ $value }/ уже занят статьёй или другой страницей; выберите другой.
problem-page-store = { $message }.
problem-page-delete-confirm = Удаление: отметьте флажок, чтобы подтвердить удаление страницы.
problem-page-delete-legal = Удаление: это правовая страница сайта ({ $page }); сначала выберите в настройках другую.
problem-tag-name-empty = Название: укажите название метки, как его видят читатели.
problem-tag-name-long = Название: допустимо не больше { $max ->
    [one] { $max } знака
   *[other] { $max } знаков
}.
problem-tag-slug = Адрес (slug): { $why }.
problem-tag-slug-taken = Адрес (slug): `{ $value }` уже занят другой меткой; выберите другой адрес или объедините эти метки ниже.
problem-tag-merge-empty = Объединить с: укажите адрес (slug) метки, которая останется.
problem-tag-merge-unknown = Объединить с: метки с адресом `{ $value }` нет; сверьтесь со списком меток.
problem-tag-merge-itself = Объединить с: метку нельзя объединить саму с собой; укажите адрес другой метки.
problem-tag-delete-confirm = Удаление: эта метка стоит { $n ->
    [one] на { $n } статье
   *[other] на { $n } статьях
}; отметьте флажок, чтобы подтвердить, что её нужно снять с них.
problem-category-name = Название: дайте рубрике название.
problem-category-slug = Адрес (slug) `{ $value }`: { $why }. Используйте строчные латинские буквы, цифры и одиночные дефисы.
problem-category-parent = Родительской рубрики `{ $value }` нет в списке.
problem-category-store = { $field }: { $message }.
problem-category-taken = Адрес (slug): адрес { $value } уже занят другой рубрикой; выберите другой адрес или другую родительскую рубрику.
problem-category-not-deleted = Не удалено: { $message }.
bulk-done-review = { $n ->
    [one] { $n } статья отправлена на проверку
    [few] { $n } статьи отправлены на проверку
   *[many] { $n } статей отправлено на проверку
}
bulk-done-publish = { $n ->
    [one] { $n } статья опубликована
    [few] { $n } статьи опубликованы
   *[many] { $n } статей опубликовано
}
bulk-done-unpublish = { $n ->
    [one] { $n } статья снята с публикации
    [few] { $n } статьи сняты с публикации
   *[many] { $n } статей снято с публикации
}
bulk-done-draft = { $n ->
    [one] { $n } статья возвращена в черновики
    [few] { $n } статьи возвращены в черновики
   *[many] { $n } статей возвращено в черновики
}
bulk-done-trash = { $n ->
    [one] { $n } статья перемещена в корзину
    [few] { $n } статьи перемещены в корзину
   *[many] { $n } статей перемещено в корзину
}
bulk-done-restore = { $n ->
    [one] { $n } статья восстановлена как черновик
    [few] { $n } статьи восстановлены как черновики
   *[many] { $n } статей восстановлено как черновики
}
bulk-done-purge = { $n ->
    [one] { $n } статья удалена навсегда
    [few] { $n } статьи удалены навсегда
   *[many] { $n } статей удалено навсегда
}
bulk-report = { $done }.
bulk-report-refused = { $done }; отказано: { $n } — { $list }.
bulk-not-an-id = `{ $value }` — не номер статьи
bulk-missing = статьи { $id } не существует
bulk-not-allowed = «{ $title }»: ваша роль этого не позволяет; если нужно, обратитесь к администратору
bulk-refused-because = «{ $title }»: { $why }
problem-bulk-action = Выберите действие (`{ $value }` — не действие).
problem-bulk-purge-confirm = Ничего не удалено: удаление необратимо, поэтому отметьте «Да, удалить навсегда» для подтверждения.
notice-invitation-sent = Приглашение отправлено на { $email } (роль: { $role }).
problem-invite-email = `{ $value }` — не адрес электронной почты вида name@example.org.
problem-invite-role = `{ $value }` — не роль в редакции; выберите администратора, редактора, автора или внештатного автора.
problem-invite-taken = У { $email } уже есть учётная запись.
