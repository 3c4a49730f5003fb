"""Lists the modules an emulator imports, reading its files with `ast` only: nothing of the emulator runs.

Usage: python3 -I scan_imports.py '<request JSON>'
  request: {"entries": [absolute paths], "cwd": absolute path, "known": [top-level names with a known distribution]}

Prints one line, the marker then a JSON object (stderr and stdout reach the caller mixed, so the marker tells the
answer from any warning):
  {"version": "3.11.7", "files": [...], "thirdParty": {"name": "file:line"}, "stdlib": [...], "local": [...],
   "syntaxErrors": [{"file", "line", "offset", "message", "text"}], "missing": [...]}

It must run on every Python 3 a user may have, so it uses only the standard library and no syntax newer than 3.6.
"""

import ast
import json
import os
import platform
import sys
import warnings

MARKER = "PINPIPE-IMPORTS "


def stdlib_names():
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return set(names) | set(sys.builtin_module_names)
    # Before 3.10 there is no list: the standard library is what sits in its own folders.
    import sysconfig

    found = set(sys.builtin_module_names)
    for key in ("stdlib", "platstdlib"):
        root = sysconfig.get_paths().get(key)
        if not root:
            continue
        for folder in (root, os.path.join(root, "lib-dynload")):
            if not os.path.isdir(folder):
                continue
            for entry in os.listdir(folder):
                if entry not in ("site-packages", "dist-packages"):
                    found.add(entry.split(".")[0])
    return found


def module_files(base, parts):
    """The files Python runs for `import <parts>` found under `base`: each package's __init__ and the module."""
    files = []
    folder = base
    for index, part in enumerate(parts):
        package = os.path.join(folder, part)
        module = package + ".py"
        if os.path.isdir(package):
            init = os.path.join(package, "__init__.py")
            if os.path.isfile(init):
                files.append(init)
            folder = package
        elif os.path.isfile(module):
            files.append(module)
            # A module has no submodules: what follows are names inside it.
            break
        else:
            break
    return files


class Scan:
    def __init__(self, entries, cwd, known):
        self.stdlib = stdlib_names()
        self.known = set(known)
        self.cwd = cwd
        # As `python3 pkg/main.py` does, the script's own folder comes first; the working directory is where
        # users keep their helpers when they run scripts from the project root.
        self.roots = []
        for entry in entries:
            self.add_root(os.path.dirname(entry))
        self.add_root(cwd)
        self.entries = entries
        self.seen = set()
        self.files = []
        self.third_party = {}
        self.stdlib_used = set()
        self.local = set()
        self.syntax_errors = []
        self.missing = []

    def add_root(self, folder):
        if folder not in self.roots:
            self.roots.append(folder)

    def where(self, path, line):
        return "%s:%s" % (os.path.relpath(path, self.cwd), line)

    def run(self):
        for entry in self.entries:
            if os.path.isfile(entry):
                self.visit_file(entry)
            else:
                self.missing.append(entry)

    def visit_file(self, path):
        path = os.path.realpath(path)
        if path in self.seen:
            return
        self.seen.add(path)
        self.files.append(path)
        try:
            with open(path, "rb") as handle:
                source = handle.read()
            with warnings.catch_warnings():
                # Invalid escapes and the like warn on stderr; they do not stop the script from running.
                warnings.simplefilter("ignore")
                tree = ast.parse(source, filename=path)
        except SyntaxError as error:
            self.syntax_errors.append(
                {
                    "file": path,
                    "line": error.lineno,
                    "offset": error.offset,
                    "message": error.msg,
                    "text": (error.text or "").rstrip("\n"),
                }
            )
            return
        except (ValueError, OSError) as error:
            # A null byte or an unreadable file: Python could not run it either.
            self.syntax_errors.append({"file": path, "line": None, "offset": None, "message": str(error), "text": ""})
            return
        for node in ast.walk(tree):
            self.visit_node(path, node)

    def visit_node(self, path, node):
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.absolute(path, node.lineno, alias.name.split("."), [])
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names if alias.name != "*"]
            parts = node.module.split(".") if node.module else []
            if node.level:
                self.relative(path, node.level, parts, names)
            else:
                self.absolute(path, node.lineno, parts, names)
        elif isinstance(node, ast.Call):
            name = dynamic_import(node)
            if name:
                self.absolute(path, node.lineno, name.split("."), [])

    def relative(self, path, level, parts, names):
        base = os.path.dirname(path)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        self.follow(base, parts, names)

    def absolute(self, path, line, parts, names):
        top = parts[0]
        root = self.local_root(top, path)
        if root is not None:
            self.local.add(top)
            self.follow(root, parts, names)
        elif top in self.stdlib or top == "__main__":
            self.stdlib_used.add(top)
        elif top not in self.third_party:
            self.third_party[top] = self.where(path, line)

    def local_root(self, top, importer):
        """The folder in which `top` is one of the emulator's own modules, or None."""
        roots = self.roots + [os.path.dirname(importer)]
        for root in roots:
            package = os.path.join(root, top)
            if os.path.isfile(os.path.join(package, "__init__.py")) or os.path.isfile(package + ".py"):
                return root
        # A folder without __init__.py is a namespace package, which Python only uses when no installed or
        # standard module of that name exists.
        if top in self.stdlib or top in self.known:
            return None
        for root in roots:
            if os.path.isdir(os.path.join(root, top)):
                return root
        return None

    def follow(self, base, parts, names):
        for file in module_files(base, parts):
            self.visit_file(file)
        # `from pkg import name` may name a submodule rather than something defined in the package.
        folder = os.path.join(base, *parts) if parts else base
        if os.path.isdir(folder):
            for name in names:
                for file in module_files(folder, [name]):
                    self.visit_file(file)

    def result(self):
        return {
            "version": platform.python_version(),
            "files": self.files,
            "thirdParty": self.third_party,
            "stdlib": sorted(self.stdlib_used),
            "local": sorted(self.local),
            "syntaxErrors": self.syntax_errors,
            "missing": self.missing,
        }


def dynamic_import(node):
    """The module of `importlib.import_module("x")` or `__import__("x")` when it is a literal."""
    func = node.func
    named = (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    if not named or not node.args:
        return None
    first = node.args[0]
    value = getattr(first, "value", getattr(first, "s", None))
    if isinstance(value, str) and value and not value.startswith("."):
        return value
    return None


def main():
    request = json.loads(sys.argv[1])
    scan = Scan(request["entries"], request["cwd"], request.get("known", []))
    scan.run()
    sys.stdout.write(MARKER + json.dumps(scan.result()) + "\n")


if __name__ == "__main__":
    main()
