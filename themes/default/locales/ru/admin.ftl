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
