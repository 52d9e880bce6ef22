"""Turn `links check --format json` into GitHub annotations on the changed files.

Usage: python3 .ci/annotate.py check.json
"""

import json
import sys


def main(path: str) -> int:
    """Print one workflow command per problem; GitHub shows them on the lines of the pull request."""
    try:
        with open(path, encoding="utf-8") as fh:
            items = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"::error::links check gave no readable report ({exc})")
        return 1
    for item in items:
        level = "error" if item.get("severity") == "error" else "warning"
        message = item.get("message", "")
        if item.get("hint"):
            message += f" ({item['hint']})"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::{level} file={item.get('path')},line={item.get('line')},col={item.get('column')}::{message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
