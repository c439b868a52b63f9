"""One JSON object per log line, with secrets, card numbers and email addresses taken out.

`RedactingFilter` sits on the handler, so it cleans every record whichever library logged it
(Django, django-redis, axes, our own code); `JsonFormatter` writes the cleaned record as one line.
"""

import contextlib
import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

REDACTED = "[redacted]"

# A request id from the proxy is kept only if it looks like one (no log injection through it).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The id of the request (or task) this code runs for; RequestIdFilter puts it on every record.
_request_id = ContextVar("request_id", default=None)


def current_request_id():
    return _request_id.get()


@contextlib.contextmanager
def request_id_context(request_id):
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record logged while a request or a task is handled, whichever
    library logged it, so web and task lines of one piece of work can be found together."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            request_id = _request_id.get()
            if request_id is not None:
                record.request_id = request_id
        return True


# Keys whose values never reach a log, wherever they appear (extras, dict arguments, key=value).
SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|api[_-]?key|authori[sz]ation|cookie|session|csrf"
    r"|card|cvv|cvc|pan\b|iban|account[_-]?number|email|e-mail|signature",
    re.IGNORECASE,
)
# Every log line passes through these patterns, and a request's path or a bad Host header is
# attacker-chosen text, so each pattern must run in time linear in its input. They are written so:
# each starts with a look-behind that fails at once inside a run of the characters it consumes, so
# a run is entered only at its first character; and each repetition is possessive (`++`, `*+`) or
# bounded, so nothing scanned is ever given back to be scanned again. (A pattern such as
# `[\w-]*token[\w-]*` retried at every letter of a 4,000-letter path costs seconds.)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
# 13 to 19 digits, optionally in groups split by spaces or dashes: the shape of a card number.
# A standalone token, so ids and hashes that happen to hold a run of digits are left alone.
# (At most 37 characters are examined from each start: the repetition is bounded.)
CARD_NUMBER = re.compile(r"(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w.-])")
# `key=value` and `key: value`: the whole word before the separator is the key, and it is masked
# when it names a secret (checked on the key alone, see `_mask_key_values`).
KEY_AND_SEPARATOR = re.compile(r"(?<![\w-])(?P<key>[\w-]++)(?P<sep>\s*+[=:]\s*+)")
SECRET_KEY_WORD = re.compile(
    r"pass(?:word|wd)?|secret|token|api[_-]?key|authori[sz]ation|cookie|sessionid|csrftoken"
    r"|card|cvv|cvc",
    re.IGNORECASE,
)
VALUE = re.compile(r"\"[^\"]*+\"|'[^']*+'|[^\s&,;]++")
BEARER = re.compile(r"\b(Bearer|Basic|Token)\s++[A-Za-z0-9._~+/=-]++", re.IGNORECASE)

# Longer text is cut before it is cleaned and logged: a line stays readable, and the work per
# record is bounded whatever a client sends. Tracebacks get more room.
MAX_LOGGED_CHARS = 8 * 1024
MAX_LOGGED_TRACEBACK_CHARS = 64 * 1024
CUT_MARGIN = 256

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def _mask_key_values(text):
    parts = []
    done = 0  # text before this index is in `parts`
    for match in KEY_AND_SEPARATOR.finditer(text):
        if match.start() < done or not SECRET_KEY_WORD.search(match["key"]):
            continue  # inside a value already masked, or an ordinary key
        value = VALUE.match(text, match.end())
        if value is None:
            continue
        parts.append(text[done : match.end()])
        parts.append(REDACTED)
        done = value.end()
    parts.append(text[done:])
    return "".join(parts)


def redact_text(text, limit=None):
    """`text` cut to `limit` characters, with secrets, e-mail addresses and card numbers masked.

    Linear in the length of the text (see the patterns above), and only a little more than
    `limit` characters are ever examined. They are masked before the cut, so that a secret or a
    card number straddling the limit is not left half-shown."""
    limit = MAX_LOGGED_CHARS if limit is None else limit
    too_long = len(text) > limit
    text = text[: limit + CUT_MARGIN]
    text = BEARER.sub(lambda m: f"{m[1]} {REDACTED}", text)
    text = _mask_key_values(text)
    text = EMAIL.sub("[email]", text)
    text = CARD_NUMBER.sub("[card]", text)
    if too_long:
        text = f"{text[:limit]}... [cut at {limit} characters]"
    return text


def redact(value, key=None):
    """A copy of `value` that is safe to log: sensitive keys blanked, strings cleaned."""
    if key is not None and SENSITIVE_KEY.search(str(key)):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [redact(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact_text(str(value))


def _request_summary(request):
    # Never str(request): it carries the query string, which may carry tokens and addresses.
    return {"method": getattr(request, "method", None), "path": getattr(request, "path", None)}


class RedactingFilter(logging.Filter):
    """Cleans a record in place: the message is formatted, redacted and frozen; extras redacted."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact_text(message)
        record.args = None
        for name in list(vars(record)):
            if name in STANDARD_ATTRIBUTES:
                continue
            value = getattr(record, name)
            if name == "request":
                setattr(record, name, _request_summary(value))
            else:
                setattr(record, name, redact(value, name))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters reuse exc_text once set, so every handler sees the cleaned traceback.
            record.exc_text = redact_text(record.exc_text, limit=MAX_LOGGED_TRACEBACK_CHARS)
        return True


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time (UTC), level, logger, message, extras, exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and name not in entry:
                entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
