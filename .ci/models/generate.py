#!/usr/bin/env python3
"""Regenerates Sources/World/CLI/ServiceModelData.swift from the AWS CLI's own command tables and
botocore's service models: for each operation the World models (and the IAM, STS and
Organizations operations lessons are likely to use), the CLI's arguments (flag, type, whether
the CLI requires it, the model member it fills, its minimum), the model's required members the
CLI leaves to botocore, and the members the CLI prints (names, order, nesting). No documentation
is copied.

    pip install awscli==1.45.11   # botocore 1.43.11
    python3 .ci/models/generate.py
"""
import os
import re
import sys

from awscli.clidriver import create_clidriver
from botocore import xform_name

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Sources", "World", "CLI", "ServiceModelData.swift")

# Operations the World defines: `Operation("SERVICE", "NAME", api: "Api"` in Sources/World.
PATTERN = re.compile(r'"(iam|sts|ec2|s3api|lambda|dynamodb|cloudtrail|organizations|accessanalyzer)",\s*"([a-z0-9-]+)",\s*api:')
# Operations of these services are all kept: new commands get their model without regenerating.
WHOLE = ["iam", "sts", "organizations"]
EXTRA = [("ec2", "start-instances"), ("ec2", "stop-instances"), ("ec2", "terminate-instances")]
# Model-required members the CLI fills itself (ec2 run-instances --count defaults to 1).
ALWAYS_FILLED = {("ec2", "run-instances"): {"MinCount", "MaxCount"}}
# Customizations that fill a model member (lambda create-function --zip-file fills Code).
FILLERS = {("lambda", "create-function", "Code"): ["--zip-file"]}
SKIP_ARGS = {"cli-input-json", "generate-cli-skeleton"}
# Services whose own validation (`1 validation error detected: …`, ValidationError) is modelled:
# their members' maximums, patterns and enums are kept too.
CONSTRAINED = {"iam", "sts", "lambda"}
TYPES = {"string": "s", "integer": "i", "long": "i", "boolean": "b", "list": "l", "structure": "S", "map": "m", "blob": "B",
         "timestamp": "t", "double": "d", "float": "d"}


def scanned():
    found = set()
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources", "World")):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    found.update(PATTERN.findall(f.read()))
    return found


def tree(shape, depth=0, seen=()):
    """The printed members of a shape: Name!{…} (structure), Name[…] (list of), Name* (anything).
    IAM's policy documents are printed decoded, as JSON (botocore's json_decode_policies)."""
    if shape.name == "policyDocumentType":
        return "*"
    if shape.type_name == "structure":
        if depth > 6 or shape.name in seen:
            return "*"
        required = set(shape.required_members)
        parts = []
        for name, member in shape.members.items():
            parts.append(name + ("!" if name in required else "") + tree(member, depth + 1, seen + (shape.name,)))
        return "{" + ",".join(parts) + "}"
    if shape.type_name == "list":
        return "[" + tree(shape.member, depth + 1, seen) + "]"
    if shape.type_name == "map":
        return "*"
    return ""


def printed(service, op_model, paginator):
    out = op_model.output_shape
    if out is None:
        return ""
    members = [(n, m) for n, m in out.members.items() if not m.serialization.get("eventstream") and not
               (m.type_name == "blob" and m.serialization.get("streaming") or getattr(m, "metadata", {}).get("streaming"))]
    streaming = out.serialization.get("payload")
    members = [(n, m) for n, m in members if not (n == streaming and (m.type_name == "blob" or m.metadata.get("streaming")))]
    if paginator:
        keys = paginator.get("result_key", [])
        keys = keys if isinstance(keys, list) else [keys]
        # The paged answer always carries the other keys (null when the service sent none).
        always = paginator.get("non_aggregate_keys", [])
        byname = dict(members)
        members = [(k, byname[k]) for k in keys + always if k in byname]
    required = set(out.required_members) | set(always if paginator else [])
    return "{" + ",".join(n + ("!" if n in required else "") + tree(m, 1, (out.name,)) for n, m in members) + "}"


def main():
    driver = create_clidriver()
    table = driver._get_command_table()
    session = driver.session
    wanted = set(scanned()) | set(EXTRA)
    for service in WHOLE:
        wanted |= {(service, name) for name in table[service]._get_command_table()}
    lines = []
    for service, name in sorted(wanted):
        command = table[service]._get_command_table().get(name)
        model = getattr(command, "_operation_model", None)
        if command is None or model is None:
            continue
        client_name = model.service_model.service_name
        try:
            paginator = session.get_paginator_model(client_name)._paginator_config.get(model.name)
        except Exception:  # a service without paginators
            paginator = None
        lines.append(f"op {service} {name} {model.name}")
        required_flags = set()
        fills = {}
        for arg_name, arg in command.arg_table.items():
            if arg_name in SKIP_ARGS:
                continue
            member = getattr(arg, "_serialized_name", None) or "-"
            arg_model = getattr(arg, "argument_model", None)
            if type(arg).__name__ in ("PageArgument",):
                member = "-"
            kind = TYPES.get(getattr(arg, "cli_type_name", "string"), "s")
            minimum = "-"
            if member != "-" and arg_model is not None and "min" in arg_model.metadata:
                minimum = str(arg_model.metadata["min"])
            if member != "-" and model.input_shape is not None and member not in model.input_shape.members:
                member = "-"
            if type(arg).__name__ == "BooleanArgument" and arg_name.startswith("no-") and member != "-":
                kind = "n"
            req = "r" if arg.required else "-"
            if arg.required:
                required_flags.add(member)
            if arg.positional_arg or not arg.cli_name.startswith("--"):
                kind = "p"
            lines.append(f"a --{arg_name} {kind} {req} {member} {minimum}")
            if member != "-":
                fills.setdefault(member, []).append("--" + arg_name)
            # A list of structures written in the CLI's shorthand (`--tags Key=a,Value=b`): what
            # botocore checks of each item (its required members, their minimum lengths).
            if member != "-" and kind == "l" and arg_model.member.type_name == "structure":
                element = arg_model.member
                spec = [n + ("!" if n in element.required_members else "") + (str(m.metadata.get("min", "")) if m.type_name == "string" else "")
                        for n, m in element.members.items()]
                if element.required_members or any(m.metadata.get("min") for m in element.members.values()):
                    lines.append(f"s {member} {','.join(spec)}")
            if member != "-" and service in CONSTRAINED and arg_model is not None and kind in "si":
                meta = arg_model.metadata
                # A sensitive value (a password) is never repeated in the service's error.
                if meta.get("sensitive"):
                    lines.append(f"h {member} -")
                if "max" in meta:
                    lines.append(f"x {member} {meta['max']}")
                if "pattern" in meta:
                    lines.append(f"r {member} {meta['pattern']}")
                if getattr(arg_model, "enum", None):
                    lines.append(f"e {member} {'|'.join(arg_model.enum)}")
        if model.input_shape is not None:
            for member in model.input_shape.required_members:
                if member in required_flags or member in ALWAYS_FILLED.get((service, name), set()):
                    continue
                flags = fills.get(member, []) + FILLERS.get((service, name, member), [])
                lines.append(f"q {member} {','.join(flags) or '-'}")
        lines.append("o " + printed(service, model, paginator))
        # Paged by default: with --no-paginate the CLI prints the one answer as the service sent
        # it, its members in the model's order, with the flag that says whether more remain.
        if paginator and model.output_shape is not None:
            more = paginator.get("more_results", "-")
            lines.append(f"g {more if '.' not in more else '-'} {','.join(model.output_shape.members)}")
    # One literal per operation, by `SERVICE NAME`: the first prompt looks up the few it runs
    # and reads nothing else.
    blocks = []
    for line in lines:
        if line.startswith("op "):
            words = line.split(" ")
            blocks.append((f"{words[1]} {words[2]}", []))
        if blocks:
            blocks[-1][1].append(line)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("// Generated by .ci/models/generate.py from the AWS CLI's command tables and botocore's service\n")
        f.write("// models; do not edit. Regenerate after adding an operation outside IAM, STS and Organizations.\n\n")
        # Raw literals: the models' patterns keep their backslashes; `\#` ends a wrapped line.
        f.write("extension ServiceModel {\n    static let blocks: [String: String] = [\n")
        for key, block in blocks:
            f.write(f'        "{key}": #"""\n')
            for line in block:
                while len(line) > 132:
                    f.write("        " + line[:132] + "\\#\n")
                    line = line[132:]
                f.write("        " + line + "\n")
            f.write('        """#,\n')
        f.write("    ]\n}\n")
    print(f"{OUT}: {len(lines)} lines, {sum(1 for l in lines if l.startswith('op '))} operations", file=sys.stderr)


if __name__ == "__main__":
    main()
