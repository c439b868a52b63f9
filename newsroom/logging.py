"""One JSON object per log line, with secrets, card numbers and email addresses taken out.

`RedactingFilter` sits on the handler, so it cleans every record whichever library logged it
(Django, django-redis, axes, our own code); `JsonFormatter` writes the cleaned record as one line.
"""

import json
import logging
import re
from datetime import UTC, datetime

REDACTED = "[redacted]"

# Keys whose values never reach a log, wherever they appear (extras, dict arguments, key=value).
SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|api[_-]?key|authori[sz]ation|cookie|session|csrf"
    r"|card|cvv|cvc|pan\b|iban|account[_-]?number|email|e-mail|signature",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 13 to 19 digits, optionally in groups split by spaces or dashes: the shape of a card number.
# A standalone token, so ids and hashes that happen to hold a run of digits are left alone.
CARD_NUMBER = re.compile(r"(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w.-])")
KEY_VALUE = re.compile(
    r"(?P<key>[\w-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key|authori[sz]ation|cookie"
    r"|sessionid|csrftoken|card|cvv|cvc)[\w-]*)(?P<sep>\s*[=:]\s*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s&,;]+)",
    re.IGNORECASE,
)
BEARER = re.compile(r"\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def redact_text(text):
    text = BEARER.sub(lambda m: f"{m[1]} {REDACTED}", text)
    text = KEY_VALUE.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)
    text = EMAIL.sub("[email]", text)
    return CARD_NUMBER.sub("[card]", text)


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
            record.exc_text = redact_text(record.exc_text)
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
