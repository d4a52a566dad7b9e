# Редакция: переводы, версии, медиа, меню, дайджест, API-ключи, журнал действий
# и слова, которые составляют их обработчики (русский).

back-to-editor = Вернуться в редактор
legal-page-pill = страница: { $page }
remove = Убрать

translations-of = Переводы «{ $title }»
translations-hint = Язык этой статьи: { $language }. Версии одного материала на разных языках ссылаются друг на друга на сайте («Также на», переключатель языка и hreflang для поисковиков); читатели видят только опубликованные версии.
translations-versions = Версии этого материала
translations-original = оригинал
translations-this-article = эта статья
translations-confirm-unlink = Исключить эту статью из материала? Остальные версии останутся связанными между собой.
translations-unlink = Отвязать эту статью
translations-none = Эта статья пока не связана ни с одной другой версией.
translations-translate = Перевести
translations-translate-hint = Создаёт черновик на выбранном языке с текстом, рубрикой, тегами и подписью этой статьи и связывает его с ней.
translations-translate-into = Перевести на
translations-link-heading = Это перевод статьи …
translations-search-label = Заголовок или адрес оригинала
translations-find = Найти
translations-link-original = Связать как оригинал
translations-no-match = Ни в одном заголовке или адресе статьи нет «{ $q }».
notice-translation-linked = Связано: теперь версии ссылаются друг на друга.
notice-translation-unlinked = Отвязано: эта статья больше не версия того материала.
problem-original-gone = Этой статьи больше нет; поищите ещё раз.
problem-choose-original = Оригинал: выберите в результатах поиска статью, перевод которой вы связываете.

revisions-of = Версии текста «{ $title }»
revisions-saved = Сохранено
revisions-by = Автор
revisions-autosave = автосохранение
revisions-compare = Сравнить с текущей
revisions-confirm-restore = Заменить текущий текст этой версией? (Текущий текст останется в истории версий.)
revisions-restore = Восстановить
revisions-changes = Изменения с версии { $revision } до текущего текста
revisions-removed = удалено с тех пор
revisions-added = добавлено с тех пор

audit-user = Пользователь
audit-everyone = Все
audit-action = Действие
audit-any-action = Любое действие
audit-entries = { $n ->
    [one] { $n } запись
    [few] { $n } записи
   *[many] { $n } записей
}
audit-when = Когда
audit-who = Кто
audit-entity = Объект
audit-detail = Подробности
audit-ip = IP
audit-none = Подходящих записей нет.
audit-pages = Страницы журнала
audit-deleted-user = пользователь { $id } (удалён)
audit-command-line = командная строка
audit-scheduler = планировщик
audit-anonymous = аноним
problem-audit-user = `{ $value }` — не номер пользователя; показаны все пользователи.
problem-audit-page = `{ $value }` — не номер страницы (1, 2, …); показана первая страница.

digest-admin-title = Ежедневный дайджест
digest-admin-upcoming = Выпуски к отправке
digest-admin-goes-out = Уйдёт в { $time }, если его не задержать.
digest-admin-note = Слово к читателям (необязательно)
digest-admin-keep = Оставить
digest-admin-order = Порядок
digest-admin-story = Материал
digest-admin-section = Раздел
digest-admin-keep-item = Оставить «{ $title }»
digest-admin-order-of = Порядок «{ $title }»
digest-admin-pick = Выбор
digest-admin-hold = Задержать выпуск (не отправляется, пока его не отпустят)
digest-admin-send-now = Отправить сейчас
digest-admin-not-composed = Выпуск ещё не собран; следующий соберётся перед своим временем. Что в него вошло бы сейчас:
digest-admin-preview = Предпросмотр
digest-admin-nothing-new = После прошлого выпуска ничего нового: выпуск был бы пропущен.
digest-admin-no-confirmed = Подтверждённых подписчиков пока нет.
digest-picks = Выбор редакции
digest-admin-picks-hint = Выбранные материалы открывают ближайший выпуск на своём языке.
digest-admin-pick-article = Адрес статьи или её slug
digest-admin-add-pick = Добавить в выбор
digest-admin-delivery = Доставка
digest-admin-edition = Выпуск
digest-admin-sent = Отправлено
digest-admin-waiting = Ждут
digest-admin-failed = Ошибки
digest-admin-uncertain = Под вопросом
digest-admin-who = Кому
digest-admin-resend = Отправить им ещё раз
digest-admin-uncertain-hint = Под вопросом: отправитель остановился, передавая письмо, так что оно могло дойти, а могло и нет. Сами по себе такие письма не отправляются повторно.
digest-admin-none-sent = Ни один выпуск ещё не отправлен.
digest-admin-numbers = Цифры
digest-admin-no-subscribers = Подписчиков пока нет.
digest-admin-day = День (UTC)
digest-admin-subscribed = Подписались
digest-admin-confirmed = Подтвердили
digest-admin-unsubscribed = Отписались
edition-draft = черновик
edition-held = задержан
edition-sending = отправляется
edition-sent = отправлен
edition-skipped = пропущен
subscribers-pending = { $n ->
    [one] { $n } ждёт подтверждения
   *[other] { $n } ждут подтверждения
}
subscribers-confirmed = { $n ->
    [one] { $n } подтверждённый
   *[other] { $n } подтверждённых
}
subscribers-unsubscribed = { $n ->
    [one] { $n } отписавшийся
   *[other] { $n } отписавшихся
}
subscribers-suppressed = { $n ->
    [one] { $n } заблокированный адрес
    [few] { $n } заблокированных адреса
   *[many] { $n } заблокированных адресов
}
notice-edition-saved = Выпуск сохранён.
notice-edition-sending = Выпуск уйдёт в ближайшие секунды; ход отправки виден ниже.
notice-edition-resent = Письма под вопросом снова поставлены в очередь.
notice-pick-added = Добавлено в выбор: материал откроет следующий выпуск.
notice-pick-removed = Убрано из выбора.
problem-digest-note = Слово к читателям: не больше { $max } знаков.
problem-digest-order = Порядок «{ $title }»: `{ $value }` — не целое число.
problem-edition-frozen = Этот выпуск уже отправляется или пропущен; изменить его нельзя.
problem-edition-gone-out = Этот выпуск уже отправляется, отправлен или пропущен.
problem-pick-unknown = Выбор: по адресу `{ $value }` статьи нет; вставьте её адрес или slug.

media-some-not-uploaded = Некоторые файлы не загружены:
media-nothing-uploaded = Ничего не загружено:
media-uploaded-list = Загружено: { $files }.
media-upload-heading = Загрузить изображения
media-pictures = Изображения
media-pictures-hint = JPEG, PNG, WebP или GIF; до { $size } за раз. Можно несколько сразу.
media-upload-alt-hint = описание изображения для тех, кто его не видит; относится ко всем файлам этой загрузки, можно изменить позже
media-upload = Загрузить
media-search-placeholder = Описание, подпись, автор, имя файла
media-only-mine = Только мои
media-count = { $n ->
    [one] { $n } изображение
    [few] { $n } изображения
   *[many] { $n } изображений
}
media-count-matching = { $n ->
    [one] { $n } изображение по запросу «{ $q }»
    [few] { $n } изображения по запросу «{ $q }»
   *[many] { $n } изображений по запросу «{ $q }»
}
media-no-alt = Нет описания
media-no-match = Ничего не найдено. Попробуйте другие слова или покажите все.
media-empty = Изображений пока нет. Загрузите первое выше.
media-pages = Страницы медиатеки
media-uploaded-by = загрузил(а) { $name }
media-uploaded-on = загружено { $date }
media-uploaded-by-on = загрузил(а) { $name }, { $date }
media-original-file = исходный файл
media-alt-warning = Описания пока нет: читатели с экранным диктором не узнают, что на изображении.
media-caption = Подпись
media-credit = Автор снимка
media-credit-hint = например, «Фото: Ана Руис / Агентство»
media-details = Сведения
media-read-only = Изменить изображение может только загрузивший его или редактор.
media-insert = Вставить в статью
media-insert-hint = Вставьте этот Markdown туда, где должно быть изображение:
media-snippet-label = Markdown для вставки изображения
media-in-use-by = Где используется
media-unused = Не используется ни в одной статье или странице.
media-delete-in-use = Используемое изображение удалить нельзя: сначала уберите его из мест, перечисленных выше.
media-delete-hint = Удаляет изображение и все его размеры с сайта.
media-confirm-delete = Удалить это изображение навсегда?
media-delete = Удалить изображение
media-used-article = Статья «{ $title }»
media-used-page = Страница «{ $title }»
media-used-site = Настройки сайта «{ $title }»
media-used-featured = главное изображение
media-used-social = изображение для соцсетей
media-used-body = текст
media-in-use = Изображение не удалено, потому что используется: { $places }. Сначала уберите его оттуда, затем удалите.
media-uploaded-many = { $n ->
    [one] Загружено { $n } изображение.
    [few] Загружено { $n } изображения.
   *[many] Загружено { $n } изображений.
}
notice-media-uploaded-one = Изображение загружено. Добавьте подпись и автора снимка, если нужно.
notice-media-deleted = Изображение удалено.
problem-alt-too-long = В описании { $len } знаков; уложитесь в { $max } (опишите изображение одним предложением).
problem-no-picture = Выберите хотя бы одно изображение (поле «Изображения» пусто).
problem-upload = { $name }: { $why }
problem-upload-not-a-picture = это не изображение JPEG, PNG, WebP или GIF
problem-upload-format = это не изображение JPEG, PNG, WebP или GIF (это изображение { $format }): преобразуйте его и загрузите снова
problem-upload-pixels = размер { $size } пикс. больше допустимого ({ $megapixels } Мп и не больше { $side } пикс. по стороне): уменьшите изображение и загрузите снова
problem-upload-bytes = размер { $size } больше допустимого ({ $max }): уменьшите файл и загрузите снова
problem-upload-not-saved = не удалось сохранить на сервере; попробуйте ещё раз и сообщите администратору, если ошибка повторится
problem-upload-not-recorded = не удалось записать в медиатеку; попробуйте ещё раз через минуту
problem-upload-empty = файл пуст: выберите изображение JPEG, PNG, WebP или GIF
problem-upload-damaged = файл повреждён или неполон: экспортируйте его заново и загрузите ещё раз
problem-upload-role = ваша роль ({ $role }) не позволяет загружать изображения
problem-upload-none = Изображение не выбрано: выберите файл JPEG, PNG, WebP или GIF.
problem-featured-image = Главное изображение: { $why }
problem-text-too-long = { $field }: { $len } знаков; допустимо не больше { $max }.
problem-text-control = { $field }: есть невидимые управляющие символы; наберите текст заново без них.

menu-hint = Навигация в шапке сайта. Пункты вкладываются на один уровень: укажите пункту родителя, чтобы он появился под ним.
menu-automatic-now = Сейчас в шапке меню, собранное автоматически из рубрик и спецтем. Сохранение этой формы заменит его вашим.
menu-not-saved = Меню не сохранено:
menu-label = Название
menu-target = Куда ведёт
menu-kind-category = Рубрика
menu-kind-tag = Тег
menu-kind-page = Страница
menu-kind-url = Адрес
menu-tag-slug = Slug тега
menu-url-hint = /путь/ или https://…
menu-top-level = верхний уровень
menu-parent = Родительский пункт
menu-position = Позиция
menu-up = Выше
menu-down = Ниже
menu-move-up = Поднять «{ $label }»
menu-move-down = Опустить «{ $label }»
menu-remove = Убрать «{ $label }»
menu-add = Добавить пункт
menu-save = Сохранить меню
menu-confirm-automatic = Заменить это меню собранным из рубрик и спецтем?
menu-use-automatic = Автоматическое меню
menu-no-label = (пока без названия)
menu-row = Строка { $n }
menu-row-labelled = Строка { $n } («{ $label }»)
notice-menu-saved = Меню сохранено; читатели уже его видят.
notice-menu-automatic = Меню снова собирается из рубрик и спецтем.
notice-menu-unsaved = Ещё не сохранено: нажмите «Сохранить меню», когда меню будет готово.
problem-menu-too-many = В меню { $n ->
    [one] { $n } строка
    [few] { $n } строки
   *[many] { $n } строк
}; допустимо не больше { $max }.
problem-menu-position = Позиция: `{ $value }` — не целое число; используйте 1, 2, 3…
problem-menu-label-empty = Нужно название.
problem-menu-label-long = Название слишком длинное; допустимо не больше { $max } знаков.
problem-menu-own-parent = Родитель: пункт не может быть родителем самому себе.
problem-menu-parent-nested = Родитель: выберите пункт верхнего уровня; меню вкладывается только на один уровень.
problem-menu-has-children = Родитель: под этим пунктом есть другие, поэтому он должен остаться на верхнем уровне.
problem-menu-category = Рубрика: выберите существующую рубрику.
problem-menu-tag = Тег: тега со slug `{ $value }` нет; посмотрите список тегов.
problem-menu-page = Страница: выберите существующую страницу.
problem-menu-bad-path = Адрес: `{ $value }` — не путь этого сайта; укажите путь вроде /about/ или полный адрес https://.
problem-menu-bad-url = Адрес: `{ $value }` — ни путь этого сайта, начинающийся с /, ни адрес http(s)://.
problem-menu-target = Куда ведёт: `{ $value }` — не рубрика, не тег, не страница и не адрес.
problem-menu-empty = В меню нет пунктов; добавьте пункт или нажмите «Автоматическое меню».

api-keys-hint = Ключи дают скриптам и приложениям доступ к Admin API по токену (Bearer); войти с ключом на эти страницы нельзя.
api-keys-secret = Секрет нового ключа, показывается только один раз:
api-keys-acts-as = Действует как
api-keys-personal = Я (личный ключ)
api-keys-integration = Интеграция с ролью ниже
api-keys-integration-role = Роль интеграции
api-keys-days = Срок действия (в днях; пусто — бессрочно)
api-keys-create = Создать ключ
api-keys-key = Ключ
api-keys-created = Создан
api-keys-expires = Истекает
api-keys-last-used = Использован
api-keys-state = Состояние
api-keys-revoke = Отозвать
api-keys-none = Ключей пока нет.
api-keys-no-person = интеграция (не человек)
api-key-active = действует
api-key-expired = истёк
api-key-revoked = отозван
key-created = Ключ «{ $name }» создан. Скопируйте секрет сейчас: больше он показан не будет.
notice-key-revoked = Ключ отозван: он больше не работает.
problem-key-name-empty = Дайте ключу название, по которому понятно, кто им пользуется, например «Импорт ленты».
problem-key-name-long = Название слишком длинное: не больше { $max } знаков.
problem-key-role = Выберите роль, с которой действует интеграция.
problem-key-kind = `{ $value }` — не вид ключа: выберите личный или интеграцию.
problem-key-days = Срок действия — число дней от 1 до { $max } или пусто для бессрочного ключа.
