"""``python -m paysign_mock ARGS...`` runs the bundled `paysign` program with ARGS:

    python -m paysign_mock mock --listen 127.0.0.1:4010

On POSIX the program replaces this process (os.execv), so stdin, stdout,
stderr, signals and the exit status are the program's own. Windows has no
exec: there the program runs as a child sharing the console, and its exit
status becomes this one's.
"""

from __future__ import annotations

import os
import subprocess
import sys

from . import executable


def main() -> None:
    try:
        program = executable()
    except FileNotFoundError as error:
        sys.exit(str(error))
    argv = [program, *sys.argv[1:]]
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(program, argv)
    with subprocess.Popen(argv) as child:
        while True:
            try:
                sys.exit(child.wait())
            except KeyboardInterrupt:  # the console sent Ctrl-C to the program too: wait for it to stop
                continue


if __name__ == "__main__":
    main()
