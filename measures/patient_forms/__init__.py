"""The patient's own forms: the clinic tablet (a short code) and the telehealth link.

How a form is reached. The therapist issues a *tablet code* (six digits,
single-use, valid TABLET_CODE_MINUTES) or a *telehealth link* (a 43-character
random token, valid TELEHEALTH_LINK_HOURS). Entering the code on the tablet
spends it and mints a form token for that tablet only; the link's token is
its own form token. Both lead to `/p/<token>/`, which serves one session's
SRS (and the patient WAI-SR when it is due) and nothing else. Codes and
tokens are stored as HMAC-SHA256 digests keyed with SECRET_KEY, never in
clear; wrong codes are throttled per device and per address.

The submission key. Each access row carries one UUID made when it is issued;
every serving of its form carries that same key. The page keeps the answer
in localStorage and re-sends it with the key until the server confirms. The
server takes a POST only with its access's own key, stores the responses
with it (the measures services return the stored row for a key seen before)
and confirms a re-send of an answered form again, so a double tap, a reload
or a retry after a dropped network stores exactly one response.
"""
