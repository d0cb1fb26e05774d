"""Log records as one JSON object per line on stdout, for any log collector."""

import json
import logging
from datetime import UTC, datetime


class OneLineFormatter(logging.Formatter):
    """time, level, logger and message; the request path and status when the
    record came from a request; the traceback folded into the same line."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", "")
            entry["path"] = request.path
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def stdout_logging(root_level="INFO", **levels):
    """A dictConfig sending every record to stdout as one JSON line; `levels`
    names loggers (dots as double underscores) that stop at their own level."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": OneLineFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "line",
            }
        },
        "root": {"handlers": ["stdout"], "level": root_level},
        "loggers": {
            name.replace("__", "."): {
                "level": level,
                "handlers": ["stdout"],
                "propagate": False,
            }
            for name, level in levels.items()
        },
    }
