"""pinpipe's stand-in for AWS names, loaded by Python at start-up through PYTHONPATH.

pinpipe puts this folder on the emulator's PYTHONPATH and describes its local stand-ins in PINPIPE_AWS_NAMES.
Every Python process of the emulator (the script, `multiprocessing` children, any `python3` it starts) then
resolves the course's AWS hosts to them, and only them:

  *.rds.amazonaws.com, any port          -> pinpipe's RDS endpoint (MySQL, read-only, any login)
  <id>.execute-api.<region>.amazonaws.com -> pinpipe's API Gateway, over TLS with pinpipe's CA

Loopback stays as it is. Any other host is refused at name resolution with a message that says so, because
nothing behind pinpipe reaches a network. Each answer is noted in the events file for pinpipe's report.
Without PINPIPE_AWS_NAMES this module does nothing, so it never changes a Python that pinpipe did not start.
"""
import json
import os
import re
import socket
import sys

_CONFIG = os.environ.get("PINPIPE_AWS_NAMES")

_RDS = re.compile(r"^(?:[a-z0-9-]+\.)*rds\.amazonaws\.com(?:\.cn)?$")
_EXECUTE_API = re.compile(r"^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _install(config):
    original_getaddrinfo = socket.getaddrinfo
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    events_file = config.get("events")
    targets = {"rds": config.get("rds"), "execute-api": config.get("executeApi")}
    noted = set()

    def note(event):
        key = (event["type"], event["host"], event.get("port"))
        if key in noted or not events_file:
            return
        noted.add(key)
        event["pid"] = os.getpid()
        try:
            # One short line per write: appends from several processes never interleave.
            with open(events_file, "a", encoding="utf-8") as f:
                f.write(json.dumps(event) + "\n")
        except OSError:
            pass

    try:
        own_name = socket.gethostname().lower()
    except OSError:
        own_name = "localhost"

    def is_local(host):
        if host in _LOOPBACK_NAMES or host == own_name:
            return True
        return host.startswith("127.") or host.startswith("::ffff:127.") or host in ("::1", "0.0.0.0", "::")

    def refusal(host):
        if host.endswith(".amazonaws.com") or host.endswith(".amazonaws.com.cn"):
            return (
                f"pinpipe: {host} is an AWS service pinpipe does not stand in for; it answers the course's RDS "
                "hosts (*.rds.amazonaws.com) and API Gateway invoke URLs (<id>.execute-api.<region>.amazonaws.com)"
            )
        return (
            f"pinpipe: {host} is not reachable from an emulator run: there is no network behind pinpipe; it answers "
            "only *.rds.amazonaws.com, <id>.execute-api.<region>.amazonaws.com and loopback"
        )

    def lookup(host, port):
        """The local (host, port) standing in for an AWS name; None for loopback; raises for anything else."""
        if host is None:
            return None
        if isinstance(host, bytes):
            host = host.decode("idna", "replace")
        name = str(host).lower().rstrip(".")
        if name == "" or is_local(name):
            return None
        kind = "rds" if _RDS.match(name) else "execute-api" if _EXECUTE_API.match(name) else None
        target = targets.get(kind) if kind else None
        if target:
            note({"type": kind, "host": name, "port": port})
            return target["host"], target["port"]
        note({"type": "refused", "host": name, "port": port})
        raise socket.gaierror(socket.EAI_NONAME, refusal(name))

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        target = lookup(host, port)
        if target is None:
            return original_getaddrinfo(host, port, family, type, proto, flags)
        return original_getaddrinfo(target[0], target[1], socket.AF_INET, type, proto, flags)

    def mapped(address):
        if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[0], (str, bytes)):
            target = lookup(address[0], address[1])
            if target is not None:
                return target
        return address

    def connect(self, address):
        return original_connect(self, mapped(address))

    def connect_ex(self, address):
        return original_connect_ex(self, mapped(address))

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex


def _chain_next_sitecustomize():
    """Runs the sitecustomize this one shadows (a distribution's or a virtualenv's), as Python would have."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None or spec.origin == __file__:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


if _CONFIG:
    try:
        _install(json.loads(_CONFIG))
    except (ValueError, KeyError, TypeError) as error:
        print(f"pinpipe: PINPIPE_AWS_NAMES is not valid ({error}); AWS names are not answered", file=sys.stderr)
_chain_next_sitecustomize()
