#!/usr/bin/python3
"""A stand-in for the docker client (and docker-compose v1) on machines without a Docker engine.

The compose suites copy it first on PATH as `docker` and `docker-compose`. It answers `docker info` and
`compose version`, records every call, prints the resolved file for `compose config --format json` (v2), and for `compose … run … SERVICE` does what the service would do in
the stack: it reads docker-compose.yml (variables from the environment, then .env), maps the service's
working directory through its volumes to the host, gives the process the service's environment plus the
`-e` pairs, and runs loadbench-engine where the image would run k6 — same arguments, same environment, same
result paths. Two k6 flags the engine lacks are left out: `--tag` (sample tags) and the InfluxDB output (no
InfluxDB listens here).

Environment of the suite:
  STANDIN_ENGINE      the loadbench-engine to run
  STANDIN_LOG         a file that receives every call as a JSON line
  STANDIN_DOCKER      "ok" (default), "daemon-down" or "no-compose" (`docker compose` is unknown)
"""
import json
import os
import re
import subprocess
import sys

import yaml


def log(arguments):
    path = os.environ.get("STANDIN_LOG")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps({"program": os.path.basename(sys.argv[0]), "arguments": arguments}) + "\n")


def dot_env(folder):
    values = {}
    try:
        with open(os.path.join(folder, ".env")) as env:
            for line in env:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, value = line.split("=", 1)
                    values[key] = value
    except FileNotFoundError:
        pass
    return values


def interpolate(value, variables):
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if not isinstance(value, str):
        return value
    return re.sub(r"\$\{(\w+)(?::-([^}]*))?\}", lambda m: variables.get(m.group(1)) or m.group(2) or "", value)


def resolved_stack(project, compose_file):
    """The compose file with its variables filled in, as `compose config` prints it (v2 only)."""
    variables = dot_env(project)
    variables.update(os.environ)  # a variable of the shell wins over its line in .env
    with open(compose_file) as file:
        return interpolate(yaml.safe_load(file), variables)


def compose_run(project, compose_file, arguments):
    overrides = {}
    at = 0
    while at < len(arguments) and arguments[at].startswith("-"):
        if arguments[at] in ("-e", "--env"):
            key, value = arguments[at + 1].split("=", 1)
            overrides[key] = value
            at += 2
        else:
            at += 1  # --rm, -T
    service = arguments[at]
    definition = resolved_stack(project, compose_file)["services"][service]

    working_dir = definition.get("working_dir", "/")
    host_dir = None
    for volume in definition.get("volumes", []):
        host, container = volume.split(":")[:2]
        if working_dir == container or working_dir.startswith(container + "/"):
            host_dir = os.path.normpath(os.path.join(project, host, os.path.relpath(working_dir, container)))
    if host_dir is None:
        sys.exit("stand-in docker: no volume holds the working directory " + working_dir)

    environment = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    environment.update({key: str(value) for key, value in (definition.get("environment") or {}).items()})
    environment.update(overrides)

    command = []
    given = arguments[at + 1:] or definition["command"]
    skip = False
    for index, argument in enumerate(given):
        if skip:
            skip = False
        elif argument == "--tag" or (argument == "--out" and given[index + 1].startswith("influxdb=")):
            skip = True
        else:
            command.append(argument)
    process = subprocess.Popen([os.environ["STANDIN_ENGINE"]] + command, cwd=host_dir, env=environment)
    sys.exit(process.wait())


def main():
    arguments = sys.argv[1:]
    log(arguments)
    mode = os.environ.get("STANDIN_DOCKER", "ok")
    if os.path.basename(sys.argv[0]) == "docker-compose":
        arguments = ["compose"] + arguments
    elif arguments[:1] == ["info"]:
        if mode == "daemon-down":
            sys.exit("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                     "Is the docker daemon running?")
        print("24.0.7")
        return
    elif arguments[:1] == ["compose"] and mode == "no-compose":
        sys.exit("docker: 'compose' is not a docker command.")
    if arguments[:1] != ["compose"]:
        sys.exit("stand-in docker: unexpected call " + " ".join(arguments))

    arguments = arguments[1:]
    compose_file, project = "docker-compose.yml", os.getcwd()
    while arguments and arguments[0].startswith("-"):
        if arguments[0] == "-f":
            compose_file = arguments[1]
        elif arguments[0] == "--project-directory":
            project = arguments[1]
        arguments = arguments[2:]
    if arguments[:1] == ["version"]:
        print("Docker Compose version v2.24.6" if os.path.basename(sys.argv[0]) == "docker"
              else "docker-compose version 1.29.2")
    elif arguments[:1] in (["down"], ["build"]):
        print(arguments[0] + ": done", file=sys.stderr)
    elif arguments[:1] == ["run"]:
        compose_run(project, compose_file, arguments[1:])
    elif arguments[:3] == ["config", "--format", "json"] and os.path.basename(sys.argv[0]) == "docker":
        print(json.dumps(resolved_stack(project, compose_file)))
    else:
        sys.exit("stand-in docker: unexpected compose call " + " ".join(arguments))


main()
