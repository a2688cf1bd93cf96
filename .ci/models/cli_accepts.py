#!/usr/bin/env python3
"""Runs `aws` command lines through the real AWS CLI (awscli 1.x, in this one process) against a
local endpoint where nothing listens, and reports those the CLI refuses before sending: usage
errors, unknown options, parameters it cannot parse, botocore's parameter validation. A command
is accepted when the CLI tried to send it (it could not connect), or finished without sending
(`aws configure set`).

    python3 .ci/models/cli_accepts.py COMMANDS.json

COMMANDS.json is a list of {"where": "...", "argv": ["aws", "iam", ...]}. Every profile the
commands name is configured with dummy keys; files they read (file://, fileb://, outfiles) are
made in a scratch folder. Prints one JSON line per refused command; exits 1 if any was refused,
3 if awscli is not installed.
"""
import contextlib
import io
import json
import os
import socket
import sys
import tempfile
import zipfile


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    try:
        from awscli.clidriver import create_clidriver
    except ImportError:
        print("awscli is not installed: run bash .ci/setup --tests (it pip-installs awscli)", file=sys.stderr)
        return 3
    with open(sys.argv[1], encoding="utf-8") as f:
        commands = json.load(f)
    scratch = tempfile.mkdtemp(prefix="cli-accepts-")
    profiles = {"default"}
    for c in commands:
        argv = c["argv"]
        for i, word in enumerate(argv[:-1]):
            if word == "--profile":
                profiles.add(argv[i + 1])
        for word in argv:
            for scheme in ("file://", "fileb://"):
                if word.startswith(scheme):
                    path = os.path.join(scratch, word[len(scheme):].lstrip("/"))
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    if os.path.exists(path):
                        continue
                    if path.endswith(".zip"):
                        with zipfile.ZipFile(path, "w") as z:
                            z.writestr("app.py", "def handler(event, context):\n    return {}\n")
                    else:
                        with open(path, "w", encoding="utf-8") as out:
                            out.write("{}")
    config = os.path.join(scratch, "config")
    with open(config, "w", encoding="utf-8") as f:
        for p in sorted(profiles):
            f.write(("[default]" if p == "default" else f"[profile {p}]") + "\nregion = us-east-1\n")
            f.write("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    os.environ.update({
        "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.path.join(scratch, "credentials"),
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard", "AWS_PAGER": "",
    })
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        os.environ.pop(key, None)
    os.chdir(scratch)
    endpoint = f"http://127.0.0.1:{free_port()}"
    refused = 0
    driver = create_clidriver()
    for c in commands:
        argv = list(c["argv"][1:])
        if argv and argv[0] == "s3" and len(argv) > 2 and argv[1] == "cp" and not argv[2].startswith("s3://"):
            with open(os.path.join(scratch, argv[2]), "w", encoding="utf-8") as out:
                out.write("x")
        if argv[:1] != ["configure"]:
            argv += ["--endpoint-url", endpoint, "--cli-connect-timeout", "1"]
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                rc = driver.main(argv)
            except SystemExit as e:  # argparse exits on usage errors
                rc = e.code
        said = err.getvalue()
        if rc == 0 or "Could not connect to the endpoint URL" in said:
            continue
        refused += 1
        print(json.dumps({"where": c["where"], "command": " ".join(c["argv"]), "rc": rc, "said": said.strip()[-400:]}))
    print(f"{len(commands)} commands, {refused} refused by the AWS CLI", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
