# Почему форма не принята: отказы, которые формулирует ядро (поля статьи, переходы
# между статусами, адреса и настройки дайджеста). Русский.

field-title = Заголовок
field-subtitle = Подзаголовок
field-excerpt = Анонс
field-body = Текст
field-meta-description = Описание для поисковиков
field-source-outlet = Издание-источник
field-source-url = Адрес источника
field-source-language = Язык источника
field-assignment-note = Комментарий к заданию
field-tags = Список тегов
problem-not-a-choice = { $field }: `{ $value }` нет среди вариантов.
problem-publish-at-shape = Время публикации `{ $value }` — не дата и время вроде 2026-05-01T09:30.
problem-tz-offset = Смещение часового пояса `{ $value }` — не число минут.
problem-correction-empty = Исправление пустое: напишите, что было неверно и как правильно.
problem-correction-too-long = Исправление слишком длинное: не больше { $max } знаков.
problem-slug-taken = Адрес (slug) `{ $value }` уже занят другой статьёй или страницей; выберите другой.
problem-field-too-long = { $field }: слишком длинно, допустимо не больше { $max } знаков.
problem-title-empty = Заголовок пуст: у каждой статьи он должен быть.
problem-slug-from-title = Из этого заголовка не получается адрес (slug): введите его сами латинскими буквами a-z, цифрами и дефисами.
problem-slug-invalid = Адрес (slug) `{ $value }` не подходит: { $reason }. Используйте строчные латинские буквы a-z, цифры и дефисы.
problem-slug-empty = адрес пуст; используйте строчные буквы, цифры и дефисы, например `grain-prices-rise`
problem-slug-too-long = в адресе { $len ->
    [one] { $len } знак
    [few] { $len } знака
   *[many] { $len } знаков
}; допустимо не больше 200
problem-slug-character = в адресе есть `{ $char }` (U+{ $code }); допустимы только строчные a–z, цифры 0–9 и дефисы
problem-slug-leading-hyphen = адрес начинается с дефиса; он должен начинаться с буквы или цифры
problem-slug-trailing-hyphen = адрес заканчивается дефисом; он должен заканчиваться буквой или цифрой
problem-slug-double-hyphen = в адресе два дефиса подряд; разделяйте слова одним дефисом
problem-slug-reserved = `{ $value }` занят самим сайтом; выберите другой адрес
problem-kind = Вид `{ $value }` — не оригинал, не перевод и не перепечатка.
problem-language-code = Язык `{ $value }` — не код языка вроде ru или pt-BR.
problem-source-outlet = { $kind ->
    [translation] Для перевода нужно название издания-источника.
   *[other] Для перепечатки нужно название издания-источника.
}
problem-source-url = { $kind ->
    [translation] Для перевода нужен адрес оригинала.
   *[other] Для перепечатки нужен адрес оригинала.
}
problem-source-url-shape = Адрес источника `{ $value }` — не веб-адрес, начинающийся с https://.
problem-tag-too-long = Тег `{ $value }…` слишком длинный: не больше { $max } знаков.
problem-tag-no-letters = В теге `{ $value }` нет ни букв, ни цифр.
problem-status-move = Статью в статусе «{ $from }» нельзя перевести в статус «{ $to }».
problem-status-new = Новую статью нельзя сразу перевести в статус «{ $to }».
problem-publish-at-missing = Выберите дату и время публикации.
problem-publish-at-past = Время публикации уже прошло: выберите более позднее или опубликуйте сейчас.
problem-address-empty = Введите адрес электронной почты, например name@example.org.
problem-address-too-long = Адрес слишком длинный: не больше { $max } знаков.
problem-address-control = В адресе есть перенос строки или другой управляющий символ. Введите только адрес, например name@example.org.
problem-address-separator = В адресе есть пробел, запятая или скобки. Введите один адрес, например name@example.org.
problem-address-shape = `{ $value }` — не адрес электронной почты вроде name@example.org.
problem-choice-frequency = Выберите, как часто присылать дайджест: ежедневно или еженедельно.
problem-choice-section = Раздела `{ $value }` нет. Обновите страницу и выберите снова.
problem-choice-language = Дайджест не выходит на языке `{ $value }`. Выберите один из предложенных языков.
problem-subscribe-limited = Слишком много запросов на подписку для этого адреса или из вашей сети. Попробуйте снова через { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}.
