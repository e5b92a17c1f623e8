"""twilio-python's answers for scripts/check-webhook-oracle.

Reads the cases written by `webhook_oracle generate` (one JSON object a line) and writes, a line
each, {id, signature, verdicts, errors}: RequestValidator.compute_signature of the request and
RequestValidator.validate of each check (form parameters as a multi-valued dict, as Django and
Flask give them; a JSON body as the string it is).

usage: .tools/webhook-py/bin/python python.py CASES.jsonl OUT.jsonl
"""
import json
import sys

from twilio.request_validator import RequestValidator


class Params:
    """A multi-valued dict with Django's QueryDict interface (getlist)."""

    def __init__(self, pairs):
        self._values = {}
        for name, value in pairs:
            self._values.setdefault(name, []).append(value)

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, name):
        return self._values[name][-1]

    def getlist(self, name):
        return self._values[name]


def main(cases_path, out_path):
    with open(cases_path, encoding="utf-8") as cases, open(out_path, "w", encoding="utf-8") as out:
        for line in cases:
            if not line.strip():
                continue
            case = json.loads(line)
            validator = RequestValidator(case["token"])
            params = {} if case["kind"] == "json" else Params(case["params"])
            signature = validator.compute_signature(case["url"], params)
            verdicts, errors = [], []
            for check in case["checks"]:
                given = check["body"] if check["body"] is not None else Params(check["params"])
                try:
                    verdicts.append(bool(validator.validate(check["url"], given, check["signature"])))
                    errors.append(None)
                except Exception as e:  # an exception is a rejection; recorded for the report
                    verdicts.append(False)
                    errors.append("%s: %s" % (type(e).__name__, e))
            out.write(json.dumps({"id": case["id"], "signature": signature,
                                  "verdicts": verdicts, "errors": errors}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
