# Страницы дайджеста по подписанным ссылкам подписчика, на языке его выпуска (русский).

digest-subscribed = Вы подписаны
digest-already-confirmed = Этот адрес подтверждён и получает дайджест.
digest-thank-you = Спасибо: { $email } будет получать дайджест { $site }. В каждом выпуске есть ссылки, чтобы изменить настройки или отписаться.
digest-your-preferences = Ваши настройки
digest-ended = Подписка закончилась
digest-ended-text = Этот адрес больше не получает дайджест. Подпишитесь снова, чтобы получать его.
digest-subscribe-again = Подписаться снова
digest-data-deleted = Ваши данные удалены
digest-data-deleted-text = Мы удалили { $email } и всё, что с ним хранилось. Дайджесты больше не придут.
digest-unsubscribed = Вы отписались
digest-unsubscribed-text = На { $email } больше не будут приходить дайджесты { $site }.
